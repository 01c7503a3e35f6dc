// Arbitrary workloads of the three modes: batch jobs over a DAG (several jobs may share lineage),
// micro-batch queries over a DAG, and continuous queries (with both retry policies).
import fc from 'fast-check';
import { dagArbitrary, type DagLimits, type RddInput } from './dag.js';

export type WorkloadInput =
  | { mode: 'batch'; rdds: RddInput[]; jobs: { rdd: number }[] }
  | { mode: 'microBatch'; rdds: RddInput[]; sink: number; batches: number; restarts: number; sinkApi: 'v2' | 'v1' | 'file'; recordsPerBatch: number }
  | {
      mode: 'continuous';
      partitions: number;
      epochs: number;
      restarts: number;
      retryPolicy: 'none' | 'global';
      epochIntervalMs: number;
      recordsPerSecond: number;
    };

export function batchArbitrary(limits: DagLimits): fc.Arbitrary<WorkloadInput> {
  return fc.record({ rdds: dagArbitrary(limits), jobs: fc.array(fc.nat({ max: limits.maxRdds }), { minLength: 1, maxLength: 3 }) }).map(({ rdds, jobs }) => ({
    mode: 'batch' as const,
    rdds,
    // Job k runs on the last RDD counted back k (mod the RDD count): 0 = the final RDD.
    jobs: jobs.map((back) => ({ rdd: rdds.length - 1 - (back % rdds.length) })),
  }));
}

export function microBatchArbitrary(limits: DagLimits): fc.Arbitrary<WorkloadInput> {
  return fc
    .record({
      rdds: dagArbitrary(limits),
      batches: fc.integer({ min: 1, max: 4 }),
      restarts: fc.nat({ max: 2 }),
      sinkApi: fc.constantFrom('v2' as const, 'v1' as const, 'file' as const),
      // Shrinks toward the default.
      recordsPerBatch: fc.constantFrom(10, 1, 3),
    })
    .map(({ rdds, batches, restarts, sinkApi, recordsPerBatch }) => ({
      mode: 'microBatch' as const,
      rdds,
      sink: rdds.length - 1,
      batches,
      restarts,
      sinkApi,
      recordsPerBatch,
    }));
}

export function continuousArbitrary(maxPartitions: number): fc.Arbitrary<WorkloadInput> {
  return fc.record({
    mode: fc.constant('continuous' as const),
    partitions: fc.integer({ min: 1, max: Math.min(4, maxPartitions) }),
    epochs: fc.integer({ min: 1, max: 5 }),
    restarts: fc.nat({ max: 2 }),
    retryPolicy: fc.constantFrom('none' as const, 'global' as const),
    // 50 ms: under the 100 ms executor poll, several epochs end at one poll.
    epochIntervalMs: fc.constantFrom(200, 500, 1000, 50),
    // A silent source, and one fast enough that a lagging partition's epochs differ in size.
    recordsPerSecond: fc.constantFrom(10, 0, 1000),
  });
}
