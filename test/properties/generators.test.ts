// The generators: every scenario they make is valid, and a sample covers every mode, every
// TaskEndReason, aborts, successes, stage retries and restarts in meaningful proportions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioArbitrary } from '../../properties/arbitraries/scenario.js';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/simulate.js';
import { summarize } from '../../src/trace/summary.js';
import { GenerationStatistics } from '../../src/harness/statistics.js';

const SEED = 20261124;

describe('scenario generators', () => {
  it('every generated scenario is valid by the scenario schema', () => {
    fc.assert(
      fc.property(scenarioArbitrary(), (s) => {
        const r = validateScenario(s);
        if (!r.ok) throw new Error(JSON.stringify(r.errors));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('shrinks toward small scenarios', () => {
    // Any scenario with a fault is "bad": the shrunk one has one fault and one RDD or partition.
    const r = fc.check(
      fc.property(scenarioArbitrary(), (s) => (s.faults ?? []).length === 0),
      { seed: SEED, numRuns: 500 },
    );
    expect(r.failed).toBe(true);
    const min = r.counterexample![0];
    expect(min.faults).toHaveLength(1);
    const w = min.workload;
    if (w.mode === 'continuous') expect(w.partitions).toBe(1);
    else expect(w.rdds).toHaveLength(1);
  });

  it('covers every mode, reason, aborts, successes, stage retries and restarts', () => {
    const stats = new GenerationStatistics();
    const sample = fc.sample(scenarioArbitrary(), { seed: SEED, numRuns: 1500 });
    for (const input of sample) {
      const r = validateScenario(input);
      if (!r.ok) throw new Error('invalid');
      stats.record(r.scenario, summarize(simulate(r.scenario).trace));
    }
    console.log(`generation statistics over ${sample.length} scenarios (share of scenarios):\n${stats.format()}`);
    for (const k of GenerationStatistics.EXPECTED) expect(stats.get(k), `${k} never generated`).toBeGreaterThan(0);
    // Meaningful proportions: each mode is at least a tenth of the sample, and so are aborts,
    // successes and runs with no fault at all.
    for (const k of ['mode:batch', 'mode:microBatch', 'mode:continuous', 'abort:maxFailures', 'job:succeeded', 'faults:none']) {
      expect(stats.get(k), k).toBeGreaterThan(sample.length / 10);
    }
  });
});
