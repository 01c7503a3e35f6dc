// Runs the trace invariants over a log's events as they stream by (issue 12 §4). The streaming
// ones (properties/invariants/streaming.ts) see each event once and keep only their state. Those
// of OURS_ONLY read our own streaming-query events (`SparkRetryHarness…`), which only `srh run
// --eventlog` writes: on any other log they hold with nothing to read, and a log that has them is
// read a second time, whole, for them (a simulated trace, which fit in memory when it was
// written). Any other trace invariant not yet written as a streaming check also gets the log
// whole: it is never skipped, only the memory bound is lost until it is converted. A check that
// throws is a checker error of that check (checker-errors.ts); the others still run.
import type { Invariant, Violation } from '../../properties/invariants/index.js';
import { StreamingRun, type StreamContext } from '../../properties/invariants/streaming.js';
import type { TraceEvent } from './events.js';
import type { EventRef } from './event-log-stream.js';

/** The Spark events some invariant or the report reads; every `SparkRetryHarness…` event too. */
export const READ_EVENTS: ReadonlySet<string> = new Set([
  'SparkListenerLogStart',
  'SparkListenerApplicationStart',
  'SparkListenerApplicationEnd',
  'SparkListenerEnvironmentUpdate',
  'SparkListenerExecutorAdded',
  'SparkListenerExecutorRemoved',
  'SparkListenerJobStart',
  'SparkListenerJobEnd',
  'SparkListenerStageSubmitted',
  'SparkListenerStageCompleted',
  'SparkListenerTaskStart',
  'SparkListenerTaskGettingResult',
  'SparkListenerTaskEnd',
]);

export const isOurEvent = (name: string): boolean => name.startsWith('SparkRetryHarness');

/** The whole-trace invariants that read only our own streaming-query events (vacuous without them). */
export const OURS_ONLY: ReadonlySet<string> = new Set([
  'MB1',
  'MB2',
  'MB5',
  'MB6',
  'MB7',
  'MB8',
  'MB9',
  'CP1',
  'CP5',
  'CP5b',
  'CP6',
  'CP7',
  'CP8',
  'CP9',
  'CP10',
  'CP12',
]);

export interface PlacedViolation {
  message: string;
  ref?: EventRef;
}

/** A check that threw: the error, and where in the log (the event it was handling), when known. */
export interface PlacedCheckerError {
  error: unknown;
  ref?: EventRef;
}

export class TraceChecker {
  /** Whether the log holds our own streaming-query events, so the whole-trace checks need it whole. */
  needsWholeTrace = false;
  private sawOurEvents = false;
  /** A real log's application finished when it has its ApplicationEnd (InvariantContext.finished). */
  private readonly ctx: StreamContext = { finished: false };
  private readonly run: StreamingRun;
  private readonly whole: readonly Invariant[];

  constructor(invariants: readonly Invariant[]) {
    const streaming = new Set(invariants.filter((i) => i.streaming).map((i) => i.id));
    this.run = new StreamingRun(this.ctx, (id) => streaming.has(id));
    this.whole = invariants.filter((i) => !i.streaming);
    this.needsWholeTrace = this.whole.some((i) => !OURS_ONLY.has(i.id));
  }

  /** The invariants the log is read whole for: those of OURS_ONLY when it holds our events, and any other not streaming. */
  readWholeFor(): string[] {
    return this.whole.filter((i) => this.sawOurEvents || !OURS_ONLY.has(i.id)).map((i) => i.id);
  }

  /** The checks that threw, filled by `finish`. */
  readonly checkerErrors = new Map<string, PlacedCheckerError>();

  readonly reads = (name: string): boolean => READ_EVENTS.has(name) || isOurEvent(name);

  event(e: TraceEvent, index: number): void {
    if (isOurEvent(e.Event)) this.needsWholeTrace = this.sawOurEvents = true;
    if (e.Event === 'SparkListenerApplicationEnd') this.ctx.finished = true;
    this.run.event(e, index);
  }

  /** The violations of every invariant, placed by `refOf`; `wholeTrace` for a log with our own events. */
  finish(
    maxTaskFailures: number | null,
    refOf: (index: number) => EventRef,
    wholeTrace?: { events: TraceEvent[]; refs: EventRef[] },
  ): Map<string, PlacedViolation[]> {
    this.ctx.maxTaskFailures = maxTaskFailures;
    const out = new Map<string, PlacedViolation[]>();
    const place = (vs: Violation[], ref: (i: number) => EventRef) =>
      vs.map((v) => (v.eventIndex === undefined ? { message: v.message } : { message: v.message, ref: ref(v.eventIndex) }));
    for (const [id, vs] of this.run.finish()) out.set(id, place(vs, refOf));
    for (const [id, e] of this.run.errors)
      this.checkerErrors.set(id, e.eventIndex === undefined ? { error: e.error } : { error: e.error, ref: refOf(e.eventIndex) });
    for (const inv of this.whole) {
      let vs: Violation[] = [];
      try {
        if (wholeTrace !== undefined) vs = inv.check({ events: wholeTrace.events, maxTaskFailures, finished: this.ctx.finished });
      } catch (error) {
        this.checkerErrors.set(inv.id, { error });
      }
      out.set(
        inv.id,
        place(vs, (i) => wholeTrace!.refs[i]),
      );
    }
    return out;
  }
}
