// Stage attempts and fetch-failure retries (spec §10.1, §10.4; catalogue I10, I11, I13, I14,
// I18, I19), all streaming checks (streaming.ts): they keep per stage attempt what they read.
import type { TraceEvent } from '../../src/trace/events.js';
import { streamingInvariant } from './streaming.js';
import { resultStageId, RunningJobs } from './running-jobs.js';
import { failedOnFetch, tsmKey } from './trace-facts.js';

type TaskEndEvent = Extract<TraceEvent, { Event: 'SparkListenerTaskEnd' }>;

/** DAGScheduler.RESUBMIT_TIMEOUT (spec §2): not configurable. */
const RESUBMIT_TIMEOUT_MS = 200;

export const stageAttemptsConsecutive = streamingInvariant(
  'I11',
  'stage-attempts-consecutive',
  'trace',
  'per stage, submitted attempt ids are 0, 1, 2, … and an attempt starts only after the previous one completed (spec §10.1)',
  (ctx, f, report) => ({
    end() {
      for (const [stage, attempts] of f.attemptsOfStage) {
        // A real log may begin mid-application (a fragment); a simulated run starts every stage at 0.
        if (ctx.scenario !== undefined && attempts[0].attemptId !== 0)
          report(`stage ${stage}: first attempt is ${attempts[0].attemptId}, not 0`, attempts[0].submittedIndex);
        attempts.forEach((a, k) => {
          const first = attempts[0].attemptId;
          if (a.attemptId !== first + k) report(`stage ${stage}: attempt ${a.attemptId} submitted where ${first + k} was due`, a.submittedIndex);
          const prev = attempts[k - 1];
          if (prev !== undefined && (prev.completedIndex === null || prev.completedIndex > a.submittedIndex)) {
            report(`stage ${stage}: attempt ${a.attemptId} submitted while attempt ${prev.attemptId} still runs`, a.submittedIndex);
          }
        });
      }
    },
  }),
);

/**
 * One exception, Spark's own: when a result stage's latest attempt has failed on a fetch failure
 * and, before its retry, a task of an older attempt finishes the job's last partition, the
 * DAGScheduler marks the stage finished again (handleTaskCompletion → markStageAsFinished, which
 * posts StageCompleted for latestInfo whether or not it completed before; 3.2.0). So a failed
 * attempt may complete a second time when the next event after it, but for other stages'
 * completions, is its job's success.
 */
export const stageCompletedOnce = streamingInvariant(
  'I10',
  'stage-completed-once',
  'trace',
  "each stage attempt completes at most once, and only after it was submitted (one active attempt per stage, spec §8), but for a failed result stage attempt completed again by its job's success",
  (ctx, f, report) => {
    /** Per completed stage attempt: whether that completion failed. */
    const done = new Map<string, boolean>();
    const resultOf = new Map<number, number>();
    let again: { key: string; stage: number; at: number } | null = null;
    return {
      event(e, i) {
        if (e.Event === 'SparkListenerJobStart') resultOf.set(e['Job ID'], resultStageId(e));
        if (again !== null && e.Event !== 'SparkListenerStageCompleted') {
          const byJobSuccess = e.Event === 'SparkListenerJobEnd' && e['Job Result'].Result === 'JobSucceeded' && resultOf.get(e['Job ID']) === again.stage;
          if (!byJobSuccess) report(`stage ${again.key} completes twice`, again.at);
          again = null;
        }
        if (e.Event !== 'SparkListenerStageCompleted') return;
        const stage = e['Stage Info']['Stage ID'];
        const key = tsmKey(stage, e['Stage Info']['Stage Attempt ID']);
        const failedBefore = done.get(key);
        if (failedBefore === true && again === null) again = { key, stage, at: i };
        else if (failedBefore !== undefined) report(`stage ${key} completes twice`, i);
        // A second completion is allowed once: after it, the attempt counts as not failed.
        done.set(key, failedBefore === undefined && e['Stage Info']['Failure Reason'] !== undefined);
        if (!f.stageAttempts.has(key)) report(`stage ${key} completes without being submitted`, i);
      },
      end() {
        if (again !== null && ctx.finished !== false) report(`stage ${again.key} completes twice`, again.at);
      },
    };
  },
);

