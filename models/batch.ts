// Batch workloads: the driver runs its jobs one after another, each on its RDD; a failed job does
// not stop the next one, a job that never ends does (ARCHITECTURE §3). Map outputs outlive jobs,
// so a later job skips a map stage whose shuffle output is complete (facts §3, §10.1).
import type { BatchWorkload } from '../src/scenario/types.js';
import { shuffleIds } from '../src/scenario/shuffles.js';
import { analyzeJob, type ModelEnv, type ShuffleState, type Work } from './job.js';
import type { StagePlan } from './plan.js';
import { stageNumberings } from './plan.js';
import type { JobPrediction } from './prediction.js';

export interface JobsPrediction {
  jobs: JobPrediction[];
  /** Jobs beyond the listed ones may exist. */
  moreJobs: boolean;
  /** Whether the driver program ends: always, never, or depending on timing. */
  ends: 'always' | 'never' | 'maybe';
  works: (Work | null)[];
  notes: string[];
}

export function defaultCallSite(rddId: number): string {
  return `rdd ${rddId} at Scenario.scala:${rddId}`;
}

export function predictBatch(env: ModelEnv, w: BatchWorkload): JobsPrediction {
  let registered: ShuffleState = new Map(shuffleIds(w.rdds).map((s) => [s.shuffleId, new Array(s.mapPartitions).fill('no')]));
  let tid: number | null = env.cores === 1 ? 0 : null;
  let nextStageId = 0;
  let absent: 'no' | 'maybe' | 'yes' = 'no';
  const out: JobsPrediction = { jobs: [], moreJobs: false, ends: 'always', works: [], notes: [] };
  w.jobs.forEach((job, jobId) => {
    const [stages, ...others] = stageNumberings(w.rdds, job.rdd, nextStageId);
    nextStageId += stages.length;
    const label = `job ${jobId}`;
    if (absent === 'yes') {
      out.jobs.push({ jobId, label, outcomes: [{ result: 'absent' }], stageIds: null, stages: [], exhaustiveAttempts: false });
      return;
    }
    const input = {
      jobId,
      label,
      batch: null,
      run: null,
      stages,
      nameOf: (s: StagePlan) => s.rdd.callSite ?? defaultCallSite(s.rdd.id),
      runtimeShuffle: (k: number) => k,
      registered,
      tid,
    };
    const r = analyzeJob(env, input);
    if (others.length > 0) r.prediction.otherNumberings = others.map((o) => analyzeJob(env, { ...input, stages: o }).prediction);
    const outcomes = r.prediction.outcomes;
    if (absent === 'maybe') for (const p of [r.prediction, ...(r.prediction.otherNumberings ?? [])]) p.outcomes.push({ result: 'absent' });
    out.jobs.push(r.prediction);
    out.works.push(r.work);
    if (r.note !== null) out.notes.push(`${label}: ${r.note}`);
    if (outcomes.every((o) => o.result === 'Running' || o.result === 'absent')) absent = 'yes';
    else if (outcomes.some((o) => o.result === 'Running')) absent = 'maybe';
    registered = r.registered;
    tid = r.tid;
  });
  out.ends = absent === 'no' ? 'always' : absent === 'yes' ? 'never' : 'maybe';
  return out;
}
