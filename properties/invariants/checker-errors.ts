// Checker errors (issue 11 §3): a check that throws is a bug of the check, not a verdict on the
// trace. Each streaming check's sink is guarded: its first throw is kept (with the event it was
// handling) and the sink is left out from then on, while the other checks run on. A verdict is
// then one of holds / violated / unknown (it could not run) / checker-error.
import type { EventSink } from './live-facts.js';

export type Verdict = 'holds' | 'violated' | 'unknown' | 'checker-error';

/** What a check threw, and the trace event it was handling (none: at the trace's end). */
export interface CheckerError {
  error: unknown;
  eventIndex?: number;
}

/**
 * `sink`, with each call guarded: a throw is handed to `failed` once, with the index of the event
 * being handled (`at`; undefined at the trace's end), and the sink then sees nothing more.
 */
export function guardedSink(sink: EventSink, at: () => number | undefined, failed: (e: CheckerError) => void): EventSink {
  let broken = false;
  const call = <A extends unknown[]>(f: ((...args: A) => void) | undefined) =>
    f === undefined
      ? undefined
      : (...args: A): void => {
          if (broken) return;
          try {
            f.apply(sink, args);
          } catch (error) {
            broken = true;
            const i = at();
            failed(i === undefined ? { error } : { error, eventIndex: i });
          }
        };
  return { event: call(sink.event), resolved: call(sink.resolved), closed: call(sink.closed), end: call(sink.end) };
}
