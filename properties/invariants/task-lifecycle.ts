// Task and executor lifecycles (spec §7, §9, §11; catalogue I9, I17, I22 and lifecycle sanity).
// I9, I17, L1 and L3 are streaming checks (streaming.ts).
import { invariant } from './invariant.js';
import { streamingInvariant } from './streaming.js';
import { abortingTask, factsOf, finalEnd, ownAttempt, ownKeyOf, type StageAttemptRecord, type TaskRecord } from './trace-facts.js';
import { selectorMatches } from '../../src/scenario/selector.js';
import type { Fault } from '../../src/scenario/types.js';
import { SPARK_RULES } from '../../src/spark/scheduler-rules.js';

export const zombiesStayQuiet = streamingInvariant(
  'I9',
  'zombies-stay-quiet',
  'trace',
  'after an abort (from the failure that caused it), a FetchFailed or a newer attempt, a stage attempt launches no task (spec §7.6)',
  (_ctx, f, report) => {
    // The failure a "failed N times" abort names makes its task set a zombie at once (abort), before
    // the stage completes; the abort's message comes later, so each stage attempt's launches are
    // kept (TID, event) until it is dropped.
    const abortAt = new Map<string, number>();
    const launches = new Map<string, { tids: number[]; at: number[] }>();
    const reported = new Set<number>();
    const zombieOf = (key: string): number => Math.min(f.zombieAt.get(key) ?? Infinity, abortAt.get(key) ?? Infinity);
    const flag = (tid: number, key: string, at: number) => {
      reported.add(tid);
      report(`TID ${tid} starts in stage ${key}, a zombie since event ${zombieOf(key)}`, at);
    };
    /**
     * A task the TaskSetManager launched before its stage was cancelled, whose TaskStart the
     * DAGScheduler posts only after handling the cancellation (handleBeginEvent 3.2.0 says the task
     * may be "launched after the stage is cancelled"): its launch time is not after the completion.
     */
    const launchedBeforeCancel = (t: { launchTime: number }, key: string): boolean => {
      const sa = f.stageAttempts.get(key);
      return (
        sa !== undefined &&
        sa.completedIndex === zombieOf(key) &&
        /cancelled/.test(sa.failureReason ?? '') &&
        sa.completionTime !== null &&
        t.launchTime <= sa.completionTime
      );
    };
    return {
      resolved(t) {
        const key = ownKeyOf(t);
        if (t.startIndex > zombieOf(key) && !launchedBeforeCancel(t, key)) flag(t.tid, key, t.startIndex);
        let l = launches.get(key);
        if (l === undefined) launches.set(key, (l = { tids: [], at: [] }));
        l.tids.push(t.tid);
        l.at.push(t.startIndex);
      },
      event(e) {
        if (e.Event !== 'SparkListenerJobEnd') return;
        const j = f.jobs.get(e['Job ID'])!;
        const t = j.message === null || j.endIndexes.length !== 1 ? undefined : abortingTask(f, j.message);
        const end = t === undefined ? undefined : finalEnd(t);
        if (t === undefined || end === undefined) return;
        const key = ownKeyOf(t);
        abortAt.set(key, Math.min(abortAt.get(key) ?? Infinity, end.eventIndex));
        const l = launches.get(key);
        l?.tids.forEach((tid, k) => {
          if (!reported.has(tid) && l.at[k] > zombieOf(key)) flag(tid, key, l.at[k]);
        });
      },
      closed: (key) => void launches.delete(key),
    };
  },
);

