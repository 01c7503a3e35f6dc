// The task metrics a Spark 3.2 event log carries, for a simulated trace (JsonProtocol
// taskEndToJson, DAGScheduler.updateAccumulators / postTaskEnd, Executor's failure path). The
// simulator models time only: Executor Run Time is a task attempt's simulated duration and every
// other metric is 0. Spark's rules about where metrics appear are followed exactly:
// - "Task Metrics" is written only for ends that carry accumulator updates from the executor
//   (Success, ExceptionFailure, TaskKilled); FetchFailed, ExecutorLostFailure, Resubmitted,
//   TaskResultLost, TaskCommitDenied and UnknownReason have none, and their "Task Executor
//   Metrics" hold Spark's unset marker (JVMHeapMemory -1).
// - Each stage attempt registers its 25 internal accumulators when it is submitted
//   (Stage.makeNewStageAttempt), so their ids count up 25 per submitted stage attempt.
// - A task's updates merge into its own attempt's accumulators, and show in its TaskInfo and the
//   stage's latest StageInfo, only while the stage exists (some job that uses it is active), only
//   when non-zero, and for a result task's success only the first one of its partition while its
//   job is active; failures count (every internal metric counts failed values).
// - A Resubmitted end carries the TaskInfo of the success it undoes, accumulables and all (Spark
//   posts the same TaskInfo object again).
import type { TaskEndEvent } from './events.js';

const ACCUMULATORS_PER_STAGE_ATTEMPT = 25;
const RUN_TIME_OFFSET = 2;
const RESULT_SIZE_OFFSET = 4;
const RUN_TIME_NAME = 'internal.metrics.executorRunTime';

/** ExecutorMetricType.metricToOffset's order in Spark 3.2.0. */
const EXECUTOR_METRICS = [
  'JVMHeapMemory',
  'JVMOffHeapMemory',
  'OnHeapExecutionMemory',
  'OffHeapExecutionMemory',
  'OnHeapStorageMemory',
  'OffHeapStorageMemory',
  'OnHeapUnifiedMemory',
  'OffHeapUnifiedMemory',
  'DirectPoolMemory',
  'MappedPoolMemory',
  'ProcessTreeJVMVMemory',
  'ProcessTreeJVMRSSMemory',
  'ProcessTreePythonVMemory',
  'ProcessTreePythonRSSMemory',
  'ProcessTreeOtherVMemory',
  'ProcessTreeOtherRSSMemory',
  'MinorGCCount',
  'MinorGCTime',
  'MajorGCCount',
  'MajorGCTime',
] as const;

/** End reasons whose status update carries the task's accumulators and metric peaks. */
const CARRIES_METRICS = new Set(['Success', 'ExceptionFailure', 'TaskKilled']);

export interface TaskEndMetrics {
  /** The TaskInfo's Accumulables at the end. */
  accumulables: Record<string, unknown>[];
  /** ExceptionFailure's and TaskKilled's "Accumulator Updates" (executor-side: no names). */
  reasonUpdates: Record<string, unknown>[];
  executorMetrics: Record<string, number>;
  /** Absent when Spark writes no "Task Metrics". */
  taskMetrics?: Record<string, unknown>;
}

interface StageAttemptAccumulators {
  firstId: number;
  runTime: number;
}

export class TaskMetricsModel {
  private submittedAttempts = 0;
  private readonly attempts = new Map<string, StageAttemptAccumulators>();
  /** Per stage: its latest StageInfo's accumulables (id → value). */
  private readonly latestInfo = new Map<number, Map<number, number>>();
  /** Per TID: the accumulables its success left in its TaskInfo. */
  private readonly successAccumulables = new Map<number, Record<string, unknown>[]>();
  /** Per active job: its stages, and its result stage's finished partitions. */
  private readonly activeJobs = new Map<number, { stages: number[]; resultStage: number; finished: Set<number> }>();

  jobStarted(jobId: number, stageIds: readonly number[]): void {
    this.activeJobs.set(jobId, { stages: [...stageIds], resultStage: Math.max(...stageIds), finished: new Set() });
  }

  jobEnded(jobId: number): void {
    this.activeJobs.delete(jobId);
  }

  stageSubmitted(stageId: number, attempt: number): void {
    this.attempts.set(`${stageId}.${attempt}`, { firstId: this.submittedAttempts++ * ACCUMULATORS_PER_STAGE_ATTEMPT, runTime: 0 });
    this.latestInfo.set(stageId, new Map());
  }

  /** The stage's latest StageInfo accumulables, as StageCompleted writes them. */
  stageAccumulables(stageId: number): Record<string, unknown>[] {
    const info = this.latestInfo.get(stageId) ?? new Map<number, number>();
    return [...info]
      .sort((a, b) => a[0] - b[0])
      .map(([id, value]) => ({ ID: id, Name: RUN_TIME_NAME, Value: value, Internal: true, 'Count Failed Values': true }));
  }

