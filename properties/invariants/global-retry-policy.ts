// retryPolicy "global", beyond Spark (streaming spec §9; README): G1 budget, G2 no fake retry,
// G7 a spent budget fails the query. G3 and G4 are CP5 and CP10, which hold in both policies.
import { invariant } from './invariant.js';
import { factsOf } from './trace-facts.js';

const isGlobal = (ctx: { scenario?: { workload: { mode: string; retryPolicy?: string } } }): boolean =>
  ctx.scenario?.workload.mode === 'continuous' && ctx.scenario.workload.retryPolicy === 'global';

export const restartBudget = invariant('G1', 'restart-budget', 'scenario', 'a continuous query restarts at most `restarts` times, by hand or by the global policy', (ctx, report) => {
  const w = ctx.scenario?.workload;
  if (w?.mode !== 'continuous' && w?.mode !== 'microBatch') return;
  const starts = ctx.events.filter((e) => e.Event === 'SparkRetryHarnessQueryStarted').length;
  if (starts - 1 > w.restarts) report(`${starts - 1} restarts with a budget of ${w.restarts}`);
});

export const noFakeRetry = invariant('G2', 'no-fake-retry', 'scenario', 'under the global policy every task attempt has attemptNumber 0', (ctx, report) => {
  if (!isGlobal(ctx)) return;
  for (const t of factsOf(ctx.events).taskOrder) if (t.attempt !== 0) report(`TID ${t.tid} is attempt ${t.attempt}`, t.startIndex);
});

export const spentBudgetFails = invariant('G7', 'spent-budget-fails', 'scenario', 'under the global policy, a failure with the budget spent terminates the query with the documented message and restarts nothing', (ctx, report) => {
  if (!isGlobal(ctx)) return;
  ctx.events.forEach((e, i) => {
    if (e.Event !== 'SparkRetryHarnessQueryTerminated' || e.exception === null) return;
    if (!e.exception.includes('terminated with exception: ') || !(e.causes[0] ?? '').startsWith('Global retry budget exhausted') && !(e.causes[0] ?? '').startsWith('Size of the ')) {
      report(`a global-policy query failed with ${JSON.stringify(e.causes[0])}`, i);
    }
    if (ctx.events.slice(i + 1).some((x) => x.Event === 'SparkRetryHarnessQueryStarted')) report('the query restarted after its budget was spent', i);
  });
});
