// One pass over a trace that the invariants share: tasks by TID, stage attempts, jobs,
// executors, and the failures each TaskSetManager counted (spec §7.3 step 6). Computed once per
// events array (memoized), so thirty invariants cost about one pass each.
import { loggedReasonCounts, taskEndReasonFromJson, toErrorString } from '../../src/spark/task-end-reason.js';
import type { TaskEndReasonJson, TraceEvent } from '../../src/trace/events.js';
import { memoPerTrace } from './trace-memo.js';
import { TaskSetSuccesses } from './task-set-successes.js';

export interface TaskEnd {
  eventIndex: number;
  stageAttemptId: number;
  reason: TaskEndReasonJson;
  finishTime: number;
}

export interface TaskRecord {
  tid: number;
  stageId: number;
  /** "Stage Attempt ID" of the TaskStart: the stage's latest attempt then, or -1 (spec §11). */
  startStageAttemptId: number;
  index: number;
  attempt: number;
  partition: number | null;
  executorId: string;
  host: string;
  speculative: boolean;
  launchTime: number;
  startIndex: number;
  ends: TaskEnd[];
  /** Its own stage attempt's key ("stage.attempt"), cached once its own attempt is known (live-facts.ts). */
  ownKey?: string;
}

export interface StageAttemptRecord {
  stageId: number;
  attemptId: number;
  submittedIndex: number;
  submissionTime: number | null;
  numTasks: number;
  completedIndex: number | null;
  /** StageCompleted's "Completion Time", when it completed and says. */
  completionTime: number | null;
  failureReason: string | null;
}

export interface JobRecord {
  jobId: number;
  startIndex: number | null;
  endIndexes: number[];
  stageIds: number[];
  properties: Record<string, string>;
  result: 'JobSucceeded' | 'JobFailed' | null;
  message: string | null;
}

export interface CountedFailure {
  eventIndex: number;
  tid: number;
  /** The index's count after this failure. */
  count: number;
}

export interface TraceFacts {
  events: readonly TraceEvent[];
  tasks: Map<number, TaskRecord>;
  /** In TaskStart order. */
  taskOrder: TaskRecord[];
  stageAttempts: Map<string, StageAttemptRecord>;
  /** Per stage, its attempts in submission order. */
  attemptsOfStage: Map<number, StageAttemptRecord[]>;
  jobs: Map<number, JobRecord>;
  /** The job whose JobStart listed the stage. */
  jobOfStage: Map<number, number>;
  executorCores: Map<string, number>;
  executorRemovedAt: Map<string, number>;
  /** The ExecutorRemoved "Timestamp" of each removed executor. */
  executorRemovedTime: Map<string, number>;
  /** Per TaskSetManager ("stage.attempt"), per index: the failures it counted. */
  counted: Map<string, Map<number, CountedFailure[]>>;
  /** When each TaskSetManager became a zombie (event index), if it did. */
  zombieAt: Map<string, number>;
  hasApplicationEnd: boolean;
  /** The messages of every FetchFailed TaskEnd: a stage failed by a fetch failure carries one. */
  fetchFailureMessages: Set<string>;
  /** Whether the log carries task partitions (3.3+ logs and our traces). */
  hasPartitions: boolean;
}

export const tsmKey = (stageId: number, attemptId: number): string => `${stageId}.${attemptId}`;

/** The key of a task's own stage attempt, cached on it once its decisive end is in. */
export function ownKeyOf(t: TaskRecord): string {
  if (t.ownKey !== undefined) return t.ownKey;
  const key = tsmKey(t.stageId, ownAttempt(t));
  if (finalEnd(t) !== undefined) t.ownKey = key;
  return key;
}

/** The stage attempt a task belongs to: its TaskEnd's, else its TaskStart's. */
export function ownAttempt(t: TaskRecord): number {
  const end = t.ends.find((e) => e.reason.Reason !== 'Resubmitted');
  return end?.stageAttemptId ?? t.startStageAttemptId;
}

/** The end that decided the attempt (not a later Resubmitted), if any. */
export function finalEnd(t: TaskRecord): TaskEnd | undefined {
  return t.ends.find((e) => e.reason.Reason !== 'Resubmitted');
}

export const factsOf: (events: readonly TraceEvent[]) => TraceFacts = memoPerTrace((events) => build(events));

