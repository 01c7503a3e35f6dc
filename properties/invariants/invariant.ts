// What an invariant is: a pure function of a trace (and, for some, the scenario that produced
// it) to violations, with an id from the spec's catalogue and a one-line statement.
// `needs: 'trace'` invariants also run on real Spark event logs (`srh eventlog check`).
import type { Scenario } from '../../src/scenario/types.js';
import type { TraceEvent } from '../../src/trace/events.js';

export interface Violation {
  invariant: string;
  message: string;
  /** The trace event where the violation shows, when there is one. */
  eventIndex?: number;
}

export interface InvariantContext {
  events: readonly TraceEvent[];
  /** Present for simulated runs only. */
  scenario?: Scenario;
  /**
   * maxTaskFailures as the scheduler used it: given for simulated runs, and for event logs from
   * their environment (or --max-failures). null: unknown, so the checks that need it do not run;
   * absent: read from an abort message when the trace has one.
   */
  maxTaskFailures?: number | null;
  /** Whether the run ran to its end: false for a simulated run stopped by a limit. Real logs: by ApplicationEnd. */
  finished?: boolean;
}

export interface Invariant {
  id: string;
  name: string;
  statement: string;
  needs: 'trace' | 'scenario';
  /** Whether it consumes a trace event by event (streaming.ts): only those run on an event log read as a stream. */
  streaming?: boolean;
  check(ctx: InvariantContext): Violation[];
}

/** maxTaskFailures as Spark derives it from the master (spec §2, surprising fact 1). */
export function maxTaskFailuresOf(s: Scenario): number {
  const m = s.cluster.parsedMaster;
  return m.kind === 'local' ? (m.maxFailures ?? 1) : s.conf['spark.task.maxFailures'];
}

/** Builds an invariant whose check collects violations through `report`. */
export function invariant(
  id: string,
  name: string,
  needs: 'trace' | 'scenario',
  statement: string,
  body: (ctx: InvariantContext, report: (message: string, eventIndex?: number) => void) => void,
): Invariant {
  return {
    id,
    name,
    statement,
    needs,
    check(ctx) {
      const out: Violation[] = [];
      body(ctx, (message, eventIndex) => out.push(eventIndex === undefined ? { invariant: id, message } : { invariant: id, message, eventIndex }));
      return out;
    },
  };
}