// Spark 3.2.0's result getter does not check that a task already ended (SPARK-37300, fixed
// later): a result fetched while the executor is lost ends the task a second time, after its
// ExecutorLostFailure. Real logs show it (Spark 1.3 to 3.2); nothing else may end a TID twice.
export const taskEndPairing = streamingInvariant(
  'I17',
  'task-end-pairing',
  'trace',
  'at most one TaskEnd per TID is not Resubmitted, but for a late end of its own after an ExecutorLostFailure, and a Resubmitted one repeats a TID that had ended (spec §1.12, §7.5)',
  (_ctx, f, report) => {
    // TIDs with a second end that is not Resubmitted: its event, and the reasons in order.
    const twice = new Map<number, { second: number; reasons: string[] }>();
    return {
      event(e, i) {
        if (e.Event !== 'SparkListenerTaskEnd') return;
        const tid = e['Task Info']['Task ID'];
        const reason = e['Task End Reason'].Reason;
        if (!f.tids.started(tid)) return;
        // Spark resubmits every finished attempt of a successful index on the lost executor, a
        // failed one too (TaskSetManager.executorLost, 3.2): the attempt must have ended first.
        if (reason === 'Resubmitted') {
          if (f.tids.decisiveEnds(tid) === 0) report(`TID ${tid} is Resubmitted before it ended`, i);
          return;
        }
        const n = f.tids.decisiveEnds(tid);
        const seen = twice.get(tid);
        if (seen !== undefined) seen.reasons.push(reason);
        else if (n >= 2) twice.set(tid, { second: i, reasons: [f.tids.firstEndWasExecutorLost(tid) ? 'ExecutorLostFailure' : 'other', reason] });
      },
      end() {
        for (const [tid, x] of twice) {
          const lateAfterLoss = x.reasons.length === 2 && x.reasons[0] === 'ExecutorLostFailure' && x.reasons[1] !== 'ExecutorLostFailure';
          if (!lateAfterLoss) report(`TID ${tid} has ${x.reasons.length} TaskEnds`, x.second);
        }
      },
    };
  },
);

// Scenario-only: a real application shut down with tasks running logs no TaskEnd for them.
export const everyTaskEnds = invariant(
  'I17b',
  'every-task-ends',
  'scenario',
  'in a run that finished, every TaskStart gets a TaskEnd (spec §11 step 5: even killed tasks), but for the attempt an immediate abort names (spec §7.3 step 3: no TaskEnd for it)',
  (ctx, report) => {
    if (ctx.finished === false) return;
    const f = factsOf(ctx.events);
    const atOnce = abortedAtOnce(f);
    const faults = ctx.scenario?.faults ?? [];
    for (const t of f.taskOrder) {
      if (t.ends.some((e) => e.reason.Reason !== 'Resubmitted') || atOnce.has(t.tid)) continue;
      if (!threwAtOnce(f, t, faults)) report(`TID ${t.tid} never ended`, t.startIndex);
    }
  },
);

/**
 * An attempt an immediate-abort fault selects: whether its task set was active (the abort names
 * it) or already a zombie (the job had ended, it threw before its kill arrived), Spark posts no
 * TaskEnd for it (TaskSetManager.handleFailedTask returns before taskEnded). The fields a trace
 * does not give (batch, epoch, run) are taken to match.
 */
export function threwAtOnce(f: ReturnType<typeof factsOf>, t: TaskRecord, faults: readonly Fault[]): boolean {
  const job = f.jobOfStage.get(t.stageId) ?? -1;
  const at = { job, batch: null, epoch: null, run: null, stage: t.stageId, stageAttempt: ownAttempt(t), partition: t.partition ?? t.index, attempt: t.attempt };
  return faults.some(
    (x) =>
      x.kind === 'task' &&
      x.fail?.reason === 'ExceptionFailure' &&
      SPARK_RULES.abortsAtOnce(x.fail.className) &&
      selectorMatches({ ...x.task, batch: undefined, epoch: undefined, run: undefined }, at),
  );
}

/** For an attempt that threw an immediate-abort exception with no TaskEnd, its job's end: its core is free by then (or soon after, unseen). */
function jobEndOfAtOnceThrow(f: ReturnType<typeof factsOf>, t: TaskRecord, faults: readonly Fault[]): number | undefined {
  if (!threwAtOnce(f, t, faults)) return undefined;
  const job = f.jobOfStage.get(t.stageId);
  return job === undefined ? undefined : f.jobs.get(job)?.endIndexes[0];
}

/** The two abort messages of the exceptions that abort a task set at once, naming the attempt (spec §4). */
const IMMEDIATE_ABORT = /in stage (\d+)\.(\d+) \(TID \d+\) (?:had a not serializable result|can not write to output file): /;

/**
 * Attempts with no TaskEnd in a stage attempt an immediate-abort exception aborted, with the index
 * of the job's end: Spark posts no TaskEnd for an attempt that throws one (the one the message
 * names, or another that threw the same before its kill arrived), and its core is free by then.
 */
