// Parallel and sharded campaigns (issue 13 §4): the shares of a seed own every generated index
// exactly once, and for a given seed and run count the scenarios checked, the first failure, its
// shrunk form and its replay path are those of the one-worker campaign: on worker threads
// (tinypool, the built worker module) and on shards merged by hand.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { owns, runShare, sharedState } from '../../src/harness/campaign-share.js';
import { runCampaign, type CampaignResult } from '../../src/harness/campaign.js';
import { MUTANTS } from '../../src/harness/mutants.js';
import { runParallelCampaign } from '../../src/harness/parallel-campaign.js';
import { ALL_PROPERTIES } from '../../src/harness/property-catalogue.js';

const mutant = (id: string) => MUTANTS.find((m) => m.id === id)!;
const noStop = () => ({ requested: null });

/** What must not depend on the number of workers: everything but the clocks. */
function determined(r: CampaignResult) {
  const f = r.failure;
  return {
    runs: r.runs,
    statistics: [...r.statistics.counts.entries()].sort(),
    scenarios: r.statistics.scenarios,
    properties: r.properties.map((p) => [p.id, p.runs, p.failed]),
    failure: f === null ? null : { property: f.property, scenario: f.scenario, path: f.path, shrinks: f.shrinks, violations: f.violations },
  };
}

describe('ownership of generated indices', () => {
  it('every index belongs to exactly one (shard, worker) share', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 5 }), fc.nat(5000), (count, workers, index) => {
        let owners = 0;
        for (let shard = 1; shard <= count; shard++)
          for (let worker = 0; worker < workers; worker++) if (owns({ shard: { index: shard, count }, worker, workers }, index)) owners++;
        return owners === 1;
      }),
      { seed: 13, numRuns: 300 },
    );
  });
});

describe('--workers: the one-worker campaign, on worker threads', () => {
  it.each([
    ['count-killed', 5],
    ['abort-one-late', 3],
    ['stage-retried-forever', 3],
    // Found after 953 scenarios: each worker folds its counts meanwhile (campaign-share.ts).
    ['zombie-result-tasks-run-on', 1],
  ])('mutant %s, seed %i: same scenarios, first failure, shrunk form and path', async (id, seed) => {
    const m = mutant(id);
    const base = { seed, runs: 3000, timeLimitMs: 600_000, properties: ALL_PROPERTIES, ...(m.modes ? { modes: m.modes } : {}) };
    const one = runCampaign({ ...base, rules: m.rules });
    const two = await runParallelCampaign({ ...base, workers: 2, mutant: id }, noStop());
    expect(one.failure).not.toBeNull();
    expect(determined(two)).toEqual(determined(one));
  });

  it('a campaign that holds: the same scenarios and statistics on 3 workers', async () => {
    const base = { seed: 21, runs: 1500, timeLimitMs: 600_000, properties: ALL_PROPERTIES };
    const one = runCampaign(base);
    const three = await runParallelCampaign({ ...base, workers: 3 }, noStop());
    expect(one.failure).toBeNull();
    expect(determined(three)).toEqual(determined(one));
  });

  it('a stop request ends the workers early and is reported', async () => {
    const stop = { requested: null as string | null };
    setTimeout(() => (stop.requested = 'SIGINT'), 300);
    const r = await runParallelCampaign({ seed: 4, runs: 1_000_000, timeLimitMs: 600_000, properties: ALL_PROPERTIES, workers: 2 }, stop);
    expect(r.stoppedBy).toBe('SIGINT');
    expect(r.runs).toBeLessThan(1_000_000);
  });
});

describe('--shard i/n: machines that split one campaign', () => {
  const ids = ALL_PROPERTIES.map((p) => p.id);
  const checked = (r: ReturnType<typeof runShare>) => r.totals.scenarios + r.pending.length;

  it('the lowest failing index of the shards is the one-worker first failure, and the shards up to it check its scenarios', () => {
    const m = mutant('count-killed');
    const one = runCampaign({ seed: 5, runs: 3000, timeLimitMs: 600_000, properties: ALL_PROPERTIES, rules: m.rules });
    const shard = (index: number, runs: number) =>
      runShare({ seed: 5, runs, timeLimitMs: 600_000, propertyIds: ids, shard: { index, count: 3 }, worker: 0, workers: 1, state: sharedState(1) }, m.rules);
    const first = Math.min(...[1, 2, 3].map((i) => shard(i, 3000).failure?.index ?? Infinity));
    expect(String(first)).toBe(one.failure!.path.split(':')[0]);
    // Cut at the first failure, the shards check exactly the one-worker campaign's scenarios.
    expect([1, 2, 3].reduce((n, i) => n + checked(shard(i, first + 1)), 0)).toBe(one.runs);
  });

  it('shards of a campaign that holds share out every scenario and its statistics', () => {
    const one = runCampaign({ seed: 8, runs: 800, timeLimitMs: 600_000, properties: ALL_PROPERTIES });
    const shares = [1, 2].map((index) =>
      runShare({ seed: 8, runs: 800, timeLimitMs: 600_000, propertyIds: ids, shard: { index, count: 2 }, worker: 0, workers: 1, state: sharedState(1) }),
    );
    // All of it folded once the share is done: nothing left to cut.
    expect(shares.map((s) => [s.totals.scenarios, s.pending.length])).toEqual([
      [400, 0],
      [400, 0],
    ]);
    const labels = new Map<string, number>();
    for (const s of shares) for (const [l, n] of Object.entries(s.totals.labels)) labels.set(l, (labels.get(l) ?? 0) + n);
    expect([...labels].sort()).toEqual([...one.statistics.counts].sort());
  });
});
