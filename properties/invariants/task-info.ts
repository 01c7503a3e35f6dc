// I33: a TaskEnd's TaskInfo agrees with its end reason, as Spark 3.2.0 records it. A streaming
// check (streaming.ts). What Spark does (core/src/main/scala/org/apache/spark/scheduler/):
// - TaskInfo.markFinished(state, time) sets Finish Time and then Failed for state FAILED, Killed
//   for KILLED, neither for FINISHED (TaskInfo.scala);
// - the executor reports TaskKilled and TaskCommitDenied as KILLED, ExceptionFailure and
//   FetchFailed as FAILED (executor/Executor.scala); TaskSetManager.executorLost fails a running
//   attempt FAILED with ExecutorLostFailure; the result getter's "result size exceeded" kill is
//   KILLED with TaskKilled (TaskResultGetter.scala);
// - a lost result is FINISHED, so TaskResultLost has neither flag, and it is only lost after
//   handleTaskGettingResult set Getting Result Time and posted TaskGettingResult
//   (TaskResultGetter.enqueueSuccessfulTask: handleFailedTask(..., TaskState.FINISHED, TaskResultLost));
// - Success is FINISHED (TaskSetManager.handleSuccessfulTask); Resubmitted reposts the TaskInfo of
//   a finished attempt on the lost executor (TaskSetManager.executorLost): the first of the index
//   in taskInfos' order, which may be a failed or killed attempt of an index another attempt
//   completed, so its flags are those of that attempt's own end; UnknownReason keeps the state the
//   executor reported (FAILED or KILLED; Mesos' LOST sets neither);
// - markFinished never clears a flag, and handleSuccessfulTask does not check them: a result
//   fetched after the executor's loss failed the attempt (SPARK-37300) ends it a second time with
//   Failed still set.
// Getting Result Time is set only when the driver fetches an indirect result: a failure other than
// TaskResultLost and ExecutorLostFailure (a loss while fetching) never has one. Spark 1.x had no
// Killed flag: its handleFailedTask marked every failure Failed (TaskInfo.markFailed), so a log
// without the Killed field is held to that. A field a log leaves out is not checked. A simulated
// clock starts at 0, so a Finish Time of 0 (Spark's "not finished") is allowed only for an attempt
// launched at 0, and a Getting Result Time of 0 for a result lost at 0. A TaskCommitDenied names
// the attempt it denied: its stage's id as "Job ID", its partition and its attempt number.
import type { TaskEndEvent } from '../../src/trace/events.js';
import { streamingInvariant } from './streaming.js';

type Flags = 'failed' | 'killed' | 'neither' | 'notBoth';

/** The flags Spark 3.2.0 sets for each end reason (its TaskState), by the rules above. */
const FLAGS_OF: Record<string, Flags> = {
  Success: 'neither',
  Resubmitted: 'neither',
  TaskResultLost: 'neither',
  TaskKilled: 'killed',
  TaskCommitDenied: 'killed',
  ExceptionFailure: 'failed',
  FetchFailed: 'failed',
  ExecutorLostFailure: 'failed',
  UnknownReason: 'notBoth',
};

/** Reasons whose attempt may have begun fetching its result: a loss may strike while it does. */
const MAY_GET_RESULT = new Set(['Success', 'Resubmitted', 'TaskResultLost', 'ExecutorLostFailure']);

export const taskInfoAgreesWithEnd = streamingInvariant(
  'I33',
  'task-info-agrees-with-end',
  'trace',
  "a TaskEnd's TaskInfo is as Spark 3.2 records its end reason (TaskInfo.markFinished): Killed for TaskKilled and TaskCommitDenied, Failed for ExceptionFailure, FetchFailed and ExecutorLostFailure, neither for Success and TaskResultLost (its state is FINISHED), for Resubmitted those of the attempt's own earlier end, never both; a Finish Time from its Launch Time on; a Getting Result Time (after a TaskGettingResult) for TaskResultLost and none for other failures but ExecutorLostFailure; a late end after an ExecutorLostFailure (SPARK-37300) keeps Failed; a TaskCommitDenied names its stage (as Job ID), partition and attempt",
  (_ctx, f, report) => {
    // TIDs whose driver began fetching the result (TaskGettingResult seen), until their end.
    const gettingResult = new Set<number>();
    // The flags each TID's own (first) end recorded: a later Resubmitted reposts that TaskInfo.
    const endFlags = new Map<number, Flags>();
    return {
      event(e, i) {
        if (e.Event === 'SparkListenerTaskGettingResult') gettingResult.add(e['Task Info']['Task ID']);
        if (e.Event !== 'SparkListenerTaskEnd') return;
        const tid = e['Task Info']['Task ID'];
        const reason = e['Task End Reason'].Reason;
        const lateEnd = reason !== 'Resubmitted' && f.tids.decisiveEnds(tid) >= 2 && f.tids.firstEndWasExecutorLost(tid);
        const want = reason === 'Resubmitted' && endFlags.has(tid) ? endFlags.get(tid) : wantedFlags(e, lateEnd);
        for (const problem of problemsOf(e, want, gettingResult.has(tid)))
          report(`TID ${tid} ends ${reason}${lateEnd ? ' (late, after its ExecutorLostFailure)' : ''} but ${problem}`, i);
        for (const problem of commitDeniedProblems(e)) report(`TID ${tid} ends TaskCommitDenied but ${problem}`, i);
        if (reason !== 'Resubmitted') {
          gettingResult.delete(tid);
          if (!endFlags.has(tid)) endFlags.set(tid, flagsOf(e));
        }
      },
    };
  },
);

