// The HTML report's model from a trace (src/harness/report-model.ts has its types): executors
// and their core lanes, each task attempt on the first lane of its executor free at its launch,
// spans packed into rows, and the markers. Pure and deterministic.
import type { ExecutorAddedEvent, JobStartEvent, Trace, TraceEvent } from '../trace/events.js';
import { streamingSpans } from './report-streaming.js';
import {
  attemptsOf,
  clip,
  jobMessage,
  stageKey,
  TraceClock,
  type Moment,
  type ReportAttempt,
  type ReportExecutor,
  type ReportLane,
  type ReportMarker,
  type ReportModel,
  type ReportSpan,
  type SpanKind,
} from './report-model.js';

/** A property's violation to mark on the timeline at its trace event. */
export interface MarkedViolation {
  event: number;
  message: string;
}

export function reportModel(trace: Trace, title: string, violations: readonly MarkedViolation[] = []): ReportModel {
  const clock = new TraceClock(trace.events);
  const attempts = attemptsOf(clock);
  const { executors, lanes } = assignLanes(attempts, addedExecutors(trace.events));
  const streaming = streamingSpans(clock);
  const spans = packRows([...streaming.spans, ...jobSpans(clock), ...stageSpans(clock)]);
  const spanRows: Record<SpanKind, number> = { run: 0, batch: 0, epoch: 0, job: 0, stage: 0 };
  for (const s of spans) spanRows[s.kind] = Math.max(spanRows[s.kind], s.row + 1);
  return {
    title,
    status: trace.status,
    stopReason: trace.stopReason,
    endMs: clock.endMs,
    eventCount: trace.events.length,
    streaming: streaming.mode,
    executors,
    lanes,
    attempts,
    spans,
    markers: [...violationMarkers(clock, violations), ...runMarkers(clock, executors), ...streaming.markers, ...fetchMarkers(attempts)].sort(byMoment),
    spanRows,
  };
}

function byMoment(a: { at: Moment }, b: { at: Moment }): number {
  return a.at.seq - b.at.seq;
}

interface AddedExecutor {
  id: string;
  host: string;
  cores: number;
}

function addedExecutors(events: readonly TraceEvent[]): AddedExecutor[] {
  return events
    .filter((e): e is ExecutorAddedEvent => e.Event === 'SparkListenerExecutorAdded')
    .map((e) => ({ id: e['Executor ID'], host: e['Executor Info'].Host, cores: e['Executor Info']['Total Cores'] }));
}

/** Executor order: the driver first, then numeric ids ascending, then other ids in code-point order. */
export function compareExecutorIds(a: string, b: string): number {
  const rank = (id: string): [number, number, string] => (id === 'driver' ? [0, 0, ''] : /^\d+$/.test(id) ? [1, Number(id), ''] : [2, 0, id]);
  const [ra, na, sa] = rank(a);
  const [rb, nb, sb] = rank(b);
  return ra - rb || na - nb || (sa < sb ? -1 : sa > sb ? 1 : 0);
}

/** One lane per core of each executor (more when attempts overlap more); each attempt on the first free lane. */
export function assignLanes(attempts: ReportAttempt[], added: readonly AddedExecutor[]): { executors: ReportExecutor[]; lanes: ReportLane[] } {
  const info = new Map<string, { host: string; cores: number | null }>();
  for (const a of added) if (!info.has(a.id)) info.set(a.id, { host: a.host, cores: a.cores });
  for (const a of attempts) if (!info.has(a.executor)) info.set(a.executor, { host: a.host, cores: null });
  const executors: ReportExecutor[] = [];
  const lanes: ReportLane[] = [];
  for (const id of [...info.keys()].sort(compareExecutorIds)) {
    const { host, cores } = info.get(id)!;
    const mine = attempts.filter((a) => a.executor === id).sort((x, y) => x.start.ms - y.start.ms || x.start.seq - y.start.seq);
    const used = placeOnLanes(mine, cores);
    const laneCount = Math.max(cores ?? 0, used, 1);
    for (const a of mine) a.lane += lanes.length;
    executors.push({ id, host, cores, firstLane: lanes.length, laneCount });
    for (let core = 0; core < laneCount; core++) lanes.push({ executor: id, core });
  }
  return { executors, lanes };
}

