// Deliberately broken copies of Spark's scheduler and streaming rules (src/spark/scheduler-rules.ts,
// src/streaming/streaming-rules.ts). A good harness catches each one: a campaign run against the
// mutant must find a property that fails. `srh mutants` measures that. The historical ones
// re-introduce a bug Spark once had (its JIRA id and the release that fixed it), restated from the
// fix's pull request: Spark 3.2 has the fix, so its rule is the default.
import { countsTowardsTaskFailures } from '../spark/task-end-reason.js';
import type { Mode } from '../../properties/arbitraries/scenario.js';
import type { SimulationRules } from '../simulate.js';

export interface Mutant {
  id: string;
  description: string;
  rules: Partial<SimulationRules>;
  /** The modes whose rules it breaks, when not every mode's: its campaigns generate only those. */
  modes?: readonly Mode[];
  /** A historical mutant: the JIRA issue of the Spark bug it re-introduces... */
  jira?: string;
  /** ...and the first Spark release with the fix. */
  fixedIn?: string;
}

/** Spark's own scheduler bugs, each as it was before its fix (see each fix's pull request). */
const HISTORICAL: readonly Mutant[] = [
  {
    id: 'stage-retried-forever',
    description: 'fetch failures resubmit a stage without bound: spark.stage.maxConsecutiveAttempts does not exist, so a lost shuffle loops forever',
    rules: { boundsStageAttempts: false },
    modes: ['batch', 'microBatch'],
    jira: 'SPARK-5945',
    fixedIn: '1.6.0',
  },
  {
    id: 'stale-fetch-failure-resubmits',
    description: 'a fetch failure from an older (zombie) attempt of a stage fails its running attempt again and resubmits it: concurrent attempts of one stage',
    rules: { ignoresStaleFetchFailures: false },
    modes: ['batch', 'microBatch'],
    jira: 'SPARK-8103',
    fixedIn: '1.5.0',
  },
  {
    id: 'zombie-result-tasks-run-on',
    description: 'when a job succeeds, tasks still running in older attempts of its result stage are not killed and run on after the job',
    rules: { killsZombieResultTasksOnJobEnd: false },
    modes: ['batch', 'microBatch'],
    jira: 'SPARK-25773',
    fixedIn: '3.0.0',
  },
  {
    id: 'zombie-success-unknown',
    description:
      'a success in a zombie attempt is not passed on to the active attempt, which runs the partition again (a denied commit then retried until the job ends)',
    rules: { notifiesPartitionCompletion: false },
    modes: ['batch', 'microBatch'],
    jira: 'SPARK-27474',
    fixedIn: '3.0.0',
  },
  {
    id: 'no-task-end-after-stage-gone',
    description: 'a task that ends after its stage was cancelled or finished posts no TaskEnd, so listeners see it running forever',
    rules: { postsTaskEndWhenStageGone: false },
    jira: 'SPARK-13054',
    fixedIn: '2.0.0',
  },
  {
    id: 'empty-stage-never-completes',
    description: 'a stage resubmitted with no missing tasks posts StageSubmitted but never StageCompleted, and stays active',
    rules: { completesEmptyStage: false },
    modes: ['batch', 'microBatch'],
    jira: 'SPARK-1726',
    fixedIn: '1.1.0',
  },
  {
    id: 'killed-task-reports-fetch-failure',
    description: 'a task killed while its fetch fails reports FetchFailed instead of TaskKilled, which can trigger fetch-failure handling',
    rules: { killedTaskReportsOwnFailure: ['FetchFailed'] },
    modes: ['batch', 'microBatch'],
    jira: 'SPARK-23816',
    fixedIn: '2.3.1',
  },
  {
    id: 'killed-task-reports-exception',
    description: 'a killed task that throws something other than InterruptedException reports ExceptionFailure instead of TaskKilled',
    rules: { killedTaskReportsOwnFailure: ['ExceptionFailure'] },
    modes: ['batch', 'microBatch'],
    jira: 'SPARK-20217',
    fixedIn: '2.2.0',
  },
  {
    id: 'output-exists-retried',
    description:
      'a task whose output file already exists is retried, failing the same way until spark.task.maxFailures, instead of aborting the task set at once',
    rules: { abortsAtOnce: (c) => c === 'java.io.NotSerializableException' },
    modes: ['batch', 'microBatch'],
    jira: 'SPARK-29649',
    fixedIn: '3.0.0',
  },
  {
    id: 'duplicate-shuffle-stage',
    description: 'an ancestor shuffle reached by two paths of one job gets two map stages, which both run',
    rules: { reusesShuffleStagesWithinJob: false },
    modes: ['batch', 'microBatch'],
    jira: 'SPARK-13902',
    fixedIn: '2.0.0',
  },
];

