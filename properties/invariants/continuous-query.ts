// Continuous queries (streaming spec §5, catalogue I21 = CP2, CP3, CP4, CP5–CP7, CP9, CP10).
// The partition messages' own rules (CP1, CP5 in full, CP8, CP11, CP12) are in continuous-epochs.ts.
import {
  CONTINUOUS_RETRY_EXCEPTION,
  CONTINUOUS_RETRY_MESSAGE,
  continuousWriteFailureChain,
  WRITING_JOB_ABORTED,
} from '../../src/streaming/streaming-errors.js';
import { isJobAbort } from '../../src/spark/messages.js';
import type { TraceEvent } from '../../src/trace/events.js';
import { acceptsWrites, epochStoryOf, type PartitionMessageEvent } from './epoch-story.js';
import { invariant } from './invariant.js';
import { knownMaxTaskFailures } from './retry-counting.js';
import { perIndex, streamingInvariant } from './streaming.js';
import { abortingTaskException, factsOf, finalEnd, isContinuousJob, ownKeyOf, TASK_ABORT, tsmKey, type JobRecord } from './trace-facts.js';

type Ev<N extends TraceEvent['Event']> = Extract<TraceEvent, { Event: N }>;

function isContinuousStage(jobs: ReadonlyMap<number, JobRecord>, jobOfStage: ReadonlyMap<number, number>, stage: number): boolean {
  const j = jobs.get(jobOfStage.get(stage) ?? -1);
  return j !== undefined && isContinuousJob(j);
}

// I21, CP3 and CP4 read only Spark's own events and are streaming checks (streaming.ts); the others read our query events.
export const fakeRetries = streamingInvariant(
  'I21',
  'continuous-fake-retries',
  'trace',
  'in a continuous job every attempt >= 1 ends ExceptionFailure ContinuousTaskRetryException "Continuous execution does not support task retry", and no task succeeds (CP2)',
  (_ctx, f, report) => ({
    resolved(t) {
      if (!isContinuousStage(f.jobs, f.jobOfStage, t.stageId)) return;
      const end = finalEnd(t);
      if (end === undefined) return;
      if (end.reason.Reason === 'Success') report(`continuous TID ${t.tid} ended Success`, end.eventIndex);
      if (t.attempt >= 1) {
        const r = end.reason;
        const ok = r.Reason === 'ExceptionFailure' && r['Class Name'] === CONTINUOUS_RETRY_EXCEPTION && r.Description === CONTINUOUS_RETRY_MESSAGE;
        // A retry attempt can still be killed, or lose its executor, before it runs.
        if (!ok && r.Reason !== 'TaskKilled' && r.Reason !== 'ExecutorLostFailure')
          report(`continuous retry ${t.index}.${t.attempt} (TID ${t.tid}) ended ${r.Reason}, not ContinuousTaskRetryException`, end.eventIndex);
      }
    },
  }),
);

export const continuousAbortAttempt = streamingInvariant(
  'CP3',
  'continuous-abort-attempt',
  'trace',
  'a continuous job aborts when a partition reaches maxTaskFailures counted failures: it ran maxTaskFailures attempts, or one more if its first failure did not count (streaming spec §5.6)',
  (ctx, f, report) => {
    // Per continuous stage attempt and partition: its attempts, and those whose failure did not count.
    const attempts = perIndex(() => ({ all: 0, uncounted: 0 }));
    return {
      resolved(t) {
        if (!isContinuousStage(f.jobs, f.jobOfStage, t.stageId)) return;
        const a = attempts.get(ownKeyOf(t), t.index);
        a.all++;
        const r = finalEnd(t)?.reason;
        if (
          r?.Reason === 'TaskKilled' ||
          r?.Reason === 'TaskCommitDenied' ||
          (r?.Reason === 'ExecutorLostFailure' && !(r as { 'Exit Caused By App'?: boolean })['Exit Caused By App'])
        )
          a.uncounted++;
      },
      end() {
        const max = knownMaxTaskFailures(ctx, f);
        if (max === null) return;
        for (const j of f.jobs.values()) {
          if (!isContinuousJob(j) || j.message === null) continue;
          const m = TASK_ABORT.exec(j.message);
          if (m === null) continue;
          const a = attempts.get(tsmKey(Number(m[2]), Number(m[3])), Number(m[1]));
          const want = Math.max(max, 1) + a.uncounted;
          if (a.all !== want)
            report(
              `continuous partition ${m[1]} ran ${a.all} attempts before the abort; expected ${want} (maxTaskFailures ${max}, ${a.uncounted} uncounted)`,
              j.endIndexes[0],
            );
        }
      },
    };
  },
);

