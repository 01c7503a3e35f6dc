// DAGScheduler (spec §10): jobs to stages, stage submission, task completion handling, fetch
// failure stage retries and the abort path. Its inputs go through a FIFO event loop, as in
// Spark, drained by the application after each simulated step.
import { assert } from '../sim/assert.js';
import type { SparkConf } from '../scenario/types.js';
import type { TraceRecorder } from '../trace/recorder.js';
import type { RddNode, ShuffleDependency } from './lineage.js';
import type { DriverLog } from './log.js';
import type { MapOutputTracker } from './map-output-tracker.js';
import { ScalaHashSet, scalaHashSetOrder } from './scala-hash-map-order.js';
import { SPARK_RULES, type SchedulerRules } from './scheduler-rules.js';
import {
  jobAbortedDueToStageFailure,
  jobCancelled,
  jobFinishedReason,
  KILL_REASON,
  NO_STAGE_RETRY_MESSAGE,
  stageFailedMaxTimes,
  stageString,
} from './messages.js';
import type { DagSchedulerEvents, TaskSchedulerApi } from './scheduler-interfaces.js';
import { stageInfoJson } from './stage-info.js';
import { makeNewStageAttempt, newResultStage, newShuffleMapStage, type ResultStage, type ShuffleMapStage, type Stage } from './stage.js';
import { taskEndReasonToJson, type TaskEndReason } from './task-end-reason.js';
import { taskInfoJson, type JobContext, type Task, type TaskAttempt, type TaskSet } from './task.js';

/** Delay before failed stages are resubmitted after a fetch failure (spec §2 RESUBMIT_TIMEOUT). */
export const RESUBMIT_TIMEOUT_MS = 200;

/** A failed job's `cause` is its SparkException's cause: the aborting task's exception, if kept (spec §4). */
export type JobResult = { jobId: number; succeeded: true } | { jobId: number; succeeded: false; message: string; cause: string | null };

interface ActiveJob {
  ctx: JobContext;
  finalStage: ResultStage;
  finished: boolean[];
  numFinished: number;
  onEnd: (r: JobResult) => void;
  /** When the job was submitted, for runJob's "took %f s" log line. */
  submittedAtMs: number;
}

type DagEvent =
  | { kind: 'jobSubmitted'; rdd: RddNode; ctx: JobContext; onEnd: (r: JobResult) => void }
  | { kind: 'begin'; attempt: TaskAttempt }
  | { kind: 'gettingResult'; attempt: TaskAttempt }
  | { kind: 'completion'; attempt: TaskAttempt; reason: TaskEndReason }
  | { kind: 'taskSetFailed'; taskSet: TaskSet; reason: string; cause: string | null }
  | { kind: 'executorLost'; executorId: string }
  | { kind: 'jobCancelled'; jobId: number; reason: string }
  | { kind: 'resubmitFailedStages' };

export interface DagHost {
  now(): number;
  schedule(delayMs: number, action: () => void): void;
}

export class DAGScheduler implements DagSchedulerEvents {
  private nextJobId = 0;
  private nextStageId = 0;
  private readonly queue: DagEvent[] = [];
  private queueHead = 0;
  private readonly stageIdToStage = new Map<number, Stage>();
  private readonly shuffleIdToMapStage = new Map<number, ShuffleMapStage>();
  private readonly jobIdToStageIds = new Map<number, Set<number>>();
  private readonly activeJobs = new Map<number, ActiveJob>();
  // Scala HashSets, walked in their own order (below); runningStages is only ever tested.
  private readonly waitingStages = new ScalaHashSet<Stage>(stageHash);
  private readonly runningStages = new Set<Stage>();
  private readonly failedStages = new ScalaHashSet<Stage>(stageHash);
  private readonly executorFailureEpoch = new Map<string, number>();
  private readonly shuffleFileLostEpoch = new Map<string, number>();
  private taskScheduler!: TaskSchedulerApi;
  private readonly maxConsecutiveStageAttempts: number;
  private readonly noStageRetry: boolean;

  constructor(
    conf: SparkConf,
    private readonly mapOutputs: MapOutputTracker,
    private readonly bus: TraceRecorder,
    private readonly log: DriverLog,
    private readonly host: DagHost,
    private readonly rules: SchedulerRules = SPARK_RULES,
  ) {
    this.maxConsecutiveStageAttempts = conf['spark.stage.maxConsecutiveAttempts'];
    this.noStageRetry = conf['spark.test.noStageRetry'];
  }

