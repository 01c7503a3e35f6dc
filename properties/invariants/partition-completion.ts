// I39 completed-partition-skipped (issue 11 §1; spec §7.6): when a task of an older (zombie)
// attempt of a stage succeeds while the stage is still some running job's, the DAGScheduler tells
// every task set of the stage that the partition is done (handleTaskCompletion →
// TaskScheduler.notifyPartitionCompletion → TaskSetManager.markPartitionCompleted, Spark 3.2.0),
// so the stage's latest attempt never launches that partition afterwards; nor does any attempt
// launch a partition it succeeded on itself, unless a Resubmitted took that back (the rule kept
// in task-set-successes.ts, which the counting of failures reads too). I31 states the
// consequence for result stages; this is the rule itself, for map stages too, where I31 cannot
// look (a later attempt may run a lost output's partition again, but not this one). Simulated runs
// only: in Spark the TaskSchedulerImpl may launch the partition on another thread before the
// DAGScheduler's event loop handles the success; the simulator drains the DAGScheduler's events
// before it makes offers.
import { streamingInvariant } from './streaming.js';
import { TaskSetSuccesses } from './task-set-successes.js';

export const completedPartitionSkipped = streamingInvariant(
  'I39',
  'completed-partition-skipped',
  'scenario',
  'a stage attempt never launches a partition it counts successful: one it succeeded on (no Resubmitted since), or one a task of an older attempt succeeded on while the stage still ran for a job (notifyPartitionCompletion, spec §7.6)',
  (_ctx, _f, report) => {
    const successes = new TaskSetSuccesses();
    return {
      event(e, i) {
        switch (e.Event) {
          case 'SparkListenerJobStart':
          case 'SparkListenerJobEnd':
            successes.job(e);
            return;
          case 'SparkListenerStageSubmitted':
            successes.submitted(e['Stage Info']['Stage ID'], e['Stage Info']['Stage Attempt ID'], e['Stage Info']['Number of Tasks']);
            return;
          case 'SparkListenerTaskEnd': {
            const ti = e['Task Info'];
            const reason = e['Task End Reason'].Reason;
            if (reason === 'Success') successes.success(e['Stage ID'], e['Stage Attempt ID'], ti.Index, ti['Partition ID'] ?? null, i);
            else if (reason === 'Resubmitted') successes.resubmitted(e['Stage ID'], e['Stage Attempt ID'], ti.Index, ti['Partition ID'] ?? null);
            return;
          }
          case 'SparkListenerTaskStart': {
            const partition = e['Task Info']['Partition ID'];
            const at = partition === undefined ? undefined : successes.successfulAt(e['Stage ID'], e['Stage Attempt ID'], partition);
            if (at !== undefined)
              report(
                `TID ${e['Task Info']['Task ID']} launches partition ${partition} in stage ${e['Stage ID']} attempt ${e['Stage Attempt ID']}, which that attempt counts successful since event ${at}`,
                i,
              );
            return;
          }
        }
      },
    };
  },
);
