// Spark walks a TaskSetManager's taskInfos (a Scala 2.12 mutable.HashMap keyed by TID) on executor
// loss. The order model is checked against a real Spark 3.1 log, where it is the only one of the
// candidate orders that reproduces what Spark posted.
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { ScalaHashSet, scalaHashMapOrder, scalaHashSetOrder } from '../../src/spark/scala-hash-map-order.js';
import { readEventLog } from '../../src/trace/event-log-reader.js';
import type { TraceEvent } from '../../src/trace/events.js';
import { batch, run } from '../support/run.js';

describe('scalaHashMapOrder', () => {
  it('visits small TIDs in bucket order, from the last bucket down', () => {
    expect(scalaHashMapOrder([0, 1, 2])).toEqual([2, 1, 0]);
    expect(scalaHashMapOrder([0, 1, 2, 3, 4, 5])).toEqual([2, 5, 4, 1, 3, 0]);
  });

  it('keeps every key through resizes, and depends on the keys, not on TID order', () => {
    const keys = Array.from({ length: 100 }, (_, i) => 1000 + i);
    const order = scalaHashMapOrder(keys);
    expect([...order].sort((a, b) => a - b)).toEqual(keys);
    expect(order).not.toEqual(keys);
  });

  it("reproduces the order of Spark's Resubmitted task ends in a real log (tasks_executors_fail, Spark 3.1.1)", () => {
    const log = readEventLog(resolve(import.meta.dirname, '../fixtures/spark-event-logs/tasks_executors_fail_compressed_eventlog.zstd'));
    if (!log.ok) throw new Error(log.error);
    const launched = new Map<string, number[]>();
    const runs: { launchedSoFar: number[]; tids: number[] }[] = [];
    let current: { key: string; launchedSoFar: number[]; tids: number[] } | null = null;
    for (const e of log.events as TraceEvent[]) {
      if (e.Event === 'SparkListenerTaskStart') {
        const k = `${e['Stage ID']}.${e['Stage Attempt ID']}`;
        launched.set(k, [...(launched.get(k) ?? []), e['Task Info']['Task ID']]);
      }
      const isLoss =
        e.Event === 'SparkListenerTaskEnd' && (e['Task End Reason'].Reason === 'Resubmitted' || e['Task End Reason'].Reason === 'ExecutorLostFailure');
      if (!isLoss) {
        if (e.Event === 'SparkListenerTaskEnd' || e.Event === 'SparkListenerTaskStart') current = null;
        continue;
      }
      const key = `${e['Stage ID']}.${e['Stage Attempt ID']} ${e['Task End Reason'].Reason} ${e['Task Info']['Executor ID']}`;
      let group = current as { key: string; launchedSoFar: number[]; tids: number[] } | null;
      if (group === null || group.key !== key) {
        group = { key, launchedSoFar: [...(launched.get(`${e['Stage ID']}.${e['Stage Attempt ID']}`) ?? [])], tids: [] };
        runs.push(group);
        current = group;
      }
      group.tids.push(e['Task Info']['Task ID']);
    }
    const multi = runs.filter((r) => r.tids.length > 1);
    expect(multi.map((r) => r.tids.length)).toEqual([23, 27]);
    for (const r of multi) {
      const lost = new Set(r.tids);
      expect(scalaHashMapOrder(r.launchedSoFar).filter((t) => lost.has(t))).toEqual(r.tids);
      expect([...r.tids].sort((a, b) => a - b)).not.toEqual(r.tids); // TID order would not do
    }
  });
});

describe('executor loss follows that order', () => {
  it('the task handled first is the one that aborts: TID 2 before TID 0 on the lost executor', () => {
    const r = run({
      ...batch('cluster', [{ id: 0, partitions: 3 }], [0]),
      seed: 1,
      cluster: {
        master: 'cluster',
        executors: [
          { id: '1', host: 'host-a', cores: 2 },
          { id: '2', host: 'host-b', cores: 1 },
        ],
      },
      conf: { 'spark.task.maxFailures': 1 },
      faults: [{ task: {}, durationMs: 1000 }, { executorLost: { executor: '1', atMs: 500 } }],
    });
    const lost = r.summary.tasks.filter((t) => t.executorId === '1').map((t) => t.tid);
    expect(lost).toHaveLength(2);
    const first = scalaHashMapOrder(r.summary.tasks.map((t) => t.tid)).find((t) => lost.includes(t))!;
    expect(r.summary.jobs[0].message).toContain(`(TID ${first}) (host-a executor 1): ExecutorLostFailure`);
  });
});

