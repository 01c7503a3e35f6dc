// Micro-batch queries (streaming spec §4, catalogue MB1, MB2, MB5, MB6, MB7, MB8, MB9), from the trace's
// own streaming events and the jobs' `streaming.sql.batchId` property.
import { queryTerminatedMessage, prettyIdString } from '../../src/streaming/query-identity.js';
import { writeFailureChain } from '../../src/streaming/streaming-errors.js';
import type { TraceEvent } from '../../src/trace/events.js';
import { epochStoryOf } from './epoch-story.js';
import { invariant } from './invariant.js';
import { memoPerTrace } from './trace-memo.js';
import { abortingTaskException, factsOf, finalEnd, ownAttempt } from './trace-facts.js';

type Ev<N extends TraceEvent['Event']> = Extract<TraceEvent, { Event: N }>;

interface BatchStep {
  at: number;
  kind: 'offsets' | 'sink' | 'commit' | 'jobStart' | 'jobEnd' | 'started' | 'terminated';
  batch: number;
  run: string;
  ok?: boolean;
  event: TraceEvent;
}

/** The micro-batch story of a trace, one entry per event that matters, in order. */
const batchJobs: (events: readonly TraceEvent[]) => BatchStep[] = memoPerTrace((events) => buildBatchJobs(events));

function buildBatchJobs(events: readonly TraceEvent[]): BatchStep[] {
  const out: BatchStep[] = [];
  const jobBatch = new Map<number, { batch: number; run: string }>();
  // Real Spark logs carry batch ids on jobs but none of our checkpoint events: nothing to check.
  if (!epochStoryOf(events).hasQuery) return out;
  let microBatch = false;
  events.forEach((e, i) => {
    if (e.Event === 'SparkRetryHarnessQueryStarted') microBatch = e.mode === 'microBatch';
    if (!microBatch && e.Event.startsWith('SparkRetryHarness')) return; // a continuous query's epochs
    switch (e.Event) {
      case 'SparkRetryHarnessQueryStarted':
        out.push({ at: i, kind: 'started', batch: e.start, run: e.runId, event: e });
        return;
      case 'SparkRetryHarnessQueryTerminated':
        out.push({ at: i, kind: 'terminated', batch: -1, run: e.runId, event: e });
        return;
      case 'SparkRetryHarnessOffsetLogWritten':
        out.push({ at: i, kind: 'offsets', batch: e.batch, run: e.runId, event: e });
        return;
      case 'SparkRetryHarnessSinkCommitted':
        out.push({ at: i, kind: 'sink', batch: e.batch, run: e.runId, event: e });
        return;
      case 'SparkRetryHarnessCommitLogWritten':
        out.push({ at: i, kind: 'commit', batch: e.batch, run: e.runId, event: e });
        return;
      case 'SparkListenerJobStart': {
        const b = e.Properties?.['streaming.sql.batchId'];
        if (b === undefined) return;
        const info = { batch: Number(b), run: e.Properties['spark.jobGroup.id'] ?? '' };
        jobBatch.set(e['Job ID'], info);
        out.push({ at: i, kind: 'jobStart', ...info, event: e });
        return;
      }
      case 'SparkListenerJobEnd': {
        const info = jobBatch.get(e['Job ID']);
        if (info !== undefined) out.push({ at: i, kind: 'jobEnd', ...info, ok: e['Job Result'].Result === 'JobSucceeded', event: e });
        return;
      }
      default:
        return;
    }
  });
  return out;
}

export const offsetsBeforeJob = invariant(
  'MB1',
  'offsets-before-job',
  'trace',
  'every micro-batch job of batch N runs after offsets/N was written (streaming spec §4.1 step 2)',
  (ctx, report) => {
    const written = new Set<number>();
    for (const x of batchJobs(ctx.events)) {
      if (x.kind === 'offsets') written.add(x.batch);
      if (x.kind === 'jobStart' && !written.has(x.batch)) report(`batch ${x.batch}'s job starts before offsets/${x.batch}`, x.at);
    }
  },
);

