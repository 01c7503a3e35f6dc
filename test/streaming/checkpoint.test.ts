// The query checkpoint (streaming spec §4.1, §5.5): write-once offset and commit logs, and the
// latest id of each, kept as entries are added rather than found by a scan of the log.
import { describe, expect, it } from 'vitest';
import { Checkpoint } from '../../src/streaming/checkpoint.js';

describe('Checkpoint', () => {
  it('is empty at first', () => {
    const c = new Checkpoint();
    expect([c.latestOffsets(), c.latestCommit()]).toEqual([null, null]);
  });

  it('keeps the first entry of an id and the highest id, whatever the order of the adds', () => {
    const c = new Checkpoint();
    expect(c.addOffsets(3, [30])).toBe(true);
    expect(c.addOffsets(1, [10])).toBe(true);
    expect(c.addOffsets(3, [99])).toBe(false);
    expect(c.offsetsOf(3)).toEqual([30]);
    expect(c.latestOffsets()).toBe(3);
    expect(c.addCommit(0)).toBe(true);
    expect(c.addCommit(2)).toBe(true);
    expect(c.addCommit(1)).toBe(true);
    expect(c.addCommit(2)).toBe(false);
    expect(c.latestCommit()).toBe(2);
    expect([c.hasCommit(1), c.hasCommit(3)]).toEqual([true, false]);
  });
});