describe("scalaHashSetOrder: a job's stage ids as JobStart lists them", () => {
  it('visits small ids in slot order: [5, 3, 4] and [5, 6, 4] as real logs list them', () => {
    expect(scalaHashSetOrder([3, 4, 5])).toEqual([5, 3, 4]);
    expect(scalaHashSetOrder([4, 5, 6])).toEqual([5, 6, 4]);
    expect(scalaHashSetOrder([5, 4, 3])).toEqual([5, 3, 4]); // no collision: the order does not depend on insertion
    expect(scalaHashSetOrder([3, 3, 4, 5])).toEqual([5, 3, 4]); // an id added twice is there once
  });

  it('keeps every id through its growth past 14 of 32 slots', () => {
    const ids = Array.from({ length: 200 }, (_, i) => i);
    const order = scalaHashSetOrder(ids);
    expect([...order].sort((a, b) => a - b)).toEqual(ids);
    expect(order).not.toEqual(ids);
  });

  it('gives the "Stage IDs" of every JobStart in the real logs of fixtures/', () => {
    const dir = resolve(import.meta.dirname, '../fixtures/spark-event-logs');
    const lists: number[][] = [];
    for (const name of readdirSync(dir)
      .filter((f) => f !== 'README.md')
      .sort()) {
      const log = readEventLog(join(dir, name));
      if (!log.ok) throw new Error(`${name}: ${log.error}`);
      for (const e of log.events) if (e.Event === 'SparkListenerJobStart') lists.push(e['Stage IDs']);
    }
    expect(lists.length).toBeGreaterThanOrEqual(50);
    expect(lists.some((ids) => ids.length > 2 && ids[0] > ids[ids.length - 1])).toBe(true); // not ascending
    for (const ids of lists) expect(scalaHashSetOrder([...ids].sort((a, b) => a - b))).toEqual(ids);
  });
});

describe('JobStart follows that order', () => {
  it('a job of stages 0, 1 and 2 lists them as the set visits them', () => {
    const r = run({
      ...batch(
        'local[1]',
        [
          { id: 0, partitions: 1 },
          { id: 1, partitions: 1, deps: [{ rdd: 0, type: 'shuffle' }] },
          { id: 2, partitions: 1, deps: [{ rdd: 1, type: 'shuffle' }] },
        ],
        [2],
      ),
      seed: 1,
    });
    const start = r.result.trace.events.find((e) => e.Event === 'SparkListenerJobStart') as TraceEvent & {
      'Stage IDs': number[];
      'Stage Infos': { 'Stage ID': number }[];
    };
    expect(start['Stage IDs']).toEqual(scalaHashSetOrder([0, 1, 2]));
    expect(start['Stage Infos'].map((s) => s['Stage ID'])).toEqual(start['Stage IDs']);
  });
});

describe('ScalaHashSet: DAGScheduler.waitingStages and failedStages as Scala 2.12 walks them', () => {
  /** Runs a program of `+k` (add), `-k` (remove) and `c` (clear) and gives the set's iteration order. */
  function run(program: string): number[] {
    const set = new ScalaHashSet<number>((k) => k);
    for (const op of program.split(',')) {
      if (op === 'c') set.clear();
      else if (op.startsWith('+')) set.add(Number(op.slice(1)));
      else set.delete(Number(op.slice(1)));
    }
    return set.values();
  }

  // Expected orders printed by scala.collection.mutable.HashSet[Integer] of scala-library 2.12.15
  // (the Scala of Spark 3.2.0) for the same programs; 300 random programs agreed when this was written.
  it.each([
    ['+0,+1,+2,+3,+4,+5,+6,+7,+8,+9', [0, 9, 1, 5, 2, 6, 3, 7, 4, 8]],
    ['+0,+1,+2,+3,+4,+5,+6,+7,+8,+9,-3,-0', [9, 1, 5, 2, 6, 7, 4, 8]],
    ['+0,+1,+2,+3,+4,+5,+6,+7,+8,+9,+10,+11,+12,+13,+14,+15,+16,-5,-9', [0, 15, 1, 16, 2, 3, 10, 4, 11, 12, 13, 6, 7, 14, 8]],
    ['+7,+12,+20,+33,+41,-12,+5,-7,+12', [33, 12, 5, 20, 41]],
    ['+4,+9,+1,c,+9,+4,+30,-9', [30, 4]],
    ['+2,+6,+10,+14,+18,+22,+26,+30,-6,-18', [30, 2, 10, 22, 14, 26]],
  ])('%s', (program, expected) => {
    expect(run(program)).toEqual(expected);
  });

  it('answers has and size after removals that shift a collision run back', () => {
    const set = new ScalaHashSet<number>((k) => k);
    for (let k = 0; k < 20; k++) set.add(k);
    for (let k = 0; k < 20; k += 3) expect(set.delete(k)).toBe(true);
    expect(set.delete(0)).toBe(false);
    expect(set.size).toBe(13);
    for (let k = 0; k < 20; k++) expect(set.has(k)).toBe(k % 3 !== 0);
  });
});
