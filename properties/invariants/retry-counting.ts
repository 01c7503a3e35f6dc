// Counting task failures (spec §5, §7.3, catalogue I4–I8): what counts, the bound, and the abort
// exactly at the limit with Spark's message.
import { jobAbortedDueToStageFailure, lostTaskMessage, taskFailedTooManyTimes, taskName } from '../../src/spark/messages.js';
import { loggedReasonCounts, taskEndReasonFromJson, toErrorString } from '../../src/spark/task-end-reason.js';
import { invariant, type InvariantContext } from './invariant.js';
import { abortingTask, factsOf, finalEnd, ownAttempt, TASK_ABORT, tsmKey, type TraceFacts } from './trace-facts.js';

/** maxTaskFailures: given (simulated runs, an event log's environment), or null when known to be unknown; else read from an abort message, if any. */
export function knownMaxTaskFailures(ctx: InvariantContext, f: TraceFacts): number | null {
  if (ctx.maxTaskFailures !== undefined) return ctx.maxTaskFailures;
  for (const j of f.jobs.values()) {
    const m = j.message === null ? null : TASK_ABORT.exec(j.message);
    if (m !== null) return Number(m[4]);
  }
  return null;
}

export const boundedFailures = invariant('I4', 'bounded-failures', 'trace', 'in a stage attempt, the counted failures of an index never exceed maxTaskFailures (spec §7.3 step 6)', (ctx, report) => {
  const f = factsOf(ctx.events);
  const max = knownMaxTaskFailures(ctx, f);
  if (max === null) return;
  for (const [key, byIndex] of f.counted) {
    for (const [index, list] of byIndex) {
      const over = list.find((c) => c.count > Math.max(max, 1));
      if (over !== undefined) report(`index ${index} of stage ${key} has ${over.count} counted failures, over maxTaskFailures ${max}`, over.eventIndex);
    }
  }
});

