// I37: a stage attempt's StageInfo times are as Spark 3.2.0 records them. A streaming check
// (streaming.ts) that also runs on real event logs. What Spark does (core/src/main/scala/org/
// apache/spark/scheduler/DAGScheduler.scala):
// - submitMissingTasks makes the new stage attempt and sets its Submission Time only when it has
//   partitions to compute, then posts StageSubmitted and, with tasks, submits the task set: every
//   task of the attempt launches at or after that time, and an attempt with no task has none (a
//   "skipped" attempt). Spark before 2.3 set it after posting StageSubmitted, so its logs may carry
//   it on StageCompleted only; and 3.2 posts StageSubmitted without it when creating the tasks
//   failed (no task launches then). So a launched attempt must have one by its StageCompleted;
// - markStageAsFinished sets the Completion Time from the same clock when the attempt completes
//   (succeeded or failed), after the DAG's event loop handled the TaskEnds before it: their Finish
//   Times are not later; and the StageInfo it posts is the one StageSubmitted posted, with the same
//   Submission Time.
// A field a log leaves out is not compared.
import type { StageInfoJson } from '../../src/trace/events.js';
import { streamingInvariant } from './streaming.js';

interface AttemptTimes {
  submitted: number | undefined;
  /** The earliest Launch Time of the attempt's tasks, and the TID that had it. */
  firstLaunch: { time: number; tid: number } | null;
  /** The latest Finish Time of the attempt's TaskEnds so far, and the TID that had it. */
  lastFinish: { time: number; tid: number } | null;
}

const keyOf = (stageId: number, attemptId: number) => `${stageId}.${attemptId}`;

export const stageTimes = streamingInvariant(
  'I37',
  'stage-attempt-times',
  'trace',
  'a stage attempt whose tasks launched has a Submission Time (one with no task has none), its tasks launch at or after it, and its StageCompleted keeps it and has a Completion Time no earlier than it nor than the Finish Time of any of its TaskEnds posted before (DAGScheduler.submitMissingTasks, markStageAsFinished)',
  (_ctx, _facts, report) => {
    const attempts = new Map<string, AttemptTimes>();
    return {
      event(e, i) {
        switch (e.Event) {
          case 'SparkListenerStageSubmitted': {
            const si = e['Stage Info'];
            const key = keyOf(si['Stage ID'], si['Stage Attempt ID']);
            const submitted = si['Submission Time'];
            if (si['Number of Tasks'] === 0 && submitted !== undefined)
              report(`stage attempt ${key} has no task to run but a Submission Time (${submitted}); Spark sets none for a skipped attempt`, i);
            attempts.set(key, { submitted, firstLaunch: null, lastFinish: null });
            return;
          }
          case 'SparkListenerTaskStart': {
            const a = attempts.get(keyOf(e['Stage ID'], e['Stage Attempt ID']));
            const launch = e['Task Info']['Launch Time'];
            if (a === undefined || typeof launch !== 'number') return;
            if (a.submitted !== undefined && launch < a.submitted) {
              report(
                `TID ${e['Task Info']['Task ID']} of stage attempt ${keyOf(e['Stage ID'], e['Stage Attempt ID'])} launches at ${launch}, before the attempt's Submission Time ${a.submitted}`,
                i,
              );
            }
            if (a.firstLaunch === null || launch < a.firstLaunch.time) a.firstLaunch = { time: launch, tid: e['Task Info']['Task ID'] };
            return;
          }
          case 'SparkListenerTaskEnd': {
            const a = attempts.get(keyOf(e['Stage ID'], e['Stage Attempt ID']));
            const finish = e['Task Info']['Finish Time'];
            if (a !== undefined && typeof finish === 'number' && (a.lastFinish === null || finish > a.lastFinish.time))
              a.lastFinish = { time: finish, tid: e['Task Info']['Task ID'] };
            return;
          }
          case 'SparkListenerStageCompleted':
            completed(e['Stage Info'], attempts, i, report);
            return;
        }
      },
    };
  },
);

function completed(si: StageInfoJson, attempts: Map<string, AttemptTimes>, i: number, report: (message: string, eventIndex?: number) => void): void {
  const key = keyOf(si['Stage ID'], si['Stage Attempt ID']);
  const a = attempts.get(key);
  attempts.delete(key);
  if (a === undefined) return;
  const completion = si['Completion Time'];
  const submitted = a.submitted ?? si['Submission Time'];
  if (a.submitted !== undefined && si['Submission Time'] !== undefined && si['Submission Time'] !== a.submitted)
    report(`stage attempt ${key} completes with Submission Time ${si['Submission Time']}, though it was submitted with ${a.submitted}`, i);
  if (a.firstLaunch !== null && submitted === undefined && completion !== undefined)
    report(`stage attempt ${key} launched tasks (TID ${a.firstLaunch.tid} first) but completes with no Submission Time`, i);
  if (a.firstLaunch !== null && submitted !== undefined && a.submitted === undefined && a.firstLaunch.time < submitted)
    report(`TID ${a.firstLaunch.tid} of stage attempt ${key} launched at ${a.firstLaunch.time}, before the attempt's Submission Time ${submitted}`, i);
  if (completion === undefined) return;
  if (submitted !== undefined && completion < submitted) report(`stage attempt ${key} completes at ${completion}, before its Submission Time ${submitted}`, i);
  if (a.lastFinish !== null && completion < a.lastFinish.time)
    report(`stage attempt ${key} completes at ${completion}, before TID ${a.lastFinish.tid} of it finished (${a.lastFinish.time})`, i);
}
