// Deliberately broken copies of Spark's retry rules. A good harness catches each one: a campaign
// run against the mutant must find a property that fails. `srh mutants` measures that.
import { countsTowardsTaskFailures } from '../spark/task-end-reason.js';
import type { SchedulerRules } from '../spark/scheduler-rules.js';

export interface Mutant {
  id: string;
  description: string;
  rules: Partial<SchedulerRules>;
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
];
