// The scheduler backends (spec §9): LocalSchedulerBackend (one "driver" executor) and
// CoarseGrainedSchedulerBackend (registered executors). Both track free cores, turn revives into
// WorkerOffers and pass status updates to the task scheduler. Offers are made once the driver
// has handled the step that asked for them (spec §14: failure handling before the next revive).
import type { Executor } from './executor.js';
import type { SchedulerBackendApi, WorkerOffer } from './scheduler-interfaces.js';
import type { TaskEndReason } from './task-end-reason.js';
import type { TaskSchedulerImpl } from './task-scheduler.js';
import type { TaskAttempt } from './task.js';

export class SchedulerBackend implements SchedulerBackendApi {
  private readonly freeCores = new Map<string, number>();
  private readonly byId = new Map<string, Executor>();
  /** Executors in registration order. */
  private readonly executors: Executor[] = [];
  private reviveAll = false;
  /** Executors removed so far: a running reader's map outputs can only vanish when this grows. */
  lostExecutors = 0;
  private readonly reviveOne = new Set<string>();

  constructor(
    /** "local" offers the single driver executor; "coarse" offers every registered executor. */
    readonly kind: 'local' | 'coarse',
    private readonly scheduler: TaskSchedulerImpl,
  ) {}

  registerExecutor(e: Executor): void {
    if (this.byId.has(e.id)) throw new Error(`Duplicate executor ID: ${e.id}`);
    this.byId.set(e.id, e);
    this.executors.push(e);
    this.freeCores.set(e.id, e.cores);
    this.reviveAll = true;
  }

  executor(id: string): Executor | undefined {
    return this.byId.get(id);
  }

  aliveExecutors(): Executor[] {
    return this.executors.filter((e) => e.alive);
  }

  reviveOffers(): void {
    this.reviveAll = true;
  }

  killTask(attempt: TaskAttempt, reason: string): void {
    this.byId.get(attempt.executorId)?.killTask(attempt, reason);
  }

  /** StatusUpdate: the task scheduler handles it, then the core is free and offered again. */
  statusUpdate(executor: Executor, attempt: TaskAttempt, reason: TaskEndReason): void {
    this.scheduler.statusUpdate(attempt.tid, reason);
    this.freeCores.set(executor.id, this.freeCores.get(executor.id)! + 1);
    // Local: reviveOffers(); coarse-grained: makeOffers(executorId) (spec §9).
    if (this.kind === 'local') this.reviveAll = true;
    else this.reviveOne.add(executor.id);
  }

  /** The executor is gone: no more offers; the scheduler fails its tasks (spec §9 removeExecutor). */
  removeExecutor(executorId: string, exitCausedByApp: boolean, reason: string): void {
    const e = this.byId.get(executorId);
    if (e === undefined || !e.alive) return;
    e.lose();
    this.lostExecutors++;
    this.freeCores.set(executorId, 0);
    this.scheduler.executorLost(executorId, exitCausedByApp, reason);
  }

  hasPendingOffers(): boolean {
    return this.reviveAll || this.reviveOne.size > 0;
  }

  /** Makes the offers asked for since the last call, and launches what the scheduler chose. */
  makeOffers(): number {
    const offers: WorkerOffer[] = [];
    const offer = (e: Executor): void => {
      const cores = this.freeCores.get(e.id)!;
      if (e.alive && cores > 0) offers.push({ executorId: e.id, host: e.host, cores, blockManager: e.blockManager });
    };
    if (this.reviveAll) for (const e of this.executors) offer(e);
    else for (const id of [...this.reviveOne].sort()) offer(this.byId.get(id)!);
    this.reviveAll = false;
    this.reviveOne.clear();
    const launched = this.scheduler.resourceOffers(offers);
    for (const a of launched) {
      this.freeCores.set(a.executorId, this.freeCores.get(a.executorId)! - 1);
      this.byId.get(a.executorId)!.launchTask(a);
    }
    return launched.length;
  }
}
