// Invariants that consume a trace one event at a time (issue 12 §4): each keeps only the state it
// needs on top of the shared live facts, so the same check, in one place, runs over an in-memory
// trace (`check`, memoized: one pass for all of them) and over an event log read as a stream
// (`StreamingRun`). A check that throws is a checker error (checker-errors.ts): the others run on;
// over an in-memory trace its `check` rethrows the error, so a campaign sees the crash.
import type { Scenario } from '../../src/scenario/types.js';
import type { TraceEvent } from '../../src/trace/events.js';
import { guardedSink, type CheckerError } from './checker-errors.js';
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
  const check = (ctx: InvariantContext): Violation[] => {
    const r = resultsOf(ctx);
    const failed = r.errors.get(id);
    if (failed !== undefined) throw failed.error;
    return r.results.get(id) ?? [];
  };
  return { id, name, statement, needs, streaming: true, check };
}

/** The streaming checks over one trace, fed event by event. */
export class StreamingRun {
  /** The checks that threw, with what they threw (the violations each found before are kept). */
  readonly errors = new Map<string, CheckerError>();
  private readonly facts = new LiveFacts();
  private readonly out = new Map<string, Violation[]>();
  /** The event being handled, where a checker error is placed. */
  private at: number | undefined;
  private factsBroken = false;

  /** `ctx` is read as the checks go: set maxTaskFailures before `finish` at the latest. */
  constructor(ctx: StreamContext, keep: (id: string, needs: 'trace' | 'scenario') => boolean = () => true) {
    const sinks: EventSink[] = [];
    for (const def of REGISTRY) {
      if (!keep(def.id, def.needs)) continue;
      const list: Violation[] = [];
      this.out.set(def.id, list);
      const report: Report = (message, eventIndex) =>
        list.push(eventIndex === undefined ? { invariant: def.id, message } : { invariant: def.id, message, eventIndex });
      try {
        sinks.push(
          guardedSink(
            def.make(ctx, this.facts, report),
            () => this.at,
            (e) => this.errors.set(def.id, e),
          ),
        );
      } catch (error) {
        this.errors.set(def.id, { error });
      }
    }
    this.facts.attach(sinks);
  }

  event(e: TraceEvent, i: number): void {
    if (this.factsBroken) return;
    this.at = i;
    try {
      this.facts.event(e, i);
    } catch (error) {
      this.factsFailed(error, i);
    }
  }

  finish(): Map<string, Violation[]> {
    this.at = undefined;
    try {
      if (!this.factsBroken) this.facts.end();
    } catch (error) {
      this.factsFailed(error);
    }
    return this.out;
  }

  /** The shared facts threw (sinks are guarded): every check reads them, so each still running gets the error. */
  private factsFailed(error: unknown, eventIndex?: number): void {
    this.factsBroken = true;
    for (const id of this.out.keys()) if (!this.errors.has(id)) this.errors.set(id, eventIndex === undefined ? { error } : { error, eventIndex });
  }
}

interface Results {
  results: Map<string, Violation[]>;
  errors: Map<string, CheckerError>;
}

const memo = new WeakMap<readonly TraceEvent[], { scenario?: Scenario; max?: number | null; finished?: boolean } & Results>();

/** Every streaming check's violations (and checker errors) on an in-memory trace, computed once per trace and context. */
function resultsOf(ctx: InvariantContext): Results {
  const hit = memo.get(ctx.events);
  if (hit !== undefined && hit.scenario === ctx.scenario && hit.max === ctx.maxTaskFailures && hit.finished === ctx.finished) return hit;
  const run = new StreamingRun({ scenario: ctx.scenario, maxTaskFailures: ctx.maxTaskFailures, finished: ctx.finished });
  ctx.events.forEach((e, i) => run.event(e, i));
  const results = run.finish();
  const entry = { scenario: ctx.scenario, max: ctx.maxTaskFailures, finished: ctx.finished, results, errors: run.errors };
  memo.set(ctx.events, entry);
  return entry;
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
