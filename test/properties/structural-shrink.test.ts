// Shrinking past the raw draws (issue 11 §6): the scenario arbitrary generates exactly what its
// draws give, and shrinks further by structural edits, to the simplest mode that still fails; every
// edit is a valid, different scenario; a shrink path replays.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawnScenarioArbitrary, scenarioArbitrary, SMALL } from '../../properties/arbitraries/scenario.js';
import { scenarioShrinks } from '../../properties/arbitraries/scenario-shrink.js';
import { validateScenario } from '../../src/scenario/validate.js';
import type { ScenarioInput } from '../../src/scenario/schema.js';
import { scenarioSize } from '../../src/harness/scenario-size.js';

const SEED = 20261124;
const reasons = (s: ScenarioInput): string[] => (s.faults ?? []).flatMap((f) => ('fail' in f && f.fail ? [f.fail.reason] : []));

describe('structural shrinking', () => {
  it('generates what the draws give, value for value', () => {
    expect(fc.sample(scenarioArbitrary(), { seed: SEED, numRuns: 300 })).toEqual(fc.sample(drawnScenarioArbitrary(), { seed: SEED, numRuns: 300 }));
  });

  it('every edit is a valid scenario, different from the one edited, within the modes', () => {
    for (const s of fc.sample(scenarioArbitrary({ ...SMALL, modes: ['microBatch', 'continuous'] }), { seed: SEED, numRuns: 60 })) {
      const key = JSON.stringify(s);
      for (const e of scenarioShrinks(s, ['microBatch', 'continuous'])) {
        expect(validateScenario(e).ok).toBe(true);
        expect(JSON.stringify(e)).not.toBe(key);
        expect(e.workload.mode).not.toBe('batch');
      }
    }
  });

  it('a failure every mode shows shrinks to one batch task with one fault', () => {
    const r = fc.check(
      fc.property(scenarioArbitrary(), (s) => !reasons(s).includes('TaskKilled')),
      { seed: SEED, numRuns: 2000 },
    );
    expect(r.failed).toBe(true);
    expect(scenarioSize(r.counterexample![0])).toEqual({ mode: 'batch', rdds: 1, partitions: 1, executors: 1, faults: 1, jobs: 1, restarts: 0 });
  });

  it('a failure only a micro-batch query shows stays a micro-batch query, and its path replays', () => {
    const predicate = (s: ScenarioInput): boolean => !(s.workload.mode === 'microBatch' && reasons(s).length > 0);
    const r = fc.check(fc.property(scenarioArbitrary(), predicate), { seed: SEED, numRuns: 2000 });
    expect(r.failed).toBe(true);
    const min = r.counterexample![0];
    expect(scenarioSize(min)).toMatchObject({ mode: 'microBatch', rdds: 1, partitions: 1, faults: 1, jobs: 1 });
    const again = fc.check(fc.property(scenarioArbitrary(), predicate), { seed: r.seed, path: r.counterexamplePath!, endOnFailure: true });
    expect(again.counterexample![0]).toEqual(min);
  });
});
