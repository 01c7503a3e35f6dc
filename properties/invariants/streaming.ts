// Invariants that consume a trace one event at a time (issue 12 §4): each keeps only the state it
// needs on top of the shared live facts, so the same check, in one place, runs over an in-memory
// trace (`check`, memoized: one pass for all of them) and over an event log read as a stream
// (`StreamingRun`).
import type { Scenario } from '../../src/scenario/types.js';
import type { TraceEvent } from '../../src/trace/events.js';
import type { Invariant, InvariantContext, Violation } from './invariant.js';
import { LiveFacts, type EventSink } from './live-facts.js';
import type { JobRecord } from './trace-facts.js';

export type Report = (message: string, eventIndex?: number) => void;

/** What a streaming check may read of its context; maxTaskFailures only at the trace's end. */
export interface StreamContext {
  scenario?: Scenario;
  maxTaskFailures?: number | null;
  finished?: boolean;
}

type Maker = (ctx: StreamContext, facts: LiveFacts, report: Report) => EventSink;

const REGISTRY: { id: string; needs: 'trace' | 'scenario'; make: Maker }[] = [];

export function streamingInvariant(id: string, name: string, needs: 'trace' | 'scenario', statement: string, make: Maker): Invariant {
  REGISTRY.push({ id, needs, make });
  return { id, name, statement, needs, streaming: true, check: (ctx) => resultsOf(ctx).get(id) ?? [] };
}

/** The streaming checks over one trace, fed event by event. */
export class StreamingRun {
  private readonly facts = new LiveFacts();
  private readonly out = new Map<string, Violation[]>();

  /** `ctx` is read as the checks go: set maxTaskFailures before `finish` at the latest. */
  constructor(ctx: StreamContext, keep: (id: string, needs: 'trace' | 'scenario') => boolean = () => true) {
    const sinks: EventSink[] = [];
    for (const def of REGISTRY) {
      if (!keep(def.id, def.needs)) continue;
      const list: Violation[] = [];
      this.out.set(def.id, list);
      const report: Report = (message, eventIndex) => list.push(eventIndex === undefined ? { invariant: def.id, message } : { invariant: def.id, message, eventIndex });
      sinks.push(def.make(ctx, this.facts, report));
    }
    this.facts.attach(sinks);
  }

  event(e: TraceEvent, i: number): void {
    this.facts.event(e, i);
  }

  finish(): Map<string, Violation[]> {
    this.facts.end();
    return this.out;
  }
}

const memo = new WeakMap<readonly TraceEvent[], { scenario?: Scenario; max?: number | null; finished?: boolean; results: Map<string, Violation[]> }>();

/** Every streaming check's violations on an in-memory trace, computed once per trace and context. */
function resultsOf(ctx: InvariantContext): Map<string, Violation[]> {
  const hit = memo.get(ctx.events);
  if (hit !== undefined && hit.scenario === ctx.scenario && hit.max === ctx.maxTaskFailures && hit.finished === ctx.finished) return hit.results;
  const run = new StreamingRun({ scenario: ctx.scenario, maxTaskFailures: ctx.maxTaskFailures, finished: ctx.finished });
  ctx.events.forEach((e, i) => run.event(e, i));
  const results = run.finish();
  memo.set(ctx.events, { scenario: ctx.scenario, max: ctx.maxTaskFailures, finished: ctx.finished, results });
  return results;
}

/** Runs `check` on a job at its first JobEnd, while the task its abort names is still known. */
export function atFirstJobEnd(f: LiveFacts, check: (j: JobRecord) => void): EventSink {
  return {
    event(e) {
      if (e.Event !== 'SparkListenerJobEnd') return;
      const j = f.jobs.get(e['Job ID'])!;
      if (j.endIndexes.length === 1) check(j);
    },
  };
}

/** State kept per stage attempt and index, dropped with the stage attempt. */
export function perIndex<T>(init: () => T): { get(key: string, index: number): T; drop(key: string): void } {
  const byTsm = new Map<string, Map<number, T>>();
  return {
    get(key, index) {
      let m = byTsm.get(key);
      if (m === undefined) byTsm.set(key, (m = new Map()));
      let v = m.get(index);
      if (v === undefined) m.set(index, (v = init()));
      return v;
    },
    drop: (key) => void byTsm.delete(key),
  };
}

