// The executor side of a continuous task (streaming spec §5.3): attempt 0 runs until it is
// stopped, killed or fails at an epoch (driven by ContinuousExecution); every attempt with
// attemptNumber >= 1 throws ContinuousTaskRetryException before reading anything (§5.6 step 2).
import type { StackFrame } from '../scenario/types.js';
import type { AttemptPlan, TaskRunner } from '../spark/task-runner.js';
import type { TaskEndReason } from '../spark/task-end-reason.js';
import type { TaskAttempt } from '../spark/task.js';
import { CONTINUOUS_RETRY_EXCEPTION, CONTINUOUS_RETRY_MESSAGE } from './streaming-errors.js';

/** The thrower's frame is from the spec (§12); the rest is the usual ResultTask path. */
const RETRY_STACK: StackFrame[] = [
  ['org.apache.spark.sql.execution.streaming.continuous.ContinuousDataSourceRDD', 'compute', 'ContinuousDataSourceRDD.scala', 78],
  ['org.apache.spark.rdd.RDD', 'computeOrReadCheckpoint', 'RDD.scala', 373],
  ['org.apache.spark.rdd.RDD', 'iterator', 'RDD.scala', 337],
  ['org.apache.spark.sql.execution.streaming.continuous.ContinuousWriteRDD', '$anonfun$compute$1', 'ContinuousWriteRDD.scala', 53],
  ['org.apache.spark.scheduler.ResultTask', 'runTask', 'ResultTask.scala', 90],
  ['org.apache.spark.scheduler.Task', 'run', 'Task.scala', 131],
  ['org.apache.spark.executor.Executor$TaskRunner', 'run', 'Executor.scala', 509],
  ['java.lang.Thread', 'run', 'Thread.java', 748],
].map(([declaringClass, methodName, fileName, lineNumber]) => ({
  declaringClass: declaringClass as string,
  methodName: methodName as string,
  fileName: fileName as string,
  lineNumber: lineNumber as number,
}));

export const CONTINUOUS_RETRY_FAILURE: TaskEndReason = {
  kind: 'ExceptionFailure',
  className: CONTINUOUS_RETRY_EXCEPTION,
  description: CONTINUOUS_RETRY_MESSAGE,
  stackTrace: RETRY_STACK,
};

const LONG_RUNNING: AttemptPlan = { durationMs: null, fail: null };
const RETRY_ATTEMPT: AttemptPlan = { durationMs: 0, fail: null };

export class ContinuousTaskRunner implements TaskRunner {
  constructor(private readonly onLaunch: (attempt: TaskAttempt) => void) {}

  plan(attempt: TaskAttempt): AttemptPlan {
    if (attempt.attempt !== 0) return RETRY_ATTEMPT;
    this.onLaunch(attempt);
    return LONG_RUNNING;
  }

  finish(attempt: TaskAttempt): TaskEndReason {
    // Only retry attempts finish by themselves.
    void attempt;
    return CONTINUOUS_RETRY_FAILURE;
  }
}
