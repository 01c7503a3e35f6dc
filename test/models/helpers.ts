// Builders for normalized Scenario objects (every field filled in, as validation would leave it).
import type { ExecutorSpec, Fault, InjectedReason, RddSpec, Scenario, SparkConf, TaskSelector, Workload } from '../../src/scenario/types.js';

export function localMaster(threads: number, maxFailures: number | null = null): Pick<Scenario['cluster'], 'master' | 'parsedMaster'> {
  const master = maxFailures === null ? (threads === 1 ? 'local' : `local[${threads}]`) : `local[${threads},${maxFailures}]`;
  return { master, parsedMaster: { kind: 'local', threads, maxFailures } };
}

export interface Build {
  master?: Pick<Scenario['cluster'], 'master' | 'parsedMaster'>;
  executors?: ExecutorSpec[];
  conf?: Partial<SparkConf>;
  workload: Workload;
  faults?: Fault[];
  seed?: number;
  host?: string;
  taskDurationMs?: number;
  taskDurationJitter?: number;
  maxEvents?: number;
}

export function scenario(b: Build): Scenario {
  const m = b.executors !== undefined ? { master: 'cluster', parsedMaster: { kind: 'cluster' as const } } : (b.master ?? localMaster(2, 4));
  return {
    scenario: 1,
    seed: b.seed ?? 7,
    cluster: { ...m, host: b.host ?? 'localhost', executors: b.executors ?? [] },
    conf: {
      'spark.task.maxFailures': 4,
      'spark.stage.maxConsecutiveAttempts': 4,
      'spark.test.noStageRetry': false,
      'spark.sql.streaming.continuous.epochBacklogQueueSize': 10_000,
      'spark.sql.streaming.continuous.executorPollIntervalMs': 100,
      ...b.conf,
    },
    workload: b.workload,
    faults: b.faults ?? [],
    taskDurationMs: b.taskDurationMs ?? 100,
    taskDurationJitter: b.taskDurationJitter ?? 0,
    limits: { maxEvents: b.maxEvents ?? 1_000_000, maxTimeMs: 86_400_000 },
  };
}

export function rdd(id: number, partitions: number, deps: [number, 'narrow' | 'shuffle'][] = [], callSite?: string): RddSpec {
  const r: RddSpec = { id, partitions, deps: deps.map(([d, type]) => ({ rdd: d, type })) };
  if (callSite !== undefined) r.callSite = callSite;
  return r;
}

export function batch(rdds: RddSpec[], jobs: number[]): Workload {
  return { mode: 'batch', rdds, jobs: jobs.map((r) => ({ rdd: r })) };
}

export function microBatch(rdds: RddSpec[], sink: number, batches: number, restarts = 0, sinkApi: 'v1' | 'v2' | 'file' = 'v2'): Workload {
  return { mode: 'microBatch', rdds, sink, batches, restarts, sinkApi, recordsPerBatch: 10 };
}

export function continuous(partitions: number, epochs: number, restarts = 0, retryPolicy: 'none' | 'global' = 'none'): Workload {
  return { mode: 'continuous', partitions, epochs, restarts, retryPolicy, epochIntervalMs: 1000, recordsPerSecond: 10 };
}

export function boom(description: string | null = 'boom', className = 'java.lang.RuntimeException'): InjectedReason {
  return { reason: 'ExceptionFailure', className, description, stackTrace: [] };
}

export const killed: InjectedReason = { reason: 'TaskKilled', killReason: 'killed via SparkContext.killTaskAttempt' };

export function fetchFailed(shuffle: number, mapIndex: number, message: string | null = null): InjectedReason {
  return { reason: 'FetchFailed', shuffle, mapIndex, message };
}

export function fail(task: TaskSelector, reason: InjectedReason): Fault {
  return { kind: 'task', task, fail: reason, durationMs: null };
}

export function slow(task: TaskSelector, durationMs: number): Fault {
  return { kind: 'task', task, fail: null, durationMs };
}
