// Q1 stops-at-target (ARCHITECTURE §3 "Workloads": the user stops a streaming query once its
// target is committed; streaming spec §4.1, §5.7): once commits/(batches - 1) of a micro-batch
// query, or commits/(epochs - 1) of a continuous one, is written, the query runs no further job,
// and a continuous run still going then is stopped at that instant: its job ends (cancelled, or
// by what ended it first) at the commit's time, and a restart after it (a failure the run was
// already ending with, under policy "none") finds the target reached and submits nothing.
// This is the scenario's stop rule, not Spark's; in real Spark the user's stop lands when it lands.
import type { TraceEvent } from '../../src/trace/events.js';
import { invariant } from './invariant.js';

export const stopsAtTarget = invariant(
  'Q1',
  'stops-at-target',
  'scenario',
  "once a streaming query's last target batch or epoch is committed (batches - 1, epochs - 1), no job starts after it, and every job still running ends at that instant (the user's stop; streaming spec §4.1, §5.7)",
  (ctx, report) => {
    const w = ctx.scenario?.workload;
    if (w === undefined || w.mode === 'batch') return;
    const target = (w.mode === 'microBatch' ? w.batches : w.epochs) - 1;
    const at = ctx.events.findIndex((e) => e.Event === 'SparkRetryHarnessCommitLogWritten' && e.batch >= target);
    if (at < 0) return;
    const committedMs = (ctx.events[at] as Extract<TraceEvent, { Event: 'SparkRetryHarnessCommitLogWritten' }>).Timestamp;
    const what = `${w.mode === 'microBatch' ? 'batch' : 'epoch'} ${target}`;
    for (let i = at + 1; i < ctx.events.length; i++) {
      const e = ctx.events[i];
      if (e.Event === 'SparkListenerJobStart') report(`job ${e['Job ID']} starts after the target, ${what}, was committed at ${committedMs} ms`, i);
      else if (e.Event === 'SparkListenerJobEnd' && e['Completion Time'] > committedMs)
        report(
          `job ${e['Job ID']} ends at ${e['Completion Time']} ms, after the target, ${what}, was committed at ${committedMs} ms: the stop ends it then`,
          i,
        );
    }
  },
);
