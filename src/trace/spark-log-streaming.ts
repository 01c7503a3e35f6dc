// Spark's own StreamingQueryListener events for a simulated query, written beside the project's
// `SparkRetryHarness…` events, as Spark 3.2's StreamingQueryListenerBus posts them to the event
// log (Jackson-serialised, named by their classes):
// - QueryStartedEvent when a run with a new run id starts (StreamExecution.start); the global
//   retry policy's in-process restarts keep their run id, so they post none;
// - QueryProgressEvent after each executed micro-batch, once its commit log entry is written
//   (MicroBatchExecution.runActivatedStream → ProgressReporter.finishTrigger). Continuous
//   execution never reports progress in 3.2 (ContinuousExecution calls startTrigger only);
// - QueryTerminatedEvent when a run ends, its exception the printed cause chain.
// The simulator does the planning and the log writes in no time, so those durations are 0.
import type { Workload } from '../scenario/types.js';
import type { TraceEvent } from './events.js';
import { JavaDouble } from './spark-json.js';

const LISTENER = 'org.apache.spark.sql.streaming.StreamingQueryListener$';
/** A Java class name at the start of a cause's message ("java.lang.IllegalStateException: bad row"). */
const CLASS_PREFIX = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)+(: |$)/;

type Ev<N extends TraceEvent['Event']> = Extract<TraceEvent, { Event: N }>;

interface Run {
  id: string;
  name: string | null;
  /** Simulated start of the trigger running now, and of the one before (-1: none yet). */
  triggerStart: number;
  lastTriggerStart: number;
}

interface BatchFacts {
  sinkRows: number;
  sinkCommitAt: number | null;
  /** State store commits per stateful operator: the partitions that committed. */
  stateStores: Map<number, Set<number>>;
}

export class SparkStreamingEvents {
  private readonly runs = new Map<string, Run>();
  private readonly open = new Set<string>();
  /** The offset log: every batch's entry, whichever run wrote it. */
  private readonly offsets = new Map<number, number[]>();
  private batch: BatchFacts = freshBatch();

  constructor(
    private readonly workload: Workload,
    private readonly wallClock: (simulatedMs: number) => number,
  ) {}

  /** Spark's events that come before `e` in the log. */
  before(e: TraceEvent): Record<string, unknown>[] {
    if (e.Event === 'SparkRetryHarnessQueryStarted') return this.started(e);
    if (e.Event === 'SparkRetryHarnessQueryTerminated') return this.terminated(e);
    this.observe(e);
    return [];
  }

  /** Spark's events that come right after `e`. */
  after(e: TraceEvent): Record<string, unknown>[] {
    if (e.Event !== 'SparkRetryHarnessCommitLogWritten' || this.workload.mode !== 'microBatch') return [];
    const run = this.runs.get(e.runId);
    if (run === undefined) return [];
    const progress = this.progress(run, e);
    run.lastTriggerStart = run.triggerStart;
    run.triggerStart = e.Timestamp;
    this.batch = freshBatch();
    return [{ Event: `${LISTENER}QueryProgressEvent`, progress }];
  }

  private started(e: Ev<'SparkRetryHarnessQueryStarted'>): Record<string, unknown>[] {
    const known = this.runs.has(e.runId);
    this.runs.set(e.runId, { id: e.id, name: e.name, triggerStart: e.Timestamp, lastTriggerStart: -1 });
    this.batch = freshBatch();
    if (known) return [];
    this.open.add(e.runId);
    return [{ Event: `${LISTENER}QueryStartedEvent`, id: e.id, runId: e.runId, name: e.name, timestamp: this.iso(e.Timestamp) }];
  }

  private terminated(e: Ev<'SparkRetryHarnessQueryTerminated'>): Record<string, unknown>[] {
    if (!this.open.delete(e.runId)) return [];
    const exception = e.exception === null ? null : exceptionString(e.causes.length > 0 ? e.causes : [e.exception]);
    return [{ Event: `${LISTENER}QueryTerminatedEvent`, id: e.id, runId: e.runId, exception }];
  }

  private observe(e: TraceEvent): void {
    if (e.Event === 'SparkRetryHarnessOffsetLogWritten' && e.offsets !== undefined) this.offsets.set(e.batch, e.offsets);
    else if (e.Event === 'SparkRetryHarnessSinkCommitted') {
      this.batch.sinkRows = (e.records ?? []).reduce((n, [from, to]) => n + (to - from), 0);
      this.batch.sinkCommitAt = e.Timestamp;
    } else if (e.Event === 'SparkRetryHarnessStateStoreCommitted') {
      const parts = this.batch.stateStores.get(e.operator) ?? new Set<number>();
      parts.add(e.partition);
      this.batch.stateStores.set(e.operator, parts);
    }
  }

