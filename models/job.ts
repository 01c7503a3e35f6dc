// One Spark job (batch job or micro-batch), from its stage plan and the fault list.
//
// Three ways, from most to least precise:
// - sequential: one core (tasks run one at a time in a fixed order, so everything is exact,
//   TIDs too), or a chain of stages on several cores (stages run one after another; a stage
//   attempt whose end depends on timing must end the job). Fetch failures are followed through
//   stage retries here, in local mode, where a fetch failure loses every map output (§10.4).
// - concurrent: several cores and stages that can run side by side, no fetch failure: the job
//   fails iff some reachable partition's faults reach maxTaskFailures, and any such partition
//   may be the one that aborts (facts §1.13, §14).
// - under executor losses: the bounds of executor-loss.ts (the job's fate and its work).
// - unknown: everything else (fetch failures with tasks racing each other,
//   map outputs whose presence is itself uncertain): any outcome but what the fault list rules out.
import type { ExecutorLostFault, TaskFault } from '../src/scenario/types.js';
import type { ShuffleInfo } from '../src/scenario/shuffles.js';
import {
  injectedFetchFailureMessage,
  jobAbortedDueToStageFailure,
  lostTaskMessage,
  NO_STAGE_RETRY_MESSAGE,
  stageFailedMaxTimes,
  stageString,
  taskFailedTooManyTimes,
  taskName,
  immediateAbortReason,
} from './spark-messages.js';
import { effectOf, errorStringOf, fateOf, injectedErrorString, reasonName, type Fate } from './faults.js';
import { jobUnderLosses } from './executor-loss.js';
import { isAncestor, isChain, type StagePlan } from './plan.js';
import {
  NUMBER_SENTINEL,
  PORT_SENTINEL,
  template,
  TID_SENTINEL,
  WHERE_SENTINEL,
  type JobOutcome,
  type JobPrediction,
  type PartitionTasks,
  type StageAttemptPrediction,
  type StageStatus,
  type Text,
} from './prediction.js';

/** What every job of a run shares. */
export interface ModelEnv {
  taskFaults: TaskFault[];
  losses: ExecutorLostFault[];
  /** maxTaskFailures as the TaskSetManager counts it (facts §2: 0 acts as 1). */
  maxTaskFailures: number;
  /** maxTaskFailures as the abort message prints it (facts §1.2). */
  printedMaxFailures: number;
  maxConsecutiveAttempts: number;
  noStageRetry: boolean;
  /** Total cores offered. */
  cores: number;
  local: boolean;
  /** "<host> executor <id>" of every executor a task can run on. */
  where: string[];
  executorIds: string[];
  hosts: string[];
  /** Executor losses can happen (a loss fault names a registered executor). */
  executorLosses: boolean;
  /** spark.sql.streaming.continuous.epochBacklogQueueSize */
  backlogLimit: number;
}

/** Upper bounds on what a job or run does, for the limits check (null: unbounded). */
export interface Work {
  attempts: number;
  resubmits: number;
  epochs?: number;
}

/** Per scenario shuffle, per map partition: is its output registered at job start? */
export type Tri = 'yes' | 'no' | 'maybe';
export type ShuffleState = Map<number, Tri[]>;

export interface JobInput {
  jobId: number;
  label: string;
  batch: number | null;
  run: number | null;
  stages: StagePlan[];
  /** Stage name as StageInfo shows it (may hold NUMBER_SENTINEL for run-time ids). */
  nameOf: (s: StagePlan) => string;
  /** The run-time id of scenario shuffle k (may be NUMBER_SENTINEL). */
  runtimeShuffle: (k: number) => number;
  registered: ShuffleState;
  /** The next TID, when determined. */
  tid: number | null;
}

export interface JobResult {
  prediction: JobPrediction;
  registered: ShuffleState;
  tid: number | null;
  /** Upper bound on task attempts and on fetch-failure resubmissions, or null if unbounded. */
  work: Work | null;
  note: string | null;
}

interface TaskRun {
  partition: number;
  index: number;
  fate: Fate;
}

const MAX_STAGE_ATTEMPTS = 2_000;

