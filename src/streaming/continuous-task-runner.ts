// The executor side of a continuous task (streaming spec §5.3): attempt 0 runs until it is
// stopped, killed or fails at an epoch (driven by ContinuousExecution); every attempt with
// attemptNumber >= 1 throws ContinuousTaskRetryException before reading anything (§5.6 step 2).
import type { StackFrame } from '../scenario/types.js';
import type { AttemptPlan, TaskRunner } from '../spark/task-runner.js';
import { exceptionString, type TaskEndReason } from '../spark/task-end-reason.js';
import type { TaskAttempt } from '../spark/task.js';
import { CONTINUOUS_RETRY_EXCEPTION, CONTINUOUS_RETRY_MESSAGE } from './streaming-errors.js';

/**
 * Where a retry attempt's exception is built and how it travels, by Spark 3.2.0's sources (spec
 * §12 fixes the thrower's frame): ContinuousWriteRDD's epoch loop calls the scan's compute (a
 * MapPartitionsRDD, DataSourceV2ScanExecBase.doExecute's row counter) inside
 * Utils.tryWithSafeFinallyAndFailureCallbacks; the ResultTask runs on an executor thread. Lines of
 * multi-line Scala calls are those scalac gives them (the last argument's), as in real traces.
 */
const RETRY_STACK: StackFrame[] = [
  ['org.apache.spark.sql.execution.streaming.continuous.ContinuousDataSourceRDD', 'compute', 'ContinuousDataSourceRDD.scala', 78],
  ['org.apache.spark.rdd.RDD', 'computeOrReadCheckpoint', 'RDD.scala', 373],
  ['org.apache.spark.rdd.RDD', 'iterator', 'RDD.scala', 337],
  ['org.apache.spark.rdd.MapPartitionsRDD', 'compute', 'MapPartitionsRDD.scala', 52],
  ['org.apache.spark.sql.execution.streaming.continuous.ContinuousWriteRDD', '$anonfun$compute$1', 'ContinuousWriteRDD.scala', 54],
  ['org.apache.spark.util.Utils$', 'tryWithSafeFinallyAndFailureCallbacks', 'Utils.scala', 1496],
  ['org.apache.spark.sql.execution.streaming.continuous.ContinuousWriteRDD', 'compute', 'ContinuousWriteRDD.scala', 91],
  ['org.apache.spark.rdd.RDD', 'computeOrReadCheckpoint', 'RDD.scala', 373],
  ['org.apache.spark.rdd.RDD', 'iterator', 'RDD.scala', 337],
  ['org.apache.spark.scheduler.ResultTask', 'runTask', 'ResultTask.scala', 90],
  ['org.apache.spark.scheduler.Task', 'run', 'Task.scala', 131],
  ['org.apache.spark.executor.Executor$TaskRunner', '$anonfun$run$3', 'Executor.scala', 506],
  ['org.apache.spark.util.Utils$', 'tryWithSafeFinally', 'Utils.scala', 1462],
  ['org.apache.spark.executor.Executor$TaskRunner', 'run', 'Executor.scala', 509],
  ['java.util.concurrent.ThreadPoolExecutor', 'runWorker', 'ThreadPoolExecutor.java', 1149],
  ['java.util.concurrent.ThreadPoolExecutor$Worker', 'run', 'ThreadPoolExecutor.java', 624],
  ['java.lang.Thread', 'run', 'Thread.java', 748],
].map(([declaringClass, methodName, fileName, lineNumber]) => ({
  declaringClass: declaringClass as string,
  methodName: methodName as string,
  fileName: fileName as string,
  lineNumber: lineNumber as number,
}));

/**
 * The epoch loop's finally block closes a writer the failed compute never created: its
 * NullPointerException is added to the retry exception as suppressed (spec §5.3 step 4), which
 * Throwable.printStackTrace prints after the frames, sharing the last 11 with them.
 */
const SUPPRESSED_NPE =
  '\tSuppressed: java.lang.NullPointerException\n' +
  '\t\tat org.apache.spark.sql.execution.streaming.continuous.ContinuousWriteRDD.$anonfun$compute$3(ContinuousWriteRDD.scala:91)\n' +
  '\t\tat org.apache.spark.util.Utils$.tryWithSafeFinallyAndFailureCallbacks(Utils.scala:1518)\n' +
  `\t\t... ${RETRY_STACK.length - 6} more\n`;

export const CONTINUOUS_RETRY_FAILURE: TaskEndReason = {
  kind: 'ExceptionFailure',
  className: CONTINUOUS_RETRY_EXCEPTION,
  description: CONTINUOUS_RETRY_MESSAGE,
  stackTrace: RETRY_STACK,
  fullStackTrace: exceptionString(CONTINUOUS_RETRY_EXCEPTION, CONTINUOUS_RETRY_MESSAGE, RETRY_STACK) + SUPPRESSED_NPE,
};

const LONG_RUNNING: AttemptPlan = { durationMs: null, fail: null };
const RETRY_ATTEMPT: AttemptPlan = { durationMs: 0, fail: null };

export class ContinuousTaskRunner implements TaskRunner {
  constructor(
    private readonly onLaunch: (attempt: TaskAttempt) => void,
    /** Spark's check (streaming spec §5.3 step 1); false only in a mutant that retries for real. */
    private readonly retriesFail = true,
  ) {}

  plan(attempt: TaskAttempt): AttemptPlan {
    if (attempt.attempt !== 0 && this.retriesFail) return RETRY_ATTEMPT;
    this.onLaunch(attempt);
    return LONG_RUNNING;
  }

  finish(attempt: TaskAttempt): TaskEndReason {
    // Only retry attempts finish by themselves.
    void attempt;
    return CONTINUOUS_RETRY_FAILURE;
  }
}
