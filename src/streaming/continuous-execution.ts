// ContinuousExecution (streaming spec §5): one long-running job per run with one task per
// partition; epochs advance on simulated time and commit through the EpochCoordinator. A task
// failure gets only fake retries (ContinuousTaskRetryException), so the job aborts and the query
// dies with "Writing job aborted"; `restarts` restarts it by hand from the last committed epoch.
// With retryPolicy "global" (beyond Spark, §9 variant (a)) the first failure instead restarts
// every partition from the last committed epoch, within the same budget; once the budget is
// spent the policy steps aside and the failure takes Spark's path, so the query ends with
// Spark's failure chain (§9 restart step 3, G7).
import type { ContinuousWorkload, Scenario, TaskFault } from '../scenario/types.js';
import { buildLineage } from '../spark/lineage.js';
import { isJobAbort, jobGroupCancelReason } from '../spark/messages.js';
import type { JobResult } from '../spark/dag-scheduler.js';
import { SparkApplication, type SimulationOptions } from '../spark/spark-application.js';
import { injectedEndReason, taskEndReasonFromJson, type TaskEndReason } from '../spark/task-end-reason.js';
import type { TaskAttempt } from '../spark/task.js';
import type { TraceEvent } from '../trace/events.js';
import { assert, SimulatorBug } from '../sim/assert.js';
import { Checkpoint, type SourceOffsets } from './checkpoint.js';
import { ContinuousTaskRunner } from './continuous-task-runner.js';
import { EpochCoordinator } from './epoch-coordinator.js';
import { prettyIdString, QueryIdentity, queryTerminatedMessage } from './query-identity.js';
import { continuousWriteFailureChain } from './streaming-errors.js';
import { SPARK_STREAMING_RULES, type StreamingRules } from './streaming-rules.js';

/** A writer's commit message: the records [from, to) by offset it wrote in one epoch. */
type WrittenRecords = [number, number];

/** What one run of the query (one job) keeps. */
interface Run {
  index: number;
  runId: string;
  jobId: number;
  /** The job's single stage, known from its JobStart. */
  stageId: number;
  startEpoch: number;
  /** offsets/(last committed epoch), or zeros: where each partition's reader begins (§5.2 step 1). */
  startOffsets: SourceOffsets;
  coordinator: EpochCoordinator<WrittenRecords>;
  /** Partition → its running attempt 0, while it processes epochs. */
  readers: Map<number, TaskAttempt>;
  /** Partition → the next epoch it will report, and when its last report arrived. */
  nextEpoch: number[];
  lastArrivalMs: number[];
  /** The driver's epoch (GetCurrentEpoch): raised by each trigger of the epoch thread (§5.2 step 4). */
  driverEpoch: number;
  /** Partition → when its attempt 0 began reading, and the offset its current epoch starts at. */
  readerStartMs: number[];
  epochStartOffset: number[];
  phase: RunPhase;
}

/** Why a run is being ended on purpose, so that its job's end is read right. */
type Ending = { kind: 'stop' } | { kind: 'failure'; message: string } | { kind: 'globalRestart' };

/**
 * A run's lifecycle, one phase at a time:
 * running → failing (stopInNewThread stored a backlog failure; its stop has not landed, and a job
 * abort that arrives first still surfaces as the run's own failure) → ending (stopped on purpose,
 * or its job ended: the writes stop one step later) → over (writes stopped; nothing more happens).
 * A run may go from running straight to ending, and its job's end may restate an ending's cause.
 */
type RunPhase = { name: 'running' } | { name: 'failing'; failure: string } | { name: 'ending'; ending: Ending } | { name: 'over'; ending: Ending };