export const commitAfterSuccess = invariant(
  'MB2',
  'commit-after-success',
  'trace',
  "commits/N is written only after batch N's job succeeded in that run and its sink committed; a failed batch is never committed (streaming spec §4.1 step 3, §4.2)",
  (ctx, report) => {
    const succeeded = new Set<string>();
    const sinkDone = new Set<string>();
    for (const x of batchJobs(ctx.events)) {
      const key = `${x.run}/${x.batch}`;
      if (x.kind === 'jobEnd' && x.ok) succeeded.add(key);
      if (x.kind === 'sink') {
        if (!succeeded.has(key)) report(`the sink commits batch ${x.batch} before its job succeeded`, x.at);
        sinkDone.add(key);
      }
      if (x.kind === 'commit' && !sinkDone.has(key)) report(`commits/${x.batch} is written before the sink commit of batch ${x.batch}`, x.at);
    }
  },
);

export const noBatchAfterAbort = invariant(
  'MB5',
  'no-batch-after-abort',
  'trace',
  'once a batch job aborts, the run starts no other batch and the query terminates with the StreamingQueryException message (streaming spec §4.2)',
  (ctx, report) => {
    const dead = new Map<string, number>();
    const steps = batchJobs(ctx.events);
    const lastTermination = steps.reduce((m, x) => (x.kind === 'terminated' ? x.at : m), -1);
    for (const x of steps) {
      if (x.kind === 'jobEnd' && !x.ok) dead.set(x.run, x.at);
      if (x.kind === 'jobStart' && dead.has(x.run)) report(`run ${x.run} starts batch ${x.batch} after a batch job aborted`, x.at);
      // A run stopped at a limit (the real runner's deadline stops its query) may end before its failure is recorded.
      const stoppedAtLimit = ctx.finished === false && x.at === lastTermination;
      if (x.kind === 'terminated' && dead.has(x.run) && !stoppedAtLimit) {
        const t = x.event as Ev<'SparkRetryHarnessQueryTerminated'>;
        if (t.exception === null || !/^Query (.+ )?\[id = [^,]+, runId = [^\]]+\] terminated with exception: /.test(t.exception))
          report(`run ${x.run} ended without the StreamingQueryException message after its batch aborted`, x.at);
      }
    }
  },
);

export const exceptionBySinkApi = invariant(
  'MB5b',
  'exception-by-sink-api',
  'scenario',
  'a failed micro-batch query\'s exception is "Query <prettyId> terminated with exception: " + the sink API\'s form of the job failure (streaming spec §3, §4.2)',
  (ctx, report) => {
    const w = ctx.scenario?.workload;
    if (w?.mode !== 'microBatch') return;
    const f = factsOf(ctx.events);
    let lastFailure: string | null = null;
    let name: string | null = null;
    ctx.events.forEach((e, i) => {
      if (e.Event === 'SparkRetryHarnessQueryStarted') name = e.name;
      if (e.Event === 'SparkListenerJobEnd' && e['Job Result'].Result === 'JobFailed') lastFailure = e['Job Result'].Exception.Message;
      if (e.Event === 'SparkRetryHarnessQueryTerminated' && e.exception !== null) {
        const chain = lastFailure === null ? null : writeFailureChain(w.sinkApi, lastFailure, abortingTaskException(f, lastFailure) ?? null);
        const want = chain === null ? null : queryTerminatedMessage(prettyIdString(name, e.id, e.runId), chain[0]);
        if (e.exception !== want)
          report(`the query's exception is ${JSON.stringify(e.exception.slice(0, 200))}, expected ${JSON.stringify(want?.slice(0, 200))}`, i);
        else if (chain !== null && JSON.stringify(e.causes) !== JSON.stringify(chain))
          report(
            `the query's causes are ${JSON.stringify(e.causes).slice(0, 300)}, expected ${JSON.stringify(chain).slice(0, 300)} (the sink's wrapper, the job failure, the aborting task's exception if it kept one)`,
            i,
          );
      }
    });
  },
);

