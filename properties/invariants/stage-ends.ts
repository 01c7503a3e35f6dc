// Invariants on how stage attempts and a job's result stage wind down (scheduler spec §7.6,
// §10.1, §10.2): every submitted attempt completes, a partition a result stage already finished
// is never launched again, and a job's success kills what its result stage still runs. They read
// the trace alone, so they run on real event logs too.
import type { TaskEndEvent, TaskStartEvent, TraceEvent } from '../../src/trace/events.js';
import { invariant } from './invariant.js';

const stageKey = (stageId: number, attempt: number): string => `${stageId}.${attempt}`;

/** Each job's result stage: the highest of its stage ids (Spark creates it after its parents, §3). */
function resultStageOfJobs(events: readonly TraceEvent[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const e of events) if (e.Event === 'SparkListenerJobStart' && e['Stage IDs'].length > 0) out.set(e['Job ID'], Math.max(...e['Stage IDs']));
  return out;
}

export const everyStageAttemptCompletes = invariant('I30', 'every-stage-attempt-completes', 'trace', 'in a run that finished, every submitted stage attempt gets its StageCompleted; one with no task to run completes at once, successfully, as the next stage event (spec §10.1)', (ctx, report) => {
  const open = new Map<string, number>();
  let empty: { key: string; at: number } | null = null;
  ctx.events.forEach((e, i) => {
    if (e.Event !== 'SparkListenerStageSubmitted' && e.Event !== 'SparkListenerStageCompleted') return;
    const key = stageKey(e['Stage Info']['Stage ID'], e['Stage Info']['Stage Attempt ID']);
    if (empty !== null && (e.Event !== 'SparkListenerStageCompleted' || key !== empty.key || e['Stage Info']['Failure Reason'] !== undefined)) {
      report(`stage ${empty.key} had no task to run but did not complete at once`, empty.at);
    }
    empty = null;
    if (e.Event === 'SparkListenerStageSubmitted') {
      open.set(key, i);
      if (e['Stage Info']['Number of Tasks'] === 0) empty = { key, at: i };
    } else open.delete(key);
  });
  if (ctx.finished === false) return;
  for (const [k, i] of open) report(`stage ${k} was submitted but never completed`, i);
});

/**
 * A result task's success finishes its partition for the job: a later attempt of the stage skips it
 * (missing partitions), and one created before learns it (markPartitionCompleted, §7.6), so no
 * attempt of that partition starts after the success. (A map stage may rerun a partition whose
 * output was lost since, so only result stages are checked; traces without the 3.3+ Partition ID
 * field are skipped.)
 */
export const finishedPartitionNotRerun = invariant('I31', 'finished-partition-not-rerun', 'trace', 'no attempt of a result stage\'s partition is launched after a task of that partition succeeded in the stage (spec §7.6, §10.2)', (ctx, report) => {
  const done = new Map<string, number>();
  ctx.events.forEach((e, i) => {
    if (e.Event === 'SparkListenerTaskEnd' && e['Task Type'] === 'ResultTask' && e['Task End Reason'].Reason === 'Success') {
      const p = e['Task Info']['Partition ID'];
      if (p !== undefined && !done.has(`${e['Stage ID']}:${p}`)) done.set(`${e['Stage ID']}:${p}`, e['Task Info']['Finish Time']);
    } else if (e.Event === 'SparkListenerTaskStart') {
      const p = e['Task Info']['Partition ID'];
      const at = p === undefined ? undefined : done.get(`${e['Stage ID']}:${p}`);
      if (at !== undefined && e['Task Info']['Launch Time'] > at) report(`TID ${e['Task Info']['Task ID']} runs partition ${p} of result stage ${e['Stage ID']} again at ${e['Task Info']['Launch Time']} ms, after it succeeded at ${at} ms`, i);
    }
  });
});

/** Attempts of each stage that started and have not ended, by TID. */
function trackRunning(running: Map<number, Map<number, TaskStartEvent>>, e: TaskStartEvent | TaskEndEvent): void {
  const tid = e['Task Info']['Task ID'];
  if (e.Event === 'SparkListenerTaskStart') {
    const m = running.get(e['Stage ID']) ?? new Map<number, TaskStartEvent>();
    running.set(e['Stage ID'], m);
    m.set(tid, e);
  } else running.get(e['Stage ID'])?.delete(tid);
}

export const jobSuccessKillsResultTasks = invariant('I32', 'job-success-kills-result-tasks', 'trace', 'when a job succeeds, the attempts its result stage still runs (older attempts of the stage) end TaskKilled, unless they end at that same instant (spec §10.2)', (ctx, report) => {
  const resultStage = resultStageOfJobs(ctx.events);
  const running = new Map<number, Map<number, TaskStartEvent>>();
  /** TID → the JobEnd time after which only a kill may end it. */
  const mustBeKilled = new Map<number, { jobId: number; at: number }>();
  ctx.events.forEach((e, i) => {
    if (e.Event === 'SparkListenerTaskStart') trackRunning(running, e);
    else if (e.Event === 'SparkListenerTaskEnd') {
      if (e['Task End Reason'].Reason === 'Resubmitted') return;
      trackRunning(running, e);
      const tid = e['Task Info']['Task ID'];
      const want = mustBeKilled.get(tid);
      if (want === undefined) return;
      mustBeKilled.delete(tid);
      if (e['Task End Reason'].Reason !== 'TaskKilled' && e['Task Info']['Finish Time'] > want.at) report(`TID ${tid} of job ${want.jobId}'s result stage ran on after the job succeeded at ${want.at} ms and ended ${e['Task End Reason'].Reason} at ${e['Task Info']['Finish Time']} ms`, i);
    } else if (e.Event === 'SparkListenerJobEnd' && e['Job Result'].Result === 'JobSucceeded') {
      const stage = resultStage.get(e['Job ID']);
      for (const tid of running.get(stage ?? -1)?.keys() ?? []) mustBeKilled.set(tid, { jobId: e['Job ID'], at: e['Completion Time'] });
    }
  });
});