/** Builds the application with continuous tasks and starts the query on it. */
export function startContinuousQuery(
  scenario: Scenario,
  w: ContinuousWorkload,
  options: SimulationOptions,
  rules: StreamingRules = SPARK_STREAMING_RULES,
): SparkApplication {
  let query: ContinuousQuery | null = null;
  const app = new SparkApplication(scenario, options, () => new ContinuousTaskRunner((a) => query?.taskLaunched(a), rules.continuousRetriesFail));
  query = new ContinuousQuery(app, w, rules);
  const q = query;
  app.bus.addListener((e) => q.onEvent(e));
  q.start();
  return app;
}

export class ContinuousQuery {
  private readonly identity: QueryIdentity;
  private readonly checkpoint = new Checkpoint();
  private run: Run | null = null;
  private runs = 0;
  private restartsUsed = 0;
  private readonly backlogLimit: number;
  /**
   * spark.sql.streaming.continuous.executorPollIntervalMs: each reader's marker generator asks
   * the driver for its epoch this often from the reader's start (fixed delay, the first at once),
   * and queues a marker for every epoch it is behind (ContinuousQueuedDataReader 3.2.0).
   */
  private readonly pollIntervalMs: number;

  constructor(
    private readonly app: SparkApplication,
    private readonly w: ContinuousWorkload,
    private readonly rules: StreamingRules,
  ) {
    this.identity = new QueryIdentity(app.random.fork('query-ids'), w.queryName ?? null);
    this.backlogLimit = app.scenario.conf['spark.sql.streaming.continuous.epochBacklogQueueSize'];
    this.pollIntervalMs = app.scenario.conf['spark.sql.streaming.continuous.executorPollIntervalMs'];
  }

  /** Called by the task runner when an attempt 0 starts: it begins processing epochs. */
  taskLaunched(attempt: TaskAttempt): void {
    const run = this.run;
    // Tasks launch after submitJob returns, and a run starts only once the previous run's job has ended.
    assert(run !== null && attempt.task.job.jobId === run.jobId, () => `attempt 0 of job ${attempt.task.job.jobId} launched outside its run`);
    const partition = attempt.task.partition;
    run.readers.set(partition, attempt);
    run.readerStartMs[partition] = this.app.clock.now;
    // Its first poll, at once: a reader that starts late ends every epoch it missed (§5.3 step 2).
    if (!isEnding(run) && run.driverEpoch - 1 >= run.nextEpoch[partition]) this.scheduleReports(run, partition, attempt, run.driverEpoch - 1);
  }

