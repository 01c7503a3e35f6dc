// An executor (spec §6): runs task attempts for their simulated duration, honours kill requests
// and reports one final status per attempt. A lost executor reports nothing more.
import type { BlockManagerId, TaskEndReason } from './task-end-reason.js';
import type { AttemptPlan, TaskRunner } from './task-runner.js';
import type { TaskAttempt } from './task.js';

export interface ExecutorHost {
  /** Runs `action` after `delayMs` of simulated time, unless `moot()` is true by then. */
  schedule(delayMs: number, action: () => void, moot?: () => boolean): void;
  /** The executor's final status update for an attempt (to its backend). */
  statusUpdate(executor: Executor, attempt: TaskAttempt, reason: TaskEndReason): void;
}

export class Executor {
  alive = true;
  private readonly running = new Map<number, TaskAttempt>();
  /** Each running attempt's plan, kept only when a killed task may report its own failure (a mutant's rule). */
  private readonly plans = new Map<number, AttemptPlan>();
  readonly blockManager: BlockManagerId;

  constructor(
    readonly id: string,
    readonly host: string,
    readonly cores: number,
    port: number,
    private readonly runner: TaskRunner,
    private readonly env: ExecutorHost,
    /** Failures a killed task reports instead of TaskKilled (SchedulerRules.killedTaskReportsOwnFailure; none in Spark 3.2). */
    private readonly killedReportsOwn: readonly TaskEndReason['kind'][] = [],
  ) {
    this.blockManager = { executorId: id, host, port };
  }

  get runningCount(): number {
    return this.running.size;
  }

  launchTask(attempt: TaskAttempt): void {
    this.running.set(attempt.tid, attempt);
    const plan = this.runner.plan(attempt);
    if (this.killedReportsOwn.length > 0) this.plans.set(attempt.tid, plan);
    // A task that dies with its executor never completes: nothing waits for its run time.
    if (plan.durationMs !== null)
      this.env.schedule(
        plan.durationMs,
        () => this.complete(attempt, plan),
        () => !this.alive || !this.running.has(attempt.tid),
      );
  }

  private complete(attempt: TaskAttempt, plan: AttemptPlan): void {
    if (!this.alive || !this.running.delete(attempt.tid)) return;
    this.plans.delete(attempt.tid);
    this.env.statusUpdate(this, attempt, this.runner.finish(attempt, plan));
  }

  /**
   * killTask: the task sees the kill at its next check point, modelled as right after the
   * current driver step, and reports TaskKilled(reason) (spec §6 rule 2, §14).
   */
  killTask(attempt: TaskAttempt, reason: string): void {
    if (!this.running.has(attempt.tid)) return;
    this.env.schedule(0, () => {
      if (!this.alive || !this.running.delete(attempt.tid)) return;
      this.env.statusUpdate(this, attempt, this.killedReport(attempt, reason));
    });
  }

  /** TaskKilled, unless a (mutant) rule lets the task's own planned failure through. */
  private killedReport(attempt: TaskAttempt, reason: string): TaskEndReason {
    const plan = this.plans.get(attempt.tid);
    this.plans.delete(attempt.tid);
    if (plan !== undefined) {
      const own = this.runner.finish(attempt, plan);
      if (this.killedReportsOwn.includes(own.kind)) return own;
    }
    return { kind: 'TaskKilled', reason };
  }

  /** Ends a running attempt now with `reason`, as if the task threw (used by continuous mode). */
  failNow(attempt: TaskAttempt, reason: TaskEndReason): void {
    if (!this.alive || !this.running.delete(attempt.tid)) return;
    this.env.statusUpdate(this, attempt, reason);
  }

  isRunning(tid: number): boolean {
    return this.running.has(tid);
  }

  /** The process died: running attempts vanish without a status update. */
  lose(): void {
    this.alive = false;
    this.running.clear();
  }
}
