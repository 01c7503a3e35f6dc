// Micro-batch queries (streaming facts §4): batch N is one job over the plan ending at the sink,
// with task retries exactly as in batch Spark (§4.2). A failed job leaves batch N uncommitted and
// kills the query; a restart re-runs the first uncommitted batch (§4.4). Each batch plans new
// RDDs and shuffles, so nothing is skipped and run-time ids (in default stage names and fetch
// messages) are left as holes.
import type { MicroBatchWorkload } from '../src/scenario/types.js';
import { shuffleIds } from '../src/scenario/shuffles.js';
import { defaultCallSite, type JobsPrediction } from './batch.js';
import { analyzeJob, type ModelEnv, type ShuffleState, type Tri } from './job.js';
import type { StagePlan } from './plan.js';
import { stageNumberings } from './plan.js';
import { ANY_TEXT, concatText, exact, ID_SENTINEL, NUMBER_SENTINEL, template, type QueryPrediction, type Text } from './prediction.js';

export interface StreamingPrediction extends JobsPrediction {
  query: QueryPrediction;
}

/** "Query <prettyId> terminated with exception: " (streaming facts §3), ids as holes. */
export function terminatedWith(queryName: string | undefined): Text {
  const ids = `[id = ${ID_SENTINEL}, runId = ${ID_SENTINEL}]`;
  const prettyId = queryName === undefined ? ids : `${queryName} ${ids}`;
  return template(`Query ${prettyId} terminated with exception: `);
}

export function openQuery(mode: QueryPrediction['mode'], head: Text, runs: { min: number; max: number }): QueryPrediction {
  return { mode, statuses: ['completed', 'failed', 'running'], exceptions: [concatText(head, ANY_TEXT)], committed: null, runs, contiguous: true };
}

export function predictMicroBatch(env: ModelEnv, w: MicroBatchWorkload): StreamingPrediction {
  const shuffles = shuffleIds(w.rdds);
  const head = terminatedWith(w.queryName);
  const out: StreamingPrediction = { jobs: [], moreJobs: false, ends: 'always', works: [], notes: [], query: undefined as never };
  let tid: number | null = env.cores === 1 ? 0 : null;
  let jobId = 0;
  let stageId = 0;
  let batch = 0;
  const committed: number[] = [];
  const settled = (statuses: QueryPrediction['statuses'], exceptions: Text[], runs: number): QueryPrediction => ({
    mode: 'microBatch',
    statuses,
    exceptions,
    committed: [...committed],
    runs: { min: runs, max: runs },
    contiguous: true,
  });

  for (let run = 0; out.query === undefined; run++) {
    for (;;) {
      if (batch >= w.batches) {
        out.query = settled(['completed'], [], run + 1);
        break;
      }
      const [stages, ...others] = stageNumberings(w.rdds, w.sink, stageId);
      stageId += stages.length;
      const label = `batch ${batch} of run ${run}`;
      const input = {
        jobId: jobId++,
        label,
        batch,
        run,
        stages,
        nameOf: (s: StagePlan) => s.rdd.callSite ?? defaultCallSite(NUMBER_SENTINEL),
        runtimeShuffle: () => NUMBER_SENTINEL,
        registered: new Map(shuffles.map((s) => [s.shuffleId, new Array<Tri>(s.mapPartitions).fill('no')])) as ShuffleState,
        tid,
      };
      const r = analyzeJob(env, input);
      if (others.length > 0) r.prediction.otherNumberings = others.map((o) => analyzeJob(env, { ...input, stages: o }).prediction);
      out.jobs.push(r.prediction);
      out.works.push(r.work);
      if (r.note !== null) out.notes.push(`${label}: ${r.note}`);
      tid = r.tid;
      const kinds = new Set(r.prediction.outcomes.map((o) => o.result));
      if (kinds.size === 1 && kinds.has('JobSucceeded')) {
        committed.push(batch++); // the sink commit, then commits/N (§4.1 step 3)
        continue;
      }
      if (kinds.size === 1 && kinds.has('JobFailed')) {
        if (run < w.restarts) break; // restarted from the checkpoint: batch N runs again (§4.4)
        const exceptions = r.prediction.outcomes.map((o) => concatText(head, causeOf(w, o.result === 'JobFailed' ? o.message : ANY_TEXT)));
        out.query = settled(['failed'], exceptions, run + 1);
        break;
      }
      if (kinds.size === 1 && kinds.has('Running')) {
        out.query = settled(['running'], [], run + 1);
        out.ends = 'never';
        break;
      }
      // The batch may commit or not: what follows is left open.
      out.query = openQuery('microBatch', head, { min: run + 1, max: w.restarts + 1 });
      out.moreJobs = true;
      out.ends = 'maybe';
      out.notes.push(`${label}: the query after this batch is left open`);
      break;
    }
  }
  return out;
}

/** How a failed batch job surfaces (streaming facts §3, §4.2; ARCHITECTURE §3 sinkApi). */
function causeOf(w: MicroBatchWorkload, jobMessage: Text): Text {
  switch (w.sinkApi) {
    case 'v2':
      return exact('Writing job aborted');
    case 'file':
      return exact('Job aborted.');
    case 'v1':
      return jobMessage;
  }
}
