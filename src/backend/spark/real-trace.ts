// A real run's event log as a trace (ARCHITECTURE §1, §7): Spark's own events as Spark wrote
// them, and the runner's streaming events under the project's names (Spark's JsonProtocol names
// a posted event by its Java class, org.sparkretryharness.events.<Name>). The same summary code,
// invariants and model then read it as they read a simulated trace.
import type { Trace, TraceEvent } from '../../trace/events.js';
import { readEventLog } from '../../trace/event-log-reader.js';

export const RUNNER_EVENT_PACKAGE = 'org.sparkretryharness.events.';

export interface RealTraceOptions {
  /** The runner stopped the run at its deadline. */
  timedOut: boolean;
  timeoutMs: number;
}

export function realTrace(eventLogPath: string, options: RealTraceOptions): Trace | string {
  const read = readEventLog(eventLogPath);
  if (!read.ok) return read.error;
  const events = read.events.map(renamed);
  return {
    events,
    status: options.timedOut ? 'did-not-terminate' : 'finished',
    stopReason: options.timedOut
      ? `the real run passed its timeout of ${Math.round(options.timeoutMs / 1000)} s; the runner cancelled its jobs and stopped its queries`
      : null,
    endTimeMs: appDurationMs(events),
  };
}

function renamed(e: TraceEvent): TraceEvent {
  const name = e.Event as string;
  if (!name.startsWith(RUNNER_EVENT_PACKAGE)) return e;
  return { ...e, Event: name.slice(RUNNER_EVENT_PACKAGE.length) } as TraceEvent;
}

/** Wall-clock ms from the application's start to its end, as the log says. */
function appDurationMs(events: readonly TraceEvent[]): number {
  let start: number | null = null;
  let end: number | null = null;
  for (const e of events) {
    if (e.Event === 'SparkListenerApplicationStart') start = e.Timestamp;
    else if (e.Event === 'SparkListenerApplicationEnd') end = e.Timestamp;
  }
  return start !== null && end !== null ? end - start : 0;
}