  setTaskScheduler(ts: TaskSchedulerApi): void {
    this.taskScheduler = ts;
  }

  // ---- Inputs (DAGSchedulerEventProcessLoop) ----

  /** submitJob: the job id is assigned now; the job starts when the event loop handles it. */
  submitJob(rdd: RddNode, ctx: Omit<JobContext, 'jobId'>, onEnd: (r: JobResult) => void): number {
    const jobId = this.nextJobId++;
    this.post({ kind: 'jobSubmitted', rdd, ctx: { ...ctx, jobId }, onEnd });
    return jobId;
  }

  taskStarted(attempt: TaskAttempt): void {
    this.post({ kind: 'begin', attempt });
  }

  taskGettingResult(attempt: TaskAttempt): void {
    this.post({ kind: 'gettingResult', attempt });
  }

  taskEnded(attempt: TaskAttempt, reason: TaskEndReason): void {
    this.post({ kind: 'completion', attempt, reason });
  }

  taskSetFailed(taskSet: TaskSet, reason: string, cause: string | null): void {
    this.post({ kind: 'taskSetFailed', taskSet, reason, cause });
  }

  executorLost(executorId: string): void {
    this.post({ kind: 'executorLost', executorId });
  }

  /** cancelJob / cancelJobGroup: the job fails with "Job <id> cancelled <reason>" (spec §4). */
  cancelJob(jobId: number, reason: string): void {
    this.post({ kind: 'jobCancelled', jobId, reason });
  }

  private post(e: DagEvent): void {
    this.queue.push(e);
  }

  /** Handles queued events in order, including those that handling posts. */
  drain(): void {
    while (this.queueHead < this.queue.length) {
      const e = this.queue[this.queueHead++];
      this.handle(e);
    }
    this.queue.length = 0;
    this.queueHead = 0;
  }

  private handle(e: DagEvent): void {
    switch (e.kind) {
      case 'jobSubmitted':
        return this.handleJobSubmitted(e.rdd, e.ctx, e.onEnd);
      case 'begin':
        return this.handleBeginEvent(e.attempt);
      case 'gettingResult':
        return this.bus.post({ Event: 'SparkListenerTaskGettingResult', 'Task Info': taskInfoJson(e.attempt, false) });
      case 'completion':
        return this.handleTaskCompletion(e.attempt, e.reason);
      case 'taskSetFailed': {
        const stage = this.stageIdToStage.get(e.taskSet.stage.id);
        if (stage !== undefined) this.abortStage(stage, e.reason, e.cause);
        return;
      }
      case 'executorLost':
        return this.removeExecutorAndUnregisterOutputs(e.executorId, null);
      case 'resubmitFailedStages':
        return this.resubmitFailedStages();
      case 'jobCancelled': {
        const job = this.activeJobs.get(e.jobId);
        if (job !== undefined) this.failJobAndIndependentStages(job, jobCancelled(e.jobId, e.reason), null);
        return;
      }
    }
  }

  // ---- Stage creation (spec §3, §10.1) ----

  private handleJobSubmitted(rdd: RddNode, ctx: JobContext, onEnd: (r: JobResult) => void): void {
    const finalStage = this.createResultStage(rdd, ctx.jobId);
    const job: ActiveJob = { ctx, finalStage, finished: new Array(rdd.partitions).fill(false), numFinished: 0, onEnd, submittedAtMs: this.host.now() };
    this.activeJobs.set(ctx.jobId, job);
    finalStage.activeJobId = ctx.jobId;
    const stageIds = this.stageIdsOfJob(ctx.jobId);
    if (this.log.enabled) {
      this.log.log('INFO', 'DAGScheduler', `Got job ${ctx.jobId} (${finalStage.name}) with ${rdd.partitions} output partitions`);
    }
    this.bus.post({
      Event: 'SparkListenerJobStart',
      'Job ID': ctx.jobId,
      'Submission Time': this.host.now(),
      'Stage Infos': stageIds.map((id) => stageInfoJson(this.stageIdToStage.get(id)!)),
      'Stage IDs': stageIds,
      Properties: ctx.properties,
    });
    this.submitStage(finalStage);
  }

