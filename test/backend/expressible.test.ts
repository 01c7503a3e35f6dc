// What the real backend refuses, before any JVM starts (src/backend/spark/expressible.ts), and
// what the real-backend projection of the generators leaves (properties/arbitraries/real-backend.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { realBackendProblems } from '../../src/backend/spark/expressible.js';
import { realScenarioArbitrary } from '../../properties/arbitraries/real-backend.js';
import { validateScenario } from '../../src/scenario/validate.js';
import { scenarioOf } from '../support/run.js';

const batch = { mode: 'batch', rdds: [{ id: 0, partitions: 2 }], jobs: [{ rdd: 0 }] };
const paths = (json: unknown) => realBackendProblems(scenarioOf(json)).map((e) => e.path);

describe('the real backend refuses what it cannot express', () => {
  it('reasons no task code can raise', () => {
    const faults = [
      { task: { partition: 0 }, fail: { reason: 'TaskResultLost' } },
      { task: { partition: 1 }, fail: { reason: 'UnknownReason' } },
    ];
    const problems = realBackendProblems(scenarioOf({ scenario: 1, seed: 1, cluster: { master: 'local' }, workload: batch, faults }));
    expect(problems.map((p) => p.path)).toEqual(['faults[0].fail.reason', 'faults[1].fail.reason']);
    expect(problems[0].message).toMatch(/TaskResultLost cannot be raised on real Spark/);
  });

  it('the global retry policy, a silent rate source and a streaming job selector', () => {
    const continuous = { mode: 'continuous', partitions: 2, epochs: 2, retryPolicy: 'global', restarts: 1, recordsPerSecond: 0 };
    expect(paths({ scenario: 1, seed: 1, cluster: { master: 'local[2]' }, workload: continuous, faults: [] })).toEqual(['workload.retryPolicy']);
    expect(paths({ scenario: 1, seed: 1, cluster: { master: 'local[2]' }, workload: { ...continuous, retryPolicy: 'none' }, faults: [] })).toEqual([
      'workload.recordsPerSecond',
    ]);
    expect(
      paths({
        scenario: 1,
        seed: 1,
        cluster: { master: 'local[2]' },
        workload: { ...continuous, retryPolicy: 'none', recordsPerSecond: 5 },
        faults: [{ task: { job: 0 }, fail: { reason: 'TaskKilled', killReason: 'x' } }],
      }),
    ).toEqual(['faults[0].task.job']);
  });

  it('accepts micro-batch queries with each sink API, and refuses their job selectors', () => {
    const rdds = [
      { id: 0, partitions: 2 },
      { id: 1, partitions: 2, deps: [{ rdd: 0, type: 'shuffle' }] },
    ];
    for (const sinkApi of ['v2', 'v1', 'file']) {
      const workload = { mode: 'microBatch', rdds, sink: 1, batches: 2, restarts: 1, sinkApi };
      const faults = [
        { task: { batch: 1, partition: 0 }, fail: { reason: 'FetchFailed', shuffle: 0, mapIndex: 1 } },
        { task: { batch: 0 }, fail: { reason: 'TaskKilled', killReason: 'x' } },
      ];
      expect(paths({ scenario: 1, seed: 1, cluster: { master: 'local[2,2]' }, workload, faults })).toEqual([]);
      expect(
        paths({ scenario: 1, seed: 1, cluster: { master: 'local[2,2]' }, workload, faults: [{ task: { job: 1 }, fail: { reason: 'TaskCommitDenied' } }] }),
      ).toEqual(['faults[0].task.job']);
    }
  });

  it('executors of different sizes, or more than local-cluster runs here', () => {
    const executors = [1, 2].map((c, i) => ({ id: String(i + 1), host: 'h', cores: c }));
    expect(paths({ scenario: 1, seed: 1, cluster: { master: 'cluster', executors }, workload: batch, faults: [] })).toEqual(['cluster.executors']);
    const five = [1, 1, 1, 1, 1].map((c, i) => ({ id: String(i + 1), host: 'h', cores: c }));
    expect(paths({ scenario: 1, seed: 1, cluster: { master: 'cluster', executors: five }, workload: batch, faults: [] })).toEqual(['cluster.executors']);
  });

  it('accepts what real Spark can raise: denied commits, kills, fetch failures, executor losses on a cluster', () => {
    const executors = [1, 2].map((i) => ({ id: String(i), host: `host-${i}`, cores: 2 }));
    const shuffled = {
      mode: 'batch',
      rdds: [
        { id: 0, partitions: 2 },
        { id: 1, partitions: 2, deps: [{ rdd: 0, type: 'shuffle' }] },
      ],
      jobs: [{ rdd: 1 }],
    };
    const faults = [
      { task: { partition: 1 }, fail: { reason: 'TaskCommitDenied' } },
      { task: { partition: 0, attempt: 0 }, fail: { reason: 'TaskKilled', killReason: 'preempted' } },
      { task: { stage: 1, attempt: 0 }, fail: { reason: 'FetchFailed', shuffle: 0, mapIndex: 1 } },
      { executorLost: { executor: '2', atMs: 50, exitCausedByApp: false } },
    ];
    expect(paths({ scenario: 1, seed: 1, cluster: { master: 'cluster', executors }, workload: shuffled, faults })).toEqual([]);
  });
});

describe('the real-backend generators', () => {
  it('generate only scenarios that validate and that the real backend can express', () => {
    fc.assert(
      fc.property(realScenarioArbitrary(), (input) => {
        const v = validateScenario(input);
        expect(v.ok).toBe(true);
        if (v.ok) expect(realBackendProblems(v.scenario)).toEqual([]);
      }),
      { seed: 20261202, numRuns: 3000 },
    );
  });
});
