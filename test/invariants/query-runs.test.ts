// Q3, query-runs: how a streaming query's runs are numbered and named, under a manual restart and
// under the continuous global policy (which keeps the runId).
import { describe, expect, it } from 'vitest';
import { ALL_INVARIANTS } from '../../properties/invariants/index.js';
import { simulate } from '../../src/simulate.js';
import type { TraceEvent } from '../../src/trace/events.js';
import { scenarioOf } from '../support/run.js';

const q3 = ALL_INVARIANTS.find((i) => i.id === 'Q3')!;

type QueryStarted = Extract<TraceEvent, { Event: 'SparkRetryHarnessQueryStarted' }>;
const starts = (events: readonly TraceEvent[]): QueryStarted[] => events.filter((e): e is QueryStarted => e.Event === 'SparkRetryHarnessQueryStarted');

const continuousOf = (retryPolicy: 'none' | 'global') =>
  scenarioOf({
    scenario: 1,
    seed: 0,
    cluster: { master: 'local[2,2]' },
    workload: { mode: 'continuous', partitions: 2, epochs: 4, restarts: 2, retryPolicy, epochIntervalMs: 500 },
    faults: [
      { task: { epoch: 1, partition: 0, attempt: 0 }, fail: { reason: 'ExceptionFailure', className: 'java.lang.RuntimeException', description: 'boom' } },
    ],
  });

describe('Q3: query-runs', () => {
  it('a manual restart gets a new runId; a global-policy restart keeps it', () => {
    const manual = continuousOf('none');
    const global = continuousOf('global');
    const manualRuns = starts(simulate(manual).trace.events);
    const globalRuns = starts(simulate(global).trace.events);
    expect(manualRuns.map((e) => e.run)).toEqual([0, 1, 2]);
    expect(new Set(manualRuns.map((e) => e.runId)).size).toBe(3);
    expect(globalRuns.map((e) => e.run)).toEqual([0, 1, 2]);
    expect(new Set(globalRuns.map((e) => e.runId)).size).toBe(1);
    expect(q3.check({ events: simulate(manual).trace.events, scenario: manual })).toEqual([]);
    expect(q3.check({ events: simulate(global).trace.events, scenario: global })).toEqual([]);
  });

  it('flags a kept runId outside the global policy', () => {
    const global = continuousOf('global');
    const events = simulate(global).trace.events;
    expect(q3.check({ events, scenario: continuousOf('none') }).map((v) => v.message)).toEqual([
      `run 1 keeps run 0's runId ${starts(events)[0].runId}: a restart from the checkpoint gets a new one`,
      `run 2 keeps run 1's runId ${starts(events)[0].runId}: a restart from the checkpoint gets a new one`,
    ]);
  });

  it('flags a run started before the previous one terminated', () => {
    const manual = continuousOf('none');
    const events = structuredClone(simulate(manual).trace.events);
    const terminated = events.findIndex((e) => e.Event === 'SparkRetryHarnessQueryTerminated');
    events.splice(terminated, 1);
    expect(q3.check({ events, scenario: manual }).map((v) => v.message)).toEqual(['run 1 starts before run 0 terminated']);
  });
});