export const MUTANTS: readonly Mutant[] = [
  {
    id: 'count-killed',
    description: 'TaskKilled counts towards spark.task.maxFailures',
    rules: { countsTowardsTaskFailures: (r) => r.kind === 'TaskKilled' || countsTowardsTaskFailures(r) },
  },
  {
    id: 'count-commit-denied',
    description: 'TaskCommitDenied counts towards spark.task.maxFailures, so denied commits (a side effect of other attempts committing) fail the job',
    jira: 'SPARK-14915',
    fixedIn: '2.0.0',
    rules: { countsTowardsTaskFailures: (r) => r.kind === 'TaskCommitDenied' || countsTowardsTaskFailures(r) },
  },
  {
    id: 'count-unrelated-executor-loss',
    description: 'an executor loss not caused by the app (YARN preemption) counts towards spark.task.maxFailures',
    jira: 'SPARK-8167',
    fixedIn: '1.6.0',
    rules: { countsTowardsTaskFailures: (r) => r.kind === 'ExecutorLostFailure' || countsTowardsTaskFailures(r) },
  },
  {
    id: 'ignore-result-lost',
    description: 'TaskResultLost does not count',
    rules: { countsTowardsTaskFailures: (r) => r.kind !== 'TaskResultLost' && countsTowardsTaskFailures(r) },
  },
  {
    id: 'abort-one-late',
    description: 'the task set aborts one failure after maxTaskFailures (> instead of >=)',
    rules: { reachedLimit: (n, max) => n > Math.max(max, 1) },
  },
  {
    id: 'abort-one-early',
    description: 'the task set aborts one failure before maxTaskFailures',
    rules: { reachedLimit: (n, max) => n >= max - 1 },
  },
  {
    id: 'stage-failures-not-reset',
    description:
      "a stage's success does not clear its failed attempts, so spark.stage.maxConsecutiveAttempts counts every fetch-failed attempt, not the consecutive ones",
    rules: { resetsStageFailuresOnSuccess: false },
    modes: ['batch', 'microBatch'],
  },
  {
    id: 'count-while-zombie',
    description: 'a zombie task set still counts failures',
    rules: { countsWhileZombie: true },
  },
  {
    id: 'continuous-real-retry',
    description: 'a continuous retry attempt reads and commits epochs (task-level retry, PR #20675, never merged)',
    rules: { continuousRetriesFail: false },
    modes: ['continuous'],
  },
  {
    id: 'continuous-reread-from-start',
    description: 'a continuous restart reads the source from its start instead of the committed offsets',
    rules: { continuousResumesFromCommittedOffsets: false },
    modes: ['continuous'],
  },
  {
    id: 'micro-batch-skip-uncommitted',
    description: 'a restarted micro-batch query skips its logged but uncommitted batch',
    rules: { microBatchRerunsUncommitted: false },
    modes: ['microBatch'],
  },
  {
    id: 'state-commit-on-failure',
    description: 'a stateful task commits its state store even when it fails',
    rules: { stateCommitsAfterWork: false },
    modes: ['microBatch'],
  },
  ...HISTORICAL,
];
