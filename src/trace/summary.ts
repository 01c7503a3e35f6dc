// The run summary (ARCHITECTURE §4, a public contract), computed from a trace alone, so a real
// event log summarises the same way a simulated run does.
import type { Trace, TraceEvent } from './events.js';
import { taskEndReasonFromJson, toErrorString } from '../spark/task-end-reason.js';

export interface JobSummary {
  jobId: number;
  result: 'JobSucceeded' | 'JobFailed' | 'Running';
  message?: string;
}

export interface StageSummary {
  stageId: number;
  attemptId: number;
  status: 'succeeded' | 'failed' | 'skipped' | 'running';
  failureReason?: string;
}

export interface TaskSummary {
  tid: number;
  stageId: number;
  stageAttemptId: number;
  index: number;
  partition: number;
  attempt: number;
  executorId: string;
  host: string;
  /** The TaskEnd reason name, or "Running" for an attempt that never ended. */
  reason: string;
  error?: string;
  /** Extension: a later TaskEnd marked this successful map output Resubmitted (spec §1.12). */
  resubmitted?: boolean;
}

export interface QuerySummary {
  status: 'completed' | 'failed' | 'running';
  exception?: string;
  committedBatches?: number[];
  committedEpochs?: number[];
  runs: number;
}

/**
 * The stop reasons of a simulated run that went quiet before its driver program finished (the
 * simulator's stall detector); the model tells a stall Spark's rules allow from one they do not.
 */
export const STALL_NO_EXECUTOR = 'stalled: tasks are pending but no executor is alive to run them';
export const STALL_NOTHING_LEFT = 'stalled: nothing left to happen but the driver program has not finished';

export interface RunSummary {
  status: 'finished' | 'did-not-terminate';
  /** Extension: why a run did not terminate. */
  stopReason?: string;
  jobs: JobSummary[];
  stages: StageSummary[];
  tasks: TaskSummary[];
  query?: QuerySummary;
}

interface StageAttemptKey {
  stageId: number;
  attemptId: number;
}

export function summarize(trace: Trace): RunSummary {
  const jobs = new Map<number, JobSummary>();
  const stages = new Map<string, StageSummary & StageAttemptKey>();
  const seenStages = new Map<number, number>(); // stage id → attempt 0 info from JobStart, if never submitted
  const tasks = new Map<number, TaskSummary>();
  for (const e of trace.events) summarizeEvent(e, jobs, stages, seenStages, tasks);

  const submitted = new Set<number>();
  for (const s of stages.values()) submitted.add(s.stageId);
  for (const [stageId] of seenStages) {
    if (!submitted.has(stageId)) stages.set(`${stageId}.0`, { stageId, attemptId: 0, status: 'skipped' });
  }
  const summary: RunSummary = {
    status: trace.status,
    jobs: [...jobs.values()].sort((a, b) => a.jobId - b.jobId),
    stages: [...stages.values()]
      .sort((a, b) => a.stageId - b.stageId || a.attemptId - b.attemptId)
      .map(({ stageId, attemptId, status, failureReason }) =>
        failureReason === undefined ? { stageId, attemptId, status } : { stageId, attemptId, status, failureReason },
      ),
    tasks: [...tasks.values()].sort((a, b) => a.tid - b.tid),
  };
  if (trace.stopReason !== null) summary.stopReason = trace.stopReason;
  const query = summarizeQuery(trace.events);
  if (query !== null) summary.query = query;
  return summary;
}

function summarizeEvent(
  e: TraceEvent,
  jobs: Map<number, JobSummary>,
  stages: Map<string, StageSummary & StageAttemptKey>,
  seenStages: Map<number, number>,
  tasks: Map<number, TaskSummary>,
): void {
  switch (e.Event) {
    case 'SparkListenerJobStart':
      jobs.set(e['Job ID'], { jobId: e['Job ID'], result: 'Running' });
      for (const s of e['Stage Infos']) seenStages.set(s['Stage ID'], s['Number of Tasks']);
      return;
    case 'SparkListenerJobEnd': {
      const r = e['Job Result'];
      jobs.set(
        e['Job ID'],
        r.Result === 'JobSucceeded'
          ? { jobId: e['Job ID'], result: 'JobSucceeded' }
          : { jobId: e['Job ID'], result: 'JobFailed', message: r.Exception.Message },
      );
      return;
    }
    case 'SparkListenerStageSubmitted': {
      const i = e['Stage Info'];
      stages.set(`${i['Stage ID']}.${i['Stage Attempt ID']}`, { stageId: i['Stage ID'], attemptId: i['Stage Attempt ID'], status: 'running' });
      return;
    }
    case 'SparkListenerStageCompleted': {
      const i = e['Stage Info'];
      const failed = i['Failure Reason'] !== undefined && i['Failure Reason'] !== null;
      const s: StageSummary & StageAttemptKey = { stageId: i['Stage ID'], attemptId: i['Stage Attempt ID'], status: failed ? 'failed' : 'succeeded' };
      if (failed) s.failureReason = i['Failure Reason'];
      stages.set(`${s.stageId}.${s.attemptId}`, s);
      return;
    }
    case 'SparkListenerTaskStart': {
      const ti = e['Task Info'];
      tasks.set(ti['Task ID'], {
        tid: ti['Task ID'],
        stageId: e['Stage ID'],
        stageAttemptId: e['Stage Attempt ID'],
        index: ti.Index,
        partition: ti['Partition ID'] ?? ti.Index,
        attempt: ti.Attempt,
        executorId: ti['Executor ID'],
        host: ti.Host,
        reason: 'Running',
      });
      return;
    }
    case 'SparkListenerTaskEnd': {
      const ti = e['Task Info'];
      const reason = e['Task End Reason'];
      const t = tasks.get(ti['Task ID']);
      if (t === undefined) return;
      // TaskStart's stage attempt is the stage's latest; TaskEnd's is the task's own (spec §11).
      t.stageAttemptId = e['Stage Attempt ID'];
      if (reason.Reason === 'Resubmitted') {
        t.resubmitted = true;
        return;
      }
      t.reason = reason.Reason;
      if (reason.Reason !== 'Success') t.error = toErrorString(taskEndReasonFromJson(reason));
      return;
    }
    default:
      return;
  }
}

function summarizeQuery(events: TraceEvent[]): QuerySummary | null {
  let runs = 0;
  let mode: 'microBatch' | 'continuous' | null = null;
  let status: QuerySummary['status'] = 'running';
  let exception: string | undefined;
  const committed = new Set<number>();
  for (const e of events) {
    if (e.Event === 'SparkRetryHarnessQueryStarted') {
      runs++;
      mode = e.mode;
      status = 'running';
      exception = undefined;
    } else if (e.Event === 'SparkRetryHarnessCommitLogWritten') {
      committed.add(e.batch);
    } else if (e.Event === 'SparkRetryHarnessQueryTerminated') {
      status = e.exception === null ? 'completed' : 'failed';
      exception = e.exception ?? undefined;
    }
  }
  if (mode === null) return null;
  const list = [...committed].sort((a, b) => a - b);
  const q: QuerySummary = { status, runs };
  if (exception !== undefined) q.exception = exception;
  if (mode === 'microBatch') q.committedBatches = list;
  else q.committedEpochs = list;
  return q;
}