export const batchesInOrder = invariant(
  'MB6',
  'batches-in-order',
  'trace',
  'batch ids are consecutive from 0, and batch N+1 starts, and offsets/N+1 is written, only once commits/N exists (streaming spec §4.1)',
  (ctx, report) => {
    const committed = new Set<number>();
    for (const x of batchJobs(ctx.events)) {
      if (x.kind === 'commit') committed.add(x.batch);
      if (x.kind === 'jobStart' && x.batch > 0 && !committed.has(x.batch - 1)) report(`batch ${x.batch} starts before commits/${x.batch - 1}`, x.at);
    }
    // constructNextBatch runs only after the previous batch committed (streaming spec §4.1 steps 1-3).
    if (!epochStoryOf(ctx.events).hasQuery) return;
    let microBatch = false;
    const commitsSoFar = new Set<number>();
    ctx.events.forEach((e, i) => {
      if (e.Event === 'SparkRetryHarnessQueryStarted') microBatch = e.mode === 'microBatch';
      if (e.Event === 'SparkRetryHarnessCommitLogWritten' && microBatch) commitsSoFar.add(e.batch);
      if (e.Event === 'SparkRetryHarnessOffsetLogWritten' && microBatch && e.batch > 0 && !commitsSoFar.has(e.batch - 1))
        report(`offsets/${e.batch} is written before commits/${e.batch - 1}`, i);
    });
  },
);

export const restartResumes = invariant(
  'MB7',
  'restart-resumes',
  'trace',
  'a restarted query first runs the latest logged batch if it has no commit, else the next one, and re-runs a batch with the offsets already logged for it, never writing offsets/N twice (streaming spec §4.4)',
  (ctx, report) => {
    let latestOffsets = -1;
    const committed = new Set<number>();
    const logged = new Set<number>();
    for (const x of batchJobs(ctx.events)) {
      if (x.kind === 'offsets' && logged.has(x.batch)) report(`offsets/${x.batch} is written a second time`, x.at);
      if (x.kind === 'offsets') logged.add(x.batch);
      if (x.kind === 'offsets') latestOffsets = Math.max(latestOffsets, x.batch);
      if (x.kind === 'commit') committed.add(x.batch);
      if (x.kind === 'started') {
        const want = latestOffsets < 0 ? 0 : committed.has(latestOffsets) ? latestOffsets + 1 : latestOffsets;
        if (x.batch !== want) report(`a run starts at batch ${x.batch}, expected ${want}`, x.at);
      }
    }
  },
);

export const exactlyOnceOutput = invariant(
  'MB8',
  'exactly-once-output',
  'trace',
  'the sink shows batch N exactly the records (offsets/N-1, offsets/N] of the offset log, a re-run batch included, so over every failure and restart the output is each record once, in order: no loss, no duplicates (streaming spec §4.4, §4.5)',
  (ctx, report) => {
    const logged = new Map<number, number[] | undefined>();
    let shown: number[] | null = null;
    for (const x of batchJobs(ctx.events)) {
      if (x.kind === 'offsets' && !logged.has(x.batch)) logged.set(x.batch, (x.event as Ev<'SparkRetryHarnessOffsetLogWritten'>).offsets);
      if (x.kind !== 'sink') continue;
      const records = (x.event as Ev<'SparkRetryHarnessSinkCommitted'>).records;
      const end = logged.get(x.batch);
      const start = x.batch === 0 ? end?.map(() => 0) : logged.get(x.batch - 1);
      if (records === undefined || end === undefined || start === undefined) {
        report(`batch ${x.batch}'s sink commit has no records, or offsets/${x.batch} or offsets/${x.batch - 1} is missing`, x.at);
        continue;
      }
      const want = start.map((s, i) => [s, end[i]]);
      if (JSON.stringify(records) !== JSON.stringify(want))
        report(`the sink shows batch ${x.batch} as ${JSON.stringify(records)}; its offsets are ${JSON.stringify(want)}`, x.at);
      shown ??= start.map(() => 0);
      records.forEach(([from, to], i) => {
        if (from !== shown![i])
          report(
            `the sink shows records [${from}, ${to}) of source partition ${i} after [0, ${shown![i]}), ${from > shown![i] ? 'losing' : 'repeating'} records`,
            x.at,
          );
        shown![i] = Math.max(shown![i], to);
      });
    }
  },
);

