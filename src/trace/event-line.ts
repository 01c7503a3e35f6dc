// One trace event told in a line, for counterexample reports (issue 13 §2): its number in the
// trace, its type, and what a reader looks for first — TID, stage attempt, task index and
// attempt, the end reason — then the event's other key facts (job, executor, batch or epoch).
import type { TaskEndReasonJson, TraceEvent } from './events.js';

export interface EventLine {
  /** The event's number in the trace (0-based; line number - 1 of the event log `--eventlog` writes). */
  event: number;
  type: string;
  tid?: number;
  /** "stage.attempt", as Spark prints it ("2.1"). */
  stageAttempt?: string;
  taskIndex?: number;
  attempt?: number;
  /** A TaskEnd's reason name. */
  reason?: string;
  /** Everything else worth a glance: the failure's text, a job's result, an executor, a batch. */
  detail?: string;
}

/** The first line of a message, cut to `max` characters. */
export function firstLine(text: string, max = 160): string {
  const line = text.split('\n')[0];
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function reasonDetail(r: TaskEndReasonJson): string | undefined {
  switch (r.Reason) {
    case 'ExceptionFailure':
      return r.Description === null ? r['Class Name'] : `${r['Class Name']}: ${firstLine(r.Description, 100)}`;
    case 'TaskKilled':
      return r['Kill Reason'];
    case 'FetchFailed':
      return `shuffle ${r['Shuffle ID']} map index ${r['Map Index']} reduce ${r['Reduce ID']}`;
    case 'ExecutorLostFailure':
      return `executor ${r['Executor ID']}${r['Exit Caused By App'] ? '' : ', not caused by the app'}${r['Loss Reason'] ? `: ${r['Loss Reason']}` : ''}`;
    case 'TaskCommitDenied':
      return `job ${r['Job ID']} partition ${r['Partition ID']} attempt ${r['Attempt Number']}`;
    default:
      return undefined;
  }
}

/** The line's facts for Spark's own events; null for the project's streaming events. */
function sparkFacts(e: TraceEvent): Omit<EventLine, 'event' | 'type'> | null {
  switch (e.Event) {
    case 'SparkListenerTaskStart':
    case 'SparkListenerTaskEnd': {
      const info = e['Task Info'];
      const facts = { tid: info['Task ID'], stageAttempt: `${e['Stage ID']}.${e['Stage Attempt ID']}`, taskIndex: info.Index, attempt: info.Attempt };
      if (e.Event === 'SparkListenerTaskStart') return { ...facts, detail: `executor ${info['Executor ID']} on ${info.Host}` };
      const detail = reasonDetail(e['Task End Reason']);
      return { ...facts, reason: e['Task End Reason'].Reason, ...(detail === undefined ? {} : { detail }) };
    }
    case 'SparkListenerTaskGettingResult':
      return { tid: e['Task Info']['Task ID'], taskIndex: e['Task Info'].Index, attempt: e['Task Info'].Attempt };
    case 'SparkListenerStageSubmitted':
    case 'SparkListenerStageCompleted': {
      const info = e['Stage Info'];
      const failure = info['Failure Reason'];
      return {
        stageAttempt: `${info['Stage ID']}.${info['Stage Attempt ID']}`,
        detail: failure === undefined ? `${info['Number of Tasks']} tasks` : `failed: ${firstLine(failure)}`,
      };
    }
    case 'SparkListenerJobStart':
      return { detail: `job ${e['Job ID']}, stages [${e['Stage IDs'].join(', ')}]` };
    case 'SparkListenerJobEnd': {
      const r = e['Job Result'];
      return { detail: `job ${e['Job ID']} ${r.Result === 'JobSucceeded' ? 'succeeded' : `failed: ${firstLine(r.Exception.Message)}`}` };
    }
    case 'SparkListenerExecutorAdded':
      return { detail: `executor ${e['Executor ID']} on ${e['Executor Info'].Host}, ${e['Executor Info']['Total Cores']} cores` };
    case 'SparkListenerExecutorRemoved':
      return { detail: `executor ${e['Executor ID']}: ${e['Removed Reason']}` };
    case 'SparkListenerLogStart':
    case 'SparkListenerApplicationStart':
    case 'SparkListenerApplicationEnd':
    case 'SparkListenerBlockManagerAdded':
      return {};
    default:
      return null;
  }
}

/** The project's streaming events: their batch or epoch, partition, attempt and run. */
function streamingFacts(e: TraceEvent): Omit<EventLine, 'event' | 'type'> {
  const o = e as unknown as Record<string, unknown>;
  const facts: Omit<EventLine, 'event' | 'type'> = {};
  if (typeof o.tid === 'number') facts.tid = o.tid;
  if (typeof o.stageId === 'number' && typeof o.stageAttemptId === 'number') facts.stageAttempt = `${o.stageId}.${o.stageAttemptId}`;
  if (typeof o.attempt === 'number') facts.attempt = o.attempt;
  const parts: string[] = [];
  for (const key of ['batch', 'epoch', 'partition', 'run', 'offset', 'version']) if (typeof o[key] === 'number') parts.push(`${key} ${o[key]}`);
  if (typeof o.exception === 'string') parts.push(firstLine(o.exception));
  if (parts.length > 0) facts.detail = parts.join(', ');
  return facts;
}

export function eventLine(e: TraceEvent, index: number): EventLine {
  return { event: index, type: e.Event, ...(sparkFacts(e) ?? streamingFacts(e)) };
}

/** The line as text: `event 41  SparkListenerTaskEnd  TID 7  stage 0.0  index 1  attempt 3  ExceptionFailure  java.lang.RuntimeException: boom`. */
export function eventLineText(l: EventLine): string {
  const parts = [`event ${l.event}`, l.type];
  if (l.tid !== undefined) parts.push(`TID ${l.tid}`);
  if (l.stageAttempt !== undefined) parts.push(`stage ${l.stageAttempt}`);
  if (l.taskIndex !== undefined) parts.push(`index ${l.taskIndex}`);
  if (l.attempt !== undefined) parts.push(`attempt ${l.attempt}`);
  if (l.reason !== undefined) parts.push(l.reason);
  if (l.detail !== undefined) parts.push(l.detail);
  return parts.join('  ');
}

/** The events from `before` events before `at` to `after` events after it, each as a line. */
export function eventsAround(events: readonly TraceEvent[], at: number, before = 4, after = 2): EventLine[] {
  const from = Math.max(0, at - before);
  const to = Math.min(events.length, at + after + 1);
  return events.slice(from, to).map((e, i) => eventLine(e, from + i));
}
