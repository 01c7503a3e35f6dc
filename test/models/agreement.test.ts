// Model agreement: the simulator's run summary stays within what the reference model allows, on
// hand-written scenarios and on small pseudo-random ones of every mode.
import { describe, expect, it } from 'vitest';
import { compareWithModel } from '../../models/compare.js';
import { predict } from '../../models/predict.js';
import type { Scenario } from '../../src/scenario/types.js';
import { simulate } from '../../src/simulate.js';
import { summarize } from '../../src/trace/summary.js';
import { batch, boom, continuous, fail, fetchFailed, killed, localMaster, microBatch, rdd, scenario, slow } from './helpers.js';
import { randomBatch, randomContinuous, randomMicroBatch } from './random-scenarios.js';

function disagreements(s: Scenario): string[] {
  return compareWithModel(predict(s), summarize(simulate(s).trace));
}

const twoStage = [rdd(0, 2), rdd(1, 2, [[0, 'shuffle']])];
const chain = [rdd(0, 3), rdd(1, 3, [[0, 'narrow']]), rdd(2, 2, [[1, 'shuffle']]), rdd(3, 2, [[2, 'shuffle']])];
const chain1 = [rdd(0, 3), rdd(1, 3, [[0, 'narrow']]), rdd(2, 2, [[1, 'shuffle']]), rdd(3, 1, [[2, 'shuffle']])];
const diamond = [
  rdd(0, 2),
  rdd(1, 2, [[0, 'shuffle']]),
  rdd(2, 3, [[0, 'shuffle']]),
  rdd(3, 2, [
    [1, 'shuffle'],
    [2, 'shuffle'],
  ]),
];