  private createResultStage(rdd: RddNode, jobId: number): ResultStage {
    const parents = this.getOrCreateParentStages(rdd, jobId);
    const stage = newResultStage(this.nextStageId++, rdd, parents, jobId);
    this.stageIdToStage.set(stage.id, stage);
    this.updateJobIdStageIdMaps(jobId, stage);
    return stage;
  }

  /** Parents in ascending shuffle id: Spark's HashSet order is not stable (spec §14). */
  private getOrCreateParentStages(rdd: RddNode, firstJobId: number): Stage[] {
    return rdd.stageShuffleInputs.map((dep) => this.getOrCreateShuffleMapStage(dep, firstJobId));
  }

  /** Ancestors are created first, so they get lower ids (spec §3). */
  private getOrCreateShuffleMapStage(dep: ShuffleDependency, firstJobId: number): ShuffleMapStage {
    const existing = this.shuffleIdToMapStage.get(dep.shuffleId);
    // (A mutant's rule: a shuffle this job's walk already reached gets a second stage, SPARK-13902.)
    if (existing !== undefined && (this.rules.reusesShuffleStagesWithinJob || existing.firstJobId !== firstJobId)) return existing;
    const parents = this.getOrCreateParentStages(dep.mapRdd, firstJobId);
    const stage = newShuffleMapStage(this.nextStageId++, dep, parents, firstJobId);
    this.stageIdToStage.set(stage.id, stage);
    this.shuffleIdToMapStage.set(dep.shuffleId, stage);
    // createShuffleMapStage registers each new stage with the job at once, ancestors first.
    this.updateJobIdStageIdMaps(firstJobId, stage);
    this.mapOutputs.registerShuffle(dep.shuffleId, dep.mapRdd.partitions);
    return stage;
  }

  /**
   * The job's stage ids in the order Spark visits them: a Scala mutable.HashSet (jobIdToStageIds),
   * filled in the order the stages were registered (scala-hash-map-order.ts). JobStart lists
   * them so, and cancellation walks them so.
   */
  private stageIdsOfJob(jobId: number): number[] {
    return scalaHashSetOrder([...(this.jobIdToStageIds.get(jobId) ?? [])]);
  }

  private updateJobIdStageIdMaps(jobId: number, stage: Stage): void {
    const ids = this.jobIdToStageIds.get(jobId) ?? new Set<number>();
    this.jobIdToStageIds.set(jobId, ids);
    const visit = (s: Stage): void => {
      if (ids.has(s.id) && s.jobIds.has(jobId)) return;
      s.jobIds.add(jobId);
      ids.add(s.id);
      for (const p of s.parents) visit(p);
    };
    visit(stage);
  }

  private isAvailable(stage: ShuffleMapStage): boolean {
    return this.mapOutputs.isComplete(stage.shuffleDep.shuffleId);
  }

  // ---- Stage submission (spec §10.1) ----

  private activeJobForStage(stage: Stage): number | null {
    let best: number | null = null;
    for (const id of stage.jobIds) if (this.activeJobs.has(id) && (best === null || id < best)) best = id;
    return best;
  }

  private submitStage(stage: Stage): void {
    const jobId = this.activeJobForStage(stage);
    // Spark aborts the stage with "No active job for stage n" here; the simulator's drivers run one
    // job at a time and submit only that job's stages, so a stage always has it.
    assert(jobId !== null, () => `stage ${stage.id} submitted with no active job`);
    if (this.waitingStages.has(stage) || this.runningStages.has(stage) || this.failedStages.has(stage)) return;
    const missing = stage.parents.filter((p) => p.kind === 'shuffleMap' && !this.isAvailable(p)).sort((a, b) => a.id - b.id);
    if (missing.length === 0) {
      this.submitMissingTasks(stage, jobId);
    } else {
      for (const parent of missing) this.submitStage(parent);
      this.waitingStages.add(stage);
    }
  }

  private missingPartitions(stage: Stage): number[] {
    if (stage.kind === 'shuffleMap') return this.mapOutputs.missingMapIndices(stage.shuffleDep.shuffleId);
    const job = this.activeJobs.get(stage.activeJobId!)!;
    const out: number[] = [];
    for (let p = 0; p < job.finished.length; p++) if (!job.finished[p]) out.push(p);
    return out;
  }