export const oneStagePerRun = streamingInvariant(
  'CP4',
  'one-stage-per-run',
  'trace',
  'a continuous run has one job, with exactly one stage and one stage attempt: no stage retry and no second job (streaming spec §5.1)',
  (_ctx, f, report) => {
    // Runs are marked in our traces (QueryStarted); a real log has none, and is checked per job only.
    let jobsInRun: number | null = null;
    return {
      event(e, i) {
        if (e.Event === 'SparkRetryHarnessQueryStarted') jobsInRun = e.mode === 'continuous' ? 0 : null;
        if (e.Event === 'SparkListenerJobStart' && jobsInRun !== null && e.Properties?.['__is_continuous_processing'] === 'true') {
          jobsInRun++;
          if (jobsInRun > 1) report(`continuous job ${e['Job ID']} is the run's job number ${jobsInRun}`, i);
        }
      },
      end() {
        for (const j of f.jobs.values()) {
          if (!isContinuousJob(j)) continue;
          if (j.stageIds.length !== 1) report(`continuous job ${j.jobId} has stages ${j.stageIds.join(', ')}`, j.startIndex ?? undefined);
          for (const s of j.stageIds) {
            const attempts = f.attemptsOfStage.get(s) ?? [];
            if (attempts.length > 1) report(`continuous stage ${s} has ${attempts.length} attempts`, attempts[1].submittedIndex);
          }
        }
      },
    };
  },
);

export const epochsCommitInOrder = invariant(
  'CP5',
  'epochs-commit-in-order',
  'trace',
  "epoch commits are strictly increasing with no gap within a run, from the run's start epoch; no epoch commits twice, across restarts too (streaming spec §5.4 R3; G3)",
  (ctx, report) => {
    if (epochStoryOf(ctx.events).runs.length === 0) return;
    let next: number | null = null;
    let last = -1;
    ctx.events.forEach((e, i) => {
      if (e.Event === 'SparkRetryHarnessQueryStarted' && e.mode === 'continuous') next = e.start;
      if (e.Event !== 'SparkRetryHarnessCommitLogWritten' || next === null) return;
      if (e.batch <= last) report(`epoch ${e.batch} commits again (last commit ${last})`, i);
      else if (e.batch !== next) report(`epoch ${e.batch} commits where ${next} was next`, i);
      last = Math.max(last, e.batch);
      next = e.batch + 1;
    });
  },
);

export const sinkBeforeCommitLog = invariant(
  'CP6',
  'sink-before-commit-log',
  'trace',
  'for each epoch (and batch) the sink commit comes right before the commit log entry: no other query event between them (streaming spec §5.4 R4)',
  (ctx, report) => {
    if (!epochStoryOf(ctx.events).hasQuery) return;
    // Only the query's own events are ordered by the query: on real Spark other threads post too (a
    // SparkListenerSQLExecutionEnd lands between a sink commit and its commits/e in real logs).
    let lastQueryEvent: TraceEvent | undefined;
    ctx.events.forEach((e, i) => {
      if (!e.Event.startsWith('SparkRetryHarness')) return;
      if (e.Event === 'SparkRetryHarnessCommitLogWritten' && (lastQueryEvent?.Event !== 'SparkRetryHarnessSinkCommitted' || lastQueryEvent.batch !== e.batch))
        report(`commits/${e.batch} is not preceded by its sink commit`, i);
      lastQueryEvent = e;
    });
  },
);

export const offsetsBeforeCommit = invariant(
  'CP7',
  'offsets-before-commit',
  'trace',
  'offsets/e is written once, before commits/e (streaming spec §5.5)',
  (ctx, report) => {
    if (!epochStoryOf(ctx.events).hasQuery) return;
    const written = new Set<number>();
    ctx.events.forEach((e, i) => {
      if (e.Event === 'SparkRetryHarnessOffsetLogWritten') {
        if (written.has(e.batch)) report(`offsets/${e.batch} is written twice`, i);
        written.add(e.batch);
      }
      if (e.Event === 'SparkRetryHarnessCommitLogWritten' && !written.has(e.batch)) report(`commits/${e.batch} without offsets/${e.batch}`, i);
    });
  },
);

