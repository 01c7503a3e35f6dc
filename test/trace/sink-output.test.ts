// The sink output summary of `srh run`: ranges merged per partition, records never shown and
// records shown more than once.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/trace/events.js';
import { sinkOutputOf } from '../../src/trace/sink-output.js';

const commit = (batch: number, records: [number, number][]): TraceEvent => ({
  Event: 'SparkRetryHarnessSinkCommitted',
  Timestamp: 0,
  runId: 'r',
  batch,
  records,
});

describe('sinkOutputOf', () => {
  it('merges adjacent ranges and ignores empty epochs', () => {
    expect(
      sinkOutputOf([
        commit(0, [
          [0, 10],
          [0, 5],
        ]),
        commit(1, [
          [10, 10],
          [5, 9],
        ]),
        commit(2, [
          [10, 20],
          [9, 12],
        ]),
      ]),
    ).toEqual([
      { partition: 0, ranges: [[0, 20]], missing: 0, repeated: 0 },
      { partition: 1, ranges: [[0, 12]], missing: 0, repeated: 0 },
    ]);
  });

  it('counts records never shown below the highest, and records shown again', () => {
    expect(sinkOutputOf([commit(0, [[0, 100]]), commit(1, [[100, 200]]), commit(2, [[700, 800]]), commit(3, [[750, 900]])])).toEqual([
      {
        partition: 0,
        ranges: [
          [0, 200],
          [700, 900],
        ],
        missing: 500,
        repeated: 50,
      },
    ]);
  });

  it('is empty without sink records (batch runs, real logs)', () => {
    expect(sinkOutputOf([{ Event: 'SparkListenerApplicationEnd', Timestamp: 0 } as TraceEvent])).toEqual([]);
  });
});
