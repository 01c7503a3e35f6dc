// CP14 writes-stopped (streaming spec §5.4 R6; ContinuousExecution.runContinuous's finally block,
// Spark 3.2.0): a continuous run whose job started sends StopContinuousExecutionWrites exactly
// once, after its job ended and before the run terminates or the next run starts; a run that
// submitted no job (its target was already committed) has no coordinator writes to stop. Only
// our simulator's traces carry the stop (a real run's trace says observesData: false), so real
// runs are left out.
import { epochStoryOf } from './epoch-story.js';
import { invariant } from './invariant.js';
import { factsOf } from './trace-facts.js';

export const writesStopped = invariant(
  'CP14',
  'writes-stopped',
  'scenario',
  "a continuous run whose job started stops its coordinator's writes exactly once, after its job's end and before it terminates or the next run starts; a run without a job stops none (streaming spec §5.4 R6)",
  (ctx, report) => {
    const story = epochStoryOf(ctx.events);
    if (story.runs.length === 0) return;
    const facts = factsOf(ctx.events);
    for (const run of story.runs) {
      if (!run.observesData) continue;
      const stops: number[] = [];
      for (let i = run.startedIndex + 1; i < run.endIndex; i++) {
        const e = ctx.events[i];
        if (e.Event === 'SparkRetryHarnessWritesStopped' && e.runId === run.runId) stops.push(i);
      }
      const what = `run ${run.run} (${run.runId})`;
      if (run.jobId === null) {
        if (stops.length > 0) report(`${what} submitted no job, yet stops writes`, stops[0]);
        continue;
      }
      const ends = facts.jobs.get(run.jobId)?.endIndexes ?? [];
      const ended = run.endIndex < ctx.events.length || run.terminated !== null;
      if (stops.length === 0) {
        if (ended && ends.length > 0) report(`${what} ended without stopping its coordinator's writes`, run.terminated?.index ?? run.endIndex);
        continue;
      }
      if (stops.length > 1) report(`${what} stops writes ${stops.length} times`, stops[1]);
      if (ends.length === 0 || ends[0] > stops[0]) report(`${what} stops writes before job ${run.jobId} ended`, stops[0]);
      if (run.terminated !== null && run.terminated.index < stops[0]) report(`${what} terminates before it stops writes`, run.terminated.index);
    }
  },
);
