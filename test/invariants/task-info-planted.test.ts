// Bugs planted in the simulator's own code (not through its rule tables): how a TaskResultLost
// attempt is recorded. Campaigns with fixed seeds must catch each: recorded as KILLED or FAILED
// (TaskInfo's flags; Spark 3.2.0 records the lost result FINISHED, TaskResultGetter.scala) by I33,
// recorded as a Success (the lost result taken as fetched) by the model. Each is caught within
// about 15 scenarios at seed 7; the control campaign without a plant holds on all 200.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCampaign } from '../../src/harness/campaign.js';
import { ALL_PROPERTIES } from '../../src/harness/property-catalogue.js';

const plant = vi.hoisted(() => ({ lostAs: null as null | 'KILLED' | 'FAILED' | 'Success' }));

vi.mock('../../src/spark/task-end-reason.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/spark/task-end-reason.js')>();
  return {
    ...real,
    terminalState: (r: Parameters<typeof real.terminalState>[0]) =>
      r.kind === 'TaskResultLost' && (plant.lostAs === 'KILLED' || plant.lostAs === 'FAILED') ? plant.lostAs : real.terminalState(r),
    injectedEndReason: (r: Parameters<typeof real.injectedEndReason>[0], at: Parameters<typeof real.injectedEndReason>[1]) =>
      r.reason === 'TaskResultLost' && plant.lostAs === 'Success' ? real.SUCCESS : real.injectedEndReason(r, at),
  };
});

afterEach(() => {
  plant.lostAs = null;
});

const campaign = (modes?: ('batch' | 'microBatch')[]) =>
  runCampaign({ seed: 7, runs: 200, timeLimitMs: 120_000, properties: ALL_PROPERTIES, ...(modes ? { modes } : {}) });

describe('a TaskResultLost attempt recorded wrongly is caught', () => {
  it("Spark's rules: the same campaign holds", () => {
    expect(campaign().failure).toBeNull();
  });

  it.each(['KILLED', 'FAILED'] as const)('recorded %s: I33 fails, on a shrunk scenario with one TaskResultLost fault', (state) => {
    plant.lostAs = state;
    const f = campaign().failure;
    expect(f?.property).toBe('I33');
    expect(f!.violations[0]).toMatch(
      new RegExp(`ends TaskResultLost but its TaskInfo says ${state === 'KILLED' ? 'Killed' : 'Failed'}, though its state is FINISHED`),
    );
    expect(f!.scenario.faults).toHaveLength(1);
  });

  // Batch and micro-batch only: a continuous task never ends successfully, so the continuous
  // engine would crash on it (a crash, not this bug).
  it('recorded as a Success: the campaign fails (the model expects the lost result to count)', () => {
    plant.lostAs = 'Success';
    const f = campaign(['batch', 'microBatch']).failure;
    expect(f?.property).toBe('model');
    expect(JSON.stringify(f!.scenario.faults)).toContain('TaskResultLost');
  });
});
