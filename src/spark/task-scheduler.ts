// TaskSchedulerImpl (spec §8): the pool of TaskSetManagers, the TID counter, resource offers
// and status updates.
import { shuffleInPlace, type RandomStream } from '../sim/random-streams.js';
import { assert } from '../sim/assert.js';
import type { DriverLog } from './log.js';
import { KILL_REASON, stageCancelled } from './messages.js';
import type { DagSchedulerEvents, SchedulerBackendApi, TaskSchedulerApi, WorkerOffer } from './scheduler-interfaces.js';
import { SPARK_RULES, type SchedulerRules } from './scheduler-rules.js';
import { terminalState, type TaskEndReason } from './task-end-reason.js';
import { TaskSetManager } from './task-set-manager.js';
import type { TaskAttempt, TaskSet } from './task.js';

export class TaskSchedulerImpl implements TaskSchedulerApi {
  private nextTaskId = 0;
  /** FIFO pool: ordered by priority (job id), then stage id (spec §8 step 4). */
  private pool: TaskSetManager[] = [];
  /** The same task sets in the order they were added: Pool.executorLost walks its queue so. */
  private added: TaskSetManager[] = [];
  private readonly byStage = new Map<number, TaskSetManager[]>();
  private readonly running = new Map<number, TaskAttempt>();
  private readonly tsmOf = new Map<number, TaskSetManager>();
  private backend!: SchedulerBackendApi;
  private readonly tsmHost;

  constructor(
    readonly maxTaskFailures: number,
    private readonly dag: DagSchedulerEvents,
    private readonly offerRng: RandomStream,
    private readonly log: DriverLog,
    now: () => number,
    rules: SchedulerRules = SPARK_RULES,
  ) {
    this.tsmHost = {
      rules,
      newTaskId: () => this.nextTaskId++,
      now,
      taskSetFinished: (tsm: TaskSetManager) => this.taskSetFinished(tsm),
    };
  }

  setBackend(backend: SchedulerBackendApi): void {
    this.backend = backend;
  }

  /** submitTasks: a new TaskSetManager; older attempts of the stage become zombies (spec §8). */
  submitTasks(taskSet: TaskSet): void {
    const tsm = new TaskSetManager(taskSet, this.maxTaskFailures, this.tsmHost, this.dag, this.log);
    const stageId = taskSet.stage.id;
    const existing = this.byStage.get(stageId);
    if (existing === undefined) this.byStage.set(stageId, [tsm]);
    else {
      for (const old of existing) old.isZombie = true;
      existing.push(tsm);
    }
    let i = this.pool.length;
    while (i > 0 && comparePool(this.pool[i - 1], tsm) > 0) i--;
    this.pool.splice(i, 0, tsm);
    this.added.push(tsm);
    if (this.log.enabled) {
      this.log.log('INFO', 'TaskSchedulerImpl', `Adding task set ${stageId}.${taskSet.stageAttemptId} with ${taskSet.tasks.length} tasks resource profile 0`);
    }
    this.backend.reviveOffers();
  }

  /**
   * resourceOffers: shuffle the offers, then for each task set in pool order make passes over
   * them, one task per offer per pass, while anything launches (spec §8).
   */
  resourceOffers(offers: WorkerOffer[]): TaskAttempt[] {
    const launched: TaskAttempt[] = [];
    if (offers.length > 1) shuffleInPlace(offers, this.offerRng);
    const cpus = offers.map((o) => o.cores);
    for (const tsm of this.pool) {
      if (!tsm.hasPendingTasks()) continue;
      let launchedAny = true;
      while (launchedAny) {
        launchedAny = false;
        for (let i = 0; i < offers.length; i++) {
          if (cpus[i] < 1) continue;
          const a = tsm.resourceOffer(offers[i]);
          if (a === null) continue;
          cpus[i]--;
          this.running.set(a.tid, a);
          this.tsmOf.set(a.tid, tsm);
          launched.push(a);
          launchedAny = true;
        }
      }
    }
    return launched;
  }

