// PartitionTimes (properties/invariants/partition-times.ts), the store behind I31 (stage-ends.ts): the
// first time recorded per stage and partition wins, dense partitions and far or odd ones alike,
// and a time is given back as it was recorded.
import { describe, expect, it } from 'vitest';
import { PartitionTimes } from '../../properties/invariants/partition-times.js';

describe('PartitionTimes', () => {
  it('keeps the first time per stage and partition', () => {
    const t = new PartitionTimes();
    t.setFirst(3, 0, 1_700_000_000_123);
    t.setFirst(3, 0, 5);
    t.setFirst(4, 0, 7);
    t.setFirst(3, 2047, 9);
    expect(t.get(3, 0)).toBe(1_700_000_000_123);
    expect(t.get(4, 0)).toBe(7);
    expect(t.get(3, 2047)).toBe(9);
    expect([t.has(3, 1), t.has(5, 0), t.get(3, 1)]).toEqual([false, false, undefined]);
  });

  it('keeps far, negative and fractional partitions, and times that are not numbers, as given', () => {
    const t = new PartitionTimes();
    for (const p of [10_000_000, -1, 1.5]) t.setFirst(1, p, p * 2);
    t.setFirst(1, 3, undefined);
    t.setFirst(1, 3, 8);
    t.setFirst(1, 4, null);
    expect([t.get(1, 10_000_000), t.get(1, -1), t.get(1, 1.5)]).toEqual([20_000_000, -2, 3]);
    // A success without a time still counts as the first (the whole-trace I31 kept it so).
    expect([t.has(1, 3), t.get(1, 3)]).toEqual([true, undefined]);
    expect([t.has(1, 4), t.get(1, 4)]).toEqual([true, null]);
  });

  it("grows a stage's array as its partitions fill it, in order or not", () => {
    const t = new PartitionTimes();
    for (let p = 19_999; p >= 0; p--) t.setFirst(0, p, p + 0.5);
    for (let p = 0; p < 20_000; p++) t.setFirst(0, p, -1);
    const wrong = [];
    for (let p = 0; p < 20_000; p++) if (t.get(0, p) !== p + 0.5) wrong.push(p);
    expect(wrong).toEqual([]);
    expect(t.has(0, 20_000)).toBe(false);
  });
});