  /** A new run: start epoch = last committed + 1 (§5.2 step 1, §5.8). */
  start(runId: string = this.identity.newRunId()): void {
    const index = this.runs++;
    const lastCommitted = this.checkpoint.latestCommit();
    const startEpoch = lastCommitted === null ? 0 : lastCommitted + 1;
    // The commit asserted offsets/e exists, so the entry is there; it may be an older run's (§5.9).
    const fromStart = lastCommitted === null || !this.rules.continuousResumesFromCommittedOffsets;
    const startOffsets = fromStart ? new Array<number>(this.w.partitions).fill(0) : this.checkpoint.offsetsOf(lastCommitted)!;
    const now = this.app.clock.now;
    const run: Run = {
      index,
      runId,
      jobId: -1,
      stageId: -1,
      startEpoch,
      startOffsets,
      // Its callbacks close over the run they belong to; none is called while it is built.
      coordinator: new EpochCoordinator<WrittenRecords>(this.w.partitions, startEpoch, this.backlogLimit, {
        addOffset: (e, offsets) => this.addOffset(run, e, offsets),
        commit: (e, records) => this.commit(run, e, records),
        stopWithFailure: (msg) => this.failInNewThread(run, msg),
      }),
      readers: new Map(),
      nextEpoch: new Array(this.w.partitions).fill(startEpoch),
      lastArrivalMs: new Array(this.w.partitions).fill(now),
      driverEpoch: startEpoch,
      readerStartMs: new Array(this.w.partitions).fill(now),
      epochStartOffset: [...startOffsets],
      phase: { name: 'running' },
    };
    this.run = run;
    this.app.bus.post({
      Event: 'SparkRetryHarnessQueryStarted',
      Timestamp: now,
      id: this.identity.id,
      runId,
      name: this.identity.name,
      mode: 'continuous',
      run: index,
      start: startEpoch,
    });
    if (this.targetReached()) {
      this.stopRun(run, { kind: 'stop' });
      return;
    }
    // One ResultStage over the source's partitions (§5.1).
    const lineage = buildLineage([{ id: 0, partitions: this.w.partitions, deps: [], callSite: 'start at ContinuousExecution.scala:0' }], index, 0);
    const rdd = lineage.rdds.get(index)!;
    const properties = {
      // Set once by runStream's setJobGroup while currentBatchId is still -1, and never updated in
      // continuous mode: every continuous job says "batch = init" (StreamExecution 3.2.0).
      'spark.job.description': `${this.identity.name ?? ''}\nid = ${this.identity.id}\nrunId = ${runId}\nbatch = init`,
      'spark.jobGroup.id': runId,
      'spark.job.interruptOnCancel': 'true',
      'sql.streaming.queryId': this.identity.id,
      __is_continuous_processing: 'true',
      __continuous_start_epoch: String(startEpoch),
      __epoch_coordinator_id: `${runId}--${this.identity.newUuid()}`,
      // runContinuous collects inside SQLExecution.withNewExecutionId (ContinuousExecution 3.2.0).
      'spark.sql.execution.id': this.app.nextSqlExecutionId(),
    };
    run.jobId = this.app.submitJob(rdd, { batch: null, run: index, shuffleIdOffset: 0, properties }, (r) => this.jobEnded(run, r));
    // The epoch update thread: its first trigger, at once, ends the start epoch (§5.2 step 4).
    this.app.schedule(0, () => this.tick(run, startEpoch + 1));
  }

  private tick(run: Run, newEpoch: number): void {
    if (isEnding(run)) return;
    // No executor is left (a scenario never adds one), so no task runs or ever will: the query
    // hangs as Spark's would, and further ticks change nothing. Stop ticking so the run ends as a
    // stall at once instead of spinning to limits.maxTimeMs.
    if (this.app.backend.aliveExecutors().length === 0) return;
    run.driverEpoch = newEpoch;
    const endedEpoch = newEpoch - 1;
    for (const [partition, attempt] of [...run.readers].sort((a, b) => a[0] - b[0])) {
      this.scheduleReports(run, partition, attempt, endedEpoch);
    }
    // The epoch thread is a ProcessingTimeExecutor: after the first trigger it wakes at the next
    // multiple of the interval (nextBatchTime), so a run started off the grid realigns to it.
    const now = this.app.clock.now;
    const interval = this.w.epochIntervalMs;
    this.app.schedule(
      Math.floor(now / interval) * interval + interval - now,
      () => this.tick(run, newEpoch + 1),
      () => isEnding(run),
    );
  }

  /**
   * At its next poll partition p's marker generator queues a marker for every epoch it is behind
   * on (§5.3 step 2), behind the records read so far: the first of them ends with those records,
   * the others are empty. The writer reports each marker when it reaches it; a slow epoch
   * (`durationMs`) holds back its own report and every later one, not what the epochs hold.
   */
  private scheduleReports(run: Run, partition: number, attempt: TaskAttempt, upTo: number): void {
    const poll = this.nextPoll(run, partition, this.app.clock.now);
    const offset = this.offsetReadBy(run, partition, poll);
    while (run.nextEpoch[partition] <= upTo) {
      const epoch = run.nextEpoch[partition]++;
      const fault = this.faultFor(run, attempt, epoch);
      // The writer is one sequential loop: a slow epoch starts once the previous one is done.
      const at = Math.max(run.lastArrivalMs[partition], poll) + (fault?.durationMs ?? 0);
      run.lastArrivalMs[partition] = at;
      this.app.scheduleAt(at, () => this.report(run, partition, attempt, epoch, offset, fault));
      if (fault?.fail) return; // the task dies at this epoch: nothing after it
    }
  }

