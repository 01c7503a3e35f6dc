// TaskSetManager (spec §7): one per stage attempt. It hands out tasks to offers, counts failures
// per task index and aborts the task set once an index has failed maxTaskFailures times.
import { assert } from '../sim/assert.js';
import type { DriverLog } from './log.js';
import { abortingJobLog, lostTaskMessage, notCountingExecutorLoss, taskFailedTooManyTimes, taskName } from './messages.js';
import type { DagSchedulerEvents, WorkerOffer } from './scheduler-interfaces.js';
import type { SchedulerRules } from './scheduler-rules.js';
import { exceptionHeadline, toErrorString, type TaskEndReason } from './task-end-reason.js';
import { scalaHashMapOrder } from './scala-hash-map-order.js';
import { launchTaskInfo, type TaskAttempt, type TaskSet } from './task.js';

/** Identical exception descriptions within this time are logged as "[duplicate n]" (spec §2). */
const EXCEPTION_PRINT_INTERVAL_MS = 10_000;

/** The exceptions that abort the task set at once (rules.abortsAtOnce, spec §7.3 step 3) word their messages so. */
const NOT_SERIALIZABLE = 'java.io.NotSerializableException';

export interface TaskSetManagerHost {
  readonly rules: SchedulerRules;
  newTaskId(): number;
  now(): number;
  taskSetFinished(tsm: TaskSetManager): void;
}

export class TaskSetManager {
  readonly numTasks: number;
  isZombie = false;
  tasksSuccessful = 0;
  runningTasks = 0;
  /** Pending indices as a stack: the top is launched next (spec §7.1, surprising fact 9). */
  private readonly pending: number[] = [];
  private readonly copiesRunning: Int32Array;
  readonly successful: Uint8Array;
  readonly numFailures: Int32Array;
  private readonly launches: Int32Array;
  /** Every attempt this set launched, in TID order. */
  readonly attempts: TaskAttempt[] = [];
  private readonly recentExceptions = new Map<string, { dupCount: number; printTime: number }>();

  constructor(
    readonly taskSet: TaskSet,
    readonly maxTaskFailures: number,
    private readonly host: TaskSetManagerHost,
    private readonly dag: DagSchedulerEvents,
    private readonly log: DriverLog,
  ) {
    const n = taskSet.tasks.length;
    this.numTasks = n;
    this.copiesRunning = new Int32Array(n);
    this.successful = new Uint8Array(n);
    this.numFailures = new Int32Array(n);
    this.launches = new Int32Array(n);
    for (let i = n - 1; i >= 0; i--) this.pending.push(i);
  }

  get stageId(): number {
    return this.taskSet.stage.id;
  }

  get stageAttemptId(): number {
    return this.taskSet.stageAttemptId;
  }

  hasPendingTasks(): boolean {
    return !this.isZombie && this.pending.length > 0;
  }

  /** resourceOffer: the next launchable index from the top of the stack, or null (spec §7.1). */
  resourceOffer(offer: WorkerOffer): TaskAttempt | null {
    if (this.isZombie) return null;
    const pending = this.pending;
    while (pending.length > 0) {
      const index = pending.pop()!;
      // Stale entries (already running or done) are dropped lazily, as Spark does.
      if (this.copiesRunning[index] !== 0 || this.successful[index] !== 0) continue;
      return this.launch(index, offer);
    }
    return null;
  }

  private launch(index: number, offer: WorkerOffer): TaskAttempt {
    const task = this.taskSet.tasks[index];
    const { executorId, host } = offer;
    const tid = this.host.newTaskId();
    const attemptNumber = this.launches[index]++;
    const launchTime = this.host.now();
    const attempt: TaskAttempt = {
      tid,
      task,
      attempt: attemptNumber,
      executorId,
      host,
      blockManager: offer.blockManager,
      launchTime,
      gettingResultTime: 0,
      finishTime: 0,
      state: 'RUNNING',
      killReason: null,
      startInfo: launchTaskInfo(tid, task, attemptNumber, executorId, host, launchTime),
    };
    this.copiesRunning[index]++;
    this.runningTasks++;
    this.attempts.push(attempt);
    if (this.log.enabled) {
      const name = taskName(index, attempt.attempt, this.stageId, this.stageAttemptId, attempt.tid);
      this.log.log(
        'INFO',
        'TaskSetManager',
        `Starting ${name} (${host}, executor ${executorId}, partition ${task.partition}, PROCESS_LOCAL, 4472 bytes) taskResourceAssignments Map()`,
      );
    }
    this.dag.taskStarted(attempt);
    return attempt;
  }

