// Versioned state stores of a micro-batch query (streaming spec §4.2). A stage that reads a
// shuffle is taken to be a stateful operator after its exchange (a streaming aggregation, join
// or dropDuplicates: the only reasons a streaming plan shuffles). Batch N loads state version N of
// each partition and commits version N+1 once the task has consumed its partition; a task that
// fails before that aborts its changes, so the retry loads version N again.
import type { TraceRecorder } from '../trace/recorder.js';
import type { TaskEndReason } from '../spark/task-end-reason.js';
import type { AttemptPlan, TaskRunner } from '../spark/task-runner.js';
import type { TaskAttempt } from '../spark/task.js';
import type { StreamingRules } from './streaming-rules.js';

/**
 * End reasons that come after the task's work, so after its state commit: a lost result (the
 * driver could not fetch what the executor finished) and a denied output commit (the sink's
 * commit, after every row went through the state store) leave version N+1 committed, and the
 * retry commits it again from version N.
 */
const AFTER_THE_WORK = new Set<TaskEndReason['kind']>(['Success', 'TaskResultLost', 'TaskCommitDenied']);

export class StateStoreTaskRunner implements TaskRunner {
  constructor(
    private readonly inner: TaskRunner,
    private readonly bus: TraceRecorder,
    private readonly now: () => number,
    /** RDD ids per batch execution: a stage's operator is its plan RDD's id in the workload. */
    private readonly rddIdSpan: number,
    private readonly rules: StreamingRules,
  ) {}

  plan(attempt: TaskAttempt): AttemptPlan {
    return this.inner.plan(attempt);
  }

  finish(attempt: TaskAttempt, plan: AttemptPlan): TaskEndReason {
    const reason = this.inner.finish(attempt, plan);
    const t = attempt.task;
    const batch = t.job.batch;
    if (batch !== null && t.stage.rdd.stageShuffleInputs.length > 0 && (AFTER_THE_WORK.has(reason.kind) || !this.rules.stateCommitsAfterWork)) {
      this.bus.postMessage({
        Event: 'SparkRetryHarnessStateStoreCommitted',
        Timestamp: this.now(),
        batch,
        operator: t.stage.rdd.id % this.rddIdSpan,
        stageId: t.stage.id,
        stageAttemptId: t.stageAttemptId,
        partition: t.partition,
        tid: attempt.tid,
        attempt: attempt.attempt,
        loadedVersion: batch,
        version: batch + 1,
      });
    }
    return reason;
  }
}
