// The streaming rows of the HTML report: each query run (QueryStarted to QueryTerminated), and
// its micro-batches (from the batch's offset-log entry, or its first job when the batch is
// re-run from the log, to its commit-log entry) or its continuous epochs (from the run's start
// or the previous epoch's commit to the epoch's commit). A run that failed gets a marker.
import type { JobStartEvent, QueryStartedEvent } from '../trace/events.js';
import { clip, type Moment, type ReportMarker, type ReportSpan, type TraceClock } from './report-model.js';

export interface StreamingRows {
  mode: 'microBatch' | 'continuous' | null;
  spans: ReportSpan[];
  markers: ReportMarker[];
}

interface OpenRun {
  started: QueryStartedEvent;
  span: ReportSpan;
  /** Open micro-batches by batch id. */
  batches: Map<number, ReportSpan>;
  /** Continuous: where the next epoch starts, and its number. */
  epochStart: Moment;
  nextEpoch: number;
}

const span = (kind: ReportSpan['kind'], label: string, start: Moment, end: Moment, detail: string): ReportSpan => ({
  kind,
  label,
  start,
  end,
  status: 'running',
  detail,
  row: 0,
});

export function streamingSpans(clock: TraceClock): StreamingRows {
  const out: StreamingRows = { mode: null, spans: [], markers: [] };
  const runs = new Map<string, OpenRun>();
  const traceEnd: Moment = { ms: clock.endMs, seq: clock.events.length };
  clock.events.forEach((e, seq) => {
    const at = clock.at(seq);
    if (e.Event === 'SparkRetryHarnessQueryStarted') {
      out.mode ??= e.mode;
      // The global retry policy restarts a continuous query in its run, with no QueryTerminated.
      const restarted = runs.get(e.runId);
      if (restarted !== undefined) terminate(restarted, null, [], at, out, true);
      const run = {
        started: e,
        span: span(
          'run',
          `run ${e.run}`,
          at,
          traceEnd,
          `query run ${e.run} (runId ${e.runId}), ${e.mode === 'continuous' ? `from epoch ${e.start}` : `from batch ${e.start}`}`,
        ),
        batches: new Map(),
        epochStart: at,
        nextEpoch: e.start,
      };
      runs.set(e.runId, run);
      out.spans.push(run.span);
    } else if (e.Event === 'SparkRetryHarnessOffsetLogWritten') {
      const run = runs.get(e.runId);
      if (run !== undefined && run.started.mode === 'microBatch') openBatch(run, e.batch, at, out);
    } else if (e.Event === 'SparkListenerJobStart') {
      const run = runs.get(e.Properties?.['spark.jobGroup.id'] ?? '');
      const batch = batchIdOf(e);
      if (run !== undefined && batch !== null && !run.batches.has(batch)) openBatch(run, batch, at, out);
    } else if (e.Event === 'SparkRetryHarnessCommitLogWritten') {
      const run = runs.get(e.runId);
      if (run !== undefined) commit(run, e.batch, at, out);
    } else if (e.Event === 'SparkRetryHarnessQueryTerminated') {
      const run = runs.get(e.runId);
      if (run !== undefined) terminate(run, e.exception, e.causes, at, out, false);
      runs.delete(e.runId);
    }
  });
  return out;
}

function batchIdOf(e: JobStartEvent): number | null {
  const id = e.Properties?.['streaming.sql.batchId'];
  return id !== undefined && /^\d+$/.test(id) ? Number(id) : null;
}

function openBatch(run: OpenRun, batch: number, at: Moment, out: StreamingRows): void {
  if (run.batches.has(batch)) return;
  const s = span('batch', `batch ${batch}`, at, run.span.end, `batch ${batch} of run ${run.started.run}`);
  run.batches.set(batch, s);
  out.spans.push(s);
}

function commit(run: OpenRun, batch: number, at: Moment, out: StreamingRows): void {
  if (run.started.mode === 'microBatch') {
    const s = run.batches.get(batch);
    if (s === undefined) return;
    s.end = at;
    s.status = 'committed';
    s.detail += ': committed';
    run.batches.delete(batch);
    return;
  }
  const s = span('epoch', `epoch ${batch}`, run.epochStart, at, `epoch ${batch} of run ${run.started.run}: committed`);
  s.status = 'committed';
  out.spans.push(s);
  run.epochStart = at;
  run.nextEpoch = batch + 1;
}

function terminate(run: OpenRun, exception: string | null, causes: readonly string[], at: Moment, out: StreamingRows, restarted: boolean): void {
  run.span.end = at;
  run.span.status = exception === null && !restarted ? 'succeeded' : 'failed';
  if (restarted) run.span.detail += '\nrestarted from the last committed epoch';
  if (exception !== null) {
    run.span.detail += `\n${clip([exception, ...causes.slice(1)].join('\ncaused by: '))}`;
    out.markers.push({ kind: 'query-failed', at, label: `query run ${run.started.run} failed`, detail: clip(exception), lane: null, executor: null });
  }
  for (const s of run.batches.values()) {
    s.end = at;
    s.status = 'uncommitted';
    s.detail += ': not committed when the run ended';
  }
  run.batches.clear();
  // A continuous run that failed: the epoch it was in never committed.
  if (run.started.mode === 'continuous' && (exception !== null || restarted)) {
    const s = span(
      'epoch',
      `epoch ${run.nextEpoch}`,
      run.epochStart,
      at,
      `epoch ${run.nextEpoch} of run ${run.started.run}: not committed when the run ${restarted ? 'was restarted' : 'failed'}`,
    );
    s.status = 'uncommitted';
    out.spans.push(s);
  }
}
