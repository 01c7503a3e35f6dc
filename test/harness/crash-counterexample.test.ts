// Crashes are counterexamples (issue 11 §3): a planted throw in the simulator's rules or in a
// property is found by a fixed-seed campaign as the property no-crash, shrunk while the same site
// throws, reported with its stack, and replayable from seed and path and from its scenario.
import { describe, expect, it } from 'vitest';
import { runCampaign, type CampaignFailure } from '../../src/harness/campaign.js';
import { NO_CRASH_ID } from '../../src/harness/crash.js';
import { ALL_PROPERTIES, checkScenario, NO_CRASH, selectProperties, type HarnessProperty } from '../../src/harness/property-catalogue.js';
import { countsTowardsTaskFailures } from '../../src/spark/task-end-reason.js';
import type { SimulationRules } from '../../src/simulate.js';

/** A scheduler rule that throws on a lost result: a crash inside the simulator. */
const throwingRules: Partial<SimulationRules> = {
  countsTowardsTaskFailures: (r) => {
    if (r.kind === 'TaskResultLost') throw new RangeError('planted: no failure count for a lost result');
    return countsTowardsTaskFailures(r);
  },
};

/** A property that throws on any run with a FetchFailed: a crash in a checker. */
const throwingProperty: HarnessProperty = {
  id: 'planted-check',
  statement: 'planted: throws on a fetch failure',
  check: (run) => {
    if (run.summary.tasks.some((t) => t.reason === 'FetchFailed')) throw new TypeError('planted: cannot read the fetch failure');
    return [];
  },
};

describe('a throwing scenario is a no-crash counterexample', () => {
  it('a throw in the simulator: found, shrunk to one TaskResultLost fault, with the stack of the throw', () => {
    const first: CampaignFailure[] = [];
    const r = runCampaign({
      seed: 7,
      runs: 500,
      timeLimitMs: 120_000,
      properties: ALL_PROPERTIES,
      rules: throwingRules,
      onCounterexample: (f) => first.push(f),
    });
    const f = r.failure!;
    expect(f.property).toBe(NO_CRASH_ID);
    expect(f.crash?.site).toBe('simulator');
    expect(f.crash?.error).toBe('RangeError: planted: no failure count for a lost result');
    expect(f.crash?.stack[0]).toMatch(/countsTowardsTaskFailures .*test\/harness\/crash-counterexample\.test\.ts:\d+/);
    expect(f.crash?.stack.some((frame) => /src\/spark\/task-set-manager\.ts:\d+/.test(frame))).toBe(true);
    expect(f.violations[0]).toMatch(/^the simulator threw RangeError: planted: no failure count for a lost result\n {2}at /);
    expect(f.scenario.faults).toEqual([{ task: expect.any(Object), fail: { reason: 'TaskResultLost' } }]);
    // Reported once, unshrunk, as soon as it was found: at least as large as the shrunk one.
    expect(first).toHaveLength(1);
    expect(first[0].property).toBe(NO_CRASH_ID);
    expect(first[0].path).toMatch(/^\d+$/);
    expect(JSON.stringify(first[0].scenario).length).toBeGreaterThanOrEqual(JSON.stringify(f.scenario).length);
    expect(f.shrinks).toBeGreaterThan(0);
  });

  it('a throw in a property: its site is the property, and a run only shrinks while that property throws', () => {
    const r = runCampaign({ seed: 3, runs: 1000, timeLimitMs: 120_000, properties: [...ALL_PROPERTIES, throwingProperty] });
    const f = r.failure!;
    expect(f.property).toBe(NO_CRASH_ID);
    expect(f.crash?.site).toBe('planted-check');
    expect(f.violations[0]).toMatch(/^property planted-check threw TypeError: planted: cannot read the fetch failure\n/);
    expect(f.scenario.faults!.length).toBe(1);
    expect(JSON.stringify(f.scenario.faults)).toContain('FetchFailed');
    expect(r.properties.find((p) => p.id === NO_CRASH_ID)).toMatchObject({ failed: 1 });
  });

  it('replays: the seed and path give the same scenario, and no-crash fails on it again', () => {
    const r = runCampaign({ seed: 7, runs: 500, timeLimitMs: 120_000, properties: ALL_PROPERTIES, rules: throwingRules });
    const f = r.failure!;
    const again = runCampaign({ seed: f.seed, path: f.path, runs: 1, timeLimitMs: 60_000, properties: selectProperties(NO_CRASH_ID), rules: throwingRules });
    expect(again.failure?.scenario).toEqual(f.scenario);
    expect(again.failure?.property).toBe(NO_CRASH_ID);
    expect(checkScenario(NO_CRASH, f.scenario, throwingRules)[0]).toMatch(/^the simulator threw RangeError/);
    // Without the planted bug the same scenario runs through.
    expect(checkScenario(NO_CRASH, f.scenario)).toEqual([]);
  });

  it("Spark's rules: no crash on the same campaign, and no-crash counts every scenario", () => {
    const r = runCampaign({ seed: 7, runs: 300, timeLimitMs: 120_000, properties: ALL_PROPERTIES });
    expect(r.failure).toBeNull();
    expect(r.properties.find((p) => p.id === NO_CRASH_ID)).toMatchObject({ runs: 300, failed: 0 });
  });
});