/**
 * How late a real task's Finish Time may be past the launch of the task that took its core: Spark
 * frees the core when the executor reports, and sets Finish Time once the driver has handled the
 * result (TaskResultGetter), so a real log overlaps the two by a few ms (1 ms typically, 68 ms at
 * most in test/fixtures/spark-event-logs/gpu_oom_eventlog.zstd). The simulator never overlaps them.
 */
export const CORE_HANDOVER_SLACK_MS = 100;

/**
 * Sets each attempt's lane within its executor; returns the lanes used. A lane is free for an
 * attempt once the one before it has ended in simulated time; at the same ms, once it has ended
 * in event order too, unless it took time (Spark may post a task's TaskStart before the TaskEnd of
 * the task whose core it took). With every core's lane busy, the lane that frees first takes it
 * when it frees within the handover slack; beyond that, a lane over the cores.
 */
function placeOnLanes(sorted: ReportAttempt[], cores: number | null): number {
  const previous: ReportAttempt[] = [];
  const free = (p: ReportAttempt, a: ReportAttempt): boolean =>
    p.end.ms < a.start.ms || (p.end.ms === a.start.ms && (p.end.seq < a.start.seq || p.start.ms < p.end.ms));
  for (const a of sorted) {
    let lane = previous.findIndex((p) => free(p, a));
    if (lane < 0 && cores !== null && previous.length >= cores) lane = handover(previous.slice(0, cores), a);
    if (lane < 0) lane = previous.push(a) - 1;
    previous[lane] = a;
    a.lane = lane;
  }
  return previous.length;
}

/** The core lane that frees first, when it frees within the slack after `a` starts; else -1. */
function handover(lanes: readonly ReportAttempt[], a: ReportAttempt): number {
  let first = 0;
  lanes.forEach((p, i) => {
    if (p.end.ms < lanes[first].end.ms) first = i;
  });
  return lanes[first].end.ms - a.start.ms <= CORE_HANDOVER_SLACK_MS ? first : -1;
}

/** Greedy rows per kind: a span takes the first row of its kind free at its start. */
export function packRows(spans: ReportSpan[]): ReportSpan[] {
  const sorted = [...spans].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.start.ms - b.start.ms || a.start.seq - b.start.seq);
  const free = new Map<SpanKind, Moment[]>();
  for (const s of sorted) {
    const rows = free.get(s.kind) ?? [];
    free.set(s.kind, rows);
    // A span may start at the very event that ends the one before it (an epoch at the previous commit).
    let row = rows.findIndex((f) => f.ms <= s.start.ms && f.seq <= s.start.seq);
    if (row < 0) row = rows.push(s.end) - 1;
    rows[row] = s.end;
    s.row = row;
  }
  return sorted;
}

export const KIND_ORDER: readonly SpanKind[] = ['run', 'batch', 'epoch', 'job', 'stage'];

function batchOf(e: JobStartEvent): string {
  const p = e.Properties ?? {};
  if (p['streaming.sql.batchId'] !== undefined) return `, batch ${p['streaming.sql.batchId']}`;
  if (p.__continuous_start_epoch !== undefined) return `, continuous from epoch ${p.__continuous_start_epoch}`;
  return '';
}

function jobSpans(clock: TraceClock): ReportSpan[] {
  const open = new Map<number, ReportSpan>();
  const out: ReportSpan[] = [];
  clock.events.forEach((e, seq) => {
    if (e.Event === 'SparkListenerJobStart') {
      const span: ReportSpan = {
        kind: 'job',
        label: `job ${e['Job ID']}`,
        start: clock.at(seq),
        end: { ms: clock.endMs, seq: clock.events.length },
        status: 'running',
        detail: `job ${e['Job ID']}: stages ${e['Stage IDs'].join(', ')}${batchOf(e)}`,
        row: 0,
      };
      open.set(e['Job ID'], span);
      out.push(span);
    } else if (e.Event === 'SparkListenerJobEnd') {
      const span = open.get(e['Job ID']);
      if (span === undefined) return;
      const message = jobMessage(e);
      span.end = clock.at(seq);
      span.status = message === '' ? 'succeeded' : /cancelled/.test(message) && !message.startsWith('Job aborted') ? 'cancelled' : 'failed';
      span.detail = `${span.detail}\n${e['Job Result'].Result}${message === '' ? '' : `: ${clip(message)}`}`;
    }
  });
  return out;
}

