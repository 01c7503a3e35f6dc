// The facts the scheduler invariants share, kept up to date one event at a time (issue 12 §4), so
// the same checks run over an in-memory trace and over an event log read as a stream. It keeps
// what the checks need, not the events: the stage attempts, jobs and executors (small), the
// counted failures (spec §7.3 step 6), the tasks still running or still needed, and a few bits
// per TID. A task is dropped once it ended and its stage attempt completed (for a failed attempt:
// once the jobs that needed the stage ended, since an abort message names its task).
// Checks that read tasks in launch order get each task when its own stage attempt is known (its
// first TaskEnd that is not a Resubmitted, or the trace's end), in launch order per stage and index.
import { loggedReasonCounts } from '../../src/spark/task-end-reason.js';
import type { TraceEvent } from '../../src/trace/events.js';
import type { CountedFailure, JobRecord, StageAttemptRecord, TaskEnd, TaskRecord } from './trace-facts.js';
import { finalEnd, ownKeyOf, stageAttemptRecordOf, taskRecordOf, tsmKey } from './trace-facts.js';
import { TaskSetSuccesses } from './task-set-successes.js';
import { TidTable } from './tid-table.js';

type Ev<N extends TraceEvent['Event']> = Extract<TraceEvent, { Event: N }>;

/** A counted failure with what an abort message names of its task (I5), kept after the task is dropped. */
export interface CountedFailureFacts extends CountedFailure {
  index: number;
  attempt: number;
  stageId: number;
  stageAttemptId: number;
  host: string;
  executorId: string;
  reason: Ev<'SparkListenerTaskEnd'>['Task End Reason'];
}

/** What a streaming check does with the events, the tasks in launch order, and the trace's end. */
export interface EventSink {
  event?(e: TraceEvent, i: number): void;
  resolved?(t: TaskRecord): void;
  /** A stage attempt whose tasks are dropped: state kept per stage attempt can go too. */
  closed?(key: string): void;
  end?(): void;
}

/** A number naming a task's stage and index, for the launch-order queues (exact below 2^26 indexes and stages). */
const queueKey = (t: TaskRecord): number => t.stageId * 67108864 + t.index;

export class LiveFacts {
  readonly tasks = new Map<number, TaskRecord>();
  readonly stageAttempts = new Map<string, StageAttemptRecord>();
  readonly attemptsOfStage = new Map<number, StageAttemptRecord[]>();
  readonly jobs = new Map<number, JobRecord>();
  readonly jobOfStage = new Map<number, number>();
  readonly executorCores = new Map<string, number>();
  readonly executorRemovedTime = new Map<string, number>();
  readonly counted = new Map<string, Map<number, CountedFailureFacts[]>>();
  readonly zombieAt = new Map<string, number>();
  readonly fetchFailureMessages = new Set<string>();
  /** Per stage attempt: whether a FetchFailed of its own came while it ran (I18). */
  readonly ownFetchFailure = new Set<string>();
  readonly tids = new TidTable();
  hasApplicationEnd = false;
  hasPartitions = false;
  /** For the event being handled: a TaskStart of a TID that had started before (I1). */
  duplicateStart = false;
  private sinks: EventSink[] = [];
  private readonly successes = new TaskSetSuccesses();
  /** Tasks not yet resolved, per stage and index (queueKey), in launch order. */
  private readonly pending = new Map<number, TaskRecord | TaskRecord[]>();
  /** TIDs of resolved tasks still kept, per stage attempt. */
  private readonly keptOf = new Map<string, number[]>();
  /** Stage attempts whose tasks are dropped as soon as they resolve. */
  private readonly closed = new Set<string>();
  private readonly runningJobsOfStage = new Map<number, number>();
  /** Per stage: its tasks not yet resolved, and its dropped stage attempts the checks are not yet told of. */
  private readonly pendingOfStage = new Map<number, number>();
  private readonly untold = new Map<number, string[]>();

  attach(sinks: EventSink[]): void {
    this.sinks = sinks;
  }

  event(e: TraceEvent, i: number): void {
    const resolvedNow = this.update(e, i);
    for (const s of this.sinks) s.event?.(e, i);
    if (resolvedNow !== null) this.flush(resolvedNow);
    if (e.Event === 'SparkListenerStageCompleted') this.maybeClose(tsmKey(e['Stage Info']['Stage ID'], e['Stage Info']['Stage Attempt ID']));
    if (e.Event === 'SparkListenerJobEnd') this.jobEnded(e['Job ID']);
  }

  end(): void {
    const rest = [...this.pending.values()].flat().sort((a, b) => a.startIndex - b.startIndex);
    this.pending.clear();
    for (const t of rest) this.deliver(t);
    for (const s of this.sinks) s.end?.();
  }

