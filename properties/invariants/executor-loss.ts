// Executor losses and map outputs (spec §7.5, §10.4 step 6, §10.6; catalogue I34–I36), without an
// external shuffle service (the simulator has none): which finished map tasks a loss resubmits,
// that a resubmitted partition must succeed again before its stage completes, and that a lost
// executor's map outputs are gone, so a later job cannot skip the stage that wrote them. They read
// the simulator's deterministic order of a loss and its effects, so they run on simulated runs
// (on a real log the DAGScheduler's event queue may post a loss's effects around its
// ExecutorRemoved in either order).
import type { TraceEvent } from '../../src/trace/events.js';
import { invariant } from './invariant.js';
import { factsOf, ownKeyOf, type TaskRecord, type TraceFacts } from './trace-facts.js';

type Ev<N extends TraceEvent['Event']> = Extract<TraceEvent, { Event: N }>;

function isMapTask(f: TraceFacts, eventIndex: number): boolean {
  return (f.events[eventIndex] as Ev<'SparkListenerTaskEnd'>)['Task Type'] === 'ShuffleMapTask';
}

/** The event indexes of each TID's Resubmitted ends. */
function resubmissions(f: TraceFacts): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const t of f.taskOrder)
    for (const e of t.ends) if (e.reason.Reason === 'Resubmitted') (out.get(t.tid) ?? out.set(t.tid, []).get(t.tid)!).push(e.eventIndex);
  return out;
}

/** Whether the task's own stage attempt still ran, and was no zombie, at event `at`. */
function liveAt(f: TraceFacts, t: TaskRecord, at: number): boolean {
  const key = ownKeyOf(t);
  const sa = f.stageAttempts.get(key);
  return sa !== undefined && sa.submittedIndex < at && (sa.completedIndex === null || sa.completedIndex > at) && (f.zombieAt.get(key) ?? Infinity) > at;
}

/** A TID the TaskSetManager keeps out of a loss's resubmissions: killed because another attempt of its index succeeded. */
function killedByOtherAttempt(t: TaskRecord): boolean {
  return t.ends.some((e) => e.reason.Reason === 'TaskKilled' && /another attempt succeeded/.test(String(e.reason['Kill Reason'] ?? '')));
}

/** Whether the index's latest Success or Resubmitted before `at`, over the given tasks, is a Success. */
function successfulAt(tasksOfIndex: readonly TaskRecord[], at: number): boolean {
  let last: { at: number; success: boolean } | null = null;
  for (const t of tasksOfIndex)
    for (const e of t.ends)
      if (e.eventIndex < at && (e.reason.Reason === 'Success' || e.reason.Reason === 'Resubmitted') && (last === null || e.eventIndex > last.at))
        last = { at: e.eventIndex, success: e.reason.Reason === 'Success' };
  return last?.success ?? false;
}

/**
 * TaskSetManager.executorLost goes through the set's TaskInfos on the lost executor and
 * resubmits, once, each successful index one of them ran and no longer runs, naming that TaskInfo:
 * which of the index's TIDs is named follows the TaskInfo map's order, so it may be an attempt of
 * the index that failed there before another succeeded (TaskSetManager 3.2.0).
 */
export const lossResubmitsFinishedMaps = invariant(
  'I34',
  'loss-resubmits-finished-maps',
  'scenario',
  'when an executor is lost, every successful index of a shuffle-map stage attempt still running (no zombie) that an ended attempt on that executor ran is resubmitted once, a Resubmitted end naming one such attempt; no other Resubmitted is ever posted (spec §7.5)',
  (ctx, report) => {
    const f = factsOf(ctx.events);
    const resubmitted = resubmissions(f);
    const byIndex = new Map<string, TaskRecord[]>();
    for (const t of f.taskOrder)
      (byIndex.get(`${ownKeyOf(t)}/${t.index}`) ?? byIndex.set(`${ownKeyOf(t)}/${t.index}`, []).get(`${ownKeyOf(t)}/${t.index}`)!).push(t);
    for (const [where, tasks] of byIndex) {
      const first = tasks[0].ends[0];
      if (first === undefined || !isMapTask(f, first.eventIndex)) continue;
      for (const t of tasks)
        for (const at of resubmitted.get(t.tid) ?? []) {
          const lostAt = f.executorRemovedAt.get(t.executorId);
          if (lostAt === undefined) report(`TID ${t.tid} is resubmitted, but its executor ${t.executorId} is never lost`, at);
          else if (!successfulAt(tasks, at)) report(`TID ${t.tid} is resubmitted, but index ${where} was not successful then`, at);
        }
      for (const [exec, lostAt] of f.executorRemovedAt) {
        const there = tasks.filter(
          (t) => t.executorId === exec && t.ends.some((e) => e.eventIndex < lostAt && e.reason.Reason !== 'Resubmitted') && !killedByOtherAttempt(t),
        );
        if (there.length === 0 || !liveAt(f, there[0], lostAt) || !successfulAt(tasks, lostAt)) continue;
        const named = there.flatMap((t) =>
          (resubmitted.get(t.tid) ?? []).filter(
            (i) => !tasks.some((u) => u.ends.some((e) => e.reason.Reason === 'Success' && e.eventIndex > i && e.eventIndex < lostAt)),
          ),
        );
        if (named.length === 0)
          report(
            `index ${where} had succeeded, and TID ${there.map((t) => t.tid).join(', ')} had ended on executor ${exec}, lost at event ${lostAt} while that stage attempt still ran, but the index is never resubmitted`,
            lostAt,
          );
      }
    }
  },
);

