// Continuous queries (streaming facts §5, scheduler facts §12): one job per run, one ResultStage
// with one long-running task per partition, epochs committed when every partition reported them.
// Attempt 0 of a partition fails at the first epoch whose first matching fault fails it; every
// later attempt fails at once with ContinuousTaskRetryException, which counts (§5.6). So the job
// aborts on attempt maxTaskFailures-1 of that partition, or on attempt maxTaskFailures when its
// first failure did not count (TaskKilled, TaskCommitDenied). Runs start at the epoch after the
// last committed one (§5.2, §5.8). retryPolicy "global" (§9 variant (a), beyond Spark): the first
// failure restarts every partition instead, within the `restarts` budget; once it is spent the
// failure takes Spark's path and the query ends with Spark's chain (§9 step 3, G7).
//
// Exact only when epochs are paced by the trigger alone: every partition has a core, the
// interval is positive, no fault delays a report, no executor loss and the backlog limit cannot
// trip. Otherwise the query is left open but for what holds in every run.
import type { ContinuousWorkload, InjectedReason } from '../src/scenario/types.js';
import {
  jobAbortedDueToStageFailure,
  jobCancelledByGroup,
  lostTaskMessage,
  taskFailedTooManyTimes,
  taskName,
  immediateAbortReason,
  isInterruptionClass,
} from './spark-messages.js';
import { effectOf, errorStringOf, firstFault, injectedErrorString, reasonName } from './faults.js';
import type { ModelEnv } from './job.js';
import { openQuery, terminatedWith, type StreamingPrediction } from './micro-batch.js';
import {
  concatText,
  exact,
  FRAMES_SENTINEL,
  ID_SENTINEL,
  template,
  TID_SENTINEL,
  WHERE_SENTINEL,
  type JobOutcome,
  type PartitionTasks,
  type QueryPrediction,
  type Text,
} from './prediction.js';

/** How far past its target the model follows a delayed run's epochs before it leaves the outcome open. */
const MAX_EPOCHS_SCANNED = 10_000;
const RETRY_CLASS = 'org.apache.spark.sql.execution.streaming.continuous.ContinuousTaskRetryException';
const RETRY_MESSAGE = 'Continuous execution does not support task retry';
/** The retry exception's printed trace: its thrower's frame is fixed (facts §12), the rest is not. */
const RETRY_ERROR =
  `${RETRY_CLASS}: ${RETRY_MESSAGE}\n` +
  `\tat org.apache.spark.sql.execution.streaming.continuous.ContinuousDataSourceRDD.compute(ContinuousDataSourceRDD.scala:78)\n` +
  FRAMES_SENTINEL;

interface Failure {
  partition: number;
  reason: InjectedReason;
}

