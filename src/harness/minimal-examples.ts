// Hand-minimal counterexamples (issue 11 §6): for each mutant, the smallest scenario that exposes
// it, written by hand from what the bug needs. A test checks that each fails under its mutant
// and holds under Spark's rules; bench/shrink-quality.ts measures the shrunk counterexamples of
// campaigns against them (src/harness/scenario-size.ts).
import type { ScenarioInput } from '../scenario/schema.js';

export interface MinimalExample {
  mutant: string;
  /** A property that fails on it under the mutant. */
  property: string;
  /** Why nothing smaller shows the bug. */
  why: string;
  scenario: ScenarioInput;
}

type Fault = NonNullable<ScenarioInput['faults']>[number];
type Workload = ScenarioInput['workload'];

/** The limits every generated scenario carries, so sizes and outcomes compare like for like. */
const LIMITS = { maxEvents: 500, maxTimeMs: 600_000 };

function scenario(master: string, workload: Workload, faults: Fault[], conf: Record<string, number> = {}): ScenarioInput {
  return { scenario: 1, seed: 0, cluster: { master }, conf, workload, faults, limits: LIMITS };
}

function oneExecutor(workload: Workload, faults: Fault[]): ScenarioInput {
  return {
    scenario: 1,
    seed: 0,
    cluster: { master: 'cluster', executors: [{ id: '1', host: 'host-0', cores: 1 }] },
    conf: { 'spark.task.maxFailures': 1 },
    workload,
    faults,
    limits: LIMITS,
  };
}

/** One job over one RDD of one partition. */
const ONE_TASK: Workload = { mode: 'batch', rdds: [{ id: 0, partitions: 1 }], jobs: [{ rdd: 0 }] };
/** A map stage of one partition, a reduce stage of `reduce` partitions. */
const shuffleRdds = (reduce: number) => [
  { id: 0, partitions: 1 },
  { id: 1, partitions: reduce, deps: [{ rdd: 0, type: 'shuffle' as const }] },
];
const MAP_REDUCE = (reduce: number): Workload => ({ mode: 'batch', rdds: shuffleRdds(reduce), jobs: [{ rdd: 1 }] });
const MICRO_MAP_REDUCE = (reduce: number): Workload => ({
  mode: 'microBatch',
  rdds: shuffleRdds(reduce),
  sink: 1,
  batches: 1,
  restarts: 0,
  sinkApi: 'v2',
  recordsPerBatch: 10,
});

const fail = (reason: string, task: Record<string, number> = {}, extra: Record<string, unknown> = {}): Fault => ({ task, fail: { reason, ...extra } as never });
const exception = (task: Record<string, number> = {}, className = 'java.lang.RuntimeException'): Fault => ({
  task,
  fail: { reason: 'ExceptionFailure', className, description: 'injected 0' },
});
const fetchFailed = (task: Record<string, number>, durationMs?: number): Fault => ({
  task,
  fail: { reason: 'FetchFailed', shuffle: 0, mapIndex: 0 },
  ...(durationMs === undefined ? {} : { durationMs }),
});
const slow = (task: Record<string, number>, durationMs: number): Fault => ({ task, durationMs });

/** The zombie story in its least form: a fetch failure makes the reduce stage's first attempt a zombie while its other task still runs. */
const ZOMBIE = [fetchFailed({ stageAttempt: 0, partition: 0 }), slow({ partition: 1 }, 1200)];
/** Two fetch failures of one attempt, the second landing after the map stage was resubmitted for the first. */
const LATE_FETCH_FAILURE = (ms: number) => [fetchFailed({ partition: 0 }), fetchFailed({}, ms)];

const SINGLE = 'the least any scenario has: one RDD of one partition, one job, one executor, and the one fault that shows the bug';
const ZOMBIE_WHY =
  'a map stage and two reduce tasks on two threads: one task fetch-fails, making its attempt a zombie while the other (slow) task still runs in it';