function build(events: readonly TraceEvent[]): TraceFacts {
  const f: TraceFacts = {
    events,
    tasks: new Map(),
    taskOrder: [],
    stageAttempts: new Map(),
    attemptsOfStage: new Map(),
    jobs: new Map(),
    jobOfStage: new Map(),
    executorCores: new Map(),
    executorRemovedAt: new Map(),
    executorRemovedTime: new Map(),
    counted: new Map(),
    zombieAt: new Map(),
    hasApplicationEnd: false,
    hasPartitions: false,
    fetchFailureMessages: new Set(),
  };
  const successes = new TaskSetSuccesses();
  const zombie = (key: string, i: number) => {
    if (!f.zombieAt.has(key)) f.zombieAt.set(key, i);
  };
  events.forEach((e, i) => {
    switch (e.Event) {
      case 'SparkListenerTaskStart': {
        const rec = taskRecordOf(e, i);
        if (rec.partition !== null) f.hasPartitions = true;
        if (!f.tasks.has(rec.tid)) f.tasks.set(rec.tid, rec);
        f.taskOrder.push(rec);
        return;
      }
      case 'SparkListenerTaskEnd': {
        const ti = e['Task Info'];
        const rec = f.tasks.get(ti['Task ID']);
        if (rec === undefined) return;
        const reason = e['Task End Reason'];
        const end: TaskEnd = { eventIndex: i, stageAttemptId: e['Stage Attempt ID'], reason, finishTime: ti['Finish Time'] };
        rec.ends.push(end);
        const key = tsmKey(e['Stage ID'], e['Stage Attempt ID']);
        if (reason.Reason === 'Success') {
          for (const complete of successes.success(e['Stage ID'], e['Stage Attempt ID'], rec.index, rec.partition, i)) zombie(complete, i);
          return;
        }
        if (reason.Reason === 'Resubmitted') {
          successes.resubmitted(e['Stage ID'], e['Stage Attempt ID'], rec.index, rec.partition);
          return;
        }
        if (!f.zombieAt.has(key) && loggedReasonCounts(reason)) {
          const byIndex = f.counted.get(key) ?? new Map<number, CountedFailure[]>();
          f.counted.set(key, byIndex);
          const list = byIndex.get(rec.index) ?? [];
          list.push({ eventIndex: i, tid: rec.tid, count: list.length + 1 });
          byIndex.set(rec.index, list);
        }
        if (reason.Reason === 'FetchFailed') {
          zombie(key, i);
          f.fetchFailureMessages.add(reason.Message);
        }
        return;
      }
      case 'SparkListenerStageSubmitted': {
        const rec = stageAttemptRecordOf(e, i);
        successes.submitted(rec.stageId, rec.attemptId, rec.numTasks);
        for (const older of f.attemptsOfStage.get(rec.stageId) ?? []) zombie(tsmKey(older.stageId, older.attemptId), i);
        f.stageAttempts.set(tsmKey(rec.stageId, rec.attemptId), rec);
        const list = f.attemptsOfStage.get(rec.stageId) ?? [];
        list.push(rec);
        f.attemptsOfStage.set(rec.stageId, list);
        return;
      }
      case 'SparkListenerStageCompleted': {
        const si = e['Stage Info'];
        const key = tsmKey(si['Stage ID'], si['Stage Attempt ID']);
        const rec = f.stageAttempts.get(key);
        if (rec !== undefined && rec.completedIndex === null) {
          rec.completedIndex = i;
          rec.completionTime = si['Completion Time'] ?? null;
          rec.failureReason = si['Failure Reason'] ?? null;
        }
        if (si['Failure Reason'] !== undefined && si['Failure Reason'] !== null) zombie(key, i);
        return;
      }
      case 'SparkListenerJobStart': {
        const job = jobRecord(f, e['Job ID']);
        successes.job(e);
        job.startIndex = i;
        job.stageIds = e['Stage IDs'];
        job.properties = e.Properties ?? {};
        for (const s of e['Stage IDs']) f.jobOfStage.set(s, e['Job ID']);
        return;
      }
      case 'SparkListenerJobEnd': {
        const job = jobRecord(f, e['Job ID']);
        successes.job(e);
        job.endIndexes.push(i);
        const r = e['Job Result'];
        job.result = r.Result;
        job.message = r.Result === 'JobFailed' ? (r.Exception?.Message ?? '') : null;
        return;
      }
      case 'SparkListenerExecutorAdded':
        f.executorCores.set(e['Executor ID'], e['Executor Info']['Total Cores']);
        return;
      case 'SparkListenerExecutorRemoved':
        f.executorRemovedAt.set(e['Executor ID'], i);
        f.executorRemovedTime.set(e['Executor ID'], e.Timestamp);
        return;
      case 'SparkListenerApplicationEnd':
        f.hasApplicationEnd = true;
        return;
      default:
        return;
    }
  });
  return f;
}

