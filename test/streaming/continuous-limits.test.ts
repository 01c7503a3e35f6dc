// A continuous run of very many short epochs ends within its limits (streaming spec §5.2, §5.3;
// ARCHITECTURE §3 `limits`): the tasks' partition messages count toward
// limits.maxPartitionMessages, and a run's work grows linearly with its epochs.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/trace/events.js';
import { run } from '../support/run.js';

const continuous = (partitions: number, epochs: number, limits: Record<string, number> = {}) => ({
  scenario: 1,
  seed: 5,
  cluster: { master: `local[${partitions + 1}]` },
  workload: { mode: 'continuous', partitions, epochs, epochIntervalMs: 1 },
  ...(Object.keys(limits).length > 0 ? { limits } : {}),
});

const isPartitionMessage = (e: TraceEvent) => e.Event.startsWith('SparkRetryHarnessPartition');

function counts(events: readonly TraceEvent[]) {
  let messages = 0;
  let commits = 0;
  for (const e of events) {
    if (isPartitionMessage(e)) messages++;
    else if (e.Event === 'SparkRetryHarnessCommitLogWritten') commits++;
  }
  return { events: events.length, messages, listenerEvents: events.length - messages, commits };
}

describe('continuous runs of many short epochs (limits.maxPartitionMessages)', () => {
  it('a billion 1 ms epochs over 50 partitions stops at its partition message budget, well before maxEvents', () => {
    const r = run(continuous(50, 1_000_000_000, { maxPartitionMessages: 20_000 }));
    expect(r.result.trace.status).toBe('did-not-terminate');
    expect(r.result.trace.stopReason).toBe('stopped after 20000 partition messages (limits.maxPartitionMessages)');
    const c = counts(r.result.trace.events);
    // The budget is checked between steps: one step sends at most one report and commit.
    expect(c.messages).toBeGreaterThan(20_000);
    expect(c.messages).toBeLessThanOrEqual(20_002);
    expect(c.listenerEvents).toBeLessThan(2_000);
  });

  it('the budget stops a run that maxEvents would not: partition messages are not listener events', () => {
    const within = run(continuous(50, 300, { maxEvents: 5_000 }));
    expect(within.result.trace.status).toBe('finished');
    expect(counts(within.result.trace.events).messages).toBe(2 * 50 * 300);
    const capped = run(continuous(50, 300, { maxEvents: 5_000, maxPartitionMessages: 29_999 }));
    expect(capped.result.trace.stopReason).toContain('limits.maxPartitionMessages');
  });

  it('work grows linearly with epochs: 80,000 epochs take four times the events and messages of 20,000', () => {
    const small = counts(run(continuous(2, 20_000)).result.trace.events);
    const large = counts(run(continuous(2, 80_000)).result.trace.events);
    expect([small.commits, large.commits]).toEqual([20_000, 80_000]);
    expect([small.messages, large.messages]).toEqual([2 * 2 * 20_000, 2 * 2 * 80_000]);
    // Every epoch costs the same fixed number of events; only the run's start and end are extra.
    const perEpoch = (large.events - small.events) / 60_000;
    expect(perEpoch).toBe(7);
    expect(small.events - 20_000 * perEpoch).toBe(large.events - 80_000 * perEpoch);
  });
});