/** The flags the end must carry: undefined for a reason this Spark does not know. */
function wantedFlags(e: TaskEndEvent, lateEnd: boolean): Flags | undefined {
  const reason = e['Task End Reason'].Reason;
  if (lateEnd) return 'failed';
  if (e['Task Info'].Killed === undefined) return reason === 'Success' || reason === 'Resubmitted' ? 'neither' : 'failed';
  return FLAGS_OF[reason];
}

/** What in the TaskInfo of `e` disagrees with its reason; `want` undefined: a reason of another Spark version. */
function problemsOf(e: TaskEndEvent, want: Flags | undefined, sawGettingResult: boolean): string[] {
  const ti = e['Task Info'];
  const reason = e['Task End Reason'].Reason;
  const out: string[] = [];
  const failed = ti.Failed as boolean | undefined;
  const killed = ti.Killed as boolean | undefined;
  if (failed === true && killed === true) out.push('its TaskInfo says both Failed and Killed');
  else if (want === 'failed' && (failed === false || killed === true)) out.push(`its TaskInfo says ${flagsText(failed, killed)}, not Failed (state FAILED)`);
  else if (want === 'killed' && (killed === false || failed === true)) out.push(`its TaskInfo says ${flagsText(failed, killed)}, not Killed (state KILLED)`);
  else if (want === 'neither' && (failed === true || killed === true)) out.push(`its TaskInfo says ${flagsText(failed, killed)}, though its state is FINISHED`);
  const launch = ti['Launch Time'];
  const finish = ti['Finish Time'];
  const getting = ti['Getting Result Time'] as number | undefined;
  if (typeof finish === 'number' && typeof launch === 'number') {
    if (finish === 0 && launch > 0) out.push('it has no Finish Time (0)');
    else if (finish < launch) out.push(`its Finish Time ${finish} is before its Launch Time ${launch}`);
  }
  if (typeof getting !== 'number') return out;
  if (reason === 'TaskResultLost' && getting === 0 && finish !== 0)
    out.push('it has no Getting Result Time, though a result is lost only while the driver fetches it');
  if (reason === 'TaskResultLost' && !sawGettingResult) out.push('no TaskGettingResult came before it');
  if (getting > 0 && !MAY_GET_RESULT.has(reason) && want !== undefined) out.push(`it has a Getting Result Time (${getting}), which only a fetched result has`);
  if (getting > 0 && typeof finish === 'number' && finish > 0 && (getting > finish || (typeof launch === 'number' && getting < launch)))
    out.push(`its Getting Result Time ${getting} is outside its run (${launch}–${finish})`);
  return out;
}

/** The flags an end's TaskInfo carries. */
function flagsOf(e: TaskEndEvent): Flags {
  const ti = e['Task Info'];
  if (ti.Failed === true) return 'failed';
  if (ti.Killed === true) return 'killed';
  return 'neither';
}

function flagsText(failed: boolean | undefined, killed: boolean | undefined): string {
  if (failed === true) return 'Failed';
  if (killed === true) return 'Killed';
  return 'neither Failed nor Killed';
}

/**
 * A denied commit names its own attempt: CommitDeniedException(msg, ctx.stageId(), splitId,
 * ctx.attemptNumber()) in SparkHadoopMapRedUtil.commitTask, so its "Job ID" is the stage's id.
 */
function commitDeniedProblems(e: TaskEndEvent): string[] {
  const r = e['Task End Reason'];
  if (r.Reason !== 'TaskCommitDenied') return [];
  const info = e['Task Info'];
  const out: string[] = [];
  if (r['Job ID'] !== undefined && r['Job ID'] !== e['Stage ID']) out.push(`its Job ID is ${r['Job ID']}, not its stage's id ${e['Stage ID']}`);
  const partition = info['Partition ID'];
  if (partition !== undefined && r['Partition ID'] !== undefined && r['Partition ID'] !== partition)
    out.push(`its Partition ID is ${r['Partition ID']}, not its task's partition ${partition}`);
  if (r['Attempt Number'] !== undefined && r['Attempt Number'] !== info.Attempt)
    out.push(`its Attempt Number is ${r['Attempt Number']}, not its attempt ${info.Attempt}`);
  return out;
}
