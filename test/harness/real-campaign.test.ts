// The real-Spark campaign's loop (src/harness/real-campaign.ts) with a stand-in backend: the
// simulator under a broken rule plays "a user's patched Spark", so the test needs no JVM. It must
// find the bug, shrink within its budget of runs, and report a runner failure without stopping.
import { describe, expect, it } from 'vitest';
import type { RealBackend, RealRunResult } from '../../src/backend/spark/spark-backend.js';
import { runRealCampaign } from '../../src/harness/real-campaign.js';
import { MUTANTS } from '../../src/harness/mutants.js';
import { simulate } from '../../src/simulate.js';
import type { Scenario } from '../../src/scenario/types.js';

function patchedSpark(mutantId: string, failEvery = 0): RealBackend & { runs: number } {
  const mutant = MUTANTS.find((m) => m.id === mutantId);
  const backend = {
    runs: 0,
    async run(scenario: Scenario): Promise<RealRunResult> {
      backend.runs++;
      if (failEvery > 0 && backend.runs % failEvery === 0) return { ok: false, error: 'the runner did not answer', driverLogTail: 'last line' };
      return { ok: true, trace: simulate(scenario, mutant ? { rules: mutant.rules } : {}).trace, wallMs: 1 };
    },
  };
  return backend;
}

describe('a campaign against a patched Spark', () => {
  it('finds a broken retry limit, shrinks it within the budget and keeps going past runner failures', async () => {
    const backend = patchedSpark('abort-one-late', 7);
    const r = await runRealCampaign({ seed: 11, runs: 400, timeLimitMs: 120_000, modes: ['batch'], shrinkBudget: 60, backend });
    expect(r.failure).not.toBeNull();
    expect(r.failure!.shrinkRuns).toBeLessThanOrEqual(60);
    expect(r.failure!.violations.length).toBeGreaterThan(0);
    // A shrunk counterexample is small: one or two RDDs, a few faults.
    const w = r.failure!.scenario.workload as { rdds: unknown[] };
    expect(w.rdds.length).toBeLessThanOrEqual(2);
    expect(r.runnerErrors.length).toBeGreaterThan(0);
    expect(r.runnerErrors[0].error).toMatch(/did not answer/);
  });

  it('holds on the unbroken simulator', async () => {
    const r = await runRealCampaign({
      seed: 5,
      runs: 150,
      timeLimitMs: 120_000,
      modes: ['batch', 'continuous'],
      shrinkBudget: 10,
      backend: patchedSpark('none-such'),
    });
    expect(r.failure).toBeNull();
    expect(r.runs).toBe(150);
  });

  it('stops shrinking at its budget and says so', async () => {
    const r = await runRealCampaign({ seed: 11, runs: 400, timeLimitMs: 120_000, modes: ['batch'], shrinkBudget: 2, backend: patchedSpark('abort-one-late') });
    expect(r.failure?.budgetReached).toBe(true);
    expect(r.failure?.shrinkRuns).toBe(2);
  });
});
