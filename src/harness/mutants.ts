// Deliberately broken copies of Spark's retry rules. A good harness catches each one: a campaign
// run against the mutant must find a property that fails. `srh mutants` measures that.
import { countsTowardsTaskFailures } from '../spark/task-end-reason.js';
import type { Mode } from '../../properties/arbitraries/scenario.js';
import type { SimulationRules } from '../simulate.js';

export interface Mutant {
  id: string;
  description: string;
  rules: Partial<SimulationRules>;
  /** The modes whose rules it breaks, when not every mode's: its campaigns generate only those. */
  modes?: readonly Mode[];
}

export const MUTANTS: readonly Mutant[] = [
  {
    id: 'count-killed',
    description: 'TaskKilled counts towards spark.task.maxFailures',
    rules: { countsTowardsTaskFailures: (r) => r.kind === 'TaskKilled' || countsTowardsTaskFailures(r) },
  },
  {
    id: 'count-commit-denied',
    description: 'TaskCommitDenied counts towards spark.task.maxFailures',
    rules: { countsTowardsTaskFailures: (r) => r.kind === 'TaskCommitDenied' || countsTowardsTaskFailures(r) },
  },
  {
    id: 'count-unrelated-executor-loss',
    description: 'an executor loss not caused by the app counts',
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
];
