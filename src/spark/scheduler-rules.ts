// The retry rules a TaskSetManager applies, as data. Spark 3.2's rules are the default; the
// harness swaps one for a deliberately broken copy (a "mutant") to measure whether its
// properties notice — the way to check any scheduler plugged in Spark's place.
import { countsTowardsTaskFailures, type TaskEndReason } from './task-end-reason.js';

export interface SchedulerRules {
  /** TaskEndReason.countTowardsTaskFailures (spec §5). */
  countsTowardsTaskFailures(reason: TaskEndReason): boolean;
  /** The abort test after a counted failure: `numFailures >= maxTaskFailures` (spec §7.3 step 6). */
  reachedLimit(numFailures: number, maxTaskFailures: number): boolean;
  /** Whether a zombie task set still counts failures (Spark: no, surprising fact 5). */
  countsWhileZombie: boolean;
}

export const SPARK_RULES: SchedulerRules = {
  countsTowardsTaskFailures,
  reachedLimit: (n, max) => n >= max,
  countsWhileZombie: false,
};
