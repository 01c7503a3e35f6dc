// The reference model: `predict(scenario)` states what Spark 3.2 must do with a scenario, from
// the spec alone (../shared/spec/spark-scheduler-facts.md, spark-streaming-facts.md), without the
// simulator. It is a second, independent statement of the semantics: where the outcome does not
// depend on interleaving it is exact; where it does, it is the set of allowed outcomes, never a
// guess; where the model cannot tell, it allows anything the fault list does not rule out.
//
// What it predicts:
// - maxTaskFailures per master (facts §2: local/local[N] → 1, local[N,F] → F, cluster → conf),
//   counted as `numFailures >= max` (0 acts as 1), printed as given;
// - per task index, the attempt sequence the fault list gives (first matching fault wins;
//   FetchFailed only where the stage reads that shuffle), which reasons count (facts §5), the
//   immediate aborts (NotSerializableException, TaskOutputFileAlreadyExistException), and indices
//   that never end;
// - stage and job ids, skipped map stages, stage attempts after fetch failures (local mode), the
//   maxConsecutiveAttempts abort, job results and messages to the character (TIDs, hosts, ports
//   and query ids as holes unless determined: one core fixes TIDs);
// - micro-batch commits, restarts and query exceptions; continuous epochs, fake retries, the
//   abort attempt and message, manual restarts and the "global" retry policy.
//
// What it leaves out, on purpose (allowed rather than predicted):
// - under executor losses, which attempts, stage attempts and TIDs a loss causes (executor-loss.ts
//   bounds the job's fate and work instead);
// - fetch failures in cluster mode, in jobs whose stages run side by side, or while other tasks
//   of the same stage attempt run (their zombie tasks race the stage retry);
// - which of several partitions reaches its limit first on several cores, hence TIDs there;
// - continuous runs whose timing matters (slow faults, too few cores, backlog limit, interval 0);
// - run-time RDD and shuffle ids of micro-batches; stack frames of ContinuousTaskRetryException
//   after its first one; error strings of FetchFailed and TaskCommitDenied;
// - logs, event order and timestamps (the invariants in properties/ check those).
import { DEFAULT_LIMITS, type Scenario } from '../src/scenario/types.js';
import { predictBatch, type JobsPrediction } from './batch.js';
import { predictContinuous } from './continuous.js';
import { mayLoseEveryExecutor, type ModelEnv, type Work } from './job.js';
import { predictMicroBatch } from './micro-batch.js';
import type { Prediction } from './prediction.js';

export type { Prediction } from './prediction.js';
export { compareWithModel } from './compare.js';

/** Spark's maxTaskFailures for the master (facts §2, surprising fact 1). */
export function maxTaskFailuresOf(s: Scenario): number {
  const m = s.cluster.parsedMaster;
  return m.kind === 'local' ? (m.maxFailures ?? 1) : s.conf['spark.task.maxFailures'];
}

export function modelEnv(s: Scenario): ModelEnv {
  const m = s.cluster.parsedMaster;
  const executors = m.kind === 'local' ? [{ id: 'driver', host: s.cluster.host, cores: m.threads }] : s.cluster.executors;
  const printed = maxTaskFailuresOf(s);
  const losses = s.faults.filter((f) => f.kind === 'executorLost');
  return {
    taskFaults: s.faults.filter((f) => f.kind === 'task'),
    losses,
    maxTaskFailures: Math.max(1, printed),
    printedMaxFailures: printed,
    maxConsecutiveAttempts: s.conf['spark.stage.maxConsecutiveAttempts'],
    noStageRetry: s.conf['spark.test.noStageRetry'],
    cores: executors.reduce((n, e) => n + e.cores, 0),
    local: m.kind === 'local',
    where: executors.map((e) => `${e.host} executor ${e.id}`),
    executorIds: executors.map((e) => e.id),
    hosts: [...new Set(executors.map((e) => e.host))],
    executorLosses: losses.some((l) => executors.some((e) => e.id === l.executor)),
    backlogLimit: s.conf['spark.sql.streaming.continuous.epochBacklogQueueSize'],
  };
}

export function predict(scenario: Scenario): Prediction {
  const env = modelEnv(scenario);
  const w = scenario.workload;
  let p: JobsPrediction;
  let query: Prediction['query'] = null;
  switch (w.mode) {
    case 'batch':
      p = predictBatch(env, w);
      break;
    case 'microBatch': {
      const q = predictMicroBatch(env, w);
      p = q;
      query = q.query;
      break;
    }
    case 'continuous': {
      const q = predictContinuous(env, w);
      p = q;
      query = q.query;
      break;
    }
  }
  const truncated = p.ends !== 'always' || mayHitLimits(scenario, p.works, query?.runs.max ?? 0);
  const statuses: Prediction['statuses'] = [];
  if (p.ends !== 'never') statuses.push('finished');
  if (truncated) statuses.push('did-not-terminate');
  return {
    mode: w.mode,
    statuses,
    mayBeTruncated: truncated,
    jobs: p.jobs,
    moreJobs: p.moreJobs,
    query,
    mayLoseEveryExecutor: mayLoseEveryExecutor(env),
    notes: p.notes,
  };
}

/**
 * Whether the run could stop at limits.maxEvents / maxTimeMs / maxPartitionMessages before it
 * ends: a generous upper bound on listener events, simulated time (every attempt run one after
 * another) and continuous partition messages (two per partition and epoch, one epoch more per run).
 */
function mayHitLimits(s: Scenario, works: (Work | null)[], runs: number): boolean {
  if (works.some((x) => x === null)) return true;
  const ws = works as Work[];
  const faultMax = s.faults.reduce((m, f) => Math.max(m, f.kind === 'task' ? (f.durationMs ?? 0) : 0), 0);
  const duration = Math.max(Math.ceil(s.taskDurationMs * (1 + s.taskDurationJitter)) + 1, faultMax);
  const interval = s.workload.mode === 'continuous' ? s.workload.epochIntervalMs : 0;
  const attempts = ws.reduce((n, x) => n + x.attempts, 0);
  const resubmits = ws.reduce((n, x) => n + x.resubmits, 0);
  const epochs = ws.reduce((n, x) => n + (x.epochs ?? 0), 0);
  const executors = s.cluster.executors.length + 1;
  const events = 20 + 4 * executors + 10 * ws.length + 4 * attempts + 4 * resubmits + 6 * epochs + 10 * runs;
  const time = attempts * duration + resubmits * 400 + (epochs + 2 * ws.length + 2) * (interval + 200) + 1_000;
  const messages = s.workload.mode === 'continuous' ? 2 * s.workload.partitions * (epochs + ws.length) : 0;
  const maxMessages = s.limits.maxPartitionMessages ?? DEFAULT_LIMITS.maxPartitionMessages;
  return 2 * events > s.limits.maxEvents || 2 * time > s.limits.maxTimeMs || 2 * messages > maxMessages;
}
