// Q3 query-runs (streaming spec §4.4, §5.8, §9 restart step 4): the runs of one streaming query,
// as its QueryStarted events show them. Runs are numbered 0, 1, 2, … in order, all of the same
// query id and mode; a restart from the checkpoint (by hand, or a micro-batch query's) is a new
// run with a new runId, while a continuous global-policy restart (beyond Spark, §9 variant (a))
// keeps the runId of the run it restarts. Each run but the last is terminated, or restarted by
// the policy, before the next one starts; a clean stop terminates with no exception and no causes,
// a failure with both.
import type { TraceEvent } from '../../src/trace/events.js';
import { invariant } from './invariant.js';

type QueryStarted = Extract<TraceEvent, { Event: 'SparkRetryHarnessQueryStarted' }>;

export const queryRuns = invariant(
  'Q3',
  'query-runs',
  'scenario',
  'a streaming query’s runs are numbered 0, 1, 2, … with one query id and mode; a restart gets a new runId, but for a continuous global-policy restart, which keeps it, a run is terminated before the next (but for a policy restart) starts, and a termination has causes iff it has an exception (streaming spec §4.4, §5.8, §9)',
  (ctx, report) => {
    const w = ctx.scenario?.workload;
    if (w === undefined || w.mode === 'batch') return;
    const global = w.mode === 'continuous' && w.retryPolicy === 'global';
    let previous: QueryStarted | null = null;
    let terminated = true;
    const seen = new Set<string>();
    ctx.events.forEach((e, i) => {
      if (e.Event === 'SparkRetryHarnessQueryTerminated') {
        terminated = true;
        // A clean stop has no exception, and so no causes; a failure's chain starts with its cause.
        if (e.exception === null && e.causes.length > 0) report(`run ${e.run} terminates without an exception, yet with causes ${JSON.stringify(e.causes)}`, i);
        if (e.exception !== null && e.causes.length === 0) report(`run ${e.run} terminates with an exception and no causes`, i);
      }
      if (e.Event !== 'SparkRetryHarnessQueryStarted') return;
      const expected = previous === null ? 0 : previous.run + 1;
      if (e.run !== expected) report(`run ${e.run} starts where run ${expected} was next`, i);
      if (e.mode !== w.mode) report(`run ${e.run} is a ${e.mode} run of a ${w.mode} query`, i);
      if (previous !== null && e.id !== previous.id) report(`run ${e.run} has query id ${e.id}; run ${previous.run} had ${previous.id}`, i);
      const sameRunId = previous !== null && e.runId === previous.runId;
      if (sameRunId && !global) report(`run ${e.run} keeps run ${previous!.run}'s runId ${e.runId}: a restart from the checkpoint gets a new one`, i);
      if (!sameRunId && seen.has(e.runId)) report(`run ${e.run} reuses the runId ${e.runId} of an earlier run`, i);
      if (previous !== null && !terminated && !sameRunId) report(`run ${e.run} starts before run ${previous.run} terminated`, i);
      seen.add(e.runId);
      previous = e;
      terminated = false;
    });
  },
);
