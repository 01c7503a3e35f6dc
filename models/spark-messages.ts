// The message formats the model predicts, written again from the spec (scheduler facts §3, §4,
// §5) rather than imported from src/spark: the model is a second, independent statement, so a
// wrong format in the simulator shows up as a disagreement instead of being shared by both.

/** An attempt as messages name it: "task <index>.<attempt> in stage <stage>.<attempt> (TID n)" (§3). */
export function taskName(index: number, attempt: number, stageId: number, stageAttemptId: number, tid: number): string {
  return `task ${index}.${attempt} in stage ${stageId}.${stageAttemptId} (TID ${tid})`;
}

/** The "Lost task" failure reason (§4). */
export function lostTaskMessage(name: string, host: string, executorId: string, errorString: string): string {
  return `Lost ${name} (${host} executor ${executorId}): ${errorString}`;
}

/** The TaskSetManager's abort at maxTaskFailures, with the driver stack trace marker (§4). */
export function taskFailedTooManyTimes(index: number, stageId: number, stageAttemptId: number, printedMax: number, failure: string): string {
  return `Task ${index} in stage ${stageId}.${stageAttemptId} failed ${printedMax} times, most recent failure: ${failure}\nDriver stacktrace:`;
}

/** What abortStage makes of a reason (§4). */
export function jobAbortedDueToStageFailure(reason: string): string {
  return 'Job aborted due to stage failure: ' + reason;
}

/** Stage.toString (§3). */
export function stageString(kind: 'result' | 'shuffleMap', stageId: number): string {
  return (kind === 'result' ? 'ResultStage ' : 'ShuffleMapStage ') + stageId;
}

/** The consecutive-attempts abort after FetchFailed: a newline, then the fetch failure's message (§4). */
export function stageFailedMaxTimes(stage: string, name: string, max: number, fetchFailure: string): string {
  return `${stage} (${name}) has failed the maximum allowable number of times: ${max}. Most recent failure reason:\n${fetchFailure}`;
}

/**
 * The abort for a result that cannot be serialized, or an output file that exists (§4): the first
 * starts with the task name ("task 0.0 in stage …"), the second with a capital "Task".
 */
export function immediateAbortReason(className: string, name: string, description: string): string {
  if (className === 'java.io.NotSerializableException') return `${name} had a not serializable result: ${description}`;
  return `T${name.slice(1)} can not write to output file: ${description}`;
}

export const NO_STAGE_RETRY_MESSAGE = 'Fetch failure will not retry stage due to testing config';

/** A cancelled job, here by a stopped query's job group (§4; streaming facts §4.3). */
export function jobCancelledByGroup(jobId: number, groupId: string): string {
  return `Job ${jobId} cancelled part of cancelled job group ${groupId}`;
}

/**
 * The scenario format's injected fetch failure when it gives no message (ARCHITECTURE §3): a
 * FetchFailedException's printed trace with no frames.
 */
export function injectedFetchFailureMessage(host: string | null, port: number, shuffleId: number, mapId: number, reduceId: number): string {
  const from = host === null ? '' : ` from ${host}:${port}`;
  // ShuffleBlockId names the map output by its map task's TID (Spark 3.0+), not by map index.
  return `org.apache.spark.shuffle.FetchFailedException: Failed to fetch shuffle_${shuffleId}_${mapId}_${reduceId}${from}\n`;
}

export interface PrintedFrame {
  declaringClass: string;
  methodName: string;
  fileName: string | null;
  lineNumber: number;
}

/** Utils.exceptionString: "<class>[: <message>]", then one "\tat …" line per frame (§5). */
export function printedException(className: string, description: string | null, frames: readonly PrintedFrame[]): string {
  const lines = [description === null ? className : `${className}: ${description}`];
  for (const f of frames) {
    const where =
      f.lineNumber === -2 ? 'Native Method' : f.fileName === null ? 'Unknown Source' : f.lineNumber >= 0 ? `${f.fileName}:${f.lineNumber}` : f.fileName;
    lines.push(`\tat ${f.declaringClass}.${f.methodName}(${where})`);
  }
  return lines.join('\n') + '\n';
}

/** toErrorString of the reasons whose text the scenario fixes (§5). */
export const TASK_RESULT_LOST = 'TaskResultLost (result lost from block manager)';
export const UNKNOWN_REASON = 'UnknownReason';
export function taskKilledString(killReason: string): string {
  return `TaskKilled (${killReason})`;
}
/** CommitDeniedException names the stage id as its "job" (§5). */
export function taskCommitDeniedString(stageId: number, partition: number, attemptNumber: number): string {
  return `TaskCommitDenied (Driver denied task commit) for job: ${stageId}, partition: ${partition}, attemptNumber: ${attemptNumber}`;
}

/**
 * Exceptions a continuous query treats as an interruption (StreamExecution.isInterruptionException):
 * a write job they fail is not wrapped in "Writing job aborted" (streaming facts §5.6).
 */
export function isInterruptionClass(className: string): boolean {
  return [
    'java.lang.InterruptedException',
    'java.io.InterruptedIOException',
    'java.net.SocketTimeoutException',
    'java.nio.channels.ClosedByInterruptException',
  ].includes(className);
}