function stageSpans(clock: TraceClock): ReportSpan[] {
  const open = new Map<string, ReportSpan>();
  const out: ReportSpan[] = [];
  clock.events.forEach((e, seq) => {
    if (e.Event === 'SparkListenerStageSubmitted') {
      const info = e['Stage Info'];
      const span: ReportSpan = {
        kind: 'stage',
        label: `stage ${stageKey(info)}`,
        start: clock.at(seq),
        end: { ms: clock.endMs, seq: clock.events.length },
        status: 'running',
        detail: `stage ${stageKey(info)} (${info['Stage Name']}): ${info['Number of Tasks']} tasks`,
        row: 0,
      };
      open.set(stageKey(info), span);
      out.push(span);
    } else if (e.Event === 'SparkListenerStageCompleted') {
      const info = e['Stage Info'];
      const span = open.get(stageKey(info));
      if (span === undefined) return;
      span.end = clock.at(seq);
      const failure = info['Failure Reason'];
      span.status = failure === undefined ? 'succeeded' : 'failed';
      if (failure !== undefined) span.detail = `${span.detail}\nfailed: ${clip(failure)}`;
    }
  });
  return out;
}

/** Aborts and other failed jobs; executors added and lost. */
function runMarkers(clock: TraceClock, executors: readonly ReportExecutor[]): ReportMarker[] {
  const firstLane = new Map(executors.map((x) => [x.id, x.firstLane]));
  const out: ReportMarker[] = [];
  clock.events.forEach((e, seq) => {
    if (e.Event === 'SparkListenerJobEnd' && e['Job Result'].Result === 'JobFailed') {
      const message = jobMessage(e);
      const abort = message.startsWith('Job aborted');
      const outcome = /cancelled/.test(message) ? 'cancelled' : 'failed';
      out.push({
        kind: abort ? 'abort' : 'job-failed',
        at: clock.at(seq),
        label: abort ? `abort: job ${e['Job ID']}` : `job ${e['Job ID']} ${outcome}`,
        detail: clip(message),
        lane: null,
        executor: null,
      });
    } else if (e.Event === 'SparkListenerExecutorAdded') {
      const id = e['Executor ID'];
      out.push({
        kind: 'executor-added',
        at: clock.at(seq),
        label: `executor ${id} added`,
        detail: `executor ${id} on ${e['Executor Info'].Host}, ${e['Executor Info']['Total Cores']} cores`,
        lane: firstLane.get(id) ?? null,
        executor: id,
      });
    } else if (e.Event === 'SparkListenerExecutorRemoved') {
      const id = e['Executor ID'];
      out.push({
        kind: 'executor-lost',
        at: clock.at(seq),
        label: `executor ${id} lost`,
        detail: clip(e['Removed Reason']),
        lane: firstLane.get(id) ?? null,
        executor: id,
      });
    }
  });
  return out;
}

function violationMarkers(clock: TraceClock, violations: readonly MarkedViolation[]): ReportMarker[] {
  return violations
    .filter((v) => Number.isInteger(v.event) && v.event >= 0 && v.event < clock.events.length)
    .map((v) => ({
      kind: 'violation' as const,
      at: clock.at(v.event),
      label: `violation (event ${v.event})`,
      detail: clip(v.message),
      lane: null,
      executor: null,
    }));
}

function fetchMarkers(attempts: readonly ReportAttempt[]): ReportMarker[] {
  return attempts
    .filter((a) => a.reason === 'FetchFailed')
    .map((a) => ({
      kind: 'fetch-failure' as const,
      at: a.end,
      label: `fetch failure: ${a.index}.${a.attempt} (TID ${a.tid})`,
      detail: a.detail,
      lane: a.lane,
      executor: a.executor,
    }));
}
