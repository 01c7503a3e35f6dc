// Runs the trace invariants over a log's events as they stream by (issue 12 §4). It names the
// events the invariants read, so the reader parses no other line, and gives each violation the
// place of its event.
import type { Invariant } from '../../properties/invariants/index.js';
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

export interface PlacedViolation {
  message: string;
  ref?: EventRef;
}

export class TraceChecker {
  private readonly events: TraceEvent[] = [];
  private readonly refs: EventRef[] = [];

  constructor(private readonly invariants: readonly Invariant[]) {}

  readonly reads = (name: string): boolean => READ_EVENTS.has(name) || name.startsWith('SparkRetryHarness');

  event(e: TraceEvent, ref: EventRef): void {
    this.events.push(e);
    this.refs.push(ref);
  }

  finish(ctx: { maxTaskFailures: number | null; finished?: boolean }): Map<string, PlacedViolation[]> {
    const out = new Map<string, PlacedViolation[]>();
    for (const inv of this.invariants) {
      const vs = inv.check({ events: this.events, maxTaskFailures: ctx.maxTaskFailures });
      out.set(inv.id, vs.map((v) => (v.eventIndex === undefined ? { message: v.message } : { message: v.message, ref: this.refs[v.eventIndex] })));
    }
    return out;
  }
}
