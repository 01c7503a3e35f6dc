// How a failed write job surfaces in a streaming query (streaming spec §3, §4.2, §5.6).
import type { SinkApi } from '../scenario/types.js';

export const WRITING_JOB_ABORTED = 'Writing job aborted';
export const JOB_ABORTED = 'Job aborted.';
export const CONTINUOUS_RETRY_EXCEPTION = 'org.apache.spark.sql.execution.streaming.continuous.ContinuousTaskRetryException';
export const CONTINUOUS_RETRY_MESSAGE = 'Continuous execution does not support task retry';

/** Exceptions StreamExecution.isInterruptionException accepts (with subclasses we can name). */
const INTERRUPTIONS = new Set([
  'java.lang.InterruptedException',
  'java.io.InterruptedIOException',
  'java.net.SocketTimeoutException',
  'java.nio.channels.ClosedByInterruptException',
]);

/**
 * The cause chain of a continuous write job's failure (streaming spec §5.6): "Writing job
 * aborted", the job failure, then the aborting task's exception when it kept one. A job failed by
 * an interruption exception is rethrown unwrapped (WriteToContinuousDataSourceExec).
 */
export function continuousWriteFailureChain(jobMessage: string, taskException: string | null): string[] {
  if (taskException !== null && INTERRUPTIONS.has(taskException.split(': ')[0])) return [jobMessage, taskException];
  return taskException === null ? [WRITING_JOB_ABORTED, jobMessage] : [WRITING_JOB_ABORTED, jobMessage, taskException];
}

/**
 * The cause chain of a batch job failure, outermost first: DSv2 sinks wrap the job error in
 * "Writing job aborted", the v1 file sink in "Job aborted.", and other v1 sinks throw it as is.
 * The job error's own cause, the aborting task's exception, ends the chain when the task kept one.
 */
export function writeFailureChain(sinkApi: SinkApi, jobMessage: string, taskException: string | null): string[] {
  const job = taskException === null ? [jobMessage] : [jobMessage, taskException];
  switch (sinkApi) {
    case 'v2':
      return [WRITING_JOB_ABORTED, ...job];
    case 'file':
      return [JOB_ABORTED, ...job];
    case 'v1':
      return job;
  }
}