  /** handleSuccessfulTask (spec §7.2). No speculation, so no other copy is running. */
  handleSuccessfulTask(attempt: TaskAttempt): void {
    assert(attempt.state === 'RUNNING', () => `TID ${attempt.tid} succeeded after it ended ${attempt.state}`);
    const index = attempt.task.index;
    attempt.state = 'FINISHED';
    attempt.finishTime = this.host.now();
    this.runningTasks--;
    if (this.successful[index] === 0) {
      this.tasksSuccessful++;
      this.successful[index] = 1;
      if (this.log.enabled) {
        const name = taskName(index, attempt.attempt, this.stageId, this.stageAttemptId, attempt.tid);
        this.log.log(
          'INFO',
          'TaskSetManager',
          `Finished ${name} in ${attempt.finishTime - attempt.launchTime} ms on ${attempt.host} (executor ${attempt.executorId}) (${this.tasksSuccessful}/${this.numTasks})`,
        );
      }
      if (this.tasksSuccessful === this.numTasks) this.isZombie = true;
    } else if (this.log.enabled) {
      this.log.log(
        'INFO',
        'TaskSetManager',
        `Ignoring task-finished event for ${taskName(index, attempt.attempt, this.stageId, this.stageAttemptId, attempt.tid)} because it has already completed successfully`,
      );
    }
    this.dag.taskEnded(attempt, { kind: 'Success' });
    this.maybeFinishTaskSet();
  }

  /** handleTaskGettingResult: the driver starts fetching an indirect result (spec §6). */
  handleTaskGettingResult(attempt: TaskAttempt): void {
    attempt.gettingResultTime = this.host.now();
    this.dag.taskGettingResult(attempt);
  }

  /** handleFailedTask, step by step (spec §7.3). */
  handleFailedTask(attempt: TaskAttempt, state: 'FINISHED' | 'FAILED' | 'KILLED', reason: TaskEndReason): void {
    // 1. A duplicate update for an attempt that already ended is ignored.
    if (attempt.state !== 'RUNNING') return;
    const index = attempt.task.index;
    // 2. Bookkeeping, then the failure reason string.
    attempt.state = state;
    attempt.finishTime = this.host.now();
    this.runningTasks--;
    this.copiesRunning[index]--;
    const name = taskName(index, attempt.attempt, this.stageId, this.stageAttemptId, attempt.tid);
    const failureReason = lostTaskMessage(name, attempt.host, attempt.executorId, toErrorString(reason));
    // 3. Per-reason handling.
    switch (reason.kind) {
      case 'FetchFailed':
        this.logWarn(failureReason);
        if (this.successful[index] === 0) {
          this.successful[index] = 1;
          this.tasksSuccessful++;
        }
        this.isZombie = true;
        break;
      case 'ExceptionFailure':
        if (this.host.rules.abortsAtOnce(reason.className)) {
          // Abort at once; nothing is counted and no TaskEnd is posted (surprising fact 12).
          // The two messages differ in case: the first is built from taskName ("task …"), the
          // second from a "Task %s in stage %s" format (spec §4; TaskSetManager.scala 3.2.0).
          const msg =
            reason.className === NOT_SERIALIZABLE
              ? `${name} had a not serializable result: ${reason.description}`
              : `Task ${index}.${attempt.attempt} in stage ${this.stageId}.${this.stageAttemptId} (TID ${attempt.tid}) can not write to output file: ${reason.description}`;
          this.log.log('ERROR', 'TaskSetManager', `${msg}; not retrying`);
          this.abort(msg);
          return;
        }
        this.logException(attempt, name, reason.className, reason.description, failureReason);
        break;
      case 'ExecutorLostFailure':
        if (!reason.exitCausedByApp) {
          if (this.log.enabled) this.log.log('INFO', 'TaskSetManager', notCountingExecutorLoss(name));
        } else this.logWarn(failureReason);
        break;
      default:
        this.logWarn(failureReason);
    }
    // 5. The TaskEnd is posted before any abort.
    this.dag.taskEnded(attempt, reason);
    // 6. Count, and abort at the limit.
    const rules = this.host.rules;
    if ((!this.isZombie || rules.countsWhileZombie) && rules.countsTowardsTaskFailures(reason)) {
      this.numFailures[index]++;
      if (rules.reachedLimit(this.numFailures[index], this.maxTaskFailures)) {
        this.log.log('ERROR', 'TaskSetManager', abortingJobLog(index, this.stageId, this.stageAttemptId, this.maxTaskFailures));
        // Only an ExceptionFailure hands its exception to abort as the job's cause (spec §7.3, §7.4).
        const cause = reason.kind === 'ExceptionFailure' ? exceptionHeadline(reason.className, reason.description) : null;
        this.abort(taskFailedTooManyTimes(index, this.stageId, this.stageAttemptId, this.maxTaskFailures, failureReason), cause);
        return;
      }
    }
    // 7. Re-queue unless the index is done (FetchFailed, or another copy succeeded).
    if (this.successful[index] !== 0) {
      if (this.log.enabled) {
        this.log.log(
          'INFO',
          'TaskSetManager',
          `Task ${index}.${attempt.attempt} in stage ${this.stageId}.${this.stageAttemptId} (TID ${attempt.tid}) failed, but the task will not be re-executed (either because the task failed with a shuffle data fetch failure, so the previous stage needs to be re-run, or because a different copy of the task has already succeeded).`,
        );
      }
    } else {
      this.addPendingTask(index);
    }
    // 8.
    this.maybeFinishTaskSet();
  }