/**
 * The ends that come after a task consumed its partition, so after its state commit (streaming
 * spec §4.2): a success, a result the driver could not fetch, a denied output commit. Stated here
 * from the spec, not imported from the simulator's state store, so that a bug there shows.
 */
const AFTER_THE_WORK: ReadonlySet<string> = new Set(['Success', 'TaskResultLost', 'TaskCommitDenied']);

/** Stages of micro-batch jobs that read a shuffle: stateful operators in the simulator's plans (streaming spec §4.2). */
function statefulStagesOf(events: readonly TraceEvent[]): Set<number> {
  const out = new Set<number>();
  for (const x of batchJobs(events)) {
    if (x.kind !== 'jobStart') continue;
    for (const info of (x.event as Ev<'SparkListenerJobStart'>)['Stage Infos'] ?? []) if (info['Parent IDs'].length > 0) out.add(info['Stage ID']);
  }
  return out;
}

export const stateVersions = invariant(
  'MB9',
  'state-versions',
  'trace',
  'in a micro-batch query every task of a stage that reads a shuffle (a stateful operator) that ends after its work (a success, a lost result, a denied commit) commits its state once, loading version N and writing N+1 for batch N, a re-run batch too; an attempt that failed before consuming its partition commits no state (streaming spec §4.2)',
  (ctx, report) => {
    const story = epochStoryOf(ctx.events);
    // A real run's plan has no state store of Spark's to observe (its QueryStarted says so).
    if (!story.hasQuery || !story.observesStateStores) return;
    const stateful = statefulStagesOf(ctx.events);
    if (stateful.size === 0 && story.stateCommits.length === 0) return;
    const f = factsOf(ctx.events);
    const committedBy = new Set<number>();
    for (const i of story.stateCommits) {
      const e = ctx.events[i] as Ev<'SparkRetryHarnessStateStoreCommitted'>;
      const who = `TID ${e.tid} (batch ${e.batch}, partition ${e.partition})`;
      if (committedBy.has(e.tid)) report(`${who} commits its state a second time`, i);
      committedBy.add(e.tid);
      if (!stateful.has(e.stageId)) report(`${who} commits state in stage ${e.stageId}, which reads no shuffle`, i);
      if (e.loadedVersion !== e.batch || e.version !== e.batch + 1)
        report(`${who} loads state version ${e.loadedVersion} and commits ${e.version}; batch ${e.batch} must load ${e.batch} and commit ${e.batch + 1}`, i);
      const t = f.tasks.get(e.tid);
      if (t === undefined || t.startIndex > i) {
        report(`${who} commits state before it started`, i);
        continue;
      }
      const jobBatch = f.jobs.get(f.jobOfStage.get(t.stageId) ?? -1)?.properties['streaming.sql.batchId'];
      if (
        t.stageId !== e.stageId ||
        ownAttempt(t) !== e.stageAttemptId ||
        t.partition !== e.partition ||
        t.attempt !== e.attempt ||
        (jobBatch !== undefined && Number(jobBatch) !== e.batch)
      ) {
        report(`${who} does not match its task: stage ${t.stageId}.${ownAttempt(t)}, partition ${t.partition}, attempt ${t.attempt}, batch ${jobBatch}`, i);
      }
      const end = finalEnd(t);
      if (end !== undefined && (end.eventIndex < i || !AFTER_THE_WORK.has(end.reason.Reason)))
        report(`${who} commits state though it ended ${end.reason.Reason}${end.eventIndex < i ? ' before' : ''}`, i);
    }
    for (const t of f.taskOrder) {
      const end = finalEnd(t);
      // A lost result and a denied commit come after the task's work too (state-store.ts), so
      // after its state commit, as a success does.
      if (stateful.has(t.stageId) && end !== undefined && AFTER_THE_WORK.has(end.reason.Reason) && !committedBy.has(t.tid))
        report(`TID ${t.tid} of stateful stage ${t.stageId} ended ${end.reason.Reason} without committing its state`, end.eventIndex);
    }
  },
);