  private submitMissingTasks(stage: Stage, jobId: number): void {
    assert(
      stage.parents.every((p) => p.kind !== 'shuffleMap' || this.isAvailable(p)),
      () => `stage ${stage.id} submitted before its parents have every output`,
    );
    const partitions = this.missingPartitions(stage);
    if (stage.kind === 'shuffleMap') stage.pendingPartitions.clear();
    this.runningStages.add(stage);
    const info = makeNewStageAttempt(stage, partitions.length);
    // Spark sets the submission time only when there is something to compute.
    if (partitions.length > 0) info.submissionTime = this.host.now();
    const job = this.activeJobs.get(jobId)!;
    this.bus.post({ Event: 'SparkListenerStageSubmitted', 'Stage Info': stageInfoJson(stage), Properties: job.ctx.properties });
    const epoch = this.mapOutputs.epoch;
    const tasks: Task[] = partitions.map((partition, index) => ({
      index,
      partition,
      kind: stage.kind,
      stage,
      stageAttemptId: info.attemptId,
      job: job.ctx,
      epoch,
    }));
    if (tasks.length > 0) {
      if (stage.kind === 'shuffleMap') for (const p of partitions) stage.pendingPartitions.add(p);
      if (this.log.enabled) {
        this.log.log(
          'INFO',
          'DAGScheduler',
          `Submitting ${tasks.length} missing tasks from ${stageString(stage.kind, stage.id)} (${stage.name}) (first 15 tasks are for partitions Vector(${partitions.slice(0, 15).join(', ')}))`,
        );
      }
      this.taskScheduler.submitTasks({ stage, stageAttemptId: info.attemptId, priority: jobId, tasks });
    } else {
      if (this.rules.completesEmptyStage) this.markStageAsFinished(stage, null);
      this.submitWaitingChildStages(stage);
    }
  }

  private submitWaitingChildStages(parent: Stage): void {
    // DAGScheduler.submitWaitingChildStages (3.2.0): `filter` builds a new HashSet in the waiting
    // set's order and `toArray` takes that set's order; then a stable sort by firstJobId alone.
    const filtered = new ScalaHashSet<Stage>(stageHash);
    for (const s of this.waitingStages.values()) if (s.parents.includes(parent)) filtered.add(s);
    const children = filtered.values();
    for (const c of children) this.waitingStages.delete(c);
    children.sort((a, b) => a.firstJobId - b.firstJobId);
    for (const c of children) this.submitStage(c);
  }

  private markStageAsFinished(stage: Stage, errorMessage: string | null): void {
    const info = stage.latestInfo;
    info.completionTime = this.host.now();
    if (errorMessage === null) {
      // Stage.clearFailures: only a success resets the count (§10.4).
      if (this.rules.resetsStageFailuresOnSuccess) stage.failedAttemptIds.clear();
    } else {
      info.failureReason = errorMessage;
    }
    if (this.log.enabled) {
      const serviceTime = info.submissionTime === null ? 'Unknown' : ((info.completionTime - info.submissionTime) / 1000).toFixed(3);
      const what = errorMessage === null ? 'finished' : 'failed';
      const due = errorMessage === null ? '' : ` due to ${errorMessage}`;
      this.log.log('INFO', 'DAGScheduler', `${stageString(stage.kind, stage.id)} (${stage.name}) ${what} in ${serviceTime} s${due}`);
    }
    this.bus.post({ Event: 'SparkListenerStageCompleted', 'Stage Info': stageInfoJson(stage) });
    this.runningStages.delete(stage);
  }

  // ---- Task events (spec §10.2–10.4, §11) ----

  private handleBeginEvent(attempt: TaskAttempt): void {
    const stage = this.stageIdToStage.get(attempt.task.stage.id);
    this.bus.post({
      Event: 'SparkListenerTaskStart',
      'Stage ID': attempt.task.stage.id,
      // The stage's latest attempt when the event is handled, or -1 once the stage is gone (§11).
      'Stage Attempt ID': stage === undefined ? -1 : stage.latestInfo.attemptId,
      'Task Info': attempt.startInfo,
    });
  }

