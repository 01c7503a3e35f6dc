// What the HTML report (`--report OUT.html`, src/harness/html-report.ts) draws, computed from a
// trace alone: one lane per executor core with each task attempt on the first free lane of its
// executor, jobs, stage attempts, query runs and batches or epochs as spans packed into rows,
// and markers (abort, fetch failure, executor added and lost, failed stage and query). Every
// position is given twice, in simulated ms from the application's start and in event order (the
// event's index in the trace), so a run that takes no simulated time can still be laid out. A
// pure function of the trace: the same trace gives the same model, field for field.
import type { JobEndEvent, StageInfoJson, TaskEndEvent, TaskEndReasonJson, TaskStartEvent, Trace, TraceEvent } from '../trace/events.js';

/** TaskEndReason names in legend order; `Running` is an attempt with no TaskEnd in the trace. */
export const REASONS = [
  'Success',
  'ExceptionFailure',
  'TaskKilled',
  'FetchFailed',
  'ExecutorLostFailure',
  'TaskResultLost',
  'TaskCommitDenied',
  'UnknownReason',
  'Running',
] as const;
export type ReasonName = (typeof REASONS)[number];

/** A moment of the run: simulated ms since the application's start, and the event's index. */
export interface Moment {
  ms: number;
  seq: number;
}

export interface ReportAttempt {
  tid: number;
  stageId: number;
  stageAttemptId: number;
  index: number;
  attempt: number;
  partition: number | null;
  executor: string;
  host: string;
  lane: number;
  start: Moment;
  end: Moment;
  reason: ReasonName;
  /** What the end reason says (exception, kill reason, fetch message, loss reason), or ''. */
  detail: string;
  speculative: boolean;
  /** When Spark later resubmitted this successful map task because its output was lost (TaskEnd Resubmitted). */
  resubmittedMs: number | null;
}

export interface ReportLane {
  executor: string;
  /** The executor's core this lane stands for; beyond its cores, a lane for attempts that overlap more. */
  core: number;
}

export interface ReportExecutor {
  id: string;
  host: string;
  /** Total Cores from SparkListenerExecutorAdded, or null when the trace never added it. */
  cores: number | null;
  firstLane: number;
  laneCount: number;
}

export type SpanKind = 'run' | 'batch' | 'epoch' | 'job' | 'stage';
export type SpanStatus = 'succeeded' | 'failed' | 'cancelled' | 'running' | 'committed' | 'uncommitted';

export interface ReportSpan {
  kind: SpanKind;
  label: string;
  start: Moment;
  end: Moment;
  status: SpanStatus;
  detail: string;
  /** Row within its kind's band, packed so spans of one row never overlap. */
  row: number;
}

export type MarkerKind = 'violation' | 'abort' | 'job-failed' | 'fetch-failure' | 'executor-added' | 'executor-lost' | 'query-failed';

export interface ReportMarker {
  kind: MarkerKind;
  at: Moment;
  label: string;
  detail: string;
  /** The lane it belongs to (a fetch failure's attempt), the executor's first lane (executor markers), or null (the whole run). */
  lane: number | null;
  /** The executor it belongs to, or null. */
  executor: string | null;
}

export interface ReportModel {
  title: string;
  status: Trace['status'];
  stopReason: string | null;
  /** Simulated ms from the application's start to the last event. */
  endMs: number;
  eventCount: number;
  streaming: 'microBatch' | 'continuous' | null;
  executors: ReportExecutor[];
  lanes: ReportLane[];
  attempts: ReportAttempt[];
  spans: ReportSpan[];
  markers: ReportMarker[];
  /** Rows each span kind takes. */
  spanRows: Record<SpanKind, number>;
}

/** Longest detail text kept per attempt or marker (a stack trace is cut after this). */
export const DETAIL_LIMIT = 1200;

export function clip(text: string): string {
  return text.length <= DETAIL_LIMIT ? text : `${text.slice(0, DETAIL_LIMIT)}…`;
}

/** The absolute time of an event, when it has one. */
function eventTime(e: TraceEvent): number | null {
  switch (e.Event) {
    case 'SparkListenerTaskStart':
      return e['Task Info']['Launch Time'];
    case 'SparkListenerTaskEnd':
      // A Resubmitted TaskEnd repeats the finished task's info: it happens now, not at that finish.
      if (e['Task End Reason'].Reason === 'Resubmitted') return null;
      return e['Task Info']['Finish Time'] || e['Task Info']['Launch Time'];
    case 'SparkListenerTaskGettingResult':
      return e['Task Info']['Finish Time'] || e['Task Info']['Launch Time'];
    case 'SparkListenerJobStart':
      return e['Submission Time'];
    case 'SparkListenerJobEnd':
      return e['Completion Time'];
    case 'SparkListenerStageSubmitted':
      return e['Stage Info']['Submission Time'] ?? null;
    case 'SparkListenerStageCompleted':
      return e['Stage Info']['Completion Time'] ?? null;
    case 'SparkListenerLogStart':
      return null;
    default:
      return typeof (e as { Timestamp?: unknown }).Timestamp === 'number' ? (e as { Timestamp: number }).Timestamp : null;
  }
}