  private update(e: TraceEvent, i: number): number | null {
    switch (e.Event) {
      case 'SparkListenerTaskStart':
        this.taskStart(e, i);
        return null;
      case 'SparkListenerTaskEnd':
        return this.taskEnd(e, i);
      case 'SparkListenerStageSubmitted':
        this.stageSubmitted(e, i);
        return null;
      case 'SparkListenerStageCompleted':
        this.stageCompleted(e, i);
        return null;
      case 'SparkListenerJobStart': {
        const job = this.jobRecord(e['Job ID']);
        if (job.startIndex === null) for (const s of e['Stage IDs']) this.runningJobsOfStage.set(s, (this.runningJobsOfStage.get(s) ?? 0) + 1);
        this.successes.job(e);
        job.startIndex = i;
        job.stageIds = e['Stage IDs'];
        job.properties = e.Properties ?? {};
        for (const s of e['Stage IDs']) this.jobOfStage.set(s, e['Job ID']);
        return null;
      }
      case 'SparkListenerJobEnd': {
        const job = this.jobRecord(e['Job ID']);
        this.successes.job(e);
        job.endIndexes.push(i);
        const r = e['Job Result'];
        job.result = r.Result;
        job.message = r.Result === 'JobFailed' ? (r.Exception?.Message ?? '') : null;
        return null;
      }
      case 'SparkListenerExecutorAdded':
        this.executorCores.set(e['Executor ID'], e['Executor Info']['Total Cores']);
        return null;
      case 'SparkListenerExecutorRemoved':
        this.executorRemovedTime.set(e['Executor ID'], e.Timestamp);
        return null;
      case 'SparkListenerApplicationEnd':
        this.hasApplicationEnd = true;
        return null;
      default:
        return null;
    }
  }

  private zombie(key: string, i: number): void {
    if (!this.zombieAt.has(key)) this.zombieAt.set(key, i);
  }

  private taskStart(e: Ev<'SparkListenerTaskStart'>, i: number): void {
    const rec = taskRecordOf(e, i);
    if (rec.partition !== null) this.hasPartitions = true;
    this.duplicateStart = this.tids.started(rec.tid);
    if (!this.duplicateStart) {
      this.tids.start(rec.tid, rec.stageId);
      this.tasks.set(rec.tid, rec);
    }
    this.pendingOfStage.set(rec.stageId, (this.pendingOfStage.get(rec.stageId) ?? 0) + 1);
    const q = queueKey(rec);
    const list = this.pending.get(q);
    if (list === undefined) this.pending.set(q, rec);
    else if (Array.isArray(list)) list.push(rec);
    else this.pending.set(q, [list, rec]);
  }

  /** Records the end; returns the pending queue to flush when this end resolved its task. */
  private taskEnd(e: Ev<'SparkListenerTaskEnd'>, i: number): number | null {
    const ti = e['Task Info'];
    const reason = e['Task End Reason'];
    if (reason.Reason !== 'Resubmitted' && this.tids.started(ti['Task ID'])) this.tids.end(ti['Task ID'], reason.Reason === 'ExecutorLostFailure');
    const rec = this.tasks.get(ti['Task ID']);
    const key = tsmKey(e['Stage ID'], e['Stage Attempt ID']);
    if (reason.Reason === 'FetchFailed') {
      this.fetchFailureMessages.add(reason.Message);
      this.ownFetchFailure.add(key);
    }
    if (rec === undefined) return null;
    const firstDecisive = reason.Reason !== 'Resubmitted' && finalEnd(rec) === undefined;
    const end: TaskEnd = { eventIndex: i, stageAttemptId: e['Stage Attempt ID'], reason, finishTime: ti['Finish Time'] };
    rec.ends.push(end);
    if (reason.Reason === 'Success') {
      for (const complete of this.successes.success(e['Stage ID'], e['Stage Attempt ID'], rec.index, rec.partition, i)) this.zombie(complete, i);
    } else if (reason.Reason === 'Resubmitted') {
      this.successes.resubmitted(e['Stage ID'], e['Stage Attempt ID'], rec.index, rec.partition);
    } else {
      if (!this.zombieAt.has(key) && loggedReasonCounts(reason)) this.count(key, rec, reason, i);
      if (reason.Reason === 'FetchFailed') this.zombie(key, i);
    }
    return firstDecisive ? queueKey(rec) : null;
  }

  private count(key: string, rec: TaskRecord, reason: CountedFailureFacts['reason'], i: number): void {
    let byIndex = this.counted.get(key);
    if (byIndex === undefined) this.counted.set(key, (byIndex = new Map()));
    let list = byIndex.get(rec.index);
    if (list === undefined) byIndex.set(rec.index, (list = []));
    const [stageId, stageAttemptId] = key.split('.').map(Number);
    list.push({
      eventIndex: i,
      tid: rec.tid,
      count: list.length + 1,
      index: rec.index,
      attempt: rec.attempt,
      stageId,
      stageAttemptId,
      host: rec.host,
      executorId: rec.executorId,
      reason,
    });
  }

