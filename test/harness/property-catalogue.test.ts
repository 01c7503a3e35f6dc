// The campaign's own properties beyond the invariant catalogue: each holds on a real run and can fail.
import { describe, expect, it } from 'vitest';
import { ALL_PROPERTIES } from '../../src/harness/property-catalogue.js';
import { runScenario } from '../../src/harness/scenario-run.js';
import type { ScenarioInput } from '../../src/scenario/schema.js';

const mb4 = ALL_PROPERTIES.find((p) => p.id === 'MB4')!;

function microBatch(master: string, fail: Record<string, unknown>): ScenarioInput {
  return {
    scenario: 1,
    seed: 3,
    cluster: { master },
    workload: {
      mode: 'microBatch',
      rdds: [
        { id: 0, partitions: 2 },
        { id: 1, partitions: 2, deps: [{ rdd: 0, type: 'shuffle' }] },
      ],
      sink: 1,
      batches: 3,
    },
    faults: [{ task: { batch: 1, partition: 1, attempt: 0 }, fail }],
  } as ScenarioInput;
}

describe('MB4: recovered failures are invisible to the query', () => {
  const recovered = runScenario(microBatch('local[2,3]', { reason: 'ExceptionFailure', className: 'java.io.IOException', description: 'flaky' }));

  it('applies to a query whose failures were all retried away, and holds there', () => {
    expect(mb4.applies!(recovered)).toBe(true);
    expect(recovered.summary.tasks.some((t) => t.reason === 'ExceptionFailure')).toBe(true);
    expect(mb4.check(recovered)).toEqual([]);
  });

  it('flags a query whose outcome differs from the fault-free one', () => {
    const doctored = { ...recovered, summary: { ...recovered.summary, query: { ...recovered.summary.query!, committedBatches: [0, 2] } } };
    expect(mb4.check(doctored)[0]).toMatch(
      /with its failures recovered the query ends .*"committedBatches":\[0,2\].*; without faults it ends .*"committedBatches":\[0,1,2\]/,
    );
  });

  it('does not apply when a job failed (local[2]: the first counted failure aborts)', () => {
    const failed = runScenario(microBatch('local[2]', { reason: 'ExceptionFailure', className: 'java.io.IOException', description: 'flaky' }));
    expect(failed.summary.jobs.some((j) => j.result === 'JobFailed')).toBe(true);
    expect(mb4.applies!(failed)).toBe(false);
  });
});
