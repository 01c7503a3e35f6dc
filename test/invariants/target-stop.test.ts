// Q1, stops-at-target. The scenario is the shrunk counterexample of a bug planted in a copy of
// src/ (a restarted continuous run that ignores a target already committed), which passed every
// other property: three partitions trip a backlog limit of 4 at the instant the target epoch 1
// commits, so run 0 fails after reaching its target, and the manual restart must stop at once.
import { describe, expect, it } from 'vitest';
import { ALL_INVARIANTS } from '../../properties/invariants/index.js';
import { simulate } from '../../src/simulate.js';
import type { TraceEvent } from '../../src/trace/events.js';
import { scenarioOf } from '../support/run.js';

const q1 = ALL_INVARIANTS.find((i) => i.id === 'Q1')!;

const scenario = scenarioOf({
  scenario: 1,
  seed: 0,
  cluster: { master: 'local[3]' },
  conf: { 'spark.sql.streaming.continuous.epochBacklogQueueSize': 4 },
  workload: { mode: 'continuous', partitions: 3, epochs: 2, restarts: 1, retryPolicy: 'none', epochIntervalMs: 200, recordsPerSecond: 10 },
});

const named = (events: readonly TraceEvent[], name: TraceEvent['Event']) => events.filter((e) => e.Event === name);

describe('Q1: stops-at-target', () => {
  it('a restart after the target was committed submits no job and ends the query cleanly', () => {
    const events = simulate(scenario).trace.events;
    const terminated = named(events, 'SparkRetryHarnessQueryTerminated') as Extract<TraceEvent, { Event: 'SparkRetryHarnessQueryTerminated' }>[];
    expect(terminated.map((e) => e.exception === null)).toEqual([false, true]);
    expect(terminated[0].causes[0]).toMatch(/^Size of the partition offset queue has exceeded its maximum/);
    expect(named(events, 'SparkRetryHarnessQueryStarted').map((e) => (e as { start: number }).start)).toEqual([0, 2]);
    expect(named(events, 'SparkListenerJobStart')).toHaveLength(1);
    expect(q1.check({ events, scenario })).toEqual([]);
  });

  it('flags a job started by that restart', () => {
    const events = structuredClone(simulate(scenario).trace.events) as TraceEvent[];
    const job = events.find((e) => e.Event === 'SparkListenerJobStart')!;
    const restart = events.findLastIndex((e) => e.Event === 'SparkRetryHarnessQueryStarted');
    events.splice(restart + 1, 0, { ...job, 'Job ID': 1 } as TraceEvent);
    expect(q1.check({ events, scenario }).map((v) => v.message)).toEqual(['job 1 starts after the target, epoch 1, was committed at 200 ms']);
  });

  it('is vacuous without a scenario', () => {
    expect(q1.needs).toBe('scenario');
    expect(q1.check({ events: simulate(scenario).trace.events })).toEqual([]);
  });
});
