// Counting task failures (spec §5, §7.3, catalogue I4–I8): what counts, the bound, and the abort
// exactly at the limit with Spark's message. Streaming checks (streaming.ts): they keep the
// counted failures and, per running stage attempt and index, what the order checks need.
import { jobAbortedDueToStageFailure, lostTaskMessage, taskFailedTooManyTimes, taskName } from '../../src/spark/messages.js';
import { loggedReasonCounts, taskEndReasonFromJson, toErrorString } from '../../src/spark/task-end-reason.js';
import type { LiveFacts } from './live-facts.js';
import { atFirstJobEnd, perIndex, streamingInvariant, type StreamContext } from './streaming.js';
import { abortingTask, finalEnd, ownKeyOf, TASK_ABORT, tsmKey, type JobRecord } from './trace-facts.js';
/** maxTaskFailures: given (simulated runs, an event log's environment), or null when known to be unknown; else read from an abort message, if any. */
export function knownMaxTaskFailures(ctx: StreamContext, f: { jobs: ReadonlyMap<number, JobRecord> }): number | null {
  if (ctx.maxTaskFailures !== undefined) return ctx.maxTaskFailures;
  for (const j of f.jobs.values()) {
    const m = j.message === null ? null : TASK_ABORT.exec(j.message);
    if (m !== null) return Number(m[4]);
  }
  return null;
}

export const boundedFailures = streamingInvariant(
  'I4',
  'bounded-failures',
  'trace',
  'in a stage attempt, the counted failures of an index never exceed maxTaskFailures (spec §7.3 step 6)',
  (ctx, f, report) => ({
    end() {
      const max = knownMaxTaskFailures(ctx, f);
      if (max === null) return;
      for (const [key, byIndex] of f.counted) {
        for (const [index, list] of byIndex) {
          const over = list.find((c) => c.count > Math.max(max, 1));
          if (over !== undefined) report(`index ${index} of stage ${key} has ${over.count} counted failures, over maxTaskFailures ${max}`, over.eventIndex);
        }
      }
    },
  }),
);

/** Per stage attempt, the abort Spark writes when an index reaches the limit, and the failure that reached it. */
function expectedAborts(f: LiveFacts, max: number): Map<string, { message: string; at: number }> {
  const limit = Math.max(max, 1);
  const expected = new Map<string, { message: string; at: number }>();
  for (const [key, byIndex] of f.counted) {
    for (const [, list] of byIndex) {
      const c = list.find((x) => x.count === limit);
      if (c === undefined) continue;
      const reason = lostTaskMessage(
        taskName(c.index, c.attempt, c.stageId, c.stageAttemptId, c.tid),
        c.host,
        c.executorId,
        toErrorString(taskEndReasonFromJson(c.reason)),
      );
      expected.set(key, { message: jobAbortedDueToStageFailure(taskFailedTooManyTimes(c.index, c.stageId, c.stageAttemptId, max, reason)), at: c.eventIndex });
    }
  }
  return expected;
}