  private handleTaskCompletion(attempt: TaskAttempt, reason: TaskEndReason): void {
    const task = attempt.task;
    const live = this.stageIdToStage.get(task.stage.id);
    if (!this.rules.postsTaskEndWhenStageGone && live !== task.stage) return;
    this.bus.post({
      Event: 'SparkListenerTaskEnd',
      'Stage ID': task.stage.id,
      'Stage Attempt ID': task.stageAttemptId,
      'Task Type': task.kind === 'result' ? 'ResultTask' : 'ShuffleMapTask',
      'Task End Reason': taskEndReasonToJson(reason),
      'Task Info': taskInfoJson(attempt, true),
    });
    const stage = live;
    if (stage === undefined || stage !== task.stage) return; // the stage is gone: only post (§11)
    switch (reason.kind) {
      case 'Success':
        if (task.stageAttemptId < stage.latestInfo.attemptId && this.rules.notifiesPartitionCompletion) {
          this.taskScheduler.notifyPartitionCompletion(stage.id, task.partition);
        }
        if (stage.kind === 'result') this.handleResultTaskSuccess(stage, task);
        else this.handleMapTaskSuccess(stage, attempt);
        return;
      case 'Resubmitted':
        if (stage.kind === 'shuffleMap') stage.pendingPartitions.add(task.partition);
        return;
      case 'FetchFailed':
        this.handleFetchFailed(stage, attempt, reason);
        return;
      default:
        // ExceptionFailure, TaskKilled, TaskResultLost, ExecutorLostFailure, UnknownReason,
        // TaskCommitDenied: retry and abort are the TaskSetManager's job (§10.3).
        return;
    }
  }

  private handleResultTaskSuccess(stage: ResultStage, task: Task): void {
    const job = stage.activeJobId === null ? undefined : this.activeJobs.get(stage.activeJobId);
    // Spark logs "Ignoring result from ResultTask(…) because its job has finished" here. The
    // simulator cannot get here without a job: a job's cleanup removes its result stage, and
    // handleTaskCompletion returns for a removed stage before this.
    assert(job !== undefined, () => `result task of stage ${stage.id} partition ${task.partition} ended with no active job`);
    if (job.finished[task.partition]) return;
    job.finished[task.partition] = true;
    job.numFinished++;
    if (job.numFinished < job.finished.length) return;
    // The whole job is done (spec §10.2).
    this.markStageAsFinished(stage, null);
    this.cancelRunningIndependentStages(job, jobFinishedReason(job.ctx.jobId));
    this.cleanupStateForJobAndIndependentStages(job);
    if (this.rules.killsZombieResultTasksOnJobEnd) this.taskScheduler.killAllTaskAttempts(stage.id, KILL_REASON.stageFinished);
    if (this.log.enabled) this.log.log('INFO', 'DAGScheduler', `Job ${job.ctx.jobId} finished: ${stage.name}, took ${tookSeconds(job, this.host.now())} s`);
    this.bus.post({ Event: 'SparkListenerJobEnd', 'Job ID': job.ctx.jobId, 'Completion Time': this.host.now(), 'Job Result': { Result: 'JobSucceeded' } });
    job.onEnd({ jobId: job.ctx.jobId, succeeded: true });
  }

  private handleMapTaskSuccess(stage: ShuffleMapStage, attempt: TaskAttempt): void {
    const task = attempt.task;
    stage.pendingPartitions.delete(task.partition);
    const failedEpoch = this.executorFailureEpoch.get(attempt.executorId);
    if (failedEpoch !== undefined && task.epoch <= failedEpoch) {
      if (this.log.enabled)
        this.log.log(
          'INFO',
          'DAGScheduler',
          `Ignoring possibly bogus ShuffleMapTask(${stage.id}, ${task.partition}) completion from executor ${attempt.executorId}`,
        );
    } else {
      this.mapOutputs.registerMapOutput(stage.shuffleDep.shuffleId, task.partition, { location: attempt.blockManager, mapId: attempt.tid });
    }
    if (this.runningStages.has(stage) && stage.pendingPartitions.size === 0) {
      this.markStageAsFinished(stage, null);
      this.mapOutputs.incrementEpoch();
      if (!this.isAvailable(stage)) {
        // Some outputs were lost meanwhile: the stage runs again for them (surprising fact 15).
        this.submitStage(stage);
      } else {
        this.submitWaitingChildStages(stage);
      }
    }
  }

