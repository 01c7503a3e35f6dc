// CP13, epoch-pacing: when each continuous partition reports an epoch and with which offset. The
// expected times are worked out by hand below from the scenario's clocks: epochs end at the run's
// start and then on the 1000 ms grid, readers poll every 300 ms from their start, read 7 records/s,
// and partition 1's epoch 1 is slow by 450 ms.
import { describe, expect, it } from 'vitest';
import { ALL_INVARIANTS } from '../../properties/invariants/index.js';
import { simulate } from '../../src/simulate.js';
import type { TraceEvent } from '../../src/trace/events.js';
import { scenarioOf } from '../support/run.js';

const cp13 = ALL_INVARIANTS.find((i) => i.id === 'CP13')!;

const scenarioJson = {
  scenario: 1,
  seed: 0,
  cluster: { master: 'local[2,3]' },
  conf: { 'spark.sql.streaming.continuous.executorPollIntervalMs': 300 },
  workload: { mode: 'continuous', partitions: 2, epochs: 5, restarts: 1, epochIntervalMs: 1000, recordsPerSecond: 7 },
  faults: [
    { task: { partition: 1, epoch: 1 }, durationMs: 450 },
    {
      task: { run: 0, partition: 0, epoch: 3, attempt: 0 },
      fail: { reason: 'ExceptionFailure', className: 'java.lang.RuntimeException', description: 'boom' },
    },
  ],
};
const scenario = scenarioOf(scenarioJson);

type Report = Extract<TraceEvent, { Event: 'SparkRetryHarnessPartitionOffsetReported' }>;
const reports = (events: readonly TraceEvent[]): Report[] => events.filter((e): e is Report => e.Event === 'SparkRetryHarnessPartitionOffsetReported');

describe('CP13: epoch-pacing', () => {
  it('holds on the hand-worked schedule: the grid, the polls, the slow epoch and the restart', () => {
    const events = simulate(scenario).trace.events;
    const seen = reports(events).map((e) => [e.epoch, e.partition, e.Timestamp, e.offset]);
    expect(seen).toEqual([
      // Run 0 starts at 0: epoch 0 ends at once, both readers' first poll.
      [0, 0, 0, 0],
      [0, 1, 0, 0],
      // Epoch 1 ends at 1000; the next poll is at 1200, 8 records in (1.2 s × 7). Partition 1 is 450 ms slow.
      [1, 0, 1200, 8],
      [1, 1, 1650, 8],
      // Epoch 2 ends at 2000, polled at 2100 (14 records): the slow epoch no longer delays partition 1.
      [2, 0, 2100, 14],
      [2, 1, 2100, 14],
      // Epoch 3 ends at 3000: partition 0's reader fails before its report, the job aborts on its fake retries.
      [3, 1, 3000, 21],
      // Run 1 starts at 3000 from offsets/2: epoch 3 ends at once, epoch 4 on the grid at 4000, polled at 4200.
      [3, 0, 3000, 14],
      [3, 1, 3000, 14],
      [4, 0, 4200, 22],
      [4, 1, 4200, 22],
    ]);
    expect(cp13.check({ events, scenario })).toEqual([]);
  });

  it('flags a report one poll late', () => {
    const events = structuredClone(simulate(scenario).trace.events);
    const late = reports(events).find((e) => e.epoch === 2 && e.partition === 0)!;
    late.Timestamp += 300;
    expect(cp13.check({ events, scenario }).map((v) => v.message)).toEqual([
      'ReportPartitionOffset(0, epoch 2) arrives at 2400 ms; its reader (TID 0, started at 0 ms) polls for it at 2100 ms, so it is due at 2100 ms',
    ]);
  });

  it('flags an offset the reader had not reached, or had passed', () => {
    const events = structuredClone(simulate(scenario).trace.events);
    const wrong = reports(events).find((e) => e.epoch === 4 && e.partition === 1)!;
    wrong.offset = 21;
    expect(cp13.check({ events, scenario }).map((v) => v.message)).toEqual([
      'ReportPartitionOffset(1, epoch 4) reports offset 21; reading 7 records/s from offset 14 at 3000 ms, its reader is at 22 by its poll at 4200 ms',
    ]);
  });

  it('flags a report of the epoch a reader-phase fault fails, and anything after it', () => {
    const events = structuredClone(simulate(scenario).trace.events);
    const at = events.findIndex((e) => e.Event === 'SparkRetryHarnessPartitionOffsetReported' && e.epoch === 3 && e.partition === 1);
    const sent = events[at] as Report;
    // Run 0's partition 0 (TID 0) fails at epoch 3 before it reports: say it reported, and then epoch 4 too.
    const fake = (epoch: number): Report => ({ ...sent, partition: 0, tid: 0, epoch, offset: 21 });
    events.splice(at + 1, 0, fake(3), fake(4));
    const messages = cp13.check({ events, scenario }).map((v) => v.message);
    expect(messages).toContain('ReportPartitionOffset(0, epoch 3): its fault (ExceptionFailure) fails the reader at epoch 3, before it reports');
    expect(messages).toContain("ReportPartitionOffset(0, epoch 4) comes after its reader's fault at epoch 3 ended the task");
  });

  it('reads the slow epochs from the scenario: without the delay, partition 1 is late', () => {
    const events = simulate(scenario).trace.events;
    const noDelay = scenarioOf({ ...scenarioJson, faults: scenarioJson.faults.slice(1) });
    const messages = cp13.check({ events, scenario: noDelay }).map((v) => v.message);
    expect(messages).toContain(
      'ReportPartitionOffset(1, epoch 1) arrives at 1650 ms; its reader (TID 1, started at 0 ms) polls for it at 1200 ms, so it is due at 1200 ms',
    );
    expect(messages).toContain(
      'CommitPartitionEpoch(1, epoch 1) arrives at 1650 ms; its reader (TID 1, started at 0 ms) polls for it at 1200 ms, so it is due at 1200 ms',
    );
  });

  it('is vacuous without a scenario (real event logs carry no partition messages)', () => {
    expect(cp13.needs).toBe('scenario');
    expect(cp13.check({ events: simulate(scenario).trace.events })).toEqual([]);
  });
});
