// The hand-minimal counterexamples (issue 11 §6): one per mutant, each failing under its mutant
// with the property it names and holding every property under Spark's rules; and the size
// measure the shrink benchmark compares them by.
import { describe, expect, it } from 'vitest';
import { MINIMAL_EXAMPLES } from '../../src/harness/minimal-examples.js';
import { MUTANTS } from '../../src/harness/mutants.js';
import { ALL_PROPERTIES, violationsOf } from '../../src/harness/property-catalogue.js';
import { compareSizes, describeComparison, scenarioSize, totalElements } from '../../src/harness/scenario-size.js';
import { runScenario } from '../../src/harness/scenario-run.js';
import type { SimulationRules } from '../../src/simulate.js';
import type { ScenarioInput } from '../../src/scenario/schema.js';

function failing(s: ScenarioInput, rules?: Partial<SimulationRules>): string[] {
  const run = runScenario(s, rules);
  return ALL_PROPERTIES.filter((p) => (violationsOf(p, run) ?? []).length > 0).map((p) => p.id);
}

describe('hand-minimal counterexamples', () => {
  it('one for every mutant, in the modes its campaigns generate', () => {
    expect(MINIMAL_EXAMPLES.map((e) => e.mutant).sort()).toEqual(MUTANTS.map((m) => m.id).sort());
    for (const e of MINIMAL_EXAMPLES) {
      const m = MUTANTS.find((x) => x.id === e.mutant)!;
      if (m.modes) expect(m.modes, e.mutant).toContain(scenarioSize(e.scenario).mode);
    }
  });

  it.each(MINIMAL_EXAMPLES.map((e) => [e.mutant, e] as const))('%s: fails under the mutant, holds under Spark', (_id, e) => {
    const m = MUTANTS.find((x) => x.id === e.mutant)!;
    expect(failing(e.scenario, m.rules), e.why).toContain(e.property);
    expect(failing(e.scenario)).toEqual([]);
  });
});

describe('scenario size', () => {
  const [killed, zombie] = ['count-killed', 'count-while-zombie'].map((id) => MINIMAL_EXAMPLES.find((e) => e.mutant === id)!.scenario);

  it('counts RDDs, partitions, executors, faults and jobs', () => {
    expect(scenarioSize(killed)).toEqual({ mode: 'batch', rdds: 1, partitions: 1, executors: 1, faults: 1, jobs: 1, restarts: 0 });
    expect(totalElements(scenarioSize(zombie))).toBe(2 + 3 + 1 + 2 + 1);
  });

  it('compares kind by kind, and a more complex mode is never the same', () => {
    expect(compareSizes(scenarioSize(zombie), scenarioSize(zombie)).same).toBe(true);
    const c = compareSizes(scenarioSize(zombie), scenarioSize(killed));
    expect(c).toMatchObject({ same: false, extraElements: 4, differences: { rdds: 1, partitions: 2, faults: 1 }, modeLarger: false });
    expect(describeComparison(c, 'batch')).toBe('+1 rdds, +2 partitions, +1 faults');
    const continuous = MINIMAL_EXAMPLES.find((e) => e.mutant === 'continuous-real-retry')!.scenario;
    const m = compareSizes(scenarioSize(continuous), scenarioSize(killed));
    expect(m.modeLarger).toBe(true);
    expect(describeComparison(m, 'continuous')).toBe('mode continuous, -1 rdds');
  });
});
