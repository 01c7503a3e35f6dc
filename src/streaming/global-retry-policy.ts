// retryPolicy "global" (beyond Spark, off by default; streaming spec §6 and §9 variant (a)):
// on a partition's first counted failure, every partition restarts from the last committed
// epoch, with no fake retries, within a budget of `restarts`. Its message when the budget is
// spent is ours, not Spark's, and says so.

export function globalRetryBudgetExhausted(budget: number, lastFailure: string): string {
  return (
    `Global retry budget exhausted: ${budget} restart(s) allowed by retryPolicy "global" were used ` +
    `(spark-retry-harness extension); most recent failure: ${lastFailure}`
  );
}