  taskEnded(e: TaskEndEvent): TaskEndMetrics {
    const reason = e['Task End Reason'].Reason;
    const ti = e['Task Info'];
    if (!CARRIES_METRICS.has(reason)) {
      const accumulables = reason === 'Resubmitted' ? (this.successAccumulables.get(ti['Task ID']) ?? []) : [];
      return { accumulables, reasonUpdates: [], executorMetrics: executorMetrics(true) };
    }
    const runTime = ti['Finish Time'] - ti['Launch Time'];
    const own = this.ownAttempt(e);
    const accumulables = this.merge(e, own, runTime);
    if (reason === 'Success') this.successAccumulables.set(ti['Task ID'], accumulables);
    const reasonUpdates = reason === 'Success' ? [] : failureUpdates(own.firstId, runTime);
    return { accumulables, reasonUpdates, executorMetrics: executorMetrics(false), taskMetrics: taskMetrics(runTime) };
  }

  private ownAttempt(e: TaskEndEvent): StageAttemptAccumulators {
    const key = `${e['Stage ID']}.${e['Stage Attempt ID']}`;
    let a = this.attempts.get(key);
    if (a === undefined) {
      // A task of an attempt never submitted cannot end; keep ids apart all the same.
      a = { firstId: this.submittedAttempts++ * ACCUMULATORS_PER_STAGE_ATTEMPT, runTime: 0 };
      this.attempts.set(key, a);
    }
    return a;
  }

  /** DAGScheduler.updateAccumulators: the TaskInfo's accumulables, after merging when Spark merges. */
  private merge(e: TaskEndEvent, own: StageAttemptAccumulators, runTime: number): Record<string, unknown>[] {
    if (!this.updatesAccumulators(e) || runTime === 0) return [];
    own.runTime += runTime;
    const id = own.firstId + RUN_TIME_OFFSET;
    this.latestInfo.get(e['Stage ID'])?.set(id, own.runTime);
    return [{ ID: id, Name: RUN_TIME_NAME, Update: runTime, Value: own.runTime, Internal: true, 'Count Failed Values': true }];
  }

  private updatesAccumulators(e: TaskEndEvent): boolean {
    const stageId = e['Stage ID'];
    const jobs = [...this.activeJobs.values()];
    if (!jobs.some((j) => j.stages.includes(stageId))) return false;
    if (e['Task End Reason'].Reason !== 'Success' || e['Task Type'] !== 'ResultTask') return true;
    const job = jobs.find((j) => j.resultStage === stageId);
    const partition = e['Task Info']['Partition ID'] ?? e['Task Info'].Index;
    if (job === undefined || job.finished.has(partition)) return false;
    job.finished.add(partition);
    return true;
  }
}

/** What the executor's failure path sends: run time (when set) and result size, without names. */
function failureUpdates(firstId: number, runTime: number): Record<string, unknown>[] {
  const update = (offset: number, value: number) => ({ ID: firstId + offset, Update: String(value), Internal: false, 'Count Failed Values': true });
  return runTime === 0 ? [update(RESULT_SIZE_OFFSET, 0)] : [update(RUN_TIME_OFFSET, runTime), update(RESULT_SIZE_OFFSET, 0)];
}

function executorMetrics(unset: boolean): Record<string, number> {
  const m: Record<string, number> = {};
  for (const name of EXECUTOR_METRICS) m[name] = 0;
  if (unset) m.JVMHeapMemory = -1;
  return m;
}

/** JsonProtocol.taskMetricsToJson's fields, in its order. */
function taskMetrics(runTime: number): Record<string, unknown> {
  return {
    'Executor Deserialize Time': 0,
    'Executor Deserialize CPU Time': 0,
    'Executor Run Time': runTime,
    'Executor CPU Time': 0,
    'Peak Execution Memory': 0,
    'Result Size': 0,
    'JVM GC Time': 0,
    'Result Serialization Time': 0,
    'Memory Bytes Spilled': 0,
    'Disk Bytes Spilled': 0,
    'Shuffle Read Metrics': {
      'Remote Blocks Fetched': 0,
      'Local Blocks Fetched': 0,
      'Fetch Wait Time': 0,
      'Remote Bytes Read': 0,
      'Remote Bytes Read To Disk': 0,
      'Local Bytes Read': 0,
      'Total Records Read': 0,
    },
    'Shuffle Write Metrics': { 'Shuffle Bytes Written': 0, 'Shuffle Write Time': 0, 'Shuffle Records Written': 0 },
    'Input Metrics': { 'Bytes Read': 0, 'Records Read': 0 },
    'Output Metrics': { 'Bytes Written': 0, 'Records Written': 0 },
    'Updated Blocks': [],
  };
}
