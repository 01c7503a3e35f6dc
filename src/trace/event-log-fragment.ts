// A fragment of an event log: a later part of a rolling log, or a log whose beginning was cut
// off. It has no SparkListenerApplicationStart, which Spark posts once, at the start of every
// application (all versions). Tasks, stage attempts and jobs that began before the fragment show
// only their ends in it; judged as they stand they would look like scheduler bugs (a TaskEnd
// without its TaskStart). So they are left out, and only what the fragment holds whole is checked.
import type { TraceEvent } from './events.js';

export interface FragmentTrim {
  events: TraceEvent[];
  /** How many events were left out because their task, stage attempt or job began earlier. */
  leftOut: number;
}

export function isFragment(events: readonly TraceEvent[]): boolean {
  return !events.some((e) => e.Event === 'SparkListenerApplicationStart');
}

/** Keeps the events of tasks, stage attempts and jobs whose beginning is in the fragment. */
export function leaveOutEarlierEntities(events: readonly TraceEvent[]): FragmentTrim {
  const stageAttempts = new Set<string>();
  const tids = new Set<number>();
  const jobs = new Set<number>();
  const kept: TraceEvent[] = [];
  for (const e of events) {
    if (keep(e, stageAttempts, tids, jobs)) kept.push(e);
  }
  return { events: kept, leftOut: events.length - kept.length };
}

type Loose = Record<string, unknown>;

function stageAttemptKey(stageId: unknown, attempt: unknown): string {
  return `${String(stageId)}.${String(attempt ?? 0)}`;
}

function keep(e: TraceEvent, stageAttempts: Set<string>, tids: Set<number>, jobs: Set<number>): boolean {
  const ev = e as unknown as Loose;
  switch (e.Event) {
    case 'SparkListenerJobStart':
      jobs.add(ev['Job ID'] as number);
      return true;
    case 'SparkListenerJobEnd':
      return jobs.has(ev['Job ID'] as number);
    case 'SparkListenerStageSubmitted': {
      const info = ev['Stage Info'] as Loose;
      stageAttempts.add(stageAttemptKey(info['Stage ID'], info['Stage Attempt ID']));
      return true;
    }
    case 'SparkListenerStageCompleted': {
      const info = ev['Stage Info'] as Loose;
      return stageAttempts.has(stageAttemptKey(info['Stage ID'], info['Stage Attempt ID']));
    }
    case 'SparkListenerTaskStart': {
      const known = stageAttempts.has(stageAttemptKey(ev['Stage ID'], ev['Stage Attempt ID']));
      if (known) tids.add((ev['Task Info'] as Loose)['Task ID'] as number);
      return known;
    }
    case 'SparkListenerTaskGettingResult':
    case 'SparkListenerTaskEnd':
      return tids.has((ev['Task Info'] as Loose)['Task ID'] as number);
    default:
      return true;
  }
}

/**
 * The same trim, one event at a time, for a log read as a stream: the log is a fragment when its
 * first job, stage or task event comes with no SparkListenerApplicationStart before it (Spark posts
 * it before any job). TIDs rise in launch order (spec §3), so a task began in the fragment iff its
 * TID is at least the first TID its own stage attempts launched, and no earlier stage attempt
 * launched it: only those foreign TIDs are kept.
 */
export class FragmentFilter {
  fragment: boolean | null = null;
  leftOut = 0;
  private readonly stageAttempts = new Set<string>();
  private readonly jobs = new Set<number>();
  private firstTid: number | null = null;
  /** TIDs launched in the fragment by stage attempts begun before it. */
  private readonly foreignTids = new Set<number>();

  /** Whether to keep the event. */
  keep(e: TraceEvent): boolean {
    if (e.Event === 'SparkListenerApplicationStart' && this.fragment === null) this.fragment = false;
    if (this.fragment === false) return true;
    if (this.fragment === null) {
      if (!ENTITY_EVENTS.has(e.Event)) return true;
      this.fragment = true;
    }
    const kept = this.keepInFragment(e);
    if (!kept) this.leftOut++;
    return kept;
  }

  private keepInFragment(e: TraceEvent): boolean {
    const ev = e as unknown as Loose;
    switch (e.Event) {
      case 'SparkListenerJobStart':
        this.jobs.add(ev['Job ID'] as number);
        return true;
      case 'SparkListenerJobEnd':
        return this.jobs.has(ev['Job ID'] as number);
      case 'SparkListenerStageSubmitted': {
        const info = ev['Stage Info'] as Loose;
        this.stageAttempts.add(stageAttemptKey(info['Stage ID'], info['Stage Attempt ID']));
        return true;
      }
      case 'SparkListenerStageCompleted': {
        const info = ev['Stage Info'] as Loose;
        return this.stageAttempts.has(stageAttemptKey(info['Stage ID'], info['Stage Attempt ID']));
      }
      case 'SparkListenerTaskStart': {
        const known = this.stageAttempts.has(stageAttemptKey(ev['Stage ID'], ev['Stage Attempt ID']));
        const tid = (ev['Task Info'] as Loose)['Task ID'] as number;
        if (known) this.firstTid ??= tid;
        else this.foreignTids.add(tid);
        return known;
      }
      case 'SparkListenerTaskGettingResult':
      case 'SparkListenerTaskEnd': {
        const tid = (ev['Task Info'] as Loose)['Task ID'] as number;
        return this.firstTid !== null && tid >= this.firstTid && !this.foreignTids.has(tid);
      }
      default:
        return true;
    }
  }
}

const ENTITY_EVENTS = new Set<string>([
  'SparkListenerJobStart',
  'SparkListenerJobEnd',
  'SparkListenerStageSubmitted',
  'SparkListenerStageCompleted',
  'SparkListenerTaskStart',
  'SparkListenerTaskGettingResult',
  'SparkListenerTaskEnd',
]);
