// I39 completed-partition-skipped (issue 11 §1; spec §7.6): when a task of an older (zombie)
// attempt of a stage succeeds while the stage is still some running job's, the DAGScheduler tells
// every task set of the stage that the partition is done (handleTaskCompletion →
// TaskScheduler.notifyPartitionCompletion → TaskSetManager.markPartitionCompleted, Spark 3.2.0),
// so the stage's latest attempt never launches that partition afterwards. I31 states the
// consequence for result stages; this is the rule itself, for map stages too, where I31 cannot
// look (a later attempt may run a lost output's partition again, but not this one). Simulated runs
// only: in Spark the TaskSchedulerImpl may launch the partition on another thread before the
// DAGScheduler's event loop handles the success; the simulator drains the DAGScheduler's events
// before it makes offers.
import { RunningJobs } from './running-jobs.js';
import { streamingInvariant } from './streaming.js';
import { tsmKey } from './trace-facts.js';

export const completedPartitionSkipped = streamingInvariant(
  'I39',
  'completed-partition-skipped',
  'scenario',
  "once a task of an older attempt of a stage succeeds while the stage still runs for a job, the stage's latest attempt never launches that partition (notifyPartitionCompletion, spec §7.6)",
  (_ctx, _f, report) => {
    const latest = new Map<number, number>();
    const running = new RunningJobs();
    /** Per stage attempt ("s.a"): the partitions an older attempt completed, with that success's event. */
    const completed = new Map<string, Map<number, number>>();
    return {
      event(e, i) {
        running.event(e);
        switch (e.Event) {
          case 'SparkListenerStageSubmitted':
            latest.set(e['Stage Info']['Stage ID'], e['Stage Info']['Stage Attempt ID']);
            return;
          case 'SparkListenerTaskEnd': {
            const partition = e['Task Info']['Partition ID'];
            const newest = latest.get(e['Stage ID']);
            if (
              e['Task End Reason'].Reason !== 'Success' ||
              partition === undefined ||
              newest === undefined ||
              e['Stage Attempt ID'] >= newest ||
              !running.runs(e['Stage ID'])
            )
              return;
            const key = tsmKey(e['Stage ID'], newest);
            const done = completed.get(key) ?? completed.set(key, new Map()).get(key)!;
            if (!done.has(partition)) done.set(partition, i);
            return;
          }
          case 'SparkListenerTaskStart': {
            const partition = e['Task Info']['Partition ID'];
            const at = partition === undefined ? undefined : completed.get(tsmKey(e['Stage ID'], e['Stage Attempt ID']))?.get(partition);
            if (at !== undefined)
              report(
                `TID ${e['Task Info']['Task ID']} launches partition ${partition} in stage ${e['Stage ID']} attempt ${e['Stage Attempt ID']}, after a task of an older attempt completed that partition (event ${at})`,
                i,
              );
            return;
          }
        }
      },
    };
  },
);
