// Spark 3.2's message formats, to the character (spec §4). Every string the simulator shows a
// user or writes into a trace is built here, so a format lives in exactly one place.

export function taskName(index: number, attempt: number, stageId: number, stageAttemptId: number, tid: number): string {
  return `task ${index}.${attempt} in stage ${stageId}.${stageAttemptId} (TID ${tid})`;
}

/** TSM handleFailedTask's failure reason, also logged at WARN (spec §4). */
export function lostTaskMessage(name: string, host: string, executorId: string, errorString: string): string {
  return `Lost ${name} (${host} executor ${executorId}): ${errorString}`;
}

/** The TaskSetManager's abort after maxTaskFailures (spec §4): it prints maxTaskFailures. */
export function taskFailedTooManyTimes(index: number, stageId: number, stageAttemptId: number, maxTaskFailures: number, failureReason: string): string {
  return `Task ${index} in stage ${stageId}.${stageAttemptId} failed ${maxTaskFailures} times, ` + `most recent failure: ${failureReason}\nDriver stacktrace:`;
}

/** The ERROR line logged at that abort (spec §4). */
export function abortingJobLog(index: number, stageId: number, stageAttemptId: number, maxTaskFailures: number): string {
  return `Task ${index} in stage ${stageId}.${stageAttemptId} failed ${maxTaskFailures} times; aborting job`;
}

/** DAGScheduler.abortStage → failJobAndIndependentStages (spec §4). */
const JOB_ABORTED_PREFIX = 'Job aborted due to stage failure: ';

export function jobAbortedDueToStageFailure(reason: string): string {
  return JOB_ABORTED_PREFIX + reason;
}

/** Whether a job failed by its own abort (DAGScheduler.abortStage), not by a cancellation. */
export function isJobAbort(message: string | null | undefined): boolean {
  return message?.startsWith(JOB_ABORTED_PREFIX) === true;
}

/** The stage retry limit after FetchFailed (spec §4, §10.4 step 5): a newline before the message. */
export function stageFailedMaxTimes(stageString: string, stageName: string, max: number, fetchFailedMessage: string): string {
  return `${stageString} (${stageName}) has failed the maximum allowable number of times: ${max}. ` + `Most recent failure reason:\n${fetchFailedMessage}`;
}

export const NO_STAGE_RETRY_MESSAGE = 'Fetch failure will not retry stage due to testing config';

/** DAGScheduler.handleJobCancellation's job failure (spec §4). */
export function jobCancelled(jobId: number, reason: string): string {
  return `Job ${jobId} cancelled ${reason}`;
}

/** The cancel reason of cancelJobGroup, which a streaming query's stop uses (streaming spec §4.3). */
export function jobGroupCancelReason(groupId: string): string {
  return `part of cancelled job group ${groupId}`;
}

/** TaskSchedulerImpl.cancelTasks' own abort of each TaskSetManager (spec §4). */
export function stageCancelled(stageId: number): string {
  return `Stage ${stageId} cancelled`;
}

/** Logged (INFO) for an executor loss not caused by the app (spec §4). */
export function notCountingExecutorLoss(name: string): string {
  return (
    `${name} failed because while it was being computed, its executor exited for a reason unrelated ` +
    `to the task. Not counting this failure towards the maximum number of failures for the task.`
  );
}

/** DAGScheduler.handleTaskCompletion's reason for cancelling a finished job's other running stages (their StageCompleted's Failure Reason). */
export function jobFinishedReason(jobId: number): string {
  return `Job ${jobId} is finished.`;
}

export const KILL_REASON = {
  stageCancelled: 'Stage cancelled',
  stageFinished: 'Stage finished',
  anotherAttemptSucceeded: 'another attempt succeeded',
} as const;

/** `Stage.toString` (spec §3). */
export function stageString(kind: 'result' | 'shuffleMap', stageId: number): string {
  return kind === 'result' ? `ResultStage ${stageId}` : `ShuffleMapStage ${stageId}`;
}

/** FetchFailedException's stack string when the scenario gives no message. */
export function defaultFetchFailedMessage(bmHost: string | null, port: number | null, shuffleId: number, mapId: number, reduceId: number): string {
  const where = bmHost === null ? '' : ` from ${bmHost}:${port}`;
  // The block is ShuffleBlockId(shuffleId, mapId, reduceId): since Spark 3.0 the map id is the
  // map task's TID, not its index (BlockId.scala).
  return `org.apache.spark.shuffle.FetchFailedException: Failed to fetch shuffle_${shuffleId}_${mapId}_${reduceId}${where}\n`;
}

/** MapOutputTracker's MetadataFetchFailedException, printed as a stack string. */
export function missingOutputLocationMessage(shuffleId: number, reduceId: number): string {
  return `org.apache.spark.shuffle.MetadataFetchFailedException: ` + `Missing an output location for shuffle ${shuffleId} partition ${reduceId}\n`;
}