  /** FetchFailed handling, in Spark's order (spec §10.4). */
  private handleFetchFailed(failedStage: Stage, attempt: TaskAttempt, reason: Extract<TaskEndReason, { kind: 'FetchFailed' }>): void {
    const task = attempt.task;
    const mapStage = this.shuffleIdToMapStage.get(reason.shuffleId);
    // 1. A fetch failure from an attempt that is not the latest changes nothing (fact 14).
    if (failedStage.latestInfo.attemptId !== task.stageAttemptId && this.rules.ignoresStaleFetchFailures) {
      if (this.log.enabled) {
        this.log.log(
          'INFO',
          'DAGScheduler',
          `Ignoring fetch failure from ${task.kind === 'result' ? 'ResultTask' : 'ShuffleMapTask'}(${failedStage.id}, ${task.partition}) as it's from ${stageString(failedStage.kind, failedStage.id)} attempt ${task.stageAttemptId} and there is a more recent attempt for that stage (attempt ${failedStage.latestInfo.attemptId}) running`,
        );
      }
      return;
    }
    // 2. Count the failed attempt (a set: several failures in one attempt count once).
    failedStage.failedAttemptIds.add(task.stageAttemptId);
    const shouldAbort = (this.rules.boundsStageAttempts && failedStage.failedAttemptIds.size >= this.maxConsecutiveStageAttempts) || this.noStageRetry;
    // 3.
    if (this.runningStages.has(failedStage)) this.markStageAsFinished(failedStage, reason.message);
    // 4.
    // MapOutputTrackerMaster.unregisterMapOutput removes the output only if it is still at that
    // block manager, and bumps the epoch either way.
    if (reason.mapIndex !== -1) {
      if (reason.bm !== null) this.mapOutputs.unregisterMapOutput(reason.shuffleId, reason.mapIndex, reason.bm);
      this.mapOutputs.incrementEpoch();
    }
    // 5.
    if (shouldAbort) {
      const msg = this.noStageRetry
        ? NO_STAGE_RETRY_MESSAGE
        : stageFailedMaxTimes(stageString(failedStage.kind, failedStage.id), failedStage.name, this.maxConsecutiveStageAttempts, reason.message);
      this.abortStage(failedStage, msg, null);
    } else {
      const noResubmitEnqueued = !this.failedStages.has(failedStage);
      this.failedStages.add(failedStage);
      if (mapStage !== undefined) this.failedStages.add(mapStage);
      if (noResubmitEnqueued) {
        if (this.log.enabled)
          this.log.log(
            'INFO',
            'DAGScheduler',
            `Resubmitting ${mapStage ? `${stageString('shuffleMap', mapStage.id)} (${mapStage.name})` : 'map stage'} and ${stageString(failedStage.kind, failedStage.id)} (${failedStage.name}) due to fetch failure`,
          );
        this.host.schedule(RESUBMIT_TIMEOUT_MS, () => this.post({ kind: 'resubmitFailedStages' }));
      }
    }
    // 6. The block manager that failed to serve is treated as lost, at the task's epoch.
    if (reason.bm !== null) this.removeExecutorAndUnregisterOutputs(reason.bm.executorId, task.epoch);
  }

  private resubmitFailedStages(): void {
    if (this.failedStages.size === 0) return;
    // DAGScheduler.resubmitFailedStages (3.2.0): the set's order, stably sorted by firstJobId alone.
    const stages = this.failedStages.values().sort((a, b) => a.firstJobId - b.firstJobId);
    this.failedStages.clear();
    if (this.log.enabled) this.log.log('INFO', 'DAGScheduler', 'Resubmitting failed stages');
    for (const s of stages) this.submitStage(s);
  }