  /** Whether some attempt of this index succeeded (TSI's revive condition, spec §8). */
  isIndexSuccessful(index: number): boolean {
    return this.successful[index] !== 0;
  }

  private logWarn(failureReason: string): void {
    if (this.log.enabled) this.log.log('WARN', 'TaskSetManager', failureReason);
  }

  /** Full WARN, or INFO "[duplicate n]" within the print interval (spec §4, §12). */
  private logException(attempt: TaskAttempt, name: string, className: string, description: string | null, failureReason: string): void {
    if (!this.log.enabled) return;
    const key = String(description);
    const now = this.host.now();
    const seen = this.recentExceptions.get(key);
    if (seen === undefined || now - seen.printTime > EXCEPTION_PRINT_INTERVAL_MS) {
      this.recentExceptions.set(key, { dupCount: 0, printTime: now });
      this.log.log('WARN', 'TaskSetManager', failureReason);
    } else {
      seen.dupCount++;
      this.log.log(
        'INFO',
        'TaskSetManager',
        `Lost ${name} on ${attempt.host}, executor ${attempt.executorId}: ${className} (${description}) [duplicate ${seen.dupCount}]`,
      );
    }
  }

  private addPendingTask(index: number): void {
    if (!this.isZombie) this.pending.push(index);
  }

  /** abort (spec §7.4): the DAG kills running tasks later, when it fails the job. */
  abort(message: string, cause: string | null = null): void {
    this.dag.taskSetFailed(this.taskSet, message, cause);
    this.isZombie = true;
    this.maybeFinishTaskSet();
  }

  /** markPartitionCompleted (spec §7.6): a success in an older attempt of the stage. */
  markPartitionCompleted(partitionId: number): void {
    const tasks = this.taskSet.tasks;
    for (let i = 0; i < tasks.length; i++) {
      if (tasks[i].partition !== partitionId) continue;
      if (this.successful[i] === 0) {
        this.successful[i] = 1;
        this.tasksSuccessful++;
        if (this.tasksSuccessful === this.numTasks) this.isZombie = true;
      }
    }
    this.maybeFinishTaskSet();
  }

  /**
   * executorLost (spec §7.5): finished map outputs on the executor are Resubmitted, running
   * attempts fail with ExecutorLostFailure.
   */
  executorLost(executorId: string, exitCausedByApp: boolean, lossReason: string): void {
    // Spark walks its TID → TaskInfo HashMap, whose order is Scala's, not the TIDs'.
    const inMapOrder = this.attemptsInTaskInfosOrder();
    if (this.taskSet.stage.kind === 'shuffleMap' && !this.isZombie) {
      for (const a of inMapOrder) {
        if (a.executorId !== executorId) continue;
        const index = a.task.index;
        // As in Spark, any finished attempt of a successful index qualifies, even a failed one.
        if (this.successful[index] !== 0 && a.state !== 'RUNNING') {
          this.successful[index] = 0;
          this.copiesRunning[index]--;
          this.tasksSuccessful--;
          this.addPendingTask(index);
          this.dag.taskEnded(a, { kind: 'Resubmitted' });
        }
      }
    }
    for (const a of inMapOrder) {
      if (a.executorId === executorId && a.state === 'RUNNING') {
        this.handleFailedTask(a, 'FAILED', { kind: 'ExecutorLostFailure', executorId, exitCausedByApp, reason: lossReason });
      }
    }
  }

  /** Every attempt, in the order Spark's taskInfos HashMap visits them (keys added at launch). */
  private attemptsInTaskInfosOrder(): TaskAttempt[] {
    const byTid = new Map(this.attempts.map((a) => [a.tid, a]));
    return scalaHashMapOrder(this.attempts.map((a) => a.tid)).map((tid) => byTid.get(tid)!);
  }

  /** Running attempts, in TID order. */
  runningAttempts(): TaskAttempt[] {
    return this.attempts.filter((a) => a.state === 'RUNNING');
  }

  private maybeFinishTaskSet(): void {
    assert(this.runningTasks >= 0 && this.tasksSuccessful >= 0 && this.tasksSuccessful <= this.numTasks, () => this.countsText());
    if (this.isZombie && this.runningTasks === 0) {
      // Checked once per task set: the counts agree with the attempts themselves.
      assert(!this.attempts.some((a) => a.state === 'RUNNING'), () => `task set ${this.stageId}.${this.stageAttemptId} finished with attempts running`);
      assert(this.tasksSuccessful === this.successful.reduce((n, s) => n + s, 0), () => this.countsText());
      this.host.taskSetFinished(this);
    }
  }

  private countsText(): string {
    return `task set ${this.stageId}.${this.stageAttemptId}: ${this.runningTasks} running, ${this.tasksSuccessful} of ${this.numTasks} successful`;
  }
}
