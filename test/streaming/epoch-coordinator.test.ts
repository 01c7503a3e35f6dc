// EpochCoordinator rules R1–R6 (streaming spec §5.4), one test per rule.
import { describe, expect, it } from 'vitest';
import { BACKLOG_MESSAGES, EpochCoordinator } from '../../src/streaming/epoch-coordinator.js';

function coordinator(partitions: number, startEpoch = 0, backlog = 10_000) {
  const log: string[] = [];
  const c = new EpochCoordinator<null>(partitions, startEpoch, backlog, {
    addOffset: (e) => log.push(`offsets/${e}`),
    commit: (e) => log.push(`commit ${e}`),
    stopWithFailure: (m) => log.push(`stop: ${m}`),
  });
  const both = (p: number, e: number) => {
    c.reportPartitionOffset(p, e, 0);
    c.commitPartitionEpoch(p, e, null);
  };
  return { c, log, both };
}

describe('EpochCoordinator (streaming spec §5.4)', () => {
  it('R1: the offset log entry is written once every reader reported', () => {
    const { c, log } = coordinator(2);
    c.reportPartitionOffset(0, 0, 0);
    expect(log).toEqual([]);
    c.reportPartitionOffset(0, 0, 0); // a repeat overwrites, it does not count twice
    expect(log).toEqual([]);
    c.reportPartitionOffset(1, 0, 0);
    expect(log).toEqual(['offsets/0']);
  });

  it('R2: the first commit for (epoch, partition) wins; duplicates are ignored', () => {
    const { c, log } = coordinator(2);
    c.reportPartitionOffset(0, 0, 0);
    c.reportPartitionOffset(1, 0, 0);
    c.commitPartitionEpoch(0, 0, null);
    c.commitPartitionEpoch(0, 0, null);
    expect(log).toEqual(['offsets/0']);
    c.commitPartitionEpoch(1, 0, null);
    expect(log).toEqual(['offsets/0', 'commit 0']);
  });

  it('R3: an epoch commits only when every partition committed and reported it', () => {
    const { c, log } = coordinator(2);
    c.commitPartitionEpoch(0, 0, null);
    c.commitPartitionEpoch(1, 0, null);
    expect(log).toEqual([]);
    c.reportPartitionOffset(0, 0, 0);
    c.reportPartitionOffset(1, 0, 0);
    expect(log).toEqual(['offsets/0', 'commit 0']);
  });

  it('R3: a complete epoch waits for the previous one, then commits cascade in order', () => {
    const { log, both } = coordinator(2);
    both(0, 0);
    both(0, 1);
    both(1, 1);
    both(0, 2);
    both(1, 2);
    expect(log.filter((l) => l.startsWith('commit'))).toEqual([]);
    both(1, 0);
    expect(log.filter((l) => l.startsWith('commit'))).toEqual(['commit 0', 'commit 1', 'commit 2']);
  });

  it('R3: a restarted coordinator starts after the last committed epoch', () => {
    const { c, log, both } = coordinator(1, 5);
    expect(c.lastCommitted).toBe(4);
    both(0, 5);
    expect(log).toEqual(['offsets/5', 'commit 5']);
  });

  it("R5: the backlog check trips on offset entries first, with Spark's message", () => {
    const { c, log } = coordinator(2, 0, 3);
    // Partition 1 never reports: entries of partition 0 pile up.
    for (let e = 0; e < 4; e++) {
      c.reportPartitionOffset(0, e, 0);
      c.commitPartitionEpoch(0, e, null);
    }
    expect(log).toEqual([`stop: ${BACKLOG_MESSAGES.offsets}`]);
  });

  it('R5: commit entries trip when offsets are complete but commits are not', () => {
    const { c, log } = coordinator(1, 0, 2);
    // Epoch 0 never commits, so later complete epochs wait; commits pile up too.
    c.reportPartitionOffset(0, 1, 0);
    c.commitPartitionEpoch(0, 1, null);
    c.reportPartitionOffset(0, 2, 0);
    c.commitPartitionEpoch(0, 2, null);
    c.commitPartitionEpoch(0, 3, null);
    expect(log.at(-1)).toBe(`stop: ${BACKLOG_MESSAGES.commits}`);
  });

  it('R5: only the first failure is kept', () => {
    const { c, log } = coordinator(2, 0, 1);
    for (let e = 0; e < 5; e++) c.reportPartitionOffset(0, e, 0);
    expect(log.filter((l) => l.startsWith('stop'))).toHaveLength(1);
  });

  it('R6: after StopContinuousExecutionWrites nothing is recorded or committed', () => {
    const { c, log, both } = coordinator(1);
    c.stopWrites();
    both(0, 0);
    expect(log).toEqual([]);
  });

  it('R1, R2, R4: the offset entry holds the latest report per partition, the sink commit the first message, both in partition order', () => {
    const got: unknown[] = [];
    const c = new EpochCoordinator<string>(2, 0, 100, {
      addOffset: (e, offsets) => got.push(['offsets', e, offsets]),
      commit: (e, messages) => got.push(['commit', e, messages]),
      stopWithFailure: (m) => got.push(['stop', m]),
    });
    c.reportPartitionOffset(1, 0, 5);
    c.reportPartitionOffset(1, 0, 7); // overwrites
    c.commitPartitionEpoch(1, 0, 'p1 first');
    c.commitPartitionEpoch(1, 0, 'p1 again'); // ignored
    c.commitPartitionEpoch(0, 0, 'p0');
    c.reportPartitionOffset(0, 0, 3);
    expect(got).toEqual([
      ['offsets', 0, [3, 7]],
      ['commit', 0, ['p0', 'p1 first']],
    ]);
  });
});