export const stageRetryCause = streamingInvariant(
  'I13',
  'stage-retry-cause',
  'trace',
  'a stage attempt after the first follows, since the stage was first submitted, a fetch failure, a lost executor, a resubmitted task of its own or a barrier task failure: other task failures never retry a stage (spec §10.3, §10.4)',
  (_ctx, _f, report) => {
    // The last cause seen anywhere (fetch failure, executor loss) and per stage (Resubmitted, barrier).
    let lastAnyCause = -1;
    const lastOwnCause = new Map<number, number>();
    const firstSubmitted = new Map<number, number>();
    const barrierStages = new Set<number>();
    return {
      event(e: TraceEvent, i: number) {
        if (e.Event === 'SparkListenerTaskEnd') {
          const reason = e['Task End Reason'].Reason;
          if (reason === 'FetchFailed') lastAnyCause = i;
          if (reason === 'Resubmitted' || (barrierStages.has(e['Stage ID']) && reason !== 'Success')) lastOwnCause.set(e['Stage ID'], i);
          return;
        }
        if (e.Event === 'SparkListenerExecutorRemoved') lastAnyCause = i;
        if (e.Event !== 'SparkListenerStageSubmitted') return;
        const stage = e['Stage Info']['Stage ID'];
        if (e['Stage Info']['RDD Info'].some((r) => (r as { Barrier?: boolean }).Barrier === true)) barrierStages.add(stage);
        if (e['Stage Info']['Stage Attempt ID'] === 0) {
          if (!firstSubmitted.has(stage)) firstSubmitted.set(stage, i);
          return;
        }
        const since = firstSubmitted.get(stage);
        if (since === undefined) return; // attempt 0 is not in this log (a fragment)
        if (Math.max(lastAnyCause, lastOwnCause.get(stage) ?? -1) < since) {
          report(
            `stage ${stage} attempt ${e['Stage Info']['Stage Attempt ID']} submitted with no fetch failure or executor loss since the stage was first submitted`,
            i,
          );
        }
      },
    };
  },
);

const MAX_ATTEMPTS = /has failed the maximum allowable number of times: (\d+)\. Most recent failure reason:/;
const LIMIT_ABORT = /(?:ResultStage|ShuffleMapStage) (\d+) \([^\n]*\) has failed the maximum allowable number of times: (\d+)\. Most recent failure reason:/;

/**
 * Spark's failedAttemptIds, as the trace shows it (DAGScheduler.handleTaskCompletion and
 * markStageAsFinished, 3.2.0): a fetch failure from the stage's latest attempt, while the stage
 * still runs for a job, adds that attempt, even when the attempt had already completed; a
 * successful completion clears the set (Stage.clearFailures). The limit's abort comes on the
 * failure that makes the set reach the limit.
 */
export const consecutiveAttemptLimit = streamingInvariant(
  'I14',
  'consecutive-attempt-limit',
  'trace',
  'a stage never has spark.stage.maxConsecutiveAttempts failed attempts since its last success, except the one that aborts the job with that message; an attempt fails by a fetch failure of its own while it is the latest, even after it completed (spec §10.4)',
  (ctx, f, report) => {
    const latest = new Map<number, number>();
    const failed = new Map<number, Set<number>>();
    const running = new RunningJobs();
    /** Each time a stage's set grew: its size, at that fetch failure. */
    const grown: { stage: number; size: number; at: number }[] = [];
    return {
      event(e, i) {
        switch (e.Event) {
          case 'SparkListenerJobStart':
            running.event(e);
            return;
          case 'SparkListenerStageSubmitted':
            latest.set(e['Stage Info']['Stage ID'], e['Stage Info']['Stage Attempt ID']);
            return;
          case 'SparkListenerStageCompleted':
            if (e['Stage Info']['Failure Reason'] === undefined) failed.get(e['Stage Info']['Stage ID'])?.clear();
            return;
          case 'SparkListenerTaskEnd': {
            const stage = e['Stage ID'];
            if (e['Task End Reason'].Reason !== 'FetchFailed' || latest.get(stage) !== e['Stage Attempt ID'] || !running.runs(stage)) return;
            const set = failed.get(stage) ?? failed.set(stage, new Set()).get(stage)!;
            if (set.has(e['Stage Attempt ID'])) return;
            set.add(e['Stage Attempt ID']);
            grown.push({ stage, size: set.size, at: i });
            return;
          }
          case 'SparkListenerJobEnd': {
            const r = e['Job Result'];
            const m = r.Result === 'JobFailed' ? LIMIT_ABORT.exec(r.Exception?.Message ?? '') : null;
            running.event(e); // the limit's abort comes before the job's cleanup: its set is still there
            if (m === null) return;
            const size = failed.get(Number(m[1]))?.size ?? 0;
            if (size < Math.max(Number(m[2]), 1))
              report(`job ${e['Job ID']} aborted stage ${m[1]} for failing ${m[2]} times after ${size} failed attempt(s)`, i);
            return;
          }
        }
      },
      end() {
        let max = ctx.scenario?.conf['spark.stage.maxConsecutiveAttempts'] ?? null;
        for (const j of f.jobs.values()) {
          const m = j.message === null ? null : MAX_ATTEMPTS.exec(j.message);
          if (m !== null && max === null) max = Number(m[1]);
        }
        if (max === null || ctx.scenario?.conf['spark.test.noStageRetry']) return;
        // Spark aborts once failedAttemptIds.size >= max, and the size is at least 1: 0 acts as 1.
        const limit = Math.max(max, 1);
        for (const g of grown) {
          if (g.size < limit) continue;
          const job = f.jobs.get(f.jobOfStage.get(g.stage) ?? -1);
          const aborted = job?.message !== null && job?.message !== undefined && MAX_ATTEMPTS.test(job.message) && job.message.includes(`times: ${max}.`);
          if (!aborted)
            report(`stage ${g.stage} has ${g.size} consecutive failed attempts (limit ${max}) but its job did not abort with the limit's message`, g.at);
          if (g.size > limit) report(`stage ${g.stage} ran past the limit: ${g.size} failed attempts`, g.at);
        }
      },
    };
  },
);