/** Time 0: the application's start, else the earliest time in the trace. */
function originOf(events: readonly TraceEvent[]): number {
  let earliest: number | null = null;
  for (const e of events) {
    if (e.Event === 'SparkListenerApplicationStart') return e.Timestamp;
    const t = eventTime(e);
    if (t !== null && (earliest === null || t < earliest)) earliest = t;
  }
  return earliest ?? 0;
}

/** A clock over the trace: each event's moment, with events that carry no time at the time of the one before. */
export class TraceClock {
  readonly origin: number;
  /** The latest time in the trace, ms since the origin. */
  readonly endMs: number;
  private readonly times: number[] = [];

  constructor(readonly events: readonly TraceEvent[]) {
    this.origin = originOf(events);
    let last = 0;
    let end = 0;
    for (const e of events) {
      const t = eventTime(e);
      if (t !== null) last = Math.max(0, t - this.origin);
      end = Math.max(end, last);
      this.times.push(last);
    }
    this.endMs = end;
  }

  at(seq: number): Moment {
    return { ms: this.times[seq] ?? this.endMs, seq };
  }

  /** A moment with an explicit absolute time (a TaskInfo's Launch or Finish Time). */
  atTime(absolute: number, seq: number): Moment {
    return { ms: Math.max(0, absolute - this.origin), seq };
  }
}

/** The first lines of what a TaskEnd reason says. */
export function reasonDetail(r: TaskEndReasonJson): string {
  switch (r.Reason) {
    case 'ExceptionFailure':
      return clip(r['Full Stack Trace'] || `${r['Class Name']}: ${r.Description ?? ''}`);
    case 'TaskKilled':
      return clip(r['Kill Reason']);
    case 'FetchFailed':
      return clip(`shuffle ${r['Shuffle ID']}, map index ${r['Map Index']}, reduce ${r['Reduce ID']}: ${r.Message}`);
    case 'ExecutorLostFailure':
      return clip(
        `executor ${r['Executor ID']} lost (${r['Exit Caused By App'] ? 'caused by the app' : 'not caused by the app'})${r['Loss Reason'] ? `: ${r['Loss Reason']}` : ''}`,
      );
    case 'TaskCommitDenied':
      return `commit denied for job ${r['Job ID']}, partition ${r['Partition ID']}, attempt ${r['Attempt Number']}`;
    default:
      return '';
  }
}

/** Task attempts from TaskStart to TaskEnd, in TID order, lanes not yet assigned. */
export function attemptsOf(clock: TraceClock): ReportAttempt[] {
  const byTid = new Map<number, ReportAttempt>();
  clock.events.forEach((e, seq) => {
    if (e.Event === 'SparkListenerTaskStart') byTid.set(e['Task Info']['Task ID'], startedAttempt(e, clock, seq));
    else if (e.Event === 'SparkListenerTaskEnd') endAttempt(byTid.get(e['Task Info']['Task ID']), e, clock, seq);
  });
  return [...byTid.values()].sort((a, b) => a.tid - b.tid);
}

function startedAttempt(e: TaskStartEvent, clock: TraceClock, seq: number): ReportAttempt {
  const info = e['Task Info'];
  return {
    tid: info['Task ID'],
    stageId: e['Stage ID'],
    stageAttemptId: e['Stage Attempt ID'],
    index: info.Index,
    attempt: info.Attempt,
    partition: info['Partition ID'] ?? null,
    executor: info['Executor ID'],
    host: info.Host,
    lane: -1,
    start: clock.atTime(info['Launch Time'], seq),
    end: { ms: clock.endMs, seq: clock.events.length },
    reason: 'Running',
    detail: '',
    speculative: info.Speculative === true,
    resubmittedMs: null,
  };
}

function endAttempt(a: ReportAttempt | undefined, e: TaskEndEvent, clock: TraceClock, seq: number): void {
  if (a === undefined) return;
  const reason = e['Task End Reason'];
  // Resubmitted is a second TaskEnd of a successful map task whose output an executor loss took.
  if (reason.Reason === 'Resubmitted') {
    a.resubmittedMs = clock.at(seq).ms;
    return;
  }
  const finish = e['Task Info']['Finish Time'];
  a.end = finish > 0 ? clock.atTime(finish, seq) : clock.at(seq);
  if (a.end.ms < a.start.ms) a.end = { ms: a.start.ms, seq };
  a.reason = (REASONS as readonly string[]).includes(reason.Reason) ? (reason.Reason as ReasonName) : 'UnknownReason';
  a.detail = reasonDetail(reason);
}

/** The stage attempt's key, as Spark writes it ("3.1"). */
export function stageKey(info: Pick<StageInfoJson, 'Stage ID' | 'Stage Attempt ID'>): string {
  return `${info['Stage ID']}.${info['Stage Attempt ID']}`;
}

/** A failed job's message, or ''. */
export function jobMessage(e: JobEndEvent): string {
  return e['Job Result'].Result === 'JobFailed' ? e['Job Result'].Exception.Message : '';
}