const handWritten: Record<string, Scenario> = {
  'batch abort local[2,3]': scenario({ master: localMaster(2, 3), workload: batch([rdd(0, 3)], [0]), faults: [fail({ partition: 1 }, boom())] }),
  'local[N] abort on first failure': scenario({ master: localMaster(4), workload: batch([rdd(0, 3)], [0]), faults: [fail({ partition: 2 }, boom())] }),
  'local[2,0]': scenario({ master: localMaster(2, 0), workload: batch([rdd(0, 1)], [0]), faults: [fail({}, { reason: 'UnknownReason' })] }),
  'one core exact TIDs': scenario({
    master: localMaster(1, 2),
    workload: batch([rdd(0, 3)], [0, 0]),
    faults: [fail({ job: 0, partition: 1 }, boom()), fail({ partition: 2 }, boom())],
  }),
  'several candidates': scenario({
    master: localMaster(3, 3),
    workload: batch([rdd(0, 3)], [0]),
    faults: [fail({ partition: 0 }, boom()), fail({ partition: 2, attempt: 0 }, killed), fail({ partition: 2 }, boom())],
  }),
  'non-counting reasons': scenario({
    master: localMaster(2),
    workload: batch([rdd(0, 2)], [0]),
    faults: [fail({ partition: 1, attempt: 0 }, killed), fail({ partition: 1, attempt: 1 }, { reason: 'TaskCommitDenied' })],
  }),
  'never ending partition': scenario({
    master: localMaster(2, 3),
    workload: batch([rdd(0, 2)], [0, 0]),
    faults: [fail({ job: 0, partition: 0 }, killed)],
    maxEvents: 5_000,
  }),
  'cluster abort': scenario({
    executors: [
      { id: '1', host: 'host-a', cores: 2 },
      { id: '2', host: 'host-b', cores: 1 },
    ],
    conf: { 'spark.task.maxFailures': 2 },
    workload: batch(twoStage, [1]),
    faults: [fail({ stage: 1, partition: 0 }, { reason: 'TaskResultLost' })],
  }),
  'fetch failure then success': scenario({
    master: localMaster(1, 4),
    workload: batch(twoStage, [1, 1]),
    faults: [fail({ stage: 1, stageAttempt: 0, partition: 1 }, fetchFailed(0, 0))],
  }),
  'fetch failure in a chain, several cores': scenario({
    master: localMaster(3, 2),
    workload: batch(chain1, [3]),
    faults: [fail({ stage: 2, stageAttempt: 0 }, fetchFailed(1, 1))],
  }),
  'fetch failure racing other tasks (left open)': scenario({
    master: localMaster(3, 2),
    workload: batch(chain, [3]),
    faults: [fail({ stage: 2, stageAttempt: 0 }, fetchFailed(1, 1))],
  }),
  'maxConsecutiveAttempts abort': scenario({
    master: localMaster(2, 4),
    conf: { 'spark.stage.maxConsecutiveAttempts': 3 },
    workload: batch([rdd(0, 2), rdd(1, 1, [[0, 'shuffle']], 'collect at App.scala:7')], [1]),
    faults: [fail({ stage: 1 }, fetchFailed(0, 1))],
  }),
  noStageRetry: scenario({
    master: localMaster(1, 4),
    conf: { 'spark.test.noStageRetry': true },
    workload: batch(twoStage, [1]),
    faults: [fail({ stage: 1 }, fetchFailed(0, 0))],
  }),
  'second job skips a map stage': scenario({ master: localMaster(2, 4), workload: batch(twoStage, [1, 1, 0]) }),
  'rerun of missing map partitions': scenario({
    master: localMaster(1, 1),
    workload: batch([rdd(0, 3), rdd(1, 1, [[0, 'shuffle']])], [1, 1]),
    faults: [fail({ job: 0, partition: 1 }, boom())],
  }),
  'diamond, several cores': scenario({ master: localMaster(3, 2), workload: batch(diamond, [3, 3]), faults: [fail({ stage: 1, partition: 1 }, boom())] }),
  'micro-batch without restarts': scenario({
    master: localMaster(2, 2),
    workload: microBatch(twoStage, 1, 3, 0),
    faults: [fail({ batch: 1, partition: 0, stage: 3 }, boom())],
  }),
  'micro-batch with a restart': scenario({
    master: localMaster(2, 2),
    workload: microBatch(twoStage, 1, 3, 1),
    faults: [fail({ batch: 1, run: 0, stage: 3 }, boom())],
  }),
  'micro-batch v1 sink': scenario({
    master: localMaster(2),
    workload: microBatch(twoStage, 1, 2, 0, 'v1'),
    faults: [fail({ batch: 0, stage: 1, partition: 1 }, boom())],
  }),
  'micro-batch file sink, named': scenario({
    master: localMaster(1, 2),
    workload: { ...microBatch(twoStage, 1, 2, 0, 'file'), queryName: 'q1' } as Scenario['workload'],
    faults: [fail({ batch: 1 }, boom())],
  }),
  'micro-batch fetch failure': scenario({
    master: localMaster(1, 3),
    workload: microBatch(twoStage, 1, 2, 0),
    faults: [fail({ batch: 0, stageAttempt: 0, stage: 1 }, fetchFailed(0, 1))],
  }),
  'continuous seed case': scenario({
    master: localMaster(2, 6),
    host: '192.168.1.23',
    workload: continuous(2, 5),
    faults: [fail({ partition: 1, attempt: 0, epoch: 2 }, boom('reader died'))],
  }),
  'continuous killed first attempt': scenario({
    master: localMaster(2, 6),
    workload: continuous(2, 5),
    faults: [fail({ partition: 1, attempt: 0, epoch: 2 }, killed)],
  }),
  'continuous local[2]': scenario({ master: localMaster(2), workload: continuous(2, 3), faults: [fail({ partition: 0, epoch: 0 }, boom('bad row'))] }),
  'continuous manual restart': scenario({
    master: localMaster(2, 2),
    workload: continuous(2, 5, 1),
    faults: [fail({ run: 0, partition: 0, epoch: 3 }, boom())],
  }),
  'continuous slow but clean': scenario({ master: localMaster(3, 2), workload: continuous(3, 4), faults: [slow({ partition: 2, epoch: 1 }, 2500)] }),
  'continuous global, counted': scenario({
    master: localMaster(2, 3),
    workload: continuous(2, 4, 1, 'global'),
    faults: [fail({ partition: 1, epoch: 1 }, boom())],
  }),
  'continuous global, killed first': scenario({
    master: localMaster(2, 3),
    workload: continuous(2, 4, 1, 'global'),
    faults: [fail({ partition: 1, attempt: 0, run: 0, epoch: 1 }, killed)],
  }),
  'executor loss': scenario({
    executors: [
      { id: '1', host: 'host-a', cores: 1 },
      { id: '2', host: 'host-b', cores: 1 },
    ],
    workload: batch(twoStage, [1]),
    faults: [{ kind: 'executorLost', executor: '1', atMs: 150, exitCausedByApp: false, reason: 'Executor killed by driver.' }],
  }),
};

