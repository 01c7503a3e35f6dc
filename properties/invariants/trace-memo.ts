// Indexes the invariants share are built once per trace: keyed by the events array itself, so a
// trace checked by fifty invariants is indexed once and dropped with it.
import type { TraceEvent } from '../../src/trace/events.js';

export function memoPerTrace<T>(build: (events: readonly TraceEvent[]) => T): (events: readonly TraceEvent[]) => T {
  const memo = new WeakMap<readonly TraceEvent[], T>();
  return (events) => {
    let value = memo.get(events);
    if (value === undefined) {
      value = build(events);
      memo.set(events, value);
    }
    return value;
  };
}