export const resubmittedPartitionRunsAgain = invariant(
  'I35',
  'resubmitted-partition-runs-again',
  'scenario',
  "a map stage attempt completes successfully only after every partition resubmitted since its submission has succeeded again: a Resubmitted puts the partition back into the stage's pending partitions, which a new attempt's submission clears (spec §7.5, §10; DAGScheduler.submitMissingTasks)",
  (ctx, report) => {
    const f = factsOf(ctx.events);
    // Per stage: its partitions' Resubmitted and Success ends, by event index.
    const history = new Map<number, { at: number; partition: number; success: boolean }[]>();
    for (const t of f.taskOrder) {
      if (t.partition === null) continue;
      for (const e of t.ends) {
        if (e.reason.Reason !== 'Success' && e.reason.Reason !== 'Resubmitted') continue;
        (history.get(t.stageId) ?? history.set(t.stageId, []).get(t.stageId)!).push({
          at: e.eventIndex,
          partition: t.partition,
          success: e.reason.Reason === 'Success',
        });
      }
    }
    for (const sa of f.stageAttempts.values()) {
      if (sa.completedIndex === null || sa.failureReason !== null) continue;
      const done = sa.completedIndex;
      const open = new Map<number, number>();
      // submitMissingTasks clears the pending partitions: one resubmitted before this attempt runs
      // again in it if its output is missing (I38 checks that), and is not waited for otherwise.
      const since = sa.submittedIndex;
      for (const h of (history.get(sa.stageId) ?? []).filter((x) => x.at > since && x.at < done).sort((a, b) => a.at - b.at)) {
        if (h.success) open.delete(h.partition);
        else open.set(h.partition, h.at);
      }
      for (const [partition, at] of open)
        report(
          `stage ${sa.stageId}.${sa.attemptId} completes successfully, but partition ${partition}, resubmitted at event ${at}, has not succeeded since`,
          done,
        );
    }
  },
);

/** A map stage as the RDDs it computes: the same shuffle's stage in every job of the application. */
function stageIdentity(info: { 'RDD Info': { 'RDD ID': number }[] }): string {
  return info['RDD Info']
    .map((r) => r['RDD ID'])
    .sort((a, b) => a - b)
    .join(',');
}

interface OutputState {
  /** Per map stage identity, per partition: the executor holding its registered output. */
  outputs: Map<string, Map<number, string>>;
  /** Identities shared by two map stages of one job (two shuffles of one RDD): not followed. */
  ambiguous: Set<string>;
  /** Per executor, the first FetchFailed naming it: a loss after it may find the outputs already handled at its epoch (§10.4 step 6). */
  fetchFailedFrom: Map<string, number>;
}

