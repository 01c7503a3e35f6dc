// What happens inside an executor while a task attempt runs (spec §6): how long it takes and how
// it ends. Batch and micro-batch tasks run the fault schedule; continuous mode plugs in its own
// runner (src/streaming).
import type { InjectedReason, TaskFault } from '../scenario/types.js';
import type { RandomStream } from '../sim/random-streams.js';
import type { FaultSchedule } from '../sim/fault-schedule.js';
import type { MapOutputTracker } from './map-output-tracker.js';
import { defaultFetchFailedMessage, missingOutputLocationMessage } from './messages.js';
import { injectedEndReason, type TaskEndReason } from './task-end-reason.js';
import type { TaskAttempt } from './task.js';

export interface AttemptPlan {
  /** Simulated run time, or null for a task that runs until it is killed or its executor dies. */
  durationMs: number | null;
  /** The injected way this attempt ends, or null for a clean run. */
  fail: InjectedReason | null;
}

export interface TaskRunner {
  plan(attempt: TaskAttempt): AttemptPlan;
  /** The attempt's end reason when its run time is over. */
  finish(attempt: TaskAttempt, plan: AttemptPlan): TaskEndReason;
}

export interface BatchTaskRunnerDeps {
  faults: FaultSchedule;
  mapOutputs: MapOutputTracker;
  defaultDurationMs: number;
  jitter: number;
  durations: RandomStream;
}

/** The executor's behaviour for batch and micro-batch tasks. */
export class BatchTaskRunner implements TaskRunner {
  constructor(private readonly deps: BatchTaskRunnerDeps) {}

  plan(attempt: TaskAttempt): AttemptPlan {
    const t = attempt.task;
    if (!this.deps.faults.mayMatchPartition(t.partition)) return { durationMs: this.defaultDuration(), fail: null };
    const fault = this.deps.faults.taskFault(
      {
        job: t.job.jobId,
        batch: t.job.batch,
        epoch: null,
        run: t.job.run,
        stage: t.stage.id,
        stageAttempt: t.stageAttemptId,
        partition: t.partition,
        attempt: attempt.attempt,
      },
      (f) => this.applies(f, attempt),
    );
    const durationMs = fault?.durationMs ?? this.defaultDuration();
    return { durationMs, fail: fault?.fail ?? null };
  }

  /** A FetchFailed fault applies only to a task whose stage reads that shuffle. */
  private applies(f: TaskFault, attempt: TaskAttempt): boolean {
    if (f.fail === null || f.fail.reason !== 'FetchFailed') return true;
    const shuffle = f.fail.shuffle + shuffleIdOffsetOf(attempt);
    return attempt.task.stage.rdd.stageShuffleInputs.some((d) => d.shuffleId === shuffle);
  }

  private defaultDuration(): number {
    const { defaultDurationMs, jitter, durations } = this.deps;
    if (jitter === 0) return defaultDurationMs;
    const factor = 1 - jitter + 2 * jitter * durations.next();
    return Math.max(1, Math.round(defaultDurationMs * factor));
  }

  finish(attempt: TaskAttempt, plan: AttemptPlan): TaskEndReason {
    if (plan.fail !== null) return this.injected(attempt, plan.fail);
    return this.readShuffleInputs(attempt) ?? { kind: 'Success' };
  }

  /**
   * A reduce task whose input went missing cannot succeed (spec §10.6 and §5): if an output was
   * lost while the task ran, its fetch from the dead block manager fails; if it was already
   * missing, the map output tracker has no location for it (MetadataFetchFailedException).
   */
  private readShuffleInputs(attempt: TaskAttempt): TaskEndReason | null {
    const { mapOutputs } = this.deps;
    const reduceId = attempt.task.partition;
    for (const dep of attempt.task.stage.rdd.stageShuffleInputs) {
      const gap = mapOutputs.firstUnreadable(dep.shuffleId, attempt.launchTime);
      if (gap === null) continue;
      if (gap.lostFrom !== null) {
        const bm = gap.lostFrom.location;
        return {
          kind: 'FetchFailed',
          bm,
          shuffleId: dep.shuffleId,
          mapId: gap.lostFrom.mapId,
          mapIndex: gap.mapIndex,
          reduceId,
          message: defaultFetchFailedMessage(bm.host, bm.port, dep.shuffleId, gap.mapIndex, reduceId),
        };
      }
      return {
        kind: 'FetchFailed',
        bm: null,
        shuffleId: dep.shuffleId,
        mapId: -1,
        mapIndex: -1,
        reduceId,
        message: missingOutputLocationMessage(dep.shuffleId, reduceId),
      };
    }
    return null;
  }

  private injected(attempt: TaskAttempt, r: InjectedReason): TaskEndReason {
    switch (r.reason) {
      case 'FetchFailed': {
        const shuffleId = r.shuffle + shuffleIdOffsetOf(attempt);
        const status = this.deps.mapOutputs.status(shuffleId, r.mapIndex);
        const reduceId = attempt.task.partition;
        const bm = status?.location ?? null;
        return {
          kind: 'FetchFailed',
          bm,
          shuffleId,
          mapId: status?.mapId ?? -1,
          mapIndex: r.mapIndex,
          reduceId,
          message: r.message ?? defaultFetchFailedMessage(bm?.host ?? null, bm?.port ?? null, shuffleId, r.mapIndex, reduceId),
        };
      }
      default:
        return injectedEndReason(r, { stageId: attempt.task.stage.id, partition: attempt.task.partition, attempt: attempt.attempt });
    }
  }
}

/** Scenario shuffle k is runtime shuffle `offset + k` (micro-batches renumber each batch). */
function shuffleIdOffsetOf(attempt: TaskAttempt): number {
  return attempt.task.job.shuffleIdOffset;
}