  /** StreamingQueryProgress as Jackson writes it, for the batch whose commit log entry `e` is. */
  private progress(run: Run, e: Ev<'SparkRetryHarnessCommitLogWritten'>): Record<string, unknown> {
    const w = this.workload;
    const perBatch = w.mode === 'microBatch' ? w.recordsPerBatch : 0;
    const sinkApi = w.mode === 'microBatch' ? w.sinkApi : 'v2';
    const start = this.offsets.get(e.batch - 1) ?? null;
    const end = this.offsets.get(e.batch) ?? null;
    const rows = sum(end) - sum(start);
    const duration = e.Timestamp - run.triggerStart;
    const inputSeconds = run.lastTriggerStart < 0 ? Infinity : (run.triggerStart - run.lastTriggerStart) / 1000;
    const addBatch = (this.batch.sinkCommitAt ?? e.Timestamp) - run.triggerStart;
    return {
      id: run.id,
      runId: e.runId,
      name: run.name,
      timestamp: this.iso(run.triggerStart),
      batchId: e.batch,
      batchDuration: duration,
      durationMs: { triggerExecution: duration, queryPlanning: 0, getBatch: 0, latestOffset: 0, addBatch, walCommit: 0 },
      eventTime: {},
      stateOperators: [...this.batch.stateStores].sort((a, b) => a[0] - b[0]).map(([, parts]) => stateOperator(parts.size)),
      sources: [
        {
          description: `SparkRetryHarnessSource[recordsPerBatch=${perBatch}]`,
          startOffset: offsetText(start),
          endOffset: offsetText(end),
          latestOffset: offsetText(end),
          numInputRows: rows,
          inputRowsPerSecond: new JavaDouble(rows / inputSeconds),
          processedRowsPerSecond: new JavaDouble(rows / (Math.max(1, duration) / 1000)),
          metrics: {},
        },
      ],
      sink: sinkProgress(sinkApi, this.batch.sinkRows),
      observedMetrics: {},
    };
  }

  /** ProgressReporter.formatTimestamp: yyyy-MM-dd'T'HH:mm:ss.SSS'Z', UTC. */
  private iso(simulatedMs: number): string {
    return new Date(this.wallClock(simulatedMs)).toISOString();
  }
}

function freshBatch(): BatchFacts {
  return { sinkRows: 0, sinkCommitAt: null, stateStores: new Map() };
}

function sum(offsets: number[] | null): number {
  return offsets === null ? 0 : offsets.reduce((a, b) => a + b, 0);
}

/** A source offset's JSON text: the record count of a one-partition source, else the per-partition list. */
function offsetText(offsets: number[] | null): string | null {
  if (offsets === null) return null;
  return offsets.length === 1 ? String(offsets[0]) : JSON.stringify(offsets);
}

function stateOperator(partitions: number): Record<string, unknown> {
  return {
    operatorName: 'stateStoreSave',
    numRowsTotal: 0,
    numRowsUpdated: 0,
    allUpdatesTimeMs: 0,
    numRowsRemoved: 0,
    allRemovalsTimeMs: 0,
    commitTimeMs: 0,
    memoryUsedBytes: 0,
    numRowsDroppedByWatermark: 0,
    numShufflePartitions: partitions,
    numStateStoreInstances: partitions,
    customMetrics: {},
  };
}

/** The sink as progress names it: a DSv2 sink reports its rows, a v1 sink -1 (SinkProgress.DEFAULT_NUM_OUTPUT_ROWS). */
function sinkProgress(sinkApi: string, rows: number): Record<string, unknown> {
  if (sinkApi === 'v2') return { description: 'MemorySink', numOutputRows: rows };
  if (sinkApi === 'file') return { description: 'FileSink[srh-output]', numOutputRows: -1 };
  return { description: 'ForeachBatchSink', numOutputRows: -1 };
}

/**
 * Utils.exceptionString of the query's cause, without frames: the outermost cause, then each
 * inner one after "Caused by: ". A message that does not start with its class is a SparkException's.
 */
export function exceptionString(causes: readonly string[]): string {
  const named = (m: string) => (CLASS_PREFIX.test(m) ? m : `org.apache.spark.SparkException: ${m}`);
  return causes.map((c, i) => (i === 0 ? named(c) : `Caused by: ${named(c)}`)).join('\n');
}
