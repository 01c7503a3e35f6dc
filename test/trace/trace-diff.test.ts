// firstDifference finds the first event-log line that differs, exactly as comparing the logs would.
import { describe, expect, it } from 'vitest';
import { eventLogText } from '../../src/trace/event-log-writer.js';
import type { TraceEvent } from '../../src/trace/events.js';
import { firstDifference } from '../../src/trace/trace-diff.js';
import { exception, run } from '../support/run.js';

const events = run({
  scenario: 1,
  seed: 3,
  cluster: { master: 'local[2,3]' },
  workload: { mode: 'batch', rdds: [{ id: 0, partitions: 3 }], jobs: [{ rdd: 0 }] },
  faults: [{ task: { partition: 1, attempt: 0 }, fail: exception('boom') }],
}).result.trace.events;

const copy = () => structuredClone(events) as (TraceEvent & Record<string, unknown>)[];
const firstLineDiff = (a: readonly TraceEvent[], b: readonly TraceEvent[]) => {
  const la = eventLogText(a).split('\n');
  const lb = eventLogText(b).split('\n');
  return la.findIndex((l, i) => l !== lb[i]);
};

describe('firstDifference', () => {
  it('finds nothing in two runs of the same scenario', () => {
    expect(firstDifference(events, copy())).toBeNull();
  });

  it('finds the first changed value, at the line a byte comparison finds', () => {
    const b = copy();
    (b[7] as Record<string, unknown>).Event = 'SparkListenerSomethingElse';
    const d = firstDifference(events, b)!;
    expect(d.eventIndex).toBe(firstLineDiff(events, b));
    expect(d.first).toBe(JSON.stringify(events[7]));
    expect(d.second).toBe(JSON.stringify(b[7]));
  });

  it('sees a change of key order, which changes the bytes', () => {
    const b = copy();
    const [k0, ...rest] = Object.keys(b[2]);
    const e = b[2] as Record<string, unknown>;
    const v0 = e[k0];
    delete e[k0];
    e[k0] = v0;
    expect(rest.length).toBeGreaterThan(0);
    expect(firstDifference(events, b)?.eventIndex).toBe(2);
  });

  it('ignores a key holding undefined, which JSON does not write', () => {
    const b = copy();
    (b[4] as Record<string, unknown>).extra = undefined;
    expect(firstDifference(events, b)).toBeNull();
  });

  it('reports a missing tail event', () => {
    const d = firstDifference(events, events.slice(0, -1))!;
    expect(d.eventIndex).toBe(events.length - 1);
    expect(d.second).toBe('<no event>');
  });
});
