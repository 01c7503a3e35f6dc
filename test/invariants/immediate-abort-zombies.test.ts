// An attempt that throws an immediate-abort exception (NotSerializableException,
// TaskOutputFileAlreadyExistException) in a task set that is already a zombie gets no TaskEnd in
// Spark 3.2 either: TaskSetManager.handleFailedTask returns before taskEnded, and the abort it
// asks for is ignored. Found by the immediate-abort swarm focus (seeds 202 and 303): I17b and L2
// took such an attempt for one that never ended and kept its core.
import { describe, expect, it } from 'vitest';
import { ALL_PROPERTIES, violationsOf } from '../../src/harness/property-catalogue.js';
import { runScenario } from '../../src/harness/scenario-run.js';
import { MUTANTS } from '../../src/harness/mutants.js';
import type { ScenarioInput } from '../../src/scenario/schema.js';

const LIMITS = { maxEvents: 500, maxTimeMs: 600_000 };
const notSerializable = { reason: 'ExceptionFailure' as const, className: 'java.io.NotSerializableException', description: 'injected 0' };

/** Two map stages run at once; the first to throw aborts the job, the other throws the same into its zombie. */
const TWO_MAP_STAGES: ScenarioInput = {
  scenario: 1,
  seed: 0,
  cluster: { master: 'local[2]' },
  conf: {},
  limits: LIMITS,
  workload: {
    mode: 'batch',
    rdds: [
      { id: 0, partitions: 1 },
      { id: 1, partitions: 1 },
      {
        id: 2,
        partitions: 1,
        deps: [
          { rdd: 1, type: 'shuffle' },
          { rdd: 0, type: 'shuffle' },
        ],
      },
    ],
    jobs: [{ rdd: 2 }, { rdd: 2 }],
  },
  faults: [{ task: {}, fail: notSerializable }],
};

/** A lost result aborts the job (one failure allowed); the stage's other task then throws at once in the zombie. */
const AFTER_COUNTED_ABORT: ScenarioInput = {
  scenario: 1,
  seed: 0,
  cluster: { master: 'local[2]' },
  conf: {},
  limits: LIMITS,
  workload: {
    mode: 'batch',
    rdds: [
      { id: 0, partitions: 1 },
      { id: 1, partitions: 2, deps: [{ rdd: 0, type: 'shuffle' }] },
    ],
    jobs: [{ rdd: 1 }, { rdd: 0 }],
  },
  faults: [
    { task: { partition: 1, stage: 1 }, fail: notSerializable },
    { task: { stage: 1 }, fail: { reason: 'TaskResultLost' } },
  ],
};

const failing = (s: ScenarioInput, rules?: object): string[] => {
  const run = runScenario(s, rules);
  return ALL_PROPERTIES.filter((p) => (violationsOf(p, run) ?? []).length > 0).map((p) => p.id);
};

describe('immediate aborts in zombie task sets', () => {
  it.each([
    ['two map stages', TWO_MAP_STAGES],
    ['after a counted abort', AFTER_COUNTED_ABORT],
  ] as const)('%s: no TaskEnd for the zombie attempt, and every property holds', (_name, s) => {
    const run = runScenario(s);
    const starts = run.trace.events.filter((e) => e.Event === 'SparkListenerTaskStart').length;
    const ends = run.trace.events.filter((e) => e.Event === 'SparkListenerTaskEnd').length;
    expect(ends).toBeLessThan(starts);
    expect(failing(s)).toEqual([]);
  });

  it('a task that ends after its stage is gone still needs its TaskEnd (SPARK-13054 is caught beside them)', () => {
    const m = MUTANTS.find((x) => x.id === 'no-task-end-after-stage-gone')!;
    const plain: ScenarioInput = {
      ...TWO_MAP_STAGES,
      faults: [{ task: { stage: 0 }, fail: { reason: 'ExceptionFailure', className: 'java.lang.RuntimeException', description: 'injected 0' } }],
    };
    expect(failing(plain)).toEqual([]);
    expect(failing(plain, m.rules)).toContain('I17b');
  });
});
