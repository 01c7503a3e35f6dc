// I39, completed-partition-skipped: a zombie attempt's success of a map partition tells the
// stage's latest attempt to skip it (notifyPartitionCompletion). It holds on a simulated fetch
// failure whose old map attempt finishes late, and flags the same run under the
// zombie-success-unknown mutant (SPARK-27474's rule turned off), where only map stages show it
// (the result stage's case is I31's too).
import { describe, expect, it } from 'vitest';
import { ALL_INVARIANTS } from '../../properties/invariants/index.js';
import { scenarioOf } from '../support/run.js';
import { simulate } from '../../src/simulate.js';

const i39 = ALL_INVARIANTS.find((i) => i.id === 'I39')!;

/** Map stage 1 (two partitions, 1.2 s tasks) reads stage 0; its partition 0 fails fetching, so stage 1 runs again while its partition 1 still runs in the old attempt. */
const scenario = scenarioOf({
  scenario: 1,
  seed: 928514,
  cluster: { master: 'local[2]' },
  workload: {
    mode: 'batch',
    rdds: [
      { id: 0, partitions: 1 },
      { id: 1, partitions: 2, deps: [{ rdd: 0, type: 'shuffle' }] },
      { id: 2, partitions: 1, deps: [{ rdd: 1, type: 'shuffle' }] },
    ],
    jobs: [{ rdd: 2 }],
  },
  faults: [
    { task: { partition: 0 }, fail: { reason: 'FetchFailed', shuffle: 0, mapIndex: 0 } },
    { task: { stage: 1 }, durationMs: 1200 },
  ],
  taskDurationJitter: 0.3,
});

describe('I39: completed-partition-skipped', () => {
  it("holds on Spark's rules, where the old attempt's late success is passed on", () => {
    const events = simulate(scenario).trace.events;
    expect(events.filter((e) => e.Event === 'SparkListenerStageSubmitted' && e['Stage Info']['Stage ID'] === 1).length).toBeGreaterThanOrEqual(2);
    expect(i39.check({ events, scenario })).toEqual([]);
  });

  it('flags the new attempt launching the partition when the success is not passed on', () => {
    const events = simulate(scenario, { rules: { notifiesPartitionCompletion: false } }).trace.events;
    expect(
      i39
        .check({ events, scenario })
        .map((v) => v.message)
        .join('\n'),
    ).toMatch(/TID \d+ launches partition \d in stage 1 attempt \d+, after a task of an older attempt completed that partition \(event \d+\)/);
  });
});