  /** A finished status update from an executor (spec §8 statusUpdate). */
  statusUpdate(tid: number, reason: TaskEndReason): void {
    const attempt = this.running.get(tid);
    const tsm = this.tsmOf.get(tid);
    // Spark logs "Ignoring update with state … for TID …" here for a duplicate update or one from
    // an executor already marked failed (TaskSchedulerImpl.statusUpdate). The simulator's executors
    // report each TID once, and a lost executor's tasks never report (SPARK-37300's late end is not
    // modelled), so an unknown TID is a bug of the simulator.
    assert(attempt !== undefined && tsm !== undefined, () => `status update ${reason.kind} for TID ${tid}, which is not running`);
    this.forget(tid);
    // A lost result: the executor reported FINISHED, the driver began fetching the result from the
    // block manager and found it gone (TaskResultGetter; spec §6).
    if (reason.kind === 'TaskResultLost') tsm.handleTaskGettingResult(attempt);
    if (reason.kind === 'Success') tsm.handleSuccessfulTask(attempt);
    else this.handleFailedTask(tsm, attempt, reason);
  }

  private handleFailedTask(tsm: TaskSetManager, attempt: TaskAttempt, reason: TaskEndReason): void {
    const state = terminalState(reason);
    tsm.handleFailedTask(attempt, state, reason);
    // Revive unless the set is done with this index (spec §8 handleFailedTask).
    if (!tsm.isZombie && !tsm.isIndexSuccessful(attempt.task.index)) this.backend.reviveOffers();
  }

  private forget(tid: number): void {
    this.running.delete(tid);
    this.tsmOf.delete(tid);
  }

  /** executorLost (spec §8): every TaskSetManager, then the DAG, then a revive. */
  executorLost(executorId: string, exitCausedByApp: boolean, lossReason: string): void {
    for (const [tid, a] of [...this.running]) if (a.executorId === executorId) this.forget(tid);
    // rootPool.executorLost visits the task sets in the order they were added, not sorted (spec §8).
    for (const tsm of [...this.added]) tsm.executorLost(executorId, exitCausedByApp, lossReason);
    this.dag.executorLost(executorId);
    this.backend.reviveOffers();
  }

  /** cancelTasks: kill running tasks with "Stage cancelled", then abort each attempt (spec §8). */
  cancelTasks(stageId: number): void {
    for (const tsm of [...(this.byStage.get(stageId) ?? [])]) {
      for (const a of tsm.runningAttempts()) this.backend.killTask(a, KILL_REASON.stageCancelled);
      tsm.abort(stageCancelled(stageId));
    }
  }

  killAllTaskAttempts(stageId: number, reason: string): void {
    for (const tsm of this.byStage.get(stageId) ?? []) {
      for (const a of tsm.runningAttempts()) this.backend.killTask(a, reason);
    }
  }

  notifyPartitionCompletion(stageId: number, partitionId: number): void {
    for (const tsm of [...(this.byStage.get(stageId) ?? [])]) tsm.markPartitionCompleted(partitionId);
  }

  private taskSetFinished(tsm: TaskSetManager): void {
    const i = this.pool.indexOf(tsm);
    if (i >= 0) this.pool.splice(i, 1);
    const k = this.added.indexOf(tsm);
    if (k >= 0) this.added.splice(k, 1);
    const list = this.byStage.get(tsm.stageId);
    if (list !== undefined) {
      const j = list.indexOf(tsm);
      if (j >= 0) list.splice(j, 1);
      if (list.length === 0) this.byStage.delete(tsm.stageId);
    }
  }

  /** Task sets still in the pool (for stall diagnostics and invariants). */
  activeTaskSets(): readonly TaskSetManager[] {
    return this.pool;
  }
}

function comparePool(a: TaskSetManager, b: TaskSetManager): number {
  return a.taskSet.priority - b.taskSet.priority || a.stageId - b.stageId;
}
