// The streaming form of the invariants (issue 12 §4): fed one event at a time it gives what
// `check` gives on the whole trace, it keeps the tasks of running stage attempts only, and the
// per-TID table answers for the tasks it dropped. Every trace invariant that reads Spark's own events
// is one, so `srh eventlog check` reads a real log once (the README's "Large logs").
import { describe, expect, it } from 'vitest';
import { ALL_INVARIANTS } from '../../properties/invariants/index.js';
import { maxTaskFailuresOf } from '../../properties/invariants/invariant.js';
import { LiveFacts } from '../../properties/invariants/live-facts.js';
import { StreamingRun } from '../../properties/invariants/streaming.js';
import { TidTable } from '../../properties/invariants/tid-table.js';
import { OURS_ONLY } from '../../src/trace/trace-checker.js';
import type { TraceEvent } from '../../src/trace/events.js';
import { exception, run } from '../support/run.js';

const manyStages = run({
  scenario: 1,
  seed: 3,
  cluster: { master: 'local[4,3]' },
  workload: {
    mode: 'batch',
    rdds: [
      { id: 0, partitions: 40 },
      { id: 1, partitions: 40, deps: [{ rdd: 0, type: 'shuffle' }] },
      { id: 2, partitions: 40, deps: [{ rdd: 1, type: 'shuffle' }] },
    ],
    jobs: [{ rdd: 2 }, { rdd: 2 }, { rdd: 1 }],
  },
  faults: [{ task: { partition: 3, attempt: 0 }, fail: exception('transient') }],
});
const aborted = run({
  scenario: 1,
  seed: 1,
  cluster: { master: 'local[1,4]' },
  workload: { mode: 'batch', rdds: [{ id: 0, partitions: 3 }], jobs: [{ rdd: 0 }] },
  faults: [{ task: { partition: 1 }, fail: exception('boom') }],
});

describe('the streaming invariants', () => {
  it.each([
    ['many stages', manyStages],
    ['an abort', aborted],
  ])('fed event by event give what check gives on the whole trace (%s)', (_name, r) => {
    const events = r.result.trace.events;
    const ctx = { scenario: r.scenario, maxTaskFailures: maxTaskFailuresOf(r.scenario), finished: true };
    const streamed = new StreamingRun(ctx);
    events.forEach((e, i) => streamed.event(e, i));
    const got = streamed.finish();
    const streaming = ALL_INVARIANTS.filter((i) => i.streaming);
    expect(streaming.length).toBe(33);
    for (const inv of streaming) expect(got.get(inv.id), inv.id).toEqual(inv.check({ events, ...ctx }));
  });

  it('are every trace invariant but those of our own streaming-query events', () => {
    const trace = ALL_INVARIANTS.filter((i) => i.needs === 'trace');
    expect(trace.filter((i) => !i.streaming && !OURS_ONLY.has(i.id)).map((i) => i.id)).toEqual([]);
    expect(trace.filter((i) => i.streaming).map((i) => i.id)).toEqual(expect.arrayContaining(['I30', 'I31']));
  });

  it('report a corrupted trace through the stream as check does', () => {
    const events = structuredClone(aborted.result.trace.events) as TraceEvent[];
    const start = events.find((e) => e.Event === 'SparkListenerTaskStart' && e['Task Info']['Task ID'] === 2)!;
    (start as { 'Task Info': { Attempt: number } })['Task Info'].Attempt = 2;
    const streamed = new StreamingRun({ maxTaskFailures: 4 });
    events.forEach((e, i) => streamed.event(e, i));
    const got = streamed.finish().get('I2')!;
    expect(got.map((v) => v.message)).toEqual(['task 1.2 in stage 0.0 (TID 2): expected attempt 1', 'task 1.2 in stage 0.0 (TID 3): expected attempt 3']);
    expect(got).toEqual(ALL_INVARIANTS.find((i) => i.id === 'I2')!.check({ events, maxTaskFailures: 4 }));
  });

  it("keep only the tasks still needed: a completed stage attempt's tasks are dropped", () => {
    const facts = new LiveFacts();
    let most = 0;
    manyStages.result.trace.events.forEach((e, i) => {
      facts.event(e, i);
      most = Math.max(most, facts.tasks.size);
    });
    facts.end();
    const launched = manyStages.result.trace.events.filter((e) => e.Event === 'SparkListenerTaskStart').length;
    expect(launched).toBeGreaterThan(200);
    expect(most).toBeLessThanOrEqual(45);
    expect(facts.tasks.size).toBe(0);
    // The dropped tasks are still known to have started and ended, in their stage.
    expect(facts.tids.started(0)).toBe(true);
    expect(facts.tids.stageOf(0)).toBe(0);
    expect(facts.tids.decisiveEnds(0)).toBe(1);
  });
});

describe('TidTable', () => {
  it('keeps start, stage and ends per TID, dense or far apart', () => {
    const t = new TidTable();
    for (const tid of [100, 101, 5000, 99, 1e9]) t.start(tid, tid % 7);
    t.end(101, true);
    t.end(101, false);
    t.end(1e9, false);
    expect([100, 101, 5000, 99, 1e9, 102].map((tid) => t.started(tid))).toEqual([true, true, true, true, true, false]);
    expect(t.stageOf(5000)).toBe(5000 % 7);
    expect(t.stageOf(102)).toBeNull();
    expect(t.decisiveEnds(101)).toBe(2);
    expect(t.firstEndWasExecutorLost(101)).toBe(true);
    expect(t.decisiveEnds(1e9)).toBe(1);
    expect(t.firstEndWasExecutorLost(1e9)).toBe(false);
  });
});