export const lateFetchFailureIgnored = streamingInvariant(
  'I18',
  'late-fetch-failure-ignored',
  'trace',
  'a stage attempt fails on a fetch failure only if that failure came from the attempt itself; one from an older attempt changes nothing (spec §10.4 step 1)',
  (_ctx, f, report) => ({
    event(e, i) {
      if (e.Event !== 'SparkListenerStageCompleted') return;
      const key = tsmKey(e['Stage Info']['Stage ID'], e['Stage Info']['Stage Attempt ID']);
      const sa = f.stageAttempts.get(key);
      if (sa === undefined || sa.completedIndex !== i || !failedOnFetch(f, sa)) return;
      if (!f.ownFetchFailure.has(key)) report(`stage ${key} failed with "${sa.failureReason!.split('\n')[0]}" without a fetch failure of its own`, i);
    },
  }),
);

export const resubmitDelay = streamingInvariant(
  'I19',
  'resubmit-delay',
  'trace',
  `a stage that failed on a fetch failure starts its next attempt at least ${RESUBMIT_TIMEOUT_MS} ms after the fetch failure that scheduled the resubmission (spec §2 RESUBMIT_TIMEOUT, §10.4)`,
  (ctx, _f, report) => {
    // ResubmitFailedStages is scheduled by the first fetch failure that finds no resubmission
    // queued, and resubmits every failed stage at once: a stage that failed later rides along, so
    // the bound holds from the first fetch failure since the last resubmission. Only failed stages
    // are checked: a parent map stage may run again at once when it finishes with outputs missing
    // (surprising fact 15).
    // In a simulated run (jobs one at a time), the failed stage's only parent, if it is not running
    // when the fetch fails, is resubmitted with it and keeps the same bound; a real application
    // may submit another job that needs it at once.
    let pendingSince: number | null = null;
    const boundFor = new Map<string, number>();
    const parentsOf = new Map<number, number[]>();
    const latest = new Map<number, { attempt: number; completed: boolean }>();
    return {
      event(e: TraceEvent, i: number) {
        if (e.Event === 'SparkListenerTaskEnd' && e['Task End Reason'].Reason === 'FetchFailed') {
          const finish = (e as TaskEndEvent)['Task Info']['Finish Time'];
          if (pendingSince === null) pendingSince = finish;
          const key = `${e['Stage ID']}.${e['Stage Attempt ID'] + 1}`;
          if (!boundFor.has(key)) boundFor.set(key, pendingSince);
          const parents = parentsOf.get(e['Stage ID']) ?? [];
          const parent = parents.length === 1 ? latest.get(parents[0]) : undefined;
          if (ctx.scenario !== undefined && parent !== undefined && parent.completed) {
            const parentKey = `${parents[0]}.${parent.attempt + 1}`;
            if (!boundFor.has(parentKey)) boundFor.set(parentKey, pendingSince);
          }
          return;
        }
        if (e.Event === 'SparkListenerStageCompleted') {
          const l = latest.get(e['Stage Info']['Stage ID']);
          if (l !== undefined && l.attempt === e['Stage Info']['Stage Attempt ID']) l.completed = true;
          return;
        }
        if (e.Event !== 'SparkListenerStageSubmitted') return;
        parentsOf.set(e['Stage Info']['Stage ID'], e['Stage Info']['Parent IDs'] ?? []);
        latest.set(e['Stage Info']['Stage ID'], { attempt: e['Stage Info']['Stage Attempt ID'], completed: false });
        if (e['Stage Info']['Stage Attempt ID'] === 0) return;
        const key = `${e['Stage Info']['Stage ID']}.${e['Stage Info']['Stage Attempt ID']}`;
        const since = boundFor.get(key);
        const submitted = e['Stage Info']['Submission Time'];
        if (since !== undefined && since > 0 && submitted !== undefined && submitted - since < RESUBMIT_TIMEOUT_MS) {
          report(`stage ${key} started ${submitted - since} ms after the fetch failure that scheduled its resubmission`, i);
        }
        pendingSince = null;
      },
    };
  },
);
