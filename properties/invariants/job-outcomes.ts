// Jobs (spec §4, §10.2, §10.5; catalogue I12, I15, I16): one end per job, Spark's message forms,
// and no retry after a task-failure abort. I12, I15 and I16 are streaming checks (streaming.ts).
import { invariant } from './invariant.js';
import { streamingInvariant } from './streaming.js';
import { resultStageId } from './running-jobs.js';
import { factsOf, finalEnd, TASK_ABORT } from './trace-facts.js';

// A stage that aborts on task failures completes with the job's message (cancelRunningIndependentStages).
export const noRetryAfterTaskAbort = streamingInvariant(
  'I12',
  'no-retry-after-task-abort',
  'trace',
  'after a task-failure abort no attempt of that stage ever starts again, and every running job that needs the stage ends JobFailed (spec §10.5)',
  (_ctx, f, report) => ({
    end() {
      for (const sa of f.stageAttempts.values()) {
        if (sa.completedIndex === null || sa.failureReason === null || !TASK_ABORT.test(sa.failureReason)) continue;
        const abortedAt = sa.completedIndex;
        // Jobs that need the stage and were running when it aborted (abortStage's dependent jobs).
        const dependents = [...f.jobs.values()].filter(
          (j) =>
            j.stageIds.includes(sa.stageId) && j.startIndex !== null && j.startIndex < abortedAt && (j.endIndexes.length === 0 || j.endIndexes[0] > abortedAt),
        );
        for (const j of dependents) {
          if (j.result === 'JobSucceeded')
            report(`job ${j.jobId} needed stage ${sa.stageId}, whose attempt ${sa.attemptId} aborted on task failures, yet succeeded`, j.endIndexes[0]);
        }
        // Every job needing it has failed, so the stage is forgotten: no attempt of it ever follows.
        const later = (f.attemptsOfStage.get(sa.stageId) ?? []).find((a) => a.attemptId > sa.attemptId);
        if (later !== undefined) report(`stage ${sa.stageId} got attempt ${later.attemptId} after it aborted on task failures`, later.submittedIndex);
      }
    },
  }),
);

export const jobMessageForm = streamingInvariant(
  'I15',
  'job-message-form',
  'trace',
  'a job failure message starts "Job aborted due to stage failure: " or "Job <id> cancelled "; a task-failure abort ends with "\\nDriver stacktrace:" (spec §4)',
  (_ctx, f, report) => ({
    end() {
      for (const j of f.jobs.values()) {
        if (j.result !== 'JobFailed' || j.message === null) continue;
        const at = j.endIndexes[0];
        // Spark before 3.0 wrote "Job cancelled because SparkContext was shut down" without the id.
        // Spark 4 prefixes its error class: "[SPARK_JOB_CANCELLED] Job <id> cancelled …".
        const ok =
          j.message.startsWith('Job aborted due to stage failure: ') ||
          /^(\[SPARK_JOB_CANCELLED\] )?Job \d+ cancelled /.test(j.message) ||
          j.message.startsWith('Job cancelled because SparkContext was shut down');
        if (!ok) report(`job ${j.jobId} failed with "${j.message.split('\n')[0]}"`, at);
        if (TASK_ABORT.test(j.message) && !j.message.endsWith('\nDriver stacktrace:'))
          report(`job ${j.jobId}'s task-failure abort does not end with "\\nDriver stacktrace:"`, at);
      }
    },
  }),
);

export const oneEndPerJob = streamingInvariant(
  'I16',
  'one-end-per-job',
  'trace',
  'a job ends at most once, never before it started; JobSucceeded only when every output partition succeeded (spec §10.2)',
  (_ctx, f, report) => {
    // Per running job, the partitions of its result stage (its highest stage id) that succeeded so far; frozen at its first end.
    const running = new Map<number, { stage: number; done: Set<number> }>();
    const doneAtEnd = new Map<number, number>();
    return {
      event(e) {
        if (e.Event === 'SparkListenerJobStart' && e['Stage IDs'].length > 0 && !running.has(e['Job ID']))
          running.set(e['Job ID'], { stage: resultStageId(e), done: new Set() });
        if (e.Event === 'SparkListenerJobEnd' && running.has(e['Job ID'])) {
          doneAtEnd.set(e['Job ID'], running.get(e['Job ID'])!.done.size);
          running.delete(e['Job ID']);
        }
        if (e.Event !== 'SparkListenerTaskEnd' || e['Task End Reason'].Reason !== 'Success') return;
        const t = f.tasks.get(e['Task Info']['Task ID']);
        if (t === undefined || t.partition === null || finalEnd(t) !== t.ends.at(-1)) return;
        for (const r of running.values()) if (r.stage === t.stageId) r.done.add(t.partition);
      },
      end() {
        for (const j of f.jobs.values()) {
          if (j.endIndexes.length > 1) report(`job ${j.jobId} ends ${j.endIndexes.length} times`, j.endIndexes[1]);
          if (j.startIndex !== null && j.endIndexes.length > 0 && j.endIndexes[0] < j.startIndex)
            report(`job ${j.jobId} ends before it starts`, j.endIndexes[0]);
          if (j.result !== 'JobSucceeded' || j.startIndex === null || !f.hasPartitions) continue;
          const numPartitions = (f.attemptsOfStage.get(Math.max(...j.stageIds)) ?? [])[0]?.numTasks;
          const done = doneAtEnd.get(j.jobId) ?? 0;
          if (numPartitions !== undefined && done < numPartitions)
            report(`job ${j.jobId} succeeded with ${done} of ${numPartitions} result partitions done`, j.endIndexes[0]);
        }
      },
    };
  },
);

export const everyJobEnds = invariant(
  'I16b',
  'every-job-ends',
  'scenario',
  'in a run that finished, every JobStart has exactly one JobEnd (spec §10.2, §10.5)',
  (ctx, report) => {
    if (ctx.finished === false) return;
    for (const j of factsOf(ctx.events).jobs.values()) {
      if (j.startIndex !== null && j.endIndexes.length !== 1) report(`job ${j.jobId} has ${j.endIndexes.length} JobEnds`, j.startIndex);
    }
  },
);