export const abortAtLimit = streamingInvariant(
  'I5',
  'abort-at-limit',
  'trace',
  "a stage attempt aborts for task failures iff an index reaches maxTaskFailures counted failures, on that failure, with Spark's exact message (spec §4, §7.3)",
  (ctx, f, report) => ({
    end() {
      const max = knownMaxTaskFailures(ctx, f);
      if (max === null) return;
      const limit = Math.max(max, 1);
      // Every index that reached the limit must have aborted its job with that failure's message.
      const expected = expectedAborts(f, max);
      const seenAbort = new Set<string>();
      for (const j of f.jobs.values()) {
        const m = j.message === null ? null : TASK_ABORT.exec(j.message);
        if (m === null) continue;
        const key = tsmKey(Number(m[2]), Number(m[3]));
        seenAbort.add(key);
        // The message prints the limit the TaskSetManager used: it must be the one the application set.
        if (Number(m[4]) !== max) report(`job ${j.jobId} aborted "failed ${m[4]} times" in stage ${key}, but maxTaskFailures is ${max}`, j.endIndexes[0]);
        const want = expected.get(key)?.message;
        if (want === undefined)
          report(`job ${j.jobId} aborted "failed ${m[4]} times" in stage ${key}, where no index reached ${limit} counted failures`, j.endIndexes[0]);
        // Real logs before Spark 3.0 print "(TID n, host, …)"; a simulated run must print 3.2's form.
        else if ((ctx.scenario !== undefined || !/\(TID \d+, /.test(j.message!)) && j.message !== want)
          report(
            `job ${j.jobId}'s abort message differs from Spark's:\n  got:      ${JSON.stringify(j.message)}\n  expected: ${JSON.stringify(want)}`,
            j.endIndexes[0],
          );
      }
      for (const [key, { at }] of expected) {
        const stage = Number(key.split('.')[0]);
        const job = f.jobs.get(f.jobOfStage.get(stage) ?? -1);
        // The job may be cancelled in between: TaskSetManager.handleFailedTask posts the task's end to
        // the DAGScheduler before it aborts the task set, so a cancellation queued between the two
        // (a streaming query's stop cancelling its job group) ends the job first and the abort then
        // finds no active stage (TaskSetManager, DAGScheduler 3.2.0; seen on a real continuous run).
        if (job !== undefined && /^Job \d+ cancelled /.test(job.message ?? '')) continue;
        if (!seenAbort.has(key) && job !== undefined && job.endIndexes.length > 0)
          report(`an index of stage ${key} reached ${limit} counted failures but no job aborted for it`, at);
      }
    },
  }),
);

export const nonCountingNeverAbort = streamingInvariant(
  'I6',
  'non-counting-never-abort',
  'trace',
  'TaskKilled, TaskCommitDenied, FetchFailed, Resubmitted and executor losses not caused by the app never cause a "failed N times" abort (spec §5)',
  (_ctx, f, report) =>
    atFirstJobEnd(f, (j) => {
      const t = j.message === null ? undefined : abortingTask(f, j.message);
      const end = t === undefined ? undefined : finalEnd(t);
      if (end !== undefined && !loggedReasonCounts(end.reason))
        report(`job ${j.jobId} aborted on TID ${t!.tid}, which ended ${end.reason.Reason}, a reason that does not count`, j.endIndexes[0]);
    }),
);

interface IndexHistory {
  running: { tid: number; endIndex: number } | null;
  successes: number[];
  resubmissions: number[];
}

const lastBefore = (indexes: readonly number[], before: number): number => indexes.reduce((m, i) => (i < before ? Math.max(m, i) : m), -1);

export const oneCopyAtATime = streamingInvariant(
  'I7',
  'one-copy-at-a-time',
  'trace',
  'without speculation, at most one attempt of an index runs at a time, and an index is relaunched only after its attempt ended, and not at all once it succeeded unless a Resubmitted reopened it (spec §7.1, §7.5)',
  (_ctx, f, report) => {
    // Per index of a task set: the attempt running it, and the ends that close (Success) or reopen (Resubmitted) it.
    const state = perIndex<IndexHistory>(() => ({ running: null, successes: [], resubmissions: [] }));
    return {
      event(e, i) {
        if (e.Event !== 'SparkListenerTaskEnd' || e['Task End Reason'].Reason !== 'Resubmitted') return;
        const t = f.tasks.get(e['Task Info']['Task ID']);
        if (t !== undefined && finalEnd(t) !== undefined) state.get(ownKeyOf(t), t.index).resubmissions.push(i);
      },
      resolved(t) {
        const key = ownKeyOf(t);
        const h = state.get(key, t.index);
        for (const e of t.ends) (e.reason.Reason === 'Success' ? h.successes : e.reason.Reason === 'Resubmitted' ? h.resubmissions : []).push(e.eventIndex);
        if (t.speculative) return;
        if (h.running !== null && h.running.endIndex > t.startIndex)
          report(`TID ${t.tid} starts index ${key}/${t.index} while TID ${h.running.tid} still runs it`, t.startIndex);
        const success = lastBefore(h.successes, t.startIndex);
        if (success >= 0 && lastBefore(h.resubmissions, t.startIndex) < success)
          report(`TID ${t.tid} relaunches index ${key}/${t.index}, which had succeeded (event ${success})`, t.startIndex);
        h.running = { tid: t.tid, endIndex: finalEnd(t)?.eventIndex ?? Number.MAX_SAFE_INTEGER };
      },
      closed: (key) => state.drop(key),
    };
  },
);

export const maxFailuresOne = streamingInvariant(
  'I8',
  'max-failures-one',
  'trace',
  'with maxTaskFailures 1 an index is relaunched only after uncounted failures: the first counted failure aborts (spec §2, §7.3)',
  (ctx, f, report) => {
    const countedBefore = perIndex(() => ({ counted: false }));
    // Relaunches after a counted failure: violations if the limit turns out to be 1.
    const relaunches: { tid: number; where: string; at: number }[] = [];
    return {
      resolved(t) {
        const key = ownKeyOf(t);
        const s = countedBefore.get(key, t.index);
        if (s.counted) relaunches.push({ tid: t.tid, where: `${key}/${t.index}`, at: t.startIndex });
        const end = finalEnd(t);
        if (end !== undefined && loggedReasonCounts(end.reason)) s.counted = true;
      },
      closed: (key) => countedBefore.drop(key),
      end() {
        if (knownMaxTaskFailures(ctx, f) !== 1) return;
        for (const r of relaunches) report(`TID ${r.tid} relaunches index ${r.where} after a counted failure with maxTaskFailures 1`, r.at);
      },
    };
  },
);