export function predictContinuous(env: ModelEnv, w: ContinuousWorkload): StreamingPrediction {
  const P = w.partitions;
  const head = terminatedWith(w.queryName);
  const out: StreamingPrediction = { jobs: [], moreJobs: false, ends: 'always', works: [], notes: [], query: undefined as never };
  const committed: number[] = [];
  let tid: number | null = env.local ? 0 : null;
  let restartsUsed = 0;
  const leaveOpen = (why: string, run: number): StreamingPrediction => {
    out.notes.push(`continuous query left open from run ${run}: ${why}`);
    out.query = openQuery('continuous', head, { min: run + 1, max: w.restarts + 1 });
    out.moreJobs = true;
    out.ends = 'maybe';
    out.works.push(null);
    return out;
  };
  const settled = (statuses: QueryPrediction['statuses'], exceptions: Text[], runs: number): QueryPrediction => ({
    mode: 'continuous',
    statuses,
    exceptions,
    committed: [...committed],
    runs: { min: runs, max: runs },
    contiguous: true,
  });

  for (let run = 0; ; run++) {
    if (env.executorLosses) return leaveOpen('executor losses', run);
    if (env.cores < P) return leaveOpen('fewer cores than partitions: some partition never runs, epochs never commit', run);
    if (w.epochIntervalMs <= 0 || w.epochs <= 0 || P <= 0) return leaveOpen('degenerate trigger or size', run);
    if (env.backlogLimit < 2 * P + 2) return leaveOpen('the epoch backlog limit may trip', run);
    const start = committed.length === 0 ? 0 : committed[committed.length - 1] + 1;
    const jobId = run; // one job, with one stage, per run
    // Attempt 0 of each partition: the first epoch whose first matching fault fails it, and
    // whether a fault delays some report before the run can end.
    const scan = (last: number) => {
      const failEpoch = new Array<number>(P).fill(Infinity);
      const failReason = new Array<InjectedReason | null>(P).fill(null);
      let firstSlow = Infinity;
      let delay = 0;
      for (let p = 0; p < P; p++) {
        for (let e = start; e <= last; e++) {
          const f = firstFault(env.taskFaults, { job: jobId, batch: null, epoch: e, run, stage: jobId, stageAttempt: 0, partition: p, attempt: 0 }, []);
          if (f === null) continue;
          if (f.durationMs !== null) {
            firstSlow = Math.min(firstSlow, e);
            delay += f.durationMs;
          }
          if (f.fail !== null) {
            failEpoch[p] = e;
            failReason[p] = f.fail;
            break;
          }
        }
      }
      return { failEpoch, failReason, firstSlow, delay, firstFail: failEpoch.reduce((m, e) => Math.min(m, e), Infinity) };
    };
    const { failEpoch, failReason, firstSlow, delay, firstFail } = scan(w.epochs - 1);
    if (firstSlow <= Math.min(firstFail, w.epochs - 1)) {
      // Delays alone cannot stop the run from reaching its target; only a failure can, and a
      // delayed report lets later epochs of other partitions (even past the target) fail first.
      // So: exact when nothing fails up to the epoch the delays can reach, else left open.
      const reach = w.epochs - 1 + Math.ceil(delay / w.epochIntervalMs) + 1;
      const backlogSafe = 2 * P * (reach - start + 3) < env.backlogLimit;
      // Beyond a few thousand epochs of delay, scanning them costs more than it tells: left open.
      if (firstFail !== Infinity || !backlogSafe || reach - start > MAX_EPOCHS_SCANNED)
        return leaveOpen('a fault delays epoch reports, so timing decides', run);
      const far = scan(reach);
      if (far.firstFail !== Infinity || far.delay > delay) {
        return leaveOpen('a fault delays epoch reports, so timing decides', run);
      }
    }
    const where = env.where;
    const killedOthers = (except: Set<number>): PartitionTasks[] =>
      [...Array(P).keys()].filter((p) => !except.has(p)).map((p) => tasks(env, p, ['TaskKilled'], [null], 'exact', tid === null ? null : [tid + p]));
    // At the user's stop, runContinuous's finally block stops the EpochCoordinator's endpoint
    // before it cancels the job group (ContinuousExecution 3.2.0), so a task still asking it for
    // the epoch may fail first ("Epoch poll failed", ContinuousQueuedDataReader) and end
    // ExceptionFailure instead of TaskKilled, counted: below the limit a fake retry may launch,
    // and fail or be killed in turn, before the cancellation lands. Seen on real Spark 3.2.0
    // ([ExceptionFailure] and [ExceptionFailure, TaskKilled]; README, findings). So each partition
    // shows a prefix of ExceptionFailures, its last attempt possibly killed; the job stays cancelled.
    const stoppedByUser = (except: Set<number>): PartitionTasks[] =>
      killedOthers(except).map((t) => ({
        ...t,
        reasons: new Array<string>(Math.max(1, env.maxTaskFailures)).fill('ExceptionFailure'),
        errors: new Array<string | null>(Math.max(1, env.maxTaskFailures)).fill(null),
        mode: 'prefix',
      }));
    const cancelled = template(jobCancelledByGroup(jobId, ID_SENTINEL));

    if (firstFail === Infinity) {
      // Every epoch to the target commits; the user stops the query: the job group is cancelled.
      for (let e = start; e < w.epochs; e++) committed.push(e);
      pushJob(out, jobId, run, [{ result: 'JobFailed', message: cancelled }], [cancelled], stoppedByUser(new Set()));
      out.works.push({ attempts: P, resubmits: 0, epochs: w.epochs - start });
      // The user's stop runs on another thread (StreamExecution.stop), and the coordinator goes on
      // committing epochs whose messages arrive until runContinuous's finally block stops its
      // writes: real Spark commits more epochs than the target when they are short (a real run
      // of 3 epochs at 50 ms committed epochs 0–17 before the stop landed). The simulator stops
      // at the target.
      out.query = { ...settled(['completed'], [], run + 1), mayCommitMore: true };
      return out;
    }
    for (let e = start; e < firstFail; e++) committed.push(e);
    const failing: Failure[] = [];
    for (let p = 0; p < P; p++) if (failEpoch[p] === firstFail) failing.push({ partition: p, reason: failReason[p]! });
    const single = failing.length === 1;
    const failingSet = new Set(failing.map((f) => f.partition));
    out.works.push({ attempts: P + failing.length * (env.maxTaskFailures + 1), resubmits: 0, epochs: firstFail - start + 1 });

    if (w.retryPolicy === 'global' && restartsUsed < w.restarts) {
      if (!single) return leaveOpen('several partitions fail at once under the global retry policy', run);
      const f = failing[0];
      const eff = effectOf(f.reason);
      if (eff === 'immediateAbort') return leaveOpen('an immediate abort under the global retry policy', run);
      // Any first failure, counted or not, restarts at once: relaunching the partition would only
      // run a fake retry, which the policy exists to avoid (README, "retryPolicy global").
      const ownTids = tid === null ? null : [tid + f.partition];
      // The job is cancelled, or aborts when that failure also reaches maxTaskFailures.
      const messages = [cancelled, ...(env.maxTaskFailures <= 1 && eff === 'counted' ? [abortText(env, f, 0, jobId, ownTids, where)] : [])];
      const t = tasks(env, f.partition, [reasonName(f.reason)], [errorStringOf(f.reason)], 'exact', ownTids);
      pushJob(
        out,
        jobId,
        run,
        messages.map((message) => ({ result: 'JobFailed', message })),
        messages,
        [...killedOthers(failingSet), t],
      );
      restartsUsed++;
      if (tid !== null) tid += P;
      continue;
    }

    // Spark mode, or the global policy with its budget spent, which then steps aside (§9 step 3):
    // Spark: fake retries until maxTaskFailures counted failures, then the job aborts (§5.6).
    const messages: Text[] = [];
    const exceptions: Text[] = [];
    const own: PartitionTasks[] = [];
    for (const f of failing) {
      const eff = effectOf(f.reason);
      const abortAt = eff === 'immediateAbort' ? 0 : eff === 'counted' ? env.maxTaskFailures - 1 : env.maxTaskFailures;
      const reasons = [reasonName(f.reason), ...new Array<string>(abortAt).fill('ExceptionFailure')];
      const tids = single && tid !== null ? [tid + f.partition, ...reasons.slice(1).map((_, i) => tid! + P + i)] : null;
      const message = abortText(env, f, abortAt, jobId, tids, where);
      messages.push(message);
      // A job failed by an interruption exception reaches the query unwrapped (streaming facts §5.6).
      const interrupted = abortAt === 0 && eff === 'counted' && f.reason.reason === 'ExceptionFailure' && isInterruptionClass(f.reason.className);
      exceptions.push(interrupted ? concatText(head, message) : concatText(head, exact('Writing job aborted')));
      own.push(tasks(env, f.partition, reasons, [errorStringOf(f.reason), ...reasons.slice(1).map(() => null)], single ? 'exact' : 'prefix', tids));
    }
    pushJob(
      out,
      jobId,
      run,
      messages.map((message) => ({ result: 'JobFailed', message })),
      messages,
      [...killedOthers(failingSet), ...own],
    );
    if (tid !== null) tid = single ? tid + P + own[0].reasons.length - 1 : null;
    if (w.retryPolicy === 'none' && restartsUsed < w.restarts) {
      restartsUsed++; // restarted by hand from the checkpoint (§5.8)
      continue;
    }
    out.query = settled(['failed'], exceptions, run + 1);
    return out;
  }
}