export const abortAtLimit = invariant('I5', 'abort-at-limit', 'trace', 'a stage attempt aborts for task failures iff an index reaches maxTaskFailures counted failures, on that failure, with Spark\'s exact message (spec §4, §7.3)', (ctx, report) => {
  const f = factsOf(ctx.events);
  const max = knownMaxTaskFailures(ctx, f);
  if (max === null) return;
  const limit = Math.max(max, 1);
  // Every index that reached the limit must have aborted its job with that failure's message.
  const expected = new Map<string, { message: string; at: number }>();
  for (const [key, byIndex] of f.counted) {
    for (const [, list] of byIndex) {
      const hit = list.find((c) => c.count === limit);
      if (hit === undefined) continue;
      const t = f.tasks.get(hit.tid)!;
      const end = f.events[hit.eventIndex] as Extract<(typeof f.events)[number], { Event: 'SparkListenerTaskEnd' }>;
      const reason = lostTaskMessage(taskName(t.index, t.attempt, t.stageId, ownAttempt(t), t.tid), t.host, t.executorId, toErrorString(taskEndReasonFromJson(end['Task End Reason'])));
      expected.set(key, { message: jobAbortedDueToStageFailure(taskFailedTooManyTimes(t.index, t.stageId, ownAttempt(t), max, reason)), at: hit.eventIndex });
    }
  }
  const seenAbort = new Set<string>();
  for (const j of f.jobs.values()) {
    const m = j.message === null ? null : TASK_ABORT.exec(j.message);
    if (m === null) continue;
    const key = tsmKey(Number(m[2]), Number(m[3]));
    seenAbort.add(key);
    // The message prints the limit the TaskSetManager used: it must be the one the application set.
    if (Number(m[4]) !== max) report(`job ${j.jobId} aborted "failed ${m[4]} times" in stage ${key}, but maxTaskFailures is ${max}`, j.endIndexes[0]);
    const want = expected.get(key)?.message;
    if (want === undefined) report(`job ${j.jobId} aborted "failed ${m[4]} times" in stage ${key}, where no index reached ${limit} counted failures`, j.endIndexes[0]);
    // Real logs before Spark 3.0 print "(TID n, host, …)"; a simulated run must print 3.2's form.
    else if ((ctx.scenario !== undefined || !/\(TID \d+, /.test(j.message!)) && j.message !== want) report(`job ${j.jobId}'s abort message differs from Spark's:\n  got:      ${JSON.stringify(j.message)}\n  expected: ${JSON.stringify(want)}`, j.endIndexes[0]);
  }
  for (const [key, { at }] of expected) {
    const stage = Number(key.split('.')[0]);
    const job = f.jobs.get(f.jobOfStage.get(stage) ?? -1);
    if (!seenAbort.has(key) && job !== undefined && job.endIndexes.length > 0) report(`an index of stage ${key} reached ${limit} counted failures but no job aborted for it`, at);
  }
});

export const nonCountingNeverAbort = invariant('I6', 'non-counting-never-abort', 'trace', 'TaskKilled, TaskCommitDenied, FetchFailed, Resubmitted and executor losses not caused by the app never cause a "failed N times" abort (spec §5)', (ctx, report) => {
  const f = factsOf(ctx.events);
  for (const j of f.jobs.values()) {
    const t = j.message === null ? undefined : abortingTask(f, j.message);
    const end = t === undefined ? undefined : finalEnd(t);
    if (end === undefined) continue;
    if (!loggedReasonCounts(end.reason)) report(`job ${j.jobId} aborted on TID ${t!.tid}, which ended ${end.reason.Reason}, a reason that does not count`, j.endIndexes[0]);
  }
});

export const oneCopyAtATime = invariant('I7', 'one-copy-at-a-time', 'trace', 'without speculation, at most one attempt of an index runs at a time, and an index is relaunched only after its attempt ended, and not at all once it succeeded unless a Resubmitted reopened it (spec §7.1, §7.5)', (ctx, report) => {
  const f = factsOf(ctx.events);
  const runningUntil = new Map<string, { tid: number; endIndex: number }>();
  // Per index of a task set, every end of every attempt: a Success closes it, a Resubmitted reopens it.
  const lastBefore = (events: readonly { eventIndex: number; reason: { Reason: string } }[], reason: string, before: number): number =>
    events.reduce((m, e) => (e.reason.Reason === reason && e.eventIndex < before ? Math.max(m, e.eventIndex) : m), -1);
  const endsOf = new Map<string, { eventIndex: number; reason: { Reason: string } }[]>();
  for (const t of f.taskOrder) {
    const key = `${tsmKey(t.stageId, ownAttempt(t))}/${t.index}`;
    const list = endsOf.get(key) ?? [];
    endsOf.set(key, list);
    list.push(...t.ends);
  }
  for (const t of f.taskOrder) {
    if (t.speculative) continue;
    const key = `${tsmKey(t.stageId, ownAttempt(t))}/${t.index}`;
    const prev = runningUntil.get(key);
    if (prev !== undefined && prev.endIndex > t.startIndex) report(`TID ${t.tid} starts index ${key} while TID ${prev.tid} still runs it`, t.startIndex);
    const ends = endsOf.get(key)!;
    const success = lastBefore(ends, 'Success', t.startIndex);
    if (success >= 0 && lastBefore(ends, 'Resubmitted', t.startIndex) < success) report(`TID ${t.tid} relaunches index ${key}, which had succeeded (event ${success})`, t.startIndex);
    const end = finalEnd(t);
    runningUntil.set(key, { tid: t.tid, endIndex: end?.eventIndex ?? Number.MAX_SAFE_INTEGER });
  }
});

export const maxFailuresOne = invariant('I8', 'max-failures-one', 'trace', 'with maxTaskFailures 1 an index is relaunched only after uncounted failures: the first counted failure aborts (spec §2, §7.3)', (ctx, report) => {
  const f = factsOf(ctx.events);
  if (knownMaxTaskFailures(ctx, f) !== 1) return;
  const countedBefore = new Set<string>();
  for (const t of f.taskOrder) {
    const key = `${tsmKey(t.stageId, ownAttempt(t))}/${t.index}`;
    if (countedBefore.has(key)) report(`TID ${t.tid} relaunches index ${key} after a counted failure with maxTaskFailures 1`, t.startIndex);
    const end = finalEnd(t);
    if (end !== undefined && loggedReasonCounts(end.reason)) countedBefore.add(key);
  }
});