export const failureChain = invariant(
  'CP9',
  'continuous-failure-chain',
  'trace',
  'a continuous run whose job aborted ends with "Writing job aborted" → "Job aborted due to stage failure: …" → the task\'s error; nothing commits after the query terminated, nor after StopContinuousExecutionWrites (streaming spec §5.6, R6)',
  (ctx, report) => {
    const story = epochStoryOf(ctx.events);
    // Without our query events (a real log) there is no termination to check.
    if (!story.hasQuery) return;
    const f = factsOf(ctx.events);
    for (const i of [...story.sinkCommits, ...story.commitLogs]) {
      const e = ctx.events[i] as Extract<TraceEvent, { Event: 'SparkRetryHarnessSinkCommitted' | 'SparkRetryHarnessCommitLogWritten' }>;
      const run = story.runAt(e.runId, i);
      if (run !== undefined && !acceptsWrites(run, i)) report(`run ${run.run} commits epoch ${e.batch} after StopContinuousExecutionWrites`, i);
    }
    let runJob: { jobId: number; runId: string } | null = null;
    let terminatedAt: number | null = null;
    ctx.events.forEach((e, i) => {
      if (e.Event === 'SparkListenerJobStart' && e.Properties?.['__is_continuous_processing'] === 'true')
        runJob = { jobId: e['Job ID'], runId: e.Properties['spark.jobGroup.id'] ?? '' };
      if (e.Event === 'SparkRetryHarnessQueryStarted') {
        terminatedAt = null;
        runJob = null;
      }
      if (e.Event === 'SparkRetryHarnessCommitLogWritten' && terminatedAt !== null) report(`epoch ${e.batch} commits after the query terminated`, i);
      if (e.Event !== 'SparkRetryHarnessQueryTerminated' || runJob === null) return;
      terminatedAt = i;
      const job = f.jobs.get((runJob as { jobId: number }).jobId);
      if (job === undefined || job.message === null || !isJobAbort(job.message)) return;
      const taskException = abortingTaskException(f, job.message);
      if (taskException === undefined) {
        if (e.causes[0] !== WRITING_JOB_ABORTED || e.causes[1] !== job.message)
          report(
            `a continuous run whose job aborted ends with ${JSON.stringify(e.causes.slice(0, 2))}, not "${WRITING_JOB_ABORTED}" and the job's abort message`,
            i,
          );
        return;
      }
      const want = continuousWriteFailureChain(job.message, taskException);
      if (JSON.stringify(e.causes) !== JSON.stringify(want))
        report(
          `the failure chain is ${JSON.stringify(e.causes).slice(0, 300)}; expected ${JSON.stringify(want).slice(0, 300)} (the aborting task's exception is ${taskException === null ? 'none' : JSON.stringify(taskException)})`,
          i,
        );
    });
  },
);

export const restartFromLastCommit = invariant(
  'CP10',
  'restart-from-last-commit',
  'trace',
  'every continuous run starts at the last committed epoch + 1 (0 for the first), each partition reading on from offsets/(last committed) (0 for the first): its commit for an epoch holds the records from where it had read to the offset it just reported, none read twice within the run (streaming spec §5.2, §5.3 step 3, §5.8; G4)',
  (ctx, report) => {
    const story = epochStoryOf(ctx.events);
    if (story.runs.length === 0) return;
    let last = -1;
    let c = 0;
    for (const run of story.runs) {
      // Commits logged before the run started.
      while (c < story.commitLogs.length && story.commitLogs[c] < run.startedIndex)
        last = Math.max(last, (ctx.events[story.commitLogs[c++]] as Ev<'SparkRetryHarnessCommitLogWritten'>).batch);
      if (run.startEpoch !== last + 1) report(`run ${run.run} starts at epoch ${run.startEpoch}; the last committed epoch is ${last}`, run.startedIndex);
    }
    // Per run and partition: where its reading stands, and the offset it reported last.
    const readUpTo = new Map<string, number>();
    const reported = new Map<string, { epoch: number; offset: number }>();
    for (const i of story.messages) {
      const e = ctx.events[i] as PartitionMessageEvent;
      const run = story.runOfMessage(i);
      if (run === undefined) continue;
      const key = `${run.startedIndex}/${e.partition}`;
      if (e.Event === 'SparkRetryHarnessPartitionOffsetReported') {
        reported.set(key, { epoch: e.epoch, offset: e.offset });
        continue;
      }
      const want = readUpTo.get(key) ?? run.startOffsets?.[e.partition] ?? 0;
      const [from, to] = e.records;
      const r = reported.get(key);
      if (from !== want || to < from)
        report(
          `run ${run.run} partition ${e.partition} writes records [${from}, ${to}) in epoch ${e.epoch}; it had read up to ${want}${readUpTo.has(key) ? '' : ' (its start offset)'}`,
          i,
        );
      else if (r?.epoch === e.epoch && r.offset !== to)
        report(`run ${run.run} partition ${e.partition} writes records [${from}, ${to}) in epoch ${e.epoch} but reported offset ${r.offset} for it`, i);
      readUpTo.set(key, Math.max(to, want));
    }
  },
);