/** The job's abort message when partition `f` aborts on attempt `k` (facts §4, §12). */
function abortText(env: ModelEnv, f: Failure, k: number, stageId: number, tids: number[] | null, where: string[]): Text {
  const tid = tids?.[k] ?? TID_SENTINEL;
  const r = f.reason;
  if (effectOf(r) === 'immediateAbort' && r.reason === 'ExceptionFailure') {
    return template(jobAbortedDueToStageFailure(immediateAbortReason(r.className, taskName(f.partition, 0, stageId, 0, tid), String(r.description))));
  }
  const H = '\u0000h\u0000';
  const E = '\u0000e\u0000';
  const error = k === 0 ? injectedErrorString(r) : RETRY_ERROR;
  const lost = lostTaskMessage(taskName(f.partition, k, stageId, 0, tid), H, E, error).replace(`${H} executor ${E}`, WHERE_SENTINEL);
  return template(jobAbortedDueToStageFailure(taskFailedTooManyTimes(f.partition, stageId, 0, env.printedMaxFailures, lost)), where);
}

function tasks(
  env: ModelEnv,
  partition: number,
  reasons: string[],
  errors: (string | null)[],
  mode: 'exact' | 'prefix',
  tids: number[] | null,
): PartitionTasks {
  return {
    partition,
    index: partition,
    reasons,
    errors,
    mode,
    repeatsLast: false,
    tids,
    executors: env.local ? env.executorIds : null,
    hosts: env.local ? env.hosts : null,
  };
}

function pushJob(
  out: StreamingPrediction,
  jobId: number,
  run: number,
  outcomes: JobOutcome[],
  stageFailures: Text[] | null,
  partitionTasks: PartitionTasks[],
): void {
  out.jobs.push({
    jobId,
    label: `run ${run}`,
    outcomes,
    stageIds: [jobId],
    stages: [
      {
        stageId: jobId,
        attemptId: 0,
        statuses: ['failed'],
        failureReasons: stageFailures,
        tasks: partitionTasks.sort((a, b) => a.partition - b.partition),
        exhaustiveTasks: true,
      },
    ],
    exhaustiveAttempts: true,
  });
}
