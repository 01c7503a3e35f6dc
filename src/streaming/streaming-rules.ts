// Structured Streaming's recovery rules, as data (as src/spark/scheduler-rules.ts holds the
// scheduler's). Spark 3.2's rules are the default; the harness swaps one for a deliberately
// broken copy (a "mutant") to measure whether its properties notice.

export interface StreamingRules {
  /** Every continuous attempt with attemptNumber >= 1 throws before reading anything (streaming spec §5.3 step 1). */
  continuousRetriesFail: boolean;
  /** A continuous run's readers begin at offsets/(last committed epoch), not at the source's start (§5.2 step 1). */
  continuousResumesFromCommittedOffsets: boolean;
  /** A restarted micro-batch query first re-runs its last logged batch when that has no commit (§4.4). */
  microBatchRerunsUncommitted: boolean;
  /** Only a task that consumed its partition commits its state store (§4.2). */
  stateCommitsAfterWork: boolean;
}

export const SPARK_STREAMING_RULES: StreamingRules = {
  continuousRetriesFail: true,
  continuousResumesFromCommittedOffsets: true,
  microBatchRerunsUncommitted: true,
  stateCommitsAfterWork: true,
};