function jobRecord(f: TraceFacts, jobId: number): JobRecord {
  let j = f.jobs.get(jobId);
  if (j === undefined) {
    j = { jobId, startIndex: null, endIndexes: [], stageIds: [], properties: {}, result: null, message: null };
    f.jobs.set(jobId, j);
  }
  return j;
}

/** Whether a stage attempt failed on a fetch failure (its reason is a FetchFailed message, §10.4 step 3). */
export function failedOnFetch(f: { fetchFailureMessages: ReadonlySet<string> }, sa: StageAttemptRecord): boolean {
  return sa.failureReason !== null && f.fetchFailureMessages.has(sa.failureReason);
}

/** "Job aborted due to stage failure: Task i in stage s.a failed N times, most recent failure: …" */
export const TASK_ABORT = /^Job aborted due to stage failure: Task (\d+) in stage (\d+)\.(\d+) failed (-?\d+) times, most recent failure: ([\s\S]*)$/;

/** Whether a JobStart's properties mark a continuous-processing job (streaming spec §2). */
export function isContinuousJob(j: JobRecord): boolean {
  return j.properties['__is_continuous_processing'] === 'true';
}

/** The task a "failed N times" abort names ("(TID n)" since 3.0, "(TID n, host, …)" before), if it started. */
export function abortingTask(f: { tasks: ReadonlyMap<number, TaskRecord> }, message: string): TaskRecord | undefined {
  const m = TASK_ABORT.exec(message);
  const lost = m === null ? null : /\(TID (\d+)[,)]/.exec(m[5]);
  return lost === null ? undefined : f.tasks.get(Number(lost[1]));
}

/**
 * The first line of the exception the aborting task failed with, null when its TaskEndReason
 * carries none (only an ExceptionFailure does), or undefined when the abort names no known task.
 */
export function abortingTaskException(f: { tasks: ReadonlyMap<number, TaskRecord> }, message: string): string | null | undefined {
  const task = abortingTask(f, message);
  const end = task === undefined ? undefined : finalEnd(task);
  if (end === undefined) return undefined;
  if (end.reason.Reason !== 'ExceptionFailure') return null;
  return toErrorString(taskEndReasonFromJson(end.reason)).split('\n')[0];
}

/** A TaskStart event as a task record, with no end yet (shared by the whole-trace and streaming facts). */
export function taskRecordOf(e: Extract<TraceEvent, { Event: 'SparkListenerTaskStart' }>, startIndex: number): TaskRecord {
  const ti = e['Task Info'];
  return {
    tid: ti['Task ID'],
    stageId: e['Stage ID'],
    startStageAttemptId: e['Stage Attempt ID'],
    index: ti.Index,
    attempt: ti.Attempt,
    partition: ti['Partition ID'] ?? null,
    executorId: ti['Executor ID'],
    host: ti.Host,
    speculative: ti.Speculative === true,
    launchTime: ti['Launch Time'],
    startIndex,
    ends: [],
  };
}

/** A StageSubmitted event as a stage attempt record, not completed yet (shared like taskRecordOf). */
export function stageAttemptRecordOf(e: Extract<TraceEvent, { Event: 'SparkListenerStageSubmitted' }>, submittedIndex: number): StageAttemptRecord {
  const si = e['Stage Info'];
  return {
    stageId: si['Stage ID'],
    attemptId: si['Stage Attempt ID'],
    submittedIndex,
    submissionTime: si['Submission Time'] ?? null,
    numTasks: si['Number of Tasks'],
    completedIndex: null,
    completionTime: null,
    failureReason: null,
  };
}