function abortedAtOnce(f: ReturnType<typeof factsOf>): Map<number, number> {
  const stageAttempts = new Map<string, number>();
  for (const j of f.jobs.values()) {
    const m = j.message === null ? null : IMMEDIATE_ABORT.exec(j.message);
    if (m !== null && j.endIndexes.length > 0) stageAttempts.set(`${m[1]}.${m[2]}`, j.endIndexes[0]);
  }
  const out = new Map<number, number>();
  if (stageAttempts.size === 0) return out;
  for (const t of f.taskOrder) {
    const at = stageAttempts.get(`${t.stageId}.${ownAttempt(t)}`);
    if (at !== undefined && finalEnd(t) === undefined) out.set(t.tid, at);
  }
  return out;
}

export const failedIndexFirst = invariant(
  'I22',
  'failed-index-first',
  'scenario',
  "in the simulator's fixed order, a stage attempt launches the top of its pending stack: indices in increasing order, a re-queued index next (spec §1.9, §7.1, §14)",
  (ctx, report) => {
    const f = factsOf(ctx.events);
    // Replays each stage attempt's pending stack from its launches and ends, in event order.
    type Step = { at: number; kind: 'launch' | 'failed' | 'fetchFailed' | 'success' | 'resubmitted'; index: number; tid: number };
    const timeline = new Map<string, Step[]>();
    const add = (key: string, x: Step) => {
      const list = timeline.get(key) ?? [];
      list.push(x);
      timeline.set(key, list);
    };
    for (const t of f.taskOrder) {
      const key = ownKeyOf(t);
      add(key, { at: t.startIndex, kind: 'launch', index: t.index, tid: t.tid });
      for (const e of t.ends) {
        const r = e.reason.Reason;
        const kind = r === 'Success' ? 'success' : r === 'Resubmitted' ? 'resubmitted' : r === 'FetchFailed' ? 'fetchFailed' : 'failed';
        add(key, { at: e.eventIndex, kind, index: t.index, tid: t.tid });
      }
    }
    for (const [key, events] of timeline) {
      const sa = f.stageAttempts.get(key);
      if (sa === undefined) continue;
      events.sort((a, b) => a.at - b.at);
      const stack: number[] = [];
      for (let i = sa.numTasks - 1; i >= 0; i--) stack.push(i);
      const running = new Set<number>();
      const done = new Set<number>();
      const zombieAt = f.zombieAt.get(key) ?? Number.MAX_SAFE_INTEGER;
      for (const x of events) {
        if (x.kind === 'launch') {
          while (stack.length > 0 && (running.has(stack[stack.length - 1]) || done.has(stack[stack.length - 1]))) stack.pop();
          // A success in an older attempt of the stage marks its partition done here too
          // (markPartitionCompleted, spec §7.6): the index it maps to may be skipped.
          if (stack.length > 0 && stack[stack.length - 1] !== x.index && olderAttemptSucceeded(f, sa, x.at)) {
            const at = stack.lastIndexOf(x.index);
            if (at >= 0) stack.length = at + 1;
          }
          const top = stack.pop();
          if (top !== x.index) report(`stage ${key}: TID ${x.tid} launches index ${x.index}, but the top of the pending stack is ${top ?? 'empty'}`, x.at);
          running.add(x.index);
        } else if (x.kind === 'resubmitted') {
          done.delete(x.index);
          if (x.at < zombieAt) stack.push(x.index);
        } else {
          running.delete(x.index);
          if (x.kind === 'success' || x.kind === 'fetchFailed') done.add(x.index);
          else if (x.at < zombieAt && !done.has(x.index)) stack.push(x.index);
        }
      }
    }
  },
);

/** Whether a task of an older attempt of `sa`'s stage succeeded after `sa` was submitted, before `before`. */
function olderAttemptSucceeded(f: ReturnType<typeof factsOf>, sa: StageAttemptRecord, before: number): boolean {
  for (const t of f.taskOrder) {
    if (t.stageId !== sa.stageId || ownAttempt(t) >= sa.attemptId) continue;
    const end = finalEnd(t);
    if (end !== undefined && end.reason.Reason === 'Success' && end.eventIndex > sa.submittedIndex && end.eventIndex < before) return true;
  }
  return false;
}

/** How many of an executor's latest launches L1 keeps, to check against a removal logged after them. */
const RECENT_LAUNCHES = 32;