  /** The reader's first poll at or after `t`: polls run every interval from its start. */
  private nextPoll(run: Run, partition: number, t: number): number {
    const start = run.readerStartMs[partition];
    return start + Math.ceil((t - start) / this.pollIntervalMs) * this.pollIntervalMs;
  }

  /** The first fault for (partition, epoch); a FetchFailed cannot apply (no shuffle is read). */
  private faultFor(run: Run, attempt: TaskAttempt, epoch: number): TaskFault | null {
    return this.app.faults.taskFault(
      {
        job: run.jobId,
        batch: null,
        epoch,
        run: run.index,
        stage: attempt.task.stage.id,
        stageAttempt: attempt.task.stageAttemptId,
        partition: attempt.task.partition,
        attempt: attempt.attempt,
      },
      (f) => f.fail?.reason !== 'FetchFailed',
    );
  }

  private report(run: Run, partition: number, attempt: TaskAttempt, epoch: number, offset: number, fault: TaskFault | null): void {
    if (run.phase.name === 'over' || run.readers.get(partition) !== attempt) return;
    const executor = this.app.backend.executor(attempt.executorId);
    if (executor === undefined || !executor.isRunning(attempt.tid)) return;
    // Reaching the marker, the reader reports the offset before it; the writer then commits what
    // it wrote since the previous marker and says so (§5.3 step 3). A fault strikes before the
    // report, or with "phase": "commit" in the writer's commit after it: offsets/e can then be
    // written without commits/e, which a restart reuses (§5.5, §5.9).
    const message = { Timestamp: this.app.clock.now, runId: run.runId, epoch, partition, tid: attempt.tid, attempt: attempt.attempt };
    if (!fault?.fail || fault.phase === 'commit') {
      this.app.postPartitionMessage({ Event: 'SparkRetryHarnessPartitionOffsetReported', ...message, offset });
      run.coordinator.reportPartitionOffset(partition, epoch, offset);
    }
    if (fault?.fail) {
      run.readers.delete(partition);
      executor.failNow(attempt, this.injectedReason(attempt, fault));
      return;
    }
    const records: WrittenRecords = [run.epochStartOffset[partition], offset];
    run.epochStartOffset[partition] = offset;
    this.app.postPartitionMessage({ Event: 'SparkRetryHarnessPartitionEpochCommitted', ...message, records });
    run.coordinator.commitPartitionEpoch(partition, epoch, records);
    // The user stops the query once the target epoch is committed. The stop comes from another
    // thread, so the coordinator's handler (its cascade of waiting epochs and its backlog check)
    // has run to its end first.
    if (!isEnding(run) && this.targetReached()) this.stopRun(run, { kind: 'stop' });
  }

  /** The source: each partition's reader reads records at a steady rate from its start offset. */
  private offsetReadBy(run: Run, partition: number, atMs: number): number {
    return run.startOffsets[partition] + Math.floor(((atMs - run.readerStartMs[partition]) * this.w.recordsPerSecond) / 1000);
  }

  private injectedReason(attempt: TaskAttempt, fault: TaskFault): TaskEndReason {
    const f = fault.fail!;
    if (f.reason === 'FetchFailed') throw new SimulatorBug('faultFor never selects a FetchFailed in continuous mode');
    return injectedEndReason(f, { stageId: attempt.task.stage.id, partition: attempt.task.partition, attempt: attempt.attempt });
  }

  /** query.addOffset: write-once, so a re-run epoch keeps an older run's entry (§5.5, §5.9). */
  private addOffset(run: Run, epoch: number, offsets: number[]): void {
    if (this.checkpoint.addOffsets(epoch, offsets)) {
      this.app.bus.post({ Event: 'SparkRetryHarnessOffsetLogWritten', Timestamp: this.app.clock.now, runId: run.runId, batch: epoch, offsets: [...offsets] });
    }
  }

