// retryPolicy "global", beyond Spark (streaming spec §9; README): G1 budget, G2 no fake retry,
// G7 a spent budget fails the query as Spark mode would. G3 and G4 are CP5 and CP10, which hold in both policies.
import type { TraceEvent } from '../../src/trace/events.js';
import { isJobAbort } from '../../src/spark/messages.js';
import { isBacklogMessage } from '../../src/streaming/epoch-coordinator.js';
import { WRITING_JOB_ABORTED } from '../../src/streaming/streaming-errors.js';
import { backlogTripOf } from './continuous-epochs.js';
import { epochStoryOf } from './epoch-story.js';
import { invariant } from './invariant.js';
import { factsOf } from './trace-facts.js';

const isGlobal = (ctx: { scenario?: { workload: { mode: string; retryPolicy?: string } } }): boolean =>
  ctx.scenario?.workload.mode === 'continuous' && ctx.scenario.workload.retryPolicy === 'global';

export const restartBudget = invariant(
  'G1',
  'restart-budget',
  'scenario',
  'a continuous query restarts at most `restarts` times, by hand or by the global policy',
  (ctx, report) => {
    const w = ctx.scenario?.workload;
    if (w?.mode !== 'continuous' && w?.mode !== 'microBatch') return;
    const starts = ctx.events.filter((e) => e.Event === 'SparkRetryHarnessQueryStarted').length;
    if (starts - 1 > w.restarts) report(`${starts - 1} restarts with a budget of ${w.restarts}`);
  },
);

/** How many times the query had started before each event (0 before the first start). */
function runsStartedBefore(events: readonly TraceEvent[]): number[] {
  let starts = 0;
  return events.map((e) => (e.Event === 'SparkRetryHarnessQueryStarted' ? ++starts : starts));
}

export const noFakeRetry = invariant(
  'G2',
  'no-fake-retry',
  'scenario',
  'under the global policy no fake retry (attemptNumber > 0) runs while restarts remain: only in the last run the budget allows',
  (ctx, report) => {
    if (!isGlobal(ctx)) return;
    const budget = (ctx.scenario!.workload as { restarts: number }).restarts;
    const started = runsStartedBefore(ctx.events);
    for (const t of factsOf(ctx.events).taskOrder) {
      const run = started[t.startIndex] - 1;
      if (t.attempt !== 0 && run < budget) report(`TID ${t.tid} is attempt ${t.attempt} in run ${run}, with ${budget - run} restart(s) left`, t.startIndex);
    }
  },
);

export const spentBudgetFails = invariant(
  'G7',
  'spent-budget-fails',
  'scenario',
  'under the global policy a task failure ends the query only once the budget is spent (or once its coordinator passed the backlog limit), with the same failure chain as Spark mode ("Writing job aborted", the job\'s abort, the task\'s error), and nothing restarts after',
  (ctx, report) => {
    if (!isGlobal(ctx)) return;
    const budget = (ctx.scenario!.workload as { restarts: number }).restarts;
    const started = runsStartedBefore(ctx.events);
    ctx.events.forEach((e, i) => {
      if (e.Event !== 'SparkRetryHarnessQueryTerminated' || e.exception === null) return;
      const [first, second] = e.causes;
      if (isBacklogMessage(first)) return; // the backlog limit stops the query in both modes
      // A run past its backlog limit is failing whatever lands first; the policy does not restart it.
      const run = epochStoryOf(ctx.events).runAt(e.runId, i);
      if (run !== undefined && backlogTripOf(ctx.events, run, ctx.scenario!.conf['spark.sql.streaming.continuous.epochBacklogQueueSize']) !== null) return;
      const sparkChain = first === WRITING_JOB_ABORTED ? isJobAbort(second) : isJobAbort(first);
      if (!sparkChain) report(`a global-policy query failed with ${JSON.stringify(first)}, not Spark's failure chain`, i);
      if (started[i] - 1 < budget) report(`the query failed in run ${started[i] - 1} with ${budget - started[i] + 1} restart(s) left`, i);
      if (ctx.events.slice(i + 1).some((x) => x.Event === 'SparkRetryHarnessQueryStarted')) report('the query restarted after its budget was spent', i);
    });
  },
);
