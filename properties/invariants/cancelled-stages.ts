// I40 cancelled-stage-tasks-killed (issue 11; spec §10.5, §8 cancelTasks): when a job ends, the
// DAGScheduler cancels each running stage that only it uses (failJobAndIndependentStages on a
// failure, cancelRunningIndependentStages on a success): TaskSchedulerImpl.cancelTasks kills
// every running task of every attempt of the stage, zombie attempts included, with "Stage
// cancelled" (killAllTaskAttempts walks all of taskSetsByStageIdAndAttempt, Spark 3.2.0), and
// the stage is marked finished with the job's reason. In the trace: the StageCompleted events
// posted right before the JobEnd, whose Failure Reason is the job's failure message (or "Job n is
// finished."), name the cancelled stages; each task of theirs still running then ends TaskKilled
// with "Stage cancelled". A stage the job's failure did not find running (one a fetch failure had
// already failed) is not cancelled, and its tasks run on. A task whose own end comes at the
// instant of the cancellation may end as it would have (not as killed for another reason): its
// status update was already on its way when the kill was sent. Whether a task ends at all is
// I17b's (an attempt that throws an immediate-abort exception never does). Simulated runs only:
// in Spark that window is the kill's latency; the simulator delivers the kill right after the
// driver's step (README, "Kill latency").
import { jobFinishedReason, KILL_REASON } from '../../src/spark/messages.js';
import { streamingInvariant } from './streaming.js';

/** The reasons the scheduler kills tasks with; a task may also end killed by its own fault, with the scenario's reason. */
const SCHEDULER_KILL_REASONS: ReadonlySet<string> = new Set(Object.values(KILL_REASON));

interface Cancelled {
  stageId: number;
  /** The StageCompleted event that cancelled it. */
  at: number;
  /** When: the JobEnd's Completion Time. */
  timeMs: number;
}

export const cancelledStageTasksKilled = streamingInvariant(
  'I40',
  'cancelled-stage-tasks-killed',
  'scenario',
  `when a job ends, every task still running in a stage its end cancels (a StageCompleted with the job's reason right before the JobEnd), in any attempt of that stage, ends TaskKilled "${KILL_REASON.stageCancelled}" (spec §8 cancelTasks, §10.5)`,
  (_ctx, _facts, report) => {
    /** TID → its stage, from TaskStart to its own end. */
    const running = new Map<number, number>();
    /** StageCompleted events with a failure reason since the last other event: the candidates. */
    const completed: { stageId: number; reason: string; at: number }[] = [];
    /** TID → the cancellation it must end by. */
    const mustBeKilled = new Map<number, Cancelled>();
    const cancel = (reason: string, timeMs: number): void => {
      for (const c of completed) {
        if (c.reason !== reason) continue;
        for (const [tid, stageId] of running) if (stageId === c.stageId) mustBeKilled.set(tid, { stageId, at: c.at, timeMs });
      }
    };
    return {
      event(e, i) {
        if (e.Event === 'SparkListenerStageCompleted') {
          const reason = e['Stage Info']['Failure Reason'];
          if (reason !== undefined) completed.push({ stageId: e['Stage Info']['Stage ID'], reason, at: i });
          return;
        }
        if (e.Event === 'SparkListenerJobEnd') {
          const result = e['Job Result'];
          cancel(result.Result === 'JobSucceeded' ? jobFinishedReason(e['Job ID']) : result.Exception.Message, e['Completion Time']);
        }
        if (completed.length > 0) completed.length = 0;
        if (e.Event === 'SparkListenerTaskStart') running.set(e['Task Info']['Task ID'], e['Stage ID']);
        if (e.Event !== 'SparkListenerTaskEnd' || e['Task End Reason'].Reason === 'Resubmitted') return;
        const tid = e['Task Info']['Task ID'];
        running.delete(tid);
        const cancelled = mustBeKilled.get(tid);
        if (cancelled === undefined) return;
        mustBeKilled.delete(tid);
        const r = e['Task End Reason'];
        // Killed by the cancel; or, at the cancel's instant, its own end on its way (any end but
        // a kill the scheduler itself asked for with another reason).
        if (r.Reason === 'TaskKilled' && r['Kill Reason'] === KILL_REASON.stageCancelled) return;
        const schedulerKill = r.Reason === 'TaskKilled' && SCHEDULER_KILL_REASONS.has(r['Kill Reason']);
        if (!schedulerKill && e['Task Info']['Finish Time'] === cancelled.timeMs) return;
        const got = r.Reason === 'TaskKilled' ? `TaskKilled "${r['Kill Reason']}"` : `${r.Reason} at ${e['Task Info']['Finish Time']} ms`;
        report(`TID ${tid} of stage ${cancelled.stageId}, running when event ${cancelled.at} cancelled the stage at ${cancelled.timeMs} ms, ends ${got}`, i);
      },
    };
  },
);
