// Sibling stages may be numbered in either order (models/plan.ts stageNumberings; Spark's
// getShuffleDependencies keeps its parents in an identity-hashed HashSet): the model lists every
// order with parents first, and accepts a run numbered in another such order, not one that
// numbers a child before its parent.
import { describe, expect, it } from 'vitest';
import { compareWithModel } from '../../models/compare.js';
import { planJob, stageNumberings } from '../../models/plan.js';
import { predict } from '../../models/predict.js';
import { simulate } from '../../src/simulate.js';
import type { RunSummary } from '../../src/trace/summary.js';
import { summarize } from '../../src/trace/summary.js';
import { batch, boom, fail, localMaster, rdd, scenario } from './helpers.js';

const diamond = [
  rdd(0, 2),
  rdd(1, 2, [[0, 'shuffle']]),
  rdd(2, 3, [[0, 'shuffle']]),
  rdd(3, 2, [
    [1, 'shuffle'],
    [2, 'shuffle'],
  ]),
];
const siblings = [
  rdd(0, 2),
  rdd(1, 3),
  rdd(2, 2, [
    [0, 'shuffle'],
    [1, 'shuffle'],
  ]),
];
const chain = [rdd(0, 2), rdd(1, 2, [[0, 'shuffle']]), rdd(2, 2, [[1, 'shuffle']])];

/** The summary with stage ids exchanged by `swap` (old id → new id). */
function renumbered(s: RunSummary, swap: Map<number, number>): RunSummary {
  const id = (x: number) => swap.get(x) ?? x;
  const text = (t: string | undefined) => t?.replace(/stage (\d+)\.(\d+)/g, (_, a, b) => `stage ${id(Number(a))}.${b}`);
  return {
    ...s,
    jobs: s.jobs.map((j) => ({ ...j, message: text(j.message) })),
    stages: s.stages
      .map((x) => ({ ...x, stageId: id(x.stageId), failureReason: text(x.failureReason) }))
      .sort((a, b) => a.stageId - b.stageId || a.attemptId - b.attemptId),
    tasks: s.tasks.map((t) => ({ ...t, stageId: id(t.stageId) })),
  };
}

describe('stage numberings', () => {
  it('lists each parents-first order once, planJob first', () => {
    const label = (o: ReturnType<typeof planJob>) => o.map((s) => `${s.id}:${s.writes?.shuffleId ?? 'result'}`).join(' ');
    expect(stageNumberings(siblings, 2, 5).map(label)).toEqual(['5:0 6:1 7:result', '5:1 6:0 7:result']);
    // Diamond: shuffles 0 and 1 from RDD 0, then 2 (of 0's child) and 3 (of 1's child): 6 orders.
    const orders = stageNumberings(diamond, 3, 0);
    expect(orders).toHaveLength(6);
    expect(new Set(orders.map(label)).size).toBe(6);
    expect(label(orders[0])).toBe(label(planJob(diamond, 3, 0)));
    for (const o of orders) for (const s of o) for (const p of s.parents) expect(p.id).toBeLessThan(s.id);
    expect(stageNumberings(chain, 2, 0)).toHaveLength(1);
  });

  it('accepts a run with sibling stages numbered the other way, not a child numbered before its parent', () => {
    // A first-attempt failure of partition 0 in every stage: the same under either numbering.
    const s = scenario({ master: localMaster(2, 2), workload: batch(siblings, [2]), faults: [fail({ partition: 0, attempt: 0 }, boom())] });
    const run = summarize(simulate(s).trace);
    const prediction = predict(s);
    expect(compareWithModel(prediction, run)).toEqual([]);
    expect(
      compareWithModel(
        prediction,
        renumbered(
          run,
          new Map([
            [0, 1],
            [1, 0],
          ]),
        ),
      ),
    ).toEqual([]);
    const chainRun = scenario({ master: localMaster(1, 2), workload: batch(chain, [2]), faults: [fail({ stage: 0, partition: 1 }, boom())] });
    const chainSummary = summarize(simulate(chainRun).trace);
    expect(
      compareWithModel(
        predict(chainRun),
        renumbered(
          chainSummary,
          new Map([
            [0, 1],
            [1, 0],
          ]),
        ),
      ),
    ).not.toEqual([]);
  });
});