export const MINIMAL_EXAMPLES: readonly MinimalExample[] = [
  { mutant: 'count-killed', property: 'I5', why: SINGLE, scenario: scenario('local', ONE_TASK, [fail('TaskKilled')]) },
  { mutant: 'count-commit-denied', property: 'I5', why: SINGLE, scenario: scenario('local', ONE_TASK, [fail('TaskCommitDenied')]) },
  {
    mutant: 'count-unrelated-executor-loss',
    property: 'I5',
    why: `${SINGLE} (an executor of a cluster, lost for a reason not the app's)`,
    scenario: oneExecutor(ONE_TASK, [{ executorLost: { executor: '1', atMs: 0, exitCausedByApp: false } }]),
  },
  { mutant: 'ignore-result-lost', property: 'I4', why: SINGLE, scenario: scenario('local', ONE_TASK, [fail('TaskResultLost')]) },
  { mutant: 'abort-one-late', property: 'I4', why: SINGLE, scenario: scenario('local', ONE_TASK, [exception()]) },
  { mutant: 'abort-one-early', property: 'I5', why: `${SINGLE}, with a limit of 2 (local[1,2])`, scenario: scenario('local[1,2]', ONE_TASK, [exception()]) },
  {
    mutant: 'count-while-zombie',
    property: 'I5',
    why: `${ZOMBIE_WHY}; a failure in the second attempt's stage is counted for the zombie`,
    scenario: scenario('local[2]', MAP_REDUCE(2), [fetchFailed({ partition: 0 }), exception({ stage: 1 })]),
  },
  {
    mutant: 'continuous-real-retry',
    property: 'model',
    why: 'a continuous query of one partition and one epoch whose task fails once',
    scenario: scenario(
      'local',
      { mode: 'continuous', partitions: 1, epochs: 1, restarts: 0, retryPolicy: 'none', epochIntervalMs: 200, recordsPerSecond: 10 },
      [fail('TaskKilled')],
      { 'spark.sql.streaming.continuous.epochBacklogQueueSize': 50 },
    ),
  },
  {
    mutant: 'continuous-reread-from-start',
    property: 'CP10',
    why: 'one partition, a restart after epochs were committed (a backlog limit of 1 ends the first run with no fault); three epochs are the fewest that commit before it',
    scenario: scenario(
      'local',
      { mode: 'continuous', partitions: 1, epochs: 3, restarts: 1, retryPolicy: 'none', epochIntervalMs: 200, recordsPerSecond: 10 },
      [],
      { 'spark.sql.streaming.continuous.epochBacklogQueueSize': 1 },
    ),
  },
  {
    mutant: 'micro-batch-skip-uncommitted',
    property: 'MB7',
    why: 'one batch of one task that fails in the first run, and one restart',
    scenario: scenario(
      'local',
      { mode: 'microBatch', rdds: [{ id: 0, partitions: 1 }], sink: 0, batches: 1, restarts: 1, sinkApi: 'v2', recordsPerBatch: 10 },
      [exception({ run: 0 })],
    ),
  },
  {
    mutant: 'state-commit-on-failure',
    property: 'MB9',
    why: 'a stateful stage needs a shuffle before it: two RDDs of one partition, and a fetch failure in the stateful task',
    scenario: scenario('local', MICRO_MAP_REDUCE(1), [fetchFailed({})]),
  },
  {
    mutant: 'stage-retried-forever',
    property: 'I14',
    why: 'a shuffle (two RDDs of one partition) and a reduce task that always fetch-fails',
    scenario: scenario('local', MAP_REDUCE(1), [fetchFailed({})]),
  },
  {
    mutant: 'stale-fetch-failure-resubmits',
    property: 'I9',
    why: 'two reduce tasks of one attempt fetch-fail, the second after the map stage was resubmitted for the first',
    scenario: scenario('local[2]', MAP_REDUCE(2), LATE_FETCH_FAILURE(401)),
  },
  {
    mutant: 'zombie-result-tasks-run-on',
    property: 'I32',
    why: `${ZOMBIE_WHY}, and still runs when the job succeeds`,
    scenario: scenario('local[2]', MAP_REDUCE(2), ZOMBIE),
  },
  {
    mutant: 'zombie-success-unknown',
    property: 'I2',
    why: `${ZOMBIE_WHY}, and succeeds there while the second attempt runs the same partition`,
    scenario: scenario('local[2]', MAP_REDUCE(2), ZOMBIE),
  },
  {
    mutant: 'no-task-end-after-stage-gone',
    property: 'I17b',
    why: 'two tasks on two threads: one fails the job, the other ends after its stage is gone',
    scenario: scenario('local[2]', { mode: 'batch', rdds: [{ id: 0, partitions: 2 }], jobs: [{ rdd: 0 }] }, [exception()]),
  },
  {
    mutant: 'empty-stage-never-completes',
    property: 'I30',
    why: 'the second fetch failure lands while the map stage re-runs, so the reduce stage is resubmitted with nothing missing',
    scenario: scenario('local[2]', MAP_REDUCE(2), LATE_FETCH_FAILURE(305)),
  },
  {
    mutant: 'killed-task-reports-fetch-failure',
    property: 'MB9',
    why: `${ZOMBIE_WHY}, killed at the end: only a stateful micro-batch stage shows its wrong end (no batch property sees it)`,
    scenario: scenario('local[2]', MICRO_MAP_REDUCE(2), ZOMBIE),
  },
  {
    mutant: 'killed-task-reports-exception',
    property: 'MB9',
    why: `${ZOMBIE_WHY}, killed at the end: only a stateful micro-batch stage shows its wrong end (no batch property sees it)`,
    scenario: scenario('local[2]', MICRO_MAP_REDUCE(2), ZOMBIE),
  },
  {
    mutant: 'output-exists-retried',
    property: 'model',
    why: SINGLE,
    scenario: scenario('local', ONE_TASK, [exception({}, 'org.apache.spark.TaskOutputFileAlreadyExistException')]),
  },
  {
    mutant: 'stage-failures-not-reset',
    property: 'I14',
    why: 'with maxConsecutiveAttempts 2, the middle of three stages fails, succeeds, and fails again when the last stage loses its output; fewer stages give no stage that succeeds and then runs again',
    scenario: scenario(
      'local',
      { mode: 'batch', rdds: [...shuffleRdds(1), { id: 2, partitions: 1, deps: [{ rdd: 1, type: 'shuffle' }] }], jobs: [{ rdd: 2 }] },
      [
        fail('FetchFailed', { stageAttempt: 0 }, { shuffle: 0, mapIndex: 0 }),
        fail('FetchFailed', { stage: 2, stageAttempt: 0 }, { shuffle: 1, mapIndex: 0 }),
        fail('FetchFailed', { stageAttempt: 2 }, { shuffle: 0, mapIndex: 0 }),
      ],
      { 'spark.stage.maxConsecutiveAttempts': 2 },
    ),
  },
  {
    mutant: 'duplicate-shuffle-stage',
    property: 'model',
    why: 'a shuffle read twice by one RDD (once through a narrow dependency on its parent), so one job reaches it by two paths; a second job shows the stage that ran twice',
    scenario: scenario(
      'local',
      {
        mode: 'batch',
        rdds: [
          { id: 0, partitions: 1 },
          { id: 1, partitions: 1, deps: [{ rdd: 0, type: 'shuffle' }] },
          {
            id: 2,
            partitions: 1,
            deps: [
              { rdd: 1, type: 'narrow' },
              { rdd: 1, type: 'shuffle' },
            ],
          },
        ],
        jobs: [{ rdd: 2 }, { rdd: 2 }],
      },
      [],
    ),
  },
];