export const noTaskOnDeadExecutor = streamingInvariant(
  'L1',
  'no-task-on-dead-executor',
  'trace',
  'no task is launched on an executor after it was removed (spec §9)',
  (_ctx, f, report) => {
    // By time, not event order: in real logs a TaskStart launched just before the removal can be
    // posted after ExecutorRemoved (different threads post them), and one launched after it before.
    // So each live executor's latest launches are kept (a ring of TID, launch time, event).
    const recent = new Map<string, { tid: Float64Array; launch: Float64Array; at: Float64Array; n: number }>();
    const flag = (tid: number, launchTime: number, at: number, exec: string, removed: number) =>
      report(`TID ${tid} launched on executor ${exec} at ${launchTime} ms, after its removal at ${removed} ms`, at);
    return {
      event(e, i) {
        if (e.Event === 'SparkListenerExecutorRemoved') {
          const r = recent.get(e['Executor ID']);
          for (let k = Math.max(0, (r?.n ?? 0) - RECENT_LAUNCHES); r !== undefined && k < r.n; k++) {
            const j = k % RECENT_LAUNCHES;
            if (r.launch[j] > e.Timestamp) flag(r.tid[j], r.launch[j], r.at[j], e['Executor ID'], e.Timestamp);
          }
          recent.delete(e['Executor ID']);
        }
        if (e.Event !== 'SparkListenerTaskStart') return;
        const ti = e['Task Info'];
        const removed = f.executorRemovedTime.get(ti['Executor ID']);
        if (removed !== undefined) {
          if (ti['Launch Time'] > removed) flag(ti['Task ID'], ti['Launch Time'], i, ti['Executor ID'], removed);
          return;
        }
        let r = recent.get(ti['Executor ID']);
        if (r === undefined)
          recent.set(
            ti['Executor ID'],
            (r = { tid: new Float64Array(RECENT_LAUNCHES), launch: new Float64Array(RECENT_LAUNCHES), at: new Float64Array(RECENT_LAUNCHES), n: 0 }),
          );
        const j = r.n++ % RECENT_LAUNCHES;
        r.tid[j] = ti['Task ID'];
        r.launch[j] = ti['Launch Time'] ?? Number.NEGATIVE_INFINITY;
        r.at[j] = i;
      },
    };
  },
);

// Scenario-only: in real logs a freed core is re-offered before the finished task's TaskEnd is
// posted (spec §1.13), so events alone can show one task too many.
export const coresBound = invariant(
  'L2',
  'cores-bound',
  'scenario',
  'an executor never runs more tasks at once than its cores (one CPU per task)',
  (ctx, report) => {
    const f = factsOf(ctx.events);
    const running = new Map<string, number>();
    const reported = new Set<string>();
    const delta: { at: number; exec: string; d: number }[] = [];
    const atOnce = abortedAtOnce(f);
    const faults = ctx.scenario?.faults ?? [];
    for (const t of f.taskOrder) {
      delta.push({ at: t.startIndex, exec: t.executorId, d: +1 });
      const end = finalEnd(t)?.eventIndex ?? atOnce.get(t.tid) ?? jobEndOfAtOnceThrow(f, t, faults);
      if (end !== undefined) delta.push({ at: end, exec: t.executorId, d: -1 });
      // A lost executor's running tasks stop at its removal.
      else {
        const removed = f.executorRemovedAt.get(t.executorId);
        if (removed !== undefined && removed > t.startIndex) delta.push({ at: removed, exec: t.executorId, d: -1 });
      }
    }
    delta.sort((a, b) => a.at - b.at || a.d - b.d);
    for (const x of delta) {
      const n = (running.get(x.exec) ?? 0) + x.d;
      running.set(x.exec, n);
      const cores = f.executorCores.get(x.exec);
      if (cores !== undefined && n > cores && !reported.has(x.exec)) {
        reported.add(x.exec);
        report(`executor ${x.exec} runs ${n} tasks with ${cores} cores`, x.at);
      }
    }
  },
);

export const endAfterStart = streamingInvariant(
  'L3',
  'end-after-start',
  'trace',
  'every TaskEnd follows the TaskStart of its TID, in the same stage',
  (_ctx, f, report) => ({
    event(e, i) {
      if (e.Event !== 'SparkListenerTaskEnd') return;
      const tid = e['Task Info']['Task ID'];
      const stage = f.tids.stageOf(tid);
      if (stage === null) report(`TaskEnd of TID ${tid} without an earlier TaskStart`, i);
      else if (stage !== e['Stage ID']) report(`TaskEnd of TID ${tid} in stage ${e['Stage ID']}, started in stage ${stage}`, i);
    },
  }),
);