describe('model agreement on hand-written scenarios', () => {
  for (const [name, s] of Object.entries(handWritten)) {
    it(name, () => expect(disagreements(s)).toEqual([]));
  }
});

// Immediate aborts are left out of the random scenarios: the simulator (following spec §4's
// table) writes "task <i>.<a> in stage …" where Spark 3.2 writes "Task <i>.<a> in stage …"; see
// the known disagreements below.
describe('model agreement on pseudo-random scenarios', () => {
  const cases: [string, (seed: number) => Scenario][] = [
    ['batch', (seed) => randomBatch(seed, { noImmediateAbort: true })],
    ['micro-batch', (seed) => randomMicroBatch(seed, { noImmediateAbort: true })],
    ['continuous', (seed) => randomContinuous(seed, { noImmediateAbort: true })],
  ];
  for (const [mode, make] of cases) {
    it(`${mode}: 100 scenarios`, () => {
      const bad: string[] = [];
      for (let seed = 0; seed < 100; seed++) {
        const s = make(seed);
        const d = disagreements(s);
        if (d.length > 0) bad.push(`seed ${seed}: ${JSON.stringify(s)}\n  ${d.join('\n  ')}`);
      }
      expect(bad).toEqual([]);
    });
  }
});

describe('model agreement on runs cut short by limits', () => {
  it('batch, micro-batch and continuous: 40 scenarios each with tiny limits', () => {
    const bad: string[] = [];
    for (let seed = 0; seed < 40; seed++) {
      for (const make of [randomBatch, randomMicroBatch, randomContinuous]) {
        const s = make(seed, { noImmediateAbort: true });
        s.limits = seed % 2 === 1 ? { maxEvents: 30 + 5 * seed, maxTimeMs: 86_400_000 } : { maxEvents: 1_000_000, maxTimeMs: 100 + 100 * seed };
        const d = disagreements(s);
        if (d.length > 0) bad.push(`seed ${seed}: ${JSON.stringify(s)}\n  ${d.join('\n  ')}`);
      }
    }
    expect(bad).toEqual([]);
  });
});

// Two disagreements this model found in the simulator, fixed there: kept as regressions.
describe('former disagreements', () => {
  // Spark 3.2.0 TaskSetManager.handleFailedTask aborts with "$task had a not serializable result"
  // where task = taskName(tid), "task <index>.<attempt> in stage …" in lower case, as the spec's §4
  // table says; only the output-exists abort starts with a capital "Task".
  it('NotSerializableException abort message', () => {
    const s = scenario({ master: localMaster(1, 4), workload: batch([rdd(0, 1)], [0]), faults: [fail({}, boom('Foo', 'java.io.NotSerializableException'))] });
    expect(disagreements(s)).toEqual([]);
  });

  // A FetchFailed fault only matches a task whose stage reads that shuffle; continuous tasks read
  // none, so the fault never applies (validation also rejects it in a scenario file).
  it('FetchFailed fault in a continuous query', () => {
    const s = scenario({ master: localMaster(2, 3), workload: continuous(2, 3), faults: [fail({ partition: 1 }, fetchFailed(0, 0))] });
    expect(disagreements(s)).toEqual([]);
  });
});