export function analyzeJob(env: ModelEnv, input: JobInput): JobResult {
  const { stages } = input;
  if (env.executorLosses) return jobUnderLosses(env, input);
  if (stages.some((s) => s.rdd.partitions <= 0)) return unknownJob(env, input, 'an RDD with no partitions');
  if (env.cores <= 0) return unknownJob(env, input, 'no cores to run tasks on');
  if (env.cores === 1 || isChain(stages)) return sequentialJob(env, input);
  return concurrentJob(env, input);
}

// ---- Shared pieces ----

function fateFor(env: ModelEnv, input: JobInput, s: StagePlan, stageAttempt: number, partition: number): Fate {
  return fateOf(
    env.taskFaults,
    { job: input.jobId, batch: input.batch, epoch: null, run: input.run, stage: s.id, stageAttempt, partition },
    s.reads,
    env.maxTaskFailures,
  );
}

function complete(reg: ShuffleState, w: ShuffleInfo | null): Tri {
  if (w === null) return 'no';
  const st = reg.get(w.shuffleId)!;
  if (st.every((x) => x === 'yes')) return 'yes';
  return st.some((x) => x === 'maybe') ? 'maybe' : 'no';
}

/** Stages the job must run now: the ResultStage and, recursively, parents not available (§10.1). */
function neededStages(reg: ShuffleState, result: StagePlan): Set<StagePlan> | null {
  const out = new Set<StagePlan>();
  const visit = (s: StagePlan): boolean => {
    out.add(s);
    for (const p of s.parents) {
      const c = complete(reg, p.writes);
      if (c === 'maybe') return false;
      if (c === 'no' && !out.has(p) && !visit(p)) return false;
    }
    return true;
  };
  return visit(result) ? out : null;
}

function missingPartitions(reg: ShuffleState, s: StagePlan, finished: boolean[]): number[] {
  const out: number[] = [];
  if (s.kind === 'result') finished.forEach((f, p) => f || out.push(p));
  else reg.get(s.writes!.shuffleId)!.forEach((x, p) => x === 'no' && out.push(p));
  return out;
}

/** "Lost task …" abort or an immediate abort's message, as the job shows it (facts §4, §7.3). */
function abortMessage(env: ModelEnv, s: StagePlan, attemptId: number, run: TaskRun, tid: number | null): Text {
  const step = run.fate.steps[run.fate.steps.length - 1];
  const r = step.reason!;
  const t = tid ?? TID_SENTINEL;
  let reason: string;
  if (effectOf(r) === 'immediateAbort' && r.reason === 'ExceptionFailure') {
    reason = immediateAbortReason(r.className, taskName(run.index, step.attempt, s.id, attemptId, t), String(r.description));
  } else {
    const H = '\u0000h\u0000';
    const E = '\u0000e\u0000';
    const lost = lostTaskMessage(taskName(run.index, step.attempt, s.id, attemptId, t), H, E, injectedErrorString(r));
    reason = taskFailedTooManyTimes(run.index, s.id, attemptId, env.printedMaxFailures, lost.replace(`${H} executor ${E}`, WHERE_SENTINEL));
  }
  return template(jobAbortedDueToStageFailure(reason), env.where);
}

function tasksOf(env: ModelEnv, run: TaskRun, mode: 'exact' | 'prefix', firstTid: number | null): PartitionTasks {
  const steps = run.fate.steps;
  return {
    partition: run.partition,
    index: run.index,
    reasons: steps.map((st) => reasonName(st.reason)),
    errors: steps.map((st) => errorStringOf(st.reason)),
    mode: run.fate.end === 'never' ? 'prefix' : mode,
    repeatsLast: run.fate.end === 'never',
    // After a failure the freed core is re-offered before the failure is handled (LocalEndpoint
    // revives on the StatusUpdate; TaskResultGetter handles the failure on another thread), so
    // real Spark may launch the next index before the retry: a retry's TID is not determined.
    tids: firstTid === null || run.fate.end === 'never' || steps.length > 1 ? null : [firstTid],
    executors: env.local ? env.executorIds : null,
    hosts: env.local ? env.hosts : null,
  };
}