export const lostOutputsUnregistered = invariant(
  'I36',
  'lost-outputs-unregistered',
  'scenario',
  "a lost executor's map outputs are unregistered (no external shuffle service): a stage runs with a parent map stage skipped only if each of the parent's partitions has an output on an executor still alive (spec §10.6, §10.1)",
  (ctx, report) => {
    const f = factsOf(ctx.events);
    const state: OutputState = { outputs: new Map(), ambiguous: new Set(), fetchFailedFrom: new Map() };
    const identityOfStage = new Map<number, string>();
    const parentsOf = new Map<number, { stageId: number; tasks: number }[]>();
    const submitted = new Set<number>();
    const lost = new Map<string, number>();
    ctx.events.forEach((e, i) => {
      if (e.Event === 'SparkListenerJobStart') jobStarted(e, state, identityOfStage, parentsOf);
      else if (e.Event === 'SparkListenerStageSubmitted') {
        const stageId = e['Stage Info']['Stage ID'];
        submitted.add(stageId);
        // Its parents not run in this job were skipped: their outputs were all available (getMissingParentStages).
        for (const parent of parentsOf.get(stageId) ?? [])
          if (!submitted.has(parent.stageId)) checkSkipped(f, stageId, parent, i, state, identityOfStage, lost, report);
      } else if (e.Event === 'SparkListenerExecutorRemoved') {
        lost.set(e['Executor ID'], i);
        for (const byPartition of state.outputs.values()) for (const [p, exec] of byPartition) if (exec === e['Executor ID']) byPartition.delete(p);
      } else if (e.Event === 'SparkListenerTaskEnd') taskEnded(f, e, i, state, identityOfStage);
    });
  },
);

function jobStarted(
  e: Ev<'SparkListenerJobStart'>,
  state: OutputState,
  identityOfStage: Map<number, string>,
  parentsOf: Map<number, { stageId: number; tasks: number }[]>,
): void {
  const infos = e['Stage Infos'] ?? [];
  const byId = new Map(infos.map((s) => [s['Stage ID'], s]));
  const seen = new Set<string>();
  for (const s of infos) {
    parentsOf.set(
      s['Stage ID'],
      s['Parent IDs'].flatMap((p) => (byId.has(p) ? [{ stageId: p, tasks: byId.get(p)!['Number of Tasks'] }] : [])),
    );
    if (!infos.some((c) => c['Parent IDs'].includes(s['Stage ID']))) continue; // the ResultStage
    const identity = stageIdentity(s);
    if (seen.has(identity)) state.ambiguous.add(identity);
    seen.add(identity);
    identityOfStage.set(s['Stage ID'], identity);
  }
}

function checkSkipped(
  f: TraceFacts,
  child: number,
  parent: { stageId: number; tasks: number },
  at: number,
  state: OutputState,
  identityOfStage: Map<number, string>,
  lost: Map<string, number>,
  report: (message: string, eventIndex?: number) => void,
): void {
  const identity = identityOfStage.get(parent.stageId);
  if (identity === undefined || state.ambiguous.has(identity)) return;
  const byPartition = state.outputs.get(identity) ?? new Map<number, string>();
  for (let p = 0; p < parent.tasks; p++) {
    if (byPartition.has(p)) continue;
    const gone = [...lost].find(
      ([exec, lostAt]) => (state.fetchFailedFrom.get(exec) ?? Infinity) > lostAt && holdsHistory(f, identity, identityOfStage, p, exec),
    );
    if (gone !== undefined)
      report(
        `stage ${child} runs with its parent stage ${parent.stageId} skipped, though partition ${p}'s output was on executor ${gone[0]}, lost at event ${gone[1]}`,
        at,
      );
  }
}

function taskEnded(f: TraceFacts, e: Ev<'SparkListenerTaskEnd'>, at: number, state: OutputState, identityOfStage: Map<number, string>): void {
  const reason = e['Task End Reason'];
  const from = reason.Reason === 'FetchFailed' ? reason['Block Manager Address'] : null;
  if (from != null && !state.fetchFailedFrom.has(from['Executor ID'])) state.fetchFailedFrom.set(from['Executor ID'], at);
  if (reason.Reason !== 'Success' || e['Task Type'] !== 'ShuffleMapTask') return;
  const t = f.tasks.get(e['Task Info']['Task ID']);
  const identity = identityOfStage.get(e['Stage ID']);
  if (t === undefined || t.partition === null || identity === undefined) return;
  (state.outputs.get(identity) ?? state.outputs.set(identity, new Map()).get(identity)!).set(t.partition, t.executorId);
}

/** Whether the executor ever held an output of this map stage's partition (a map task of it succeeded there). */
function holdsHistory(f: TraceFacts, identity: string, identityOfStage: Map<number, string>, partition: number, exec: string): boolean {
  return f.taskOrder.some(
    (t) =>
      t.executorId === exec && t.partition === partition && identityOfStage.get(t.stageId) === identity && t.ends.some((x) => x.reason.Reason === 'Success'),
  );
}
