// A job under executor losses (issue 11 §4): what Spark 3.2's rules determine whatever the
// timing of the losses, without an external shuffle service (spec §7.5, §10.4, §10.6).
//
// Determined here:
// - the job ends, unless a partition's faults can fail it uncounted forever (an uncounted fault
//   that no attempt number bounds), or every executor it can run on may be lost (then it stalls):
//   a surviving executor runs every pending and resubmitted task, a loss kills at most one
//   attempt of an index (no speculation), and stage retries end at maxConsecutiveAttempts;
// - the job fails only through a cause the fault list and the losses make possible: a counted
//   fault or a loss the app caused (maxTaskFailures), an immediate-abort exception, fetch failures
//   (injected, or outputs a loss took) reaching spark.stage.maxConsecutiveAttempts, or any fetch
//   failure under spark.test.noStageRetry; with none of them it succeeds (or stalls);
// - bounds on its work, so a run that goes on past them is a finding, not a truncation: per index
//   and stage attempt at most horizon + maxTaskFailures + 2 × losses + 2 attempts (the attempts
//   the fault list names, the counted failures before an abort, one killed and one resubmitted
//   attempt per loss, a fetch failure or kill that ends the stage attempt); per stage at most
//   (losses + 1) × maxConsecutiveAttempts × stages attempts (each success of a stage clears its
//   failures, and only a loss makes a finished stage run again); per loss, one resubmission per
//   map partition.
// Left open, because it depends on when each loss lands relative to the tasks (wall-clock time
// on real Spark, offers on several cores): which attempts a loss kills or resubmits, which stage
// attempts fetch failures cause, which partition reaches maxTaskFailures first, and hence the
// stage attempts, task attempts and TIDs themselves (the trace invariants I34–I36 check those
// against the losses the trace shows).
import { attemptHorizon, effectOf } from './faults.js';
import { impossibleJobMessages, jobFailureCauses, mayLoseEveryExecutor, uncertainOutputs, type JobInput, type JobResult, type ModelEnv } from './job.js';
import type { JobOutcome, Text } from './prediction.js';

export function jobUnderLosses(env: ModelEnv, input: JobInput): JobResult {
  const registered = uncertainOutputs(input);
  const hangs = hangCauses(env);
  const fails = jobFailureCauses(env)
    .filter((c) => c.possible)
    .map((c) => c.cause);
  const outcomes: JobOutcome[] = [];
  if (fails.length > 0) outcomes.push({ result: 'JobFailed', message: { kind: 'any', except: impossibleJobMessages(env) } satisfies Text });
  if (hangs.length > 0) outcomes.push({ result: 'Running' });
  outcomes.push({ result: 'JobSucceeded' });
  const open = [
    `failure ${fails.length > 0 ? `possible (${fails.join('; ')})` : 'impossible'}`,
    `no end ${hangs.length > 0 ? `possible (${hangs.join('; ')})` : 'impossible: an executor survives and every fault ends'}`,
  ];
  return {
    prediction: { jobId: input.jobId, label: input.label, outcomes, stageIds: input.stages.map((s) => s.id), stages: [], exhaustiveAttempts: false },
    registered,
    tid: null,
    work: hangs.length > 0 ? null : workBound(env, input),
    note: `executor losses: attempts and stage retries left open; ${open.join(', ')}`,
  };
}

/** What could keep the job from ending (none: it ends). */
function hangCauses(env: ModelEnv): string[] {
  const out: string[] = [];
  if (mayLoseEveryExecutor(env)) out.push('every executor may be lost');
  if (env.taskFaults.some((f) => effectOf(f.fail) === 'uncounted' && f.task.attempt === undefined)) out.push('an uncounted fault matches every attempt');
  return out;
}

/** Upper bounds on task attempts and resubmissions (the header's). */
function workBound(env: ModelEnv, input: JobInput): { attempts: number; resubmits: number } {
  const losses = env.losses.length;
  const perIndex = attemptHorizon(env.taskFaults) + env.maxTaskFailures + 2 * losses + 2;
  const stageAttempts = (losses + 1) * Math.max(1, env.maxConsecutiveAttempts) * input.stages.length;
  const partitions = input.stages.reduce((n, s) => n + s.rdd.partitions, 0);
  const mapPartitions = input.stages.reduce((n, s) => n + (s.kind === 'shuffleMap' ? s.rdd.partitions : 0), 0);
  return { attempts: partitions * perIndex * stageAttempts, resubmits: losses * mapPartitions * stageAttempts };
}