  /** R4: the sink commit, then commits/e. */
  private commit(run: Run, epoch: number, records: WrittenRecords[]): void {
    const now = this.app.clock.now;
    // A memory-like sink: an epoch's rows become visible at this driver-side commit (§5.9).
    this.app.bus.post({
      Event: 'SparkRetryHarnessSinkCommitted',
      Timestamp: now,
      runId: run.runId,
      batch: epoch,
      records: records.map(([from, to]): [number, number] => [from, to]),
    });
    this.checkpoint.addCommit(epoch);
    this.app.bus.post({ Event: 'SparkRetryHarnessCommitLogWritten', Timestamp: now, runId: run.runId, batch: epoch });
  }

  private targetReached(): boolean {
    const last = this.checkpoint.latestCommit();
    return last !== null && last >= this.w.epochs - 1;
  }

  /** Watches the run's own job for the global policy's trigger. */
  onEvent(e: TraceEvent): void {
    const run = this.run;
    if (run === null || run.phase.name === 'over') return;
    if (e.Event === 'SparkListenerJobStart' && e['Job ID'] === run.jobId) {
      run.stageId = e['Stage IDs'][0];
      return;
    }
    if (e.Event !== 'SparkListenerTaskEnd' || e['Stage ID'] !== run.stageId || run.phase.name === 'ending') return;
    const reason = taskEndReasonFromJson(e['Task End Reason']);
    // With the budget spent the policy steps aside: Spark's path, byte for byte (§9 step 3, G7).
    if (reason.kind === 'Success' || this.w.retryPolicy !== 'global' || this.restartsUsed >= this.w.restarts) return;
    // Under the global policy any failure restarts everything: relaunching the partition would
    // only run a fake retry (attempt >= 1), which the policy exists to avoid. A run that a stored
    // failure is already ending is stopped now instead, for the same reason.
    if (run.phase.name === 'failing') this.endRun(run, { kind: 'failure', message: run.phase.failure });
    else this.globalRestart(run);
  }

  /**
   * Beyond Spark (§9 variant (a)): restart everything from the last committed epoch. With the
   * budget spent, nothing: the TaskSetManager has already re-queued the partition, its fake
   * retries run and the job aborts as in Spark mode (§9 step 3: "Spark's normal failure chain").
   */
  private globalRestart(run: Run): void {
    if (this.restartsUsed >= this.w.restarts) return;
    this.restartsUsed++;
    this.endRun(run, { kind: 'globalRestart' });
  }

  /** Stops writes and cancels the run's job (StopContinuousExecutionWrites, cancelJobGroup). */
  private endRun(run: Run, ending: Ending): void {
    if (run.phase.name === 'ending' || run.phase.name === 'over') return;
    run.phase = { name: 'ending', ending };
    this.haltRun(run);
  }

  /**
   * stop()'s cancelJobGroup: the tasks stop sending, and the job ends cancelled. Writes stop only
   * when the job has ended (runContinuous's finally block), in finishRun.
   */
  private haltRun(run: Run): void {
    run.readers.clear();
    this.app.dag.cancelJob(run.jobId, jobGroupCancelReason(run.runId));
  }

  /**
   * query.stopInNewThread (R5, streaming spec §5.7): the failure is kept at once (the first one
   * wins), but the stop runs on another thread and StopContinuousExecutionWrites comes from
   * runContinuous's finally block after it, so messages the tasks already sent reach the
   * coordinator first and may still commit epochs. A job abort that lands before the stop leaves
   * rdd.collect() with its own exception, which then ends the run (ContinuousExecution 3.2.0).
   */
  private failInNewThread(run: Run, message: string): void {
    if (isEnding(run)) return;
    run.phase = { name: 'failing', failure: message };
    this.app.schedule(0, () => this.endRun(run, { kind: 'failure', message }));
  }

