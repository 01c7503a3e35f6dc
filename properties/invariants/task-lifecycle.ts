// Task and executor lifecycles (spec §7, §9, §11; catalogue I9, I17, I22 and lifecycle sanity).
import { invariant } from './invariant.js';
import { abortingTask, factsOf, finalEnd, ownAttempt, tsmKey, type StageAttemptRecord } from './trace-facts.js';

export const zombiesStayQuiet = invariant('I9', 'zombies-stay-quiet', 'trace', 'after an abort (from the failure that caused it), a FetchFailed or a newer attempt, a stage attempt launches no task (spec §7.6)', (ctx, report) => {
  const f = factsOf(ctx.events);
  // The failure a "failed N times" abort names makes its task set a zombie at once (abort), before
  // the stage completes.
  const zombieAt = new Map(f.zombieAt);
  for (const j of f.jobs.values()) {
    const t = j.message === null ? undefined : abortingTask(f, j.message);
    const end = t === undefined ? undefined : finalEnd(t);
    if (t === undefined || end === undefined) continue;
    const key = tsmKey(t.stageId, ownAttempt(t));
    zombieAt.set(key, Math.min(zombieAt.get(key) ?? Infinity, end.eventIndex));
  }
  for (const t of f.taskOrder) {
    const key = tsmKey(t.stageId, ownAttempt(t));
    const z = zombieAt.get(key);
    if (z !== undefined && t.startIndex > z) report(`TID ${t.tid} starts in stage ${key}, a zombie since event ${z}`, t.startIndex);
  }
});

// Spark 3.2.0's result getter does not check that a task already ended (SPARK-37300, fixed
// later): a result fetched while the executor is lost ends the task a second time, after its
// ExecutorLostFailure. Real logs show it (Spark 1.3 to 3.2); nothing else may end a TID twice.
export const taskEndPairing = invariant('I17', 'task-end-pairing', 'trace', 'at most one TaskEnd per TID is not Resubmitted, but for a late end of its own after an ExecutorLostFailure, and a Resubmitted one repeats a TID that had ended (spec §1.12, §7.5)', (ctx, report) => {
  const f = factsOf(ctx.events);
  for (const t of f.taskOrder) {
    const decisive = t.ends.filter((e) => e.reason.Reason !== 'Resubmitted');
    const lateAfterLoss = decisive.length === 2 && decisive[0].reason.Reason === 'ExecutorLostFailure' && decisive[1].reason.Reason !== 'ExecutorLostFailure';
    if (decisive.length > 1 && !lateAfterLoss) report(`TID ${t.tid} has ${decisive.length} TaskEnds`, decisive[1].eventIndex);
    // Spark resubmits every finished attempt of a successful index on the lost executor, a
    // failed one too (TaskSetManager.executorLost, 3.2): the attempt must have ended first.
    for (const r of t.ends.filter((e) => e.reason.Reason === 'Resubmitted')) {
      const before = decisive[0];
      if (before === undefined || before.eventIndex > r.eventIndex) report(`TID ${t.tid} is Resubmitted before it ended`, r.eventIndex);
    }
  }
});

// Scenario-only: a real application shut down with tasks running logs no TaskEnd for them.
export const everyTaskEnds = invariant('I17b', 'every-task-ends', 'scenario', 'in a run that finished, every TaskStart gets a TaskEnd (spec §11 step 5: even killed tasks)', (ctx, report) => {
  if (ctx.finished === false) return;
  for (const t of factsOf(ctx.events).taskOrder) {
    if (!t.ends.some((e) => e.reason.Reason !== 'Resubmitted')) report(`TID ${t.tid} never ended`, t.startIndex);
  }
});

export const failedIndexFirst = invariant('I22', 'failed-index-first', 'scenario', 'in the simulator\'s fixed order, a stage attempt launches the top of its pending stack: indices in increasing order, a re-queued index next (spec §1.9, §7.1, §14)', (ctx, report) => {
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
    const key = tsmKey(t.stageId, ownAttempt(t));
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
});

/** Whether a task of an older attempt of `sa`'s stage succeeded after `sa` was submitted, before `before`. */
function olderAttemptSucceeded(f: ReturnType<typeof factsOf>, sa: StageAttemptRecord, before: number): boolean {
  for (const t of f.taskOrder) {
    if (t.stageId !== sa.stageId || ownAttempt(t) >= sa.attemptId) continue;
    const end = finalEnd(t);
    if (end !== undefined && end.reason.Reason === 'Success' && end.eventIndex > sa.submittedIndex && end.eventIndex < before) return true;
  }
  return false;
}

export const noTaskOnDeadExecutor = invariant('L1', 'no-task-on-dead-executor', 'trace', 'no task is launched on an executor after it was removed (spec §9)', (ctx, report) => {
  // By time, not event order: in real logs a TaskStart launched just before the removal can be
  // posted after ExecutorRemoved (different threads post them).
  const f = factsOf(ctx.events);
  for (const t of f.taskOrder) {
    const removed = f.executorRemovedTime.get(t.executorId);
    if (removed !== undefined && t.launchTime > removed) report(`TID ${t.tid} launched on executor ${t.executorId} at ${t.launchTime} ms, after its removal at ${removed} ms`, t.startIndex);
  }
});

// Scenario-only: in real logs a freed core is re-offered before the finished task's TaskEnd is
// posted (spec §1.13), so events alone can show one task too many.
export const coresBound = invariant('L2', 'cores-bound', 'scenario', 'an executor never runs more tasks at once than its cores (one CPU per task)', (ctx, report) => {
  const f = factsOf(ctx.events);
  const running = new Map<string, number>();
  const reported = new Set<string>();
  const delta: { at: number; exec: string; d: number }[] = [];
  for (const t of f.taskOrder) {
    delta.push({ at: t.startIndex, exec: t.executorId, d: +1 });
    const end = finalEnd(t);
    if (end !== undefined) delta.push({ at: end.eventIndex, exec: t.executorId, d: -1 });
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
});

export const endAfterStart = invariant('L3', 'end-after-start', 'trace', 'every TaskEnd follows the TaskStart of its TID, in the same stage', (ctx, report) => {
  const f = factsOf(ctx.events);
  ctx.events.forEach((e, i) => {
    if (e.Event !== 'SparkListenerTaskEnd') return;
    const t = f.tasks.get(e['Task Info']['Task ID']);
    if (t === undefined || t.startIndex > i) report(`TaskEnd of TID ${e['Task Info']['Task ID']} without an earlier TaskStart`, i);
    else if (t.stageId !== e['Stage ID']) report(`TaskEnd of TID ${t.tid} in stage ${e['Stage ID']}, started in stage ${t.stageId}`, i);
  });
});