function attempt(
  stageId: number,
  attemptId: number,
  statuses: StageStatus[],
  failureReasons: Text[] | null,
  tasks: PartitionTasks[] | null,
): StageAttemptPrediction {
  return { stageId, attemptId, statuses, failureReasons, tasks, exhaustiveTasks: tasks !== null };
}

function unique(texts: Text[]): Text[] {
  const seen = new Set<string>();
  return texts.filter((t) => {
    const k = JSON.stringify(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

// ---- One stage attempt ----

type AttemptResult =
  | { kind: 'succeeded' }
  | { kind: 'fetch'; done: TaskRun[]; at: TaskRun }
  | { kind: 'ends'; sequential: true; done: TaskRun[]; at: TaskRun } // abort or hang, in a fixed order
  | { kind: 'ends'; sequential: false; aborts: TaskRun[]; hangs: boolean } // which partition ends it depends on timing
  | { kind: 'unknown'; why: string };

/**
 * One stage attempt with nothing else running. One core (or one task): indices in order, each
 * retried at once until it ends (facts §1.9). Several cores: an abort candidate certainly
 * launches unless never-ending partitions hold every core.
 */
function runAttempt(runs: TaskRun[], cores: number, noStageRetry = false): AttemptResult {
  if (runs.some((r) => r.fate.end === 'tooLong')) return { kind: 'unknown', why: 'a task index has too many attempts to spell out' };
  if (cores === 1 || runs.length === 1) {
    for (let i = 0; i < runs.length; i++) {
      const end = runs[i].fate.end;
      if (end === 'success') continue;
      const race = oneCoreRace(runs, i, noStageRetry);
      if (race !== null) return { kind: 'unknown', why: race };
      if (end === 'fetch') return { kind: 'fetch', done: runs.slice(0, i), at: runs[i] };
      return { kind: 'ends', sequential: true, done: runs.slice(0, i), at: runs[i] };
    }
    return { kind: 'succeeded' };
  }
  if (runs.some((r) => r.fate.end === 'fetch')) {
    return { kind: 'unknown', why: 'a fetch failure while other tasks of its stage attempt run (zombie tasks race the retry)' };
  }
  const aborts = runs.filter((r) => r.fate.end === 'abort' || r.fate.end === 'immediateAbort');
  const hangers = runs.filter((r) => r.fate.end === 'never').length;
  if (aborts.length === 0 && hangers === 0) return { kind: 'succeeded' };
  return { kind: 'ends', sequential: false, aborts, hangs: hangers > 0 && (aborts.length === 0 || hangers >= cores) };
}

/**
 * On one core a failed attempt frees the core, and the backend re-offers it before the failure is
 * handled (LocalSchedulerBackend's StatusUpdate revives at once; TaskResultGetter handles the
 * failure on another thread), so the next pending index may launch before the retry, once per
 * failure (seen on real Spark 3.2.0). The stage's end at index i is then determined only when no
 * index failed before it, the indexes that may launch early meanwhile would simply succeed, and it
 * is not a fetch failure (an early index's output would change what the next attempt needs).
 */
function oneCoreRace(runs: TaskRun[], i: number, noStageRetry: boolean): string | null {
  const why = 'on one core a failure frees the core before it is handled, so a later index may run before the retry: timing decides';
  if (runs.slice(0, i).some((r) => r.fate.steps.length > 1)) return why;
  const early = runs.slice(i + 1, i + 1 + runs[i].fate.steps.length);
  // With spark.test.noStageRetry the first fetch failure ends the job whatever runs early.
  if (runs[i].fate.end === 'fetch' && noStageRetry) return null;
  if (runs[i].fate.end === 'fetch' && early.length > 0) return `${why} (after a fetch failure)`;
  if (early.some((r) => r.fate.end !== 'success' || r.fate.steps.length > 1)) return why;
  return null;
}

// ---- Sequential: one core, or a chain of stages ----

function sequentialJob(env: ModelEnv, input: JobInput): JobResult {
  const { stages } = input;
  const R = stages[stages.length - 1];
  const reg: ShuffleState = new Map([...input.registered].map(([k, v]) => [k, [...v]]));
  const finished = new Array<boolean>(R.rdd.partitions).fill(false);
  const nextAttempt = new Map<StagePlan, number>();
  const failedAttempts = new Map<StagePlan, number>();
  const predicted: StageAttemptPrediction[] = [];
  let tid = input.tid;
  let attempts = 0;
  let resubmits = 0;
  let unbounded = false;
  const newAttempt = (s: StagePlan): number => {
    const a = nextAttempt.get(s) ?? 0;
    nextAttempt.set(s, a + 1);
    return a;
  };
  const launch = (run: TaskRun, mode: 'exact' | 'prefix', timed: boolean): PartitionTasks => {
    const t = tasksOf(env, run, mode, timed ? tid : null);
    attempts += run.fate.steps.length;
    // Past a retry (see tasksOf) no later TID is determined either.
    if (tid !== null) tid = timed && run.fate.steps.length === 1 ? tid + 1 : null;
    return t;
  };
  // Stages waiting on nothing but not running the current attempt: submitted, so a job end
  // marks them failed (or leaves them running).
  const submittedBesides = (need: Set<StagePlan>, current: StagePlan): StagePlan[] =>
    [...need].filter((x) => x !== current && x.parents.every((p) => !need.has(p)));
  const finish = (outcomes: JobOutcome[], note: string | null): JobResult => {
    for (const s of stages) if (!nextAttempt.has(s)) predicted.push(attempt(s.id, 0, ['skipped'], null, []));
    return {
      prediction: { jobId: input.jobId, label: input.label, outcomes, stageIds: stages.map((s) => s.id), stages: predicted, exhaustiveAttempts: true },
      registered: reg,
      tid,
      // A never-ending index relaunches until another one ends the job: unbounded work meanwhile.
      work: outcomes.some((o) => o.result === 'Running') || unbounded ? null : { attempts, resubmits },
      note,
    };
  };

  for (let round = 0; round < MAX_STAGE_ATTEMPTS; round++) {
    const need = neededStages(reg, R);
    if (need === null) return unknownJob(env, input, 'map outputs of an earlier job may or may not be there');
    // The lowest-id needed stage whose parents are available (facts §8 FIFO pool, §14).
    const s = [...need].filter((x) => x.parents.every((p) => !need.has(p))).sort((a, b) => a.id - b.id)[0];
    const a = newAttempt(s);
    const runs = missingPartitions(reg, s, finished).map((partition, index) => ({ partition, index, fate: fateFor(env, input, s, a, partition) }));
    const r = runAttempt(runs, env.cores, env.noStageRetry);
    switch (r.kind) {
      case 'unknown':
        return unknownJob(env, input, r.why);
      case 'succeeded': {
        const sequential = env.cores === 1 || runs.length === 1;
        predicted.push(
          attempt(
            s.id,
            a,
            ['succeeded'],
            null,
            runs.map((run) => launch(run, 'exact', sequential)),
          ),
        );
        failedAttempts.set(s, 0); // clearFailures: only a success resets the count (§10.4)
        if (s.kind === 'result') return finish([{ result: 'JobSucceeded' }], null);
        reg.set(
          s.writes!.shuffleId,
          reg.get(s.writes!.shuffleId)!.map(() => 'yes'),
        );
        break;
      }
      case 'fetch': {
        const tasks = [...r.done, r.at].map((run) => launch(run, 'exact', true));
        for (const d of r.done) if (s.kind === 'result') finished[d.partition] = true;
        const ff = r.at.fate.steps[r.at.fate.steps.length - 1].reason;
        if (ff?.reason !== 'FetchFailed') throw new Error('unreachable');
        const map = input.stages.find((x) => x.writes?.shuffleId === ff.shuffle);
        if (!env.local || map === undefined || ff.mapIndex < 0 || ff.mapIndex >= map.writes!.mapPartitions) {
          return unknownJob(env, input, 'a fetch failure whose lost map output is not a single registered local one');
        }
        // The failed output is registered (the stage only ran once its parents were complete), so
        // the block manager is the driver's: every map output is unregistered (§10.4 steps 4, 6).
        const message =
          ff.message ?? injectedFetchFailureMessage(env.hosts[0], PORT_SENTINEL, input.runtimeShuffle(ff.shuffle), NUMBER_SENTINEL, r.at.partition);
        predicted.push(attempt(s.id, a, ['failed'], [template(message)], tasks));
        for (const [k, v] of reg)
          reg.set(
            k,
            v.map(() => 'no'),
          );
        if (!isChain(stages)) return unknownJob(env, input, 'a fetch failure in a job whose stages can run side by side');
        const failures = (failedAttempts.get(s) ?? 0) + 1;
        failedAttempts.set(s, failures);
        if (env.noStageRetry) {
          // The indexes the freed core may launch early (oneCoreRace) run in the failed attempt.
          if (env.cores === 1) {
            for (const early of runs.slice(runs.indexOf(r.at) + 1, runs.indexOf(r.at) + 1 + r.at.fate.steps.length)) {
              const first = tasksOf(env, early, 'prefix', null);
              tasks.push({ ...first, reasons: first.reasons.slice(0, 1), errors: first.errors.slice(0, 1), repeatsLast: false });
            }
          }
          return finish([{ result: 'JobFailed', message: template(jobAbortedDueToStageFailure(NO_STAGE_RETRY_MESSAGE)) }], null);
        }
        if (failures >= env.maxConsecutiveAttempts) {
          const reason = stageFailedMaxTimes(stageString(s.kind, s.id), input.nameOf(s), env.maxConsecutiveAttempts, message);
          return finish([{ result: 'JobFailed', message: template(jobAbortedDueToStageFailure(reason)) }], null);
        }
        resubmits++;
        break;
      }
      case 'ends': {
        const others = submittedBesides(need, s);
        if (r.sequential) {
          const tasks = r.done.map((run) => launch(run, 'exact', true));
          // What finished before the end stays: map outputs remain registered (§10.2).
          if (s.kind === 'shuffleMap') for (const d of r.done) reg.get(s.writes!.shuffleId)![d.partition] = 'yes';
          const atTid = tid;
          tasks.push(launch(r.at, 'exact', true));
          const hang = r.at.fate.end === 'never';
          const msg = hang ? null : abortMessage(env, s, a, r.at, atTid === null || r.at.fate.steps.length > 1 ? null : atTid);
          // Each failure of the aborting index frees the core, re-offered before it is handled
          // (oneCoreRace): as many next pending indexes may launch, then succeed or be killed by
          // the abort. Seen on real Spark 3.2.0: local[1,1], partition 0 fails, partition 1 runs once.
          if (!hang) {
            const at = runs.indexOf(r.at);
            const early = runs.slice(at + 1, at + 1 + r.at.fate.steps.length);
            for (const e of early) tasks.push({ ...tasksOf(env, e, 'prefix', null), reasons: ['Success'], errors: [null], repeatsLast: false });
            // An early launch may or may not have taken a TID: the next job's TIDs are open.
            if (early.length > 0) tid = null;
          }
          predicted.push(attempt(s.id, a, [hang ? 'running' : 'failed'], msg && [msg], tasks));
          for (const o of others) predicted.push(attempt(o.id, newAttempt(o), [hang ? 'running' : 'failed'], msg && [msg], []));
          return finish([msg === null ? { result: 'Running' } : { result: 'JobFailed', message: msg }], null);
        }
        const messages = unique(r.aborts.map((run) => abortMessage(env, s, a, run, null)));
        unbounded = runs.some((run) => run.fate.end === 'never');
        const statuses: StageStatus[] = [...(messages.length > 0 ? (['failed'] as const) : []), ...(r.hangs ? (['running'] as const) : [])];
        predicted.push(
          attempt(
            s.id,
            a,
            statuses,
            messages.length > 0 ? messages : null,
            runs.map((run) => launch(run, 'prefix', false)),
          ),
        );
        for (const o of others) predicted.push(attempt(o.id, newAttempt(o), statuses, messages, []));
        const outcomes: JobOutcome[] = messages.map((message) => ({ result: 'JobFailed', message }));
        if (r.hangs) outcomes.push({ result: 'Running' });
        // Partitions that succeed may or may not have registered output before the end.
        if (s.kind === 'shuffleMap') {
          const st = reg.get(s.writes!.shuffleId)!;
          for (const run of runs) if (run.fate.end === 'success') st[run.partition] = 'maybe';
        }
        return finish(outcomes, messages.length > 1 ? 'which partition reaches maxTaskFailures first depends on timing' : null);
      }
    }
  }
  return unknownJob(env, input, 'too many stage attempts to follow');
}

// ---- Concurrent: several cores, stages side by side, no fetch failure ----

function concurrentJob(env: ModelEnv, input: JobInput): JobResult {
  const { stages } = input;
  const R = stages[stages.length - 1];
  const need = neededStages(input.registered, R);
  if (need === null) return unknownJob(env, input, 'map outputs of an earlier job may or may not be there');
  const runs = new Map<StagePlan, TaskRun[]>();
  for (const s of need) {
    runs.set(
      s,
      missingPartitions(input.registered, s, new Array<boolean>(R.rdd.partitions).fill(false)).map((partition, index) => ({
        partition,
        index,
        fate: fateFor(env, input, s, 0, partition),
      })),
    );
  }
  const allSucceed = (s: StagePlan): boolean => runs.get(s)!.every((r) => r.fate.end === 'success');
  const memo = new Map<StagePlan, boolean>();
  const completes = (s: StagePlan): boolean => {
    if (!memo.has(s)) memo.set(s, allSucceed(s) && s.parents.every((p) => !need.has(p) || completes(p)));
    return memo.get(s)!;
  };
  const startable = (s: StagePlan): boolean => s.parents.every((p) => !need.has(p) || completes(p));
  const live = [...need].filter(startable);
  const liveRuns = live.flatMap((s) => runs.get(s)!);
  if (liveRuns.some((r) => r.fate.end === 'fetch')) return unknownJob(env, input, 'a fetch failure while stages run side by side');
  if (liveRuns.some((r) => r.fate.end === 'tooLong')) return unknownJob(env, input, 'a task index has too many attempts to spell out');

  const isAbort = (r: TaskRun): boolean => r.fate.end === 'abort' || r.fate.end === 'immediateAbort';
  const hangers = liveRuns.filter((r) => r.fate.end === 'never').length;
  const abortPossible = liveRuns.some(isAbort);
  const hangPossible = hangers > 0 && (!abortPossible || hangers >= env.cores);
  const ending = live.filter((s) => !allSucceed(s));
  const certainlyDone = (s: StagePlan): boolean => completes(s) && (ending.every((e) => isAncestor(s, e)) || (!abortPossible && hangers < env.cores));
  const messages = unique(
    live.flatMap((s) =>
      runs
        .get(s)!
        .filter(isAbort)
        .map((r) => abortMessage(env, s, 0, r, null)),
    ),
  );

  const predicted: StageAttemptPrediction[] = [];
  const registered: ShuffleState = new Map([...input.registered].map(([k, v]) => [k, [...v]]));
  let attempts = 0;
  for (const s of stages) {
    if (!need.has(s) || !startable(s)) {
      predicted.push(attempt(s.id, 0, ['skipped'], null, []));
      continue;
    }
    const rs = runs.get(s)!;
    attempts += rs.reduce((n, r) => n + r.fate.steps.length, 0);
    if (certainlyDone(s)) {
      predicted.push(
        attempt(
          s.id,
          0,
          ['succeeded'],
          null,
          rs.map((r) => tasksOf(env, r, 'exact', null)),
        ),
      );
      if (s.writes !== null)
        registered.set(
          s.writes.shuffleId,
          registered.get(s.writes.shuffleId)!.map(() => 'yes'),
        );
      continue;
    }
    const statuses: StageStatus[] = [];
    if (completes(s)) statuses.push('succeeded');
    if (abortPossible) statuses.push('failed');
    if (hangPossible) statuses.push('running');
    if (!s.parents.every((p) => !need.has(p) || certainlyDone(p))) statuses.push('skipped');
    predicted.push(
      attempt(
        s.id,
        0,
        statuses,
        abortPossible ? messages : null,
        rs.map((r) => tasksOf(env, r, 'prefix', null)),
      ),
    );
    if (s.writes !== null) {
      const st = registered.get(s.writes.shuffleId)!;
      for (const r of rs) if (r.fate.end === 'success' && st[r.partition] === 'no') st[r.partition] = 'maybe';
    }
  }
  const outcomes: JobOutcome[] = messages.map((message) => ({ result: 'JobFailed', message }));
  if (hangPossible) outcomes.push({ result: 'Running' });
  if (!abortPossible && !hangPossible) outcomes.push({ result: 'JobSucceeded' });
  return {
    prediction: { jobId: input.jobId, label: input.label, outcomes, stageIds: stages.map((s) => s.id), stages: predicted, exhaustiveAttempts: true },
    registered,
    tid: null,
    // A never-ending index relaunches until another index ends the job: its attempts are not
    // bounded meanwhile, so the run may reach a limit first.
    work: hangers > 0 ? null : { attempts, resubmits: 0 },
    note: messages.length > 1 ? 'which partition reaches maxTaskFailures first depends on timing' : null,
  };
}

// ---- Unknown ----

/**
 * Every way a job of this run can fail, with whether the fault list and the losses make it
 * possible, and the message pattern it would leave (a loss the app caused counts once for the one
 * attempt of an index it kills, so losses alone reach maxTaskFailures only when that many
 * executors may go by the app's fault).
 */
export function jobFailureCauses(env: ModelEnv): { cause: string; possible: boolean; pattern: string; why: string }[] {
  const effects = new Set(env.taskFaults.map((f) => effectOf(f.fail)));
  const losses = env.executorLosses ? new Set(env.losses.map((l) => l.executor)).size : 0;
  const appLosses = env.executorLosses ? new Set(env.losses.filter((l) => l.exitCausedByApp).map((l) => l.executor)).size : 0;
  return [
    {
      cause: 'counted failures',
      possible: effects.has('counted') || appLosses >= env.maxTaskFailures,
      pattern: 'failed -?\\d+ times, most recent failure',
      why: 'no fault and no loss counts towards maxTaskFailures',
    },
    {
      cause: 'an immediate-abort exception',
      possible: effects.has('immediateAbort'),
      pattern: 'had a not serializable result|can not write to output file',
      why: 'no immediate-abort exception is injected',
    },
    {
      cause: 'stage retries',
      possible: effects.has('fetch') || losses >= env.maxConsecutiveAttempts,
      pattern: 'has failed the maximum allowable number of times',
      why: 'fewer possible fetch failures than spark.stage.maxConsecutiveAttempts',
    },
    {
      cause: 'a fetch failure under spark.test.noStageRetry',
      possible: env.noStageRetry && (effects.has('fetch') || losses > 0),
      pattern: 'Fetch failure will not retry stage',
      why: 'no fetch failure can happen under spark.test.noStageRetry',
    },
  ];
}

/** What the fault list alone rules out for any job of this run. */
export function impossibleJobMessages(env: ModelEnv): { pattern: string; why: string }[] {
  return jobFailureCauses(env)
    .filter((c) => !c.possible)
    .map(({ pattern, why }) => ({ pattern, why }));
}

/** Every executor a task can run on is the target of a loss fault (then a run may stall for want of them). */
export function mayLoseEveryExecutor(env: ModelEnv): boolean {
  const lost = new Set(env.losses.map((l) => l.executor));
  return env.executorIds.every((id) => lost.has(id));
}

/** The map outputs after a job whose course is open: its own shuffles' may be anywhere, and a fetch failure or loss may drop others. */
export function uncertainOutputs(input: JobInput): ShuffleState {
  const registered: ShuffleState = new Map();
  const own = new Set(input.stages.map((s) => s.writes?.shuffleId).filter((k) => k !== undefined));
  for (const [k, v] of input.registered)
    registered.set(
      k,
      v.map((x) => (own.has(k) || x === 'yes' ? 'maybe' : x)),
    );
  return registered;
}

function unknownJob(env: ModelEnv, input: JobInput, why: string): JobResult {
  const registered = uncertainOutputs(input);
  const failed: Text = { kind: 'any', except: impossibleJobMessages(env) };
  return {
    prediction: {
      jobId: input.jobId,
      label: input.label,
      outcomes: [{ result: 'JobSucceeded' }, { result: 'JobFailed', message: failed }, { result: 'Running' }],
      stageIds: input.stages.map((s) => s.id),
      stages: [],
      exhaustiveAttempts: false,
    },
    registered,
    tid: null,
    work: null,
    note: `outcome left open: ${why}`,
  };
}
