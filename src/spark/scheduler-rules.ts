// The scheduler rules Spark 3.2 applies (TaskSetManager, TaskSchedulerImpl, DAGScheduler,
// Executor), as data. Spark 3.2's rules are the default; the harness swaps one for a deliberately
// broken copy (a "mutant", src/harness/mutants.ts) to measure whether its properties notice: the
// way to check any scheduler plugged in Spark's place. Several rules are the fixes of Spark's own
// historical bugs (the JIRA named on each); their mutants re-introduce the bug as it was.
import { countsTowardsTaskFailures, type TaskEndReason } from './task-end-reason.js';

/** Exceptions that abort a task set at once, with no retry and no TaskEnd (spec §7.3 step 3). */
const ABORT_AT_ONCE = new Set(['java.io.NotSerializableException', 'org.apache.spark.TaskOutputFileAlreadyExistException']);

export interface SchedulerRules {
  /** TaskEndReason.countTowardsTaskFailures (spec §5). */
  countsTowardsTaskFailures(reason: TaskEndReason): boolean;
  /** The abort test after a counted failure: `numFailures >= maxTaskFailures` (spec §7.3 step 6). */
  reachedLimit(numFailures: number, maxTaskFailures: number): boolean;
  /** Whether a zombie task set still counts failures (Spark: no, surprising fact 5). */
  countsWhileZombie: boolean;
  /** An ExceptionFailure of this class aborts the task set at once (spec §7.3 step 3; SPARK-29649 for the output-file one). */
  abortsAtOnce(className: string): boolean;
  /** spark.stage.maxConsecutiveAttempts bounds a stage's fetch-failure retries (spec §10.4 step 2; SPARK-5945). */
  boundsStageAttempts: boolean;
  /** A stage's success clears its failed attempts, so the bound counts consecutive ones (Stage.clearFailures, spec §10.4). */
  resetsStageFailuresOnSuccess: boolean;
  /** A fetch failure from a stage attempt that is not the latest is ignored (spec §10.4 step 1; SPARK-8103). */
  ignoresStaleFetchFailures: boolean;
  /** A job's end kills the tasks still running in older attempts of its result stage (spec §10.2; SPARK-25773). */
  killsZombieResultTasksOnJobEnd: boolean;
  /** A success in an older stage attempt marks the partition done in every attempt (spec §7.6; SPARK-27474). */
  notifiesPartitionCompletion: boolean;
  /** A TaskEnd is posted even when the task's stage is gone (spec §11; SPARK-13054). */
  postsTaskEndWhenStageGone: boolean;
  /** A stage submitted with no missing tasks is marked finished at once (spec §10.1; SPARK-1726). */
  completesEmptyStage: boolean;
  /** A shuffle reached by two paths of one job's lineage gets one map stage (spec §3; SPARK-13902). */
  reusesShuffleStagesWithinJob: boolean;
  /**
   * The failures a killed task reports as such instead of TaskKilled (spec §6 rule 2). Spark 3.2:
   * none, a task killed by the driver always reports TaskKilled (SPARK-20217, SPARK-23816).
   */
  killedTaskReportsOwnFailure: readonly TaskEndReason['kind'][];
}

export const SPARK_RULES: SchedulerRules = {
  countsTowardsTaskFailures,
  reachedLimit: (n, max) => n >= max,
  countsWhileZombie: false,
  abortsAtOnce: (className) => ABORT_AT_ONCE.has(className),
  boundsStageAttempts: true,
  resetsStageFailuresOnSuccess: true,
  ignoresStaleFetchFailures: true,
  killsZombieResultTasksOnJobEnd: true,
  notifiesPartitionCompletion: true,
  postsTaskEndWhenStageGone: true,
  completesEmptyStage: true,
  reusesShuffleStagesWithinJob: true,
  killedTaskReportsOwnFailure: [],
};