  /**
   * removeExecutorAndUnregisterOutputs (spec §10.4 step 6, §10.6): at most once per epoch, drop
   * the executor's block manager and all its map outputs (no external shuffle service).
   */
  private removeExecutorAndUnregisterOutputs(executorId: string, maybeEpoch: number | null): void {
    const currentEpoch = maybeEpoch ?? this.mapOutputs.epoch;
    const failed = this.executorFailureEpoch.get(executorId);
    if (failed === undefined || failed < currentEpoch) {
      this.executorFailureEpoch.set(executorId, currentEpoch);
      if (this.log.enabled) this.log.log('INFO', 'DAGScheduler', `Executor lost: ${executorId} (epoch ${currentEpoch})`);
    }
    const lost = this.shuffleFileLostEpoch.get(executorId);
    if (lost === undefined || lost < currentEpoch) {
      this.shuffleFileLostEpoch.set(executorId, currentEpoch);
      this.mapOutputs.removeOutputsOnExecutor(executorId);
      this.mapOutputs.incrementEpoch();
    }
  }

  // ---- Abort path (spec §10.5) ----

  private stageDependsOn(stage: Stage, target: Stage): boolean {
    if (stage === target) return true;
    return stage.parents.some((p) => this.stageDependsOn(p, target));
  }

  private abortStage(failedStage: Stage, reason: string, cause: string | null): void {
    if (!this.stageIdToStage.has(failedStage.id)) return;
    const dependentJobs = [...this.activeJobs.values()].filter((j) => this.stageDependsOn(j.finalStage, failedStage)).sort((a, b) => a.ctx.jobId - b.ctx.jobId);
    failedStage.latestInfo.completionTime = this.host.now();
    for (const job of dependentJobs) this.failJobAndIndependentStages(job, jobAbortedDueToStageFailure(reason), cause);
    if (dependentJobs.length === 0 && this.log.enabled) {
      this.log.log('INFO', 'DAGScheduler', `Ignoring failure of ${stageString(failedStage.kind, failedStage.id)} because all jobs depending on it are done`);
    }
  }

  private failJobAndIndependentStages(job: ActiveJob, failureReason: string, cause: string | null): void {
    this.cancelRunningIndependentStages(job, failureReason);
    this.cleanupStateForJobAndIndependentStages(job);
    if (this.log.enabled)
      this.log.log('INFO', 'DAGScheduler', `Job ${job.ctx.jobId} failed: ${job.finalStage.name}, took ${tookSeconds(job, this.host.now())} s`);
    this.bus.post({
      Event: 'SparkListenerJobEnd',
      'Job ID': job.ctx.jobId,
      'Completion Time': this.host.now(),
      'Job Result': { Result: 'JobFailed', Exception: { Message: failureReason, 'Stack Trace': [] } },
    });
    job.onEnd({ jobId: job.ctx.jobId, succeeded: false, message: failureReason, cause });
  }

  /** Stages used only by this job that are running: kill their tasks, then mark them failed. */
  private cancelRunningIndependentStages(job: ActiveJob, reason: string): void {
    const ids = this.stageIdsOfJob(job.ctx.jobId);
    for (const id of ids) {
      const stage = this.stageIdToStage.get(id);
      if (stage === undefined || !stage.jobIds.has(job.ctx.jobId) || stage.jobIds.size !== 1) continue;
      if (this.runningStages.has(stage)) {
        this.taskScheduler.cancelTasks(id);
        this.markStageAsFinished(stage, reason);
      }
    }
  }

  private cleanupStateForJobAndIndependentStages(job: ActiveJob): void {
    const jobId = job.ctx.jobId;
    const ids = this.stageIdsOfJob(jobId);
    for (const id of ids) {
      const stage = this.stageIdToStage.get(id);
      if (stage === undefined) continue;
      stage.jobIds.delete(jobId);
      if (stage.jobIds.size > 0) continue;
      this.runningStages.delete(stage);
      this.waitingStages.delete(stage);
      this.failedStages.delete(stage);
      if (stage.kind === 'shuffleMap') this.shuffleIdToMapStage.delete(stage.shuffleDep.shuffleId);
      this.stageIdToStage.delete(id);
    }
    this.jobIdToStageIds.delete(jobId);
    this.activeJobs.delete(jobId);
    job.finalStage.activeJobId = null;
  }
}

/** runJob's "took %f s": the job's duration in seconds with six decimals. */
function tookSeconds(job: ActiveJob, nowMs: number): string {
  return ((nowMs - job.submittedAtMs) / 1000).toFixed(6);
}

/** Stage.hashCode (Stage.scala 3.2.0): the stage's id, which places it in a Scala HashSet. */
function stageHash(stage: Stage): number {
  return stage.id;
}
