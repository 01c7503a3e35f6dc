// What happens inside an executor while a task attempt runs (spec §6): how long it takes and how
// it ends. Batch and micro-batch tasks run the fault schedule; continuous mode plugs in its own
// runner (src/streaming).
import type { InjectedReason, TaskFault } from '../scenario/types.js';
import { SimulatorBug } from '../sim/assert.js';
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
  /** A shuffle input with no registered output when the attempt started: it fails at once. */
  missingInput?: MissingInput;
  /** For a reader of shuffles: what it was told at its start, to fetch from at its end. */
  reader?: { mapOutputsVersion: number; lostExecutors: number };
}

export interface MissingInput {
  shuffleId: number;
  mapIndex: number;
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
  /** Whether an executor still runs (its shuffle files are still there to fetch). */
  executorAlive: (executorId: string) => boolean;
  /** How many executors have been removed so far. */
  lostExecutors: () => number;
}

/** The executor's behaviour for batch and micro-batch tasks. */
export class BatchTaskRunner implements TaskRunner {
  constructor(private readonly deps: BatchTaskRunnerDeps) {}

  plan(attempt: TaskAttempt): AttemptPlan {
    const missingInput = this.missingAtLaunch(attempt);
    if (missingInput !== null) return { durationMs: 0, fail: null, missingInput };
    const t = attempt.task;
    const reader =
      t.stage.rdd.stageShuffleInputs.length === 0 ? undefined : { mapOutputsVersion: this.deps.mapOutputs.version, lostExecutors: this.deps.lostExecutors() };
    if (!this.deps.faults.mayMatchPartition(t.partition)) return { durationMs: this.defaultDuration(), fail: null, reader };
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
    return { durationMs, fail: fault?.fail ?? null, reader };
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
    if (plan.missingInput) return this.missingOutputLocation(attempt, plan.missingInput);
    if (plan.fail !== null) return this.injected(attempt, plan.fail, plan.reader);
    return (plan.reader && this.fetchFromLostExecutor(attempt, plan.reader)) ?? { kind: 'Success' };
  }

  /**
   * A reduce task learns where its map outputs are when it starts (the shuffle reader asks the map
   * output tracker up front), so an output already missing then fails it at once with a
   * MetadataFetchFailedException, before any injected fault could fire (spec §10.6, §5).
   */
  private missingAtLaunch(attempt: TaskAttempt): MissingInput | null {
    for (const dep of attempt.task.stage.rdd.stageShuffleInputs) {
      const mapIndex = this.deps.mapOutputs.firstMissing(dep.shuffleId);
      if (mapIndex !== null) return { shuffleId: dep.shuffleId, mapIndex };
    }
    return null;
  }

  private missingOutputLocation(attempt: TaskAttempt, m: MissingInput): TaskEndReason {
    const reduceId = attempt.task.partition;
    return {
      kind: 'FetchFailed',
      bm: null,
      shuffleId: m.shuffleId,
      mapId: -1,
      mapIndex: -1,
      reduceId,
      message: missingOutputLocationMessage(m.shuffleId, reduceId),
    };
  }

  /**
   * Every map output is fetched from where the task was told it was at its start, whatever was
   * registered or dropped since: that works while the executor holding the file lives (a fetch
   * failure elsewhere only unregisters it), and fails with FetchFailed from that block manager,
   * naming that map task, once the executor is gone (SortShuffleManager.getReader, 3.2.0).
   */
  private fetchFromLostExecutor(attempt: TaskAttempt, reader: NonNullable<AttemptPlan['reader']>): TaskEndReason | null {
    const { mapOutputs, executorAlive } = this.deps;
    // Every location it was told was alive then; only a loss since can make a fetch fail.
    if (this.deps.lostExecutors() === reader.lostExecutors) return null;
    const reduceId = attempt.task.partition;
    for (const dep of attempt.task.stage.rdd.stageShuffleInputs) {
      const told = mapOutputs.statusesAt(dep.shuffleId, reader.mapOutputsVersion);
      for (let mapIndex = 0; mapIndex < told.length; mapIndex++) {
        const was = told[mapIndex];
        if (was === null || executorAlive(was.location.executorId)) continue;
        const bm = was.location;
        return {
          kind: 'FetchFailed',
          bm,
          shuffleId: dep.shuffleId,
          mapId: was.mapId,
          mapIndex,
          reduceId,
          message: defaultFetchFailedMessage(bm.host, bm.port, dep.shuffleId, was.mapId, reduceId),
        };
      }
    }
    return null;
  }

  private injected(attempt: TaskAttempt, r: InjectedReason, reader: AttemptPlan['reader']): TaskEndReason {
    if (r.reason === 'FetchFailed') return this.injectedFetchFailure(attempt, r, reader);
    return injectedEndReason(r, { stageId: attempt.task.stage.id, partition: attempt.task.partition, attempt: attempt.attempt });
  }

  /**
   * An injected FetchFailed is thrown by the fetch of that map output, so it names the block
   * manager and the map task (Spark 3's mapId is its TID) the reader was told of at its start,
   * whatever was unregistered or re-run since (SortShuffleManager.getReader takes the locations
   * up front; ShuffleBlockFetcherIterator.throwFetchFailedException builds the exception from
   * them, 3.2.0; spec §10.4). The output was registered then: a missing one fails the task at
   * its start with a MetadataFetchFailedException instead (missingAtLaunch), so null is not
   * possible here, and only that exception carries a null address and map id -1.
   */
  private injectedFetchFailure(attempt: TaskAttempt, r: Extract<InjectedReason, { reason: 'FetchFailed' }>, reader: AttemptPlan['reader']): TaskEndReason {
    const shuffleId = r.shuffle + shuffleIdOffsetOf(attempt);
    const status = reader === undefined ? null : this.deps.mapOutputs.statusAt(shuffleId, r.mapIndex, reader.mapOutputsVersion);
    if (status === null)
      throw new SimulatorBug(`task ${attempt.tid} reached an injected FetchFailed for shuffle ${shuffleId} map ${r.mapIndex} it was not told of at its start`);
    const reduceId = attempt.task.partition;
    const bm = status.location;
    return {
      kind: 'FetchFailed',
      bm,
      shuffleId,
      mapId: status.mapId,
      mapIndex: r.mapIndex,
      reduceId,
      message: r.message ?? defaultFetchFailedMessage(bm.host, bm.port, shuffleId, status.mapId, reduceId),
    };
  }
}

/** Scenario shuffle k is runtime shuffle `offset + k` (micro-batches renumber each batch). */
function shuffleIdOffsetOf(attempt: TaskAttempt): number {
  return attempt.task.job.shuffleIdOffset;
}
