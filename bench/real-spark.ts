// `npm run bench` on real Spark 3.2.0 (issue 10, "Conformance suite and figures"): the runner
// JVM's start-up time, then small scenarios per second in one warm JVM, each on a fresh
// SparkContext with event logging (target: at least 2/s in local mode), and one local-cluster
// scenario for scale. Needs the runner built (npm run build:spark); says so and skips otherwise.
// `npm run bench -- --spark` runs only this.
import { SparkBackend } from '../src/backend/spark/spark-backend.js';
import { validateScenario } from '../src/scenario/validate.js';
import type { Scenario } from '../src/scenario/types.js';

function scenario(json: unknown): Scenario {
  const v = validateScenario(json);
  if (!v.ok) throw new Error(`bench scenario: ${v.errors[0].path}: ${v.errors[0].message}`);
  return v.scenario;
}

const SMALL_LOCAL = scenario({
  scenario: 1,
  seed: 1,
  cluster: { master: 'local[2,4]' },
  workload: {
    mode: 'batch',
    rdds: [
      { id: 0, partitions: 4 },
      { id: 1, partitions: 2, deps: [{ rdd: 0, type: 'shuffle' }] },
    ],
    jobs: [{ rdd: 1 }],
  },
  faults: [
    { task: { stage: 1, partition: 1, attempt: 0 }, fail: { reason: 'ExceptionFailure', className: 'java.lang.RuntimeException', description: 'transient' } },
  ],
  taskDurationMs: 10,
});

const SMALL_CLUSTER = scenario({
  ...JSON.parse(
    JSON.stringify({ scenario: 1, seed: 1, workload: { mode: 'batch', rdds: [{ id: 0, partitions: 4 }], jobs: [{ rdd: 0 }] }, faults: [], taskDurationMs: 10 }),
  ),
  cluster: {
    master: 'cluster',
    executors: [
      { id: '1', host: 'a', cores: 1 },
      { id: '2', host: 'b', cores: 1 },
    ],
  },
});

export async function realSparkBench(runs = 20): Promise<void> {
  const backend = SparkBackend.open();
  if (typeof backend === 'string') {
    console.log(`real Spark: not measured (${backend})`);
    return;
  }
  try {
    const first = await backend.run(SMALL_LOCAL);
    if (!first.ok) throw new Error(`real bench scenario failed: ${JSON.stringify(first)}`);
    const t0 = performance.now();
    for (let i = 0; i < runs; i++) {
      const r = await backend.run(SMALL_LOCAL);
      if (!r.ok) throw new Error(`real bench scenario failed: ${JSON.stringify(r)}`);
    }
    const perS = runs / ((performance.now() - t0) / 1000);
    const c0 = performance.now();
    const c = await backend.run(SMALL_CLUSTER);
    const clusterS = (performance.now() - c0) / 1000;
    console.log(`real Spark ${backend.sparkVersion}: runner JVM start-up ${backend.jvmStartUpMs} ms`);
    console.log(
      `  small local[2,4] scenario (2 stages, one retry), fresh SparkContext each, warm JVM: ${perS.toFixed(2)} scenarios/s over ${runs} (target >= 2/s)`,
    );
    console.log(`  one local-cluster[2,1,1024] scenario (two executor JVMs started): ${clusterS.toFixed(1)} s${c.ok ? '' : ' (failed)'}`);
  } finally {
    await backend.close();
  }
}