  /**
   * The user stops the query once the target epoch is committed. Where that stop lands is the
   * scenario's choice, not Spark's: right after the coordinator's handler that committed the
   * target, so a run commits exactly its target epochs.
   */
  private stopRun(run: Run, ending: { kind: 'stop' }): void {
    if (run.jobId < 0) {
      // Nothing was submitted (the target was already reached at start).
      run.phase = { name: 'ending', ending };
      this.finishRun(run, null);
      return;
    }
    this.endRun(run, ending);
  }

  private jobEnded(run: Run, r: JobResult): void {
    assert(run.phase.name !== 'over', () => `run ${run.runId}'s job ended after the run was over`);
    // An abort of the job's own that lands before a stop, a stored failure or a restart's cancel
    // leaves rdd.collect() with that failure (a policy restart already under way still restarts).
    const ownAbort = !r.succeeded && isJobAbort(r.message);
    const ending = run.phase.name === 'ending' ? run.phase.ending : null;
    if (r.succeeded || ending?.kind === 'globalRestart' || (!ownAbort && ending !== null)) {
      this.finishRun(run, null);
      return;
    }
    // Under the global policy with budget left (an immediate abort, §7.3 step 3, which sends no
    // task end the policy could see) the run restarts; else "Writing job aborted" wraps the job's
    // failure, whose cause is the aborting task's (§5.6).
    const restart = this.w.retryPolicy === 'global' && this.restartsUsed < this.w.restarts && !isEnding(run);
    const causes = restart ? null : continuousWriteFailureChain(r.message, r.cause);
    if (restart) this.restartsUsed++;
    run.phase = { name: 'ending', ending: causes === null ? { kind: 'globalRestart' } : { kind: 'failure', message: causes[0] } };
    // The query thread wakes, and runContinuous's finally block stops the writes, one step later:
    // messages the tasks sent at this instant still reach the coordinator.
    this.app.schedule(0, () => this.finishRun(run, causes));
  }

  /** runContinuous's finally block: StopContinuousExecutionWrites (R6). */
  private stopWrites(run: Run): void {
    if (run.coordinator.writesStopped) return;
    run.coordinator.stopWrites();
    this.app.bus.post({ Event: 'SparkRetryHarnessWritesStopped', Timestamp: this.app.clock.now, runId: run.runId });
  }

  private finishRun(run: Run, causes: string[] | null): void {
    const phase = run.phase;
    assert(phase.name === 'ending', () => `run ${run.runId} finished in phase ${phase.name}`);
    const ending = phase.ending;
    run.phase = { name: 'over', ending };
    run.readers.clear();
    if (run.jobId >= 0) this.stopWrites(run);
    if (ending.kind === 'globalRestart') {
      this.app.schedule(0, () => this.start(run.runId));
      return;
    }
    let exception: string | null = null;
    let chain: string[] = [];
    if (ending.kind === 'failure') {
      chain = causes ?? [ending.message];
      exception = queryTerminatedMessage(prettyIdString(this.identity.name, this.identity.id, run.runId), chain[0]);
    }
    this.app.bus.post({
      Event: 'SparkRetryHarnessQueryTerminated',
      Timestamp: this.app.clock.now,
      id: this.identity.id,
      runId: run.runId,
      run: run.index,
      exception,
      causes: chain,
    });
    // A manual restart from the checkpoint (policy "none"): the budget is `restarts` (§5.8).
    if (ending.kind === 'failure' && this.w.retryPolicy === 'none' && this.restartsUsed < this.w.restarts) {
      this.restartsUsed++;
      this.app.schedule(0, () => this.start());
      return;
    }
    this.app.finishDriver();
  }
}

/** Whether the run is past running: a stored failure, an ending under way, or over. */
function isEnding(run: Run): boolean {
  return run.phase.name !== 'running';
}
