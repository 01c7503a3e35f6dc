// Arbitrary clusters: local masters (local, local[N], local[N,F]) and multi-executor clusters,
// with maxFailures including 1. Shrinks toward local[1] and few, small executors.
import fc from 'fast-check';

export interface ClusterInput {
  master: string;
  executors?: { id: string; host: string; cores: number }[];
}

export interface GeneratedCluster {
  cluster: ClusterInput;
  conf: Record<string, number>;
  /** Executor ids, for executor-loss faults (empty in local mode). */
  executorIds: string[];
  /** Task slots in total: continuous workloads want at least one per partition. */
  cores: number;
}

export interface ClusterLimits {
  maxExecutors: number;
  maxCores: number;
  maxFailures: number;
}

export function clusterArbitrary(limits: ClusterLimits): fc.Arbitrary<GeneratedCluster> {
  const local = fc
    .record({
      form: fc.constantFrom('local[N,F]', 'local[N]', 'local'),
      threads: fc.integer({ min: 1, max: limits.maxCores * 2 }),
      failures: fc.integer({ min: 1, max: limits.maxFailures }),
    })
    .map(({ form, threads, failures }): GeneratedCluster => {
      const master = form === 'local' ? 'local' : form === 'local[N]' ? `local[${threads}]` : `local[${threads},${failures}]`;
      return { cluster: { master }, conf: {}, executorIds: [], cores: form === 'local' ? 1 : threads };
    });
  const cluster = fc
    .record({
      cores: fc.array(fc.integer({ min: 1, max: limits.maxCores }), { minLength: 1, maxLength: limits.maxExecutors }),
      hosts: fc.integer({ min: 1, max: limits.maxExecutors }),
      maxFailures: fc.integer({ min: 1, max: limits.maxFailures }),
    })
    .map(({ cores, hosts, maxFailures }): GeneratedCluster => {
      const executors = cores.map((c, i) => ({ id: String(i + 1), host: `host-${i % hosts}`, cores: c }));
      return {
        cluster: { master: 'cluster', executors },
        conf: { 'spark.task.maxFailures': maxFailures },
        executorIds: executors.map((e) => e.id),
        cores: cores.reduce((a, b) => a + b, 0),
      };
    });
  return fc.oneof({ arbitrary: local, weight: 3 }, { arbitrary: cluster, weight: 2 });
}