  private stageSubmitted(e: Ev<'SparkListenerStageSubmitted'>, i: number): void {
    const rec = stageAttemptRecordOf(e, i);
    this.successes.submitted(rec.stageId, rec.attemptId, rec.numTasks);
    for (const older of this.attemptsOfStage.get(rec.stageId) ?? []) this.zombie(tsmKey(older.stageId, older.attemptId), i);
    const key = tsmKey(rec.stageId, rec.attemptId);
    this.stageAttempts.set(key, rec);
    this.ownFetchFailure.delete(key);
    const list = this.attemptsOfStage.get(rec.stageId);
    if (list === undefined) this.attemptsOfStage.set(rec.stageId, [rec]);
    else list.push(rec);
  }

  private stageCompleted(e: Ev<'SparkListenerStageCompleted'>, i: number): void {
    const si = e['Stage Info'];
    const key = tsmKey(si['Stage ID'], si['Stage Attempt ID']);
    const rec = this.stageAttempts.get(key);
    if (rec !== undefined && rec.completedIndex === null) {
      rec.completedIndex = i;
      rec.completionTime = si['Completion Time'] ?? null;
      rec.failureReason = si['Failure Reason'] ?? null;
    }
    if (si['Failure Reason'] !== undefined && si['Failure Reason'] !== null) this.zombie(key, i);
  }

  private jobRecord(jobId: number): JobRecord {
    let j = this.jobs.get(jobId);
    if (j === undefined) {
      j = { jobId, startIndex: null, endIndexes: [], stageIds: [], properties: {}, result: null, message: null };
      this.jobs.set(jobId, j);
    }
    return j;
  }

  /** Delivers the queue's resolved tasks, in launch order, up to its first unresolved one. */
  private flush(q: number): void {
    const list = this.pending.get(q);
    if (list === undefined) return;
    if (!Array.isArray(list)) {
      if (finalEnd(list) === undefined) return;
      this.pending.delete(q);
      return this.deliver(list);
    }
    let k = 0;
    while (k < list.length && finalEnd(list[k]) !== undefined) this.deliver(list[k++]);
    if (k === list.length) this.pending.delete(q);
    else if (k > 0) list.splice(0, k);
  }

  private deliver(t: TaskRecord): void {
    for (const s of this.sinks) s.resolved?.(t);
    const left = (this.pendingOfStage.get(t.stageId) ?? 1) - 1;
    if (left > 0) this.pendingOfStage.set(t.stageId, left);
    else {
      this.pendingOfStage.delete(t.stageId);
      for (const key of this.untold.get(t.stageId) ?? []) for (const s of this.sinks) s.closed?.(key);
      this.untold.delete(t.stageId);
    }
    const key = ownKeyOf(t);
    if (this.closed.has(key)) return this.drop(t.tid);
    const kept = this.keptOf.get(key);
    if (kept === undefined) this.keptOf.set(key, [t.tid]);
    else kept.push(t.tid);
  }

  /** Whether the stage attempt is closed: its tasks and the checks' state of it are gone. */
  isClosed(key: string): boolean {
    return this.closed.has(key);
  }

  private drop(tid: number): void {
    const t = this.tasks.get(tid);
    if (t !== undefined && finalEnd(t) !== undefined) this.tasks.delete(tid);
  }

  /** A completed stage attempt's tasks go, once no abort can still name them: at once if it succeeded. */
  private maybeClose(key: string): void {
    const sa = this.stageAttempts.get(key);
    if (sa === undefined || sa.completedIndex === null || this.closed.has(key)) return;
    if (sa.failureReason !== null && (this.runningJobsOfStage.get(sa.stageId) ?? 0) > 0) return;
    this.closed.add(key);
    this.successes.forget(key);
    // The checks drop their state of it once none of the stage's tasks is still to come.
    if (this.pendingOfStage.has(sa.stageId)) this.untold.set(sa.stageId, [...(this.untold.get(sa.stageId) ?? []), key]);
    else for (const s of this.sinks) s.closed?.(key);
    for (const tid of this.keptOf.get(key) ?? []) this.drop(tid);
    this.keptOf.delete(key);
  }

  private jobEnded(jobId: number): void {
    const job = this.jobs.get(jobId)!;
    if (job.endIndexes.length !== 1 || job.startIndex === null) return;
    for (const s of job.stageIds) {
      const n = (this.runningJobsOfStage.get(s) ?? 1) - 1;
      if (n > 0) this.runningJobsOfStage.set(s, n);
      else this.runningJobsOfStage.delete(s);
      if (n <= 0) for (const a of this.attemptsOfStage.get(s) ?? []) this.maybeClose(tsmKey(a.stageId, a.attemptId));
    }
  }
}
