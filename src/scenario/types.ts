// The scenario format, version 1 (ARCHITECTURE §3): the typed shape a validated scenario has.
// `validate.ts` turns untrusted JSON into this shape (defaults filled in) or into errors that
// name the JSON path and the fix. Everything downstream (simulator, model, generators) uses
// these types only.

export type Master =
  | { kind: 'local'; threads: number; maxFailures: number | null } // local, local[N], local[N,F]
  | { kind: 'cluster' };

export interface ExecutorSpec {
  id: string;
  host: string;
  cores: number;
}

export interface ClusterSpec {
  /** The master string as written ("local[2,6]", "cluster"). */
  master: string;
  /** Parsed form of `master`. */
  parsedMaster: Master;
  /** The driver's host name: local mode runs its tasks there (default "localhost"). */
  host: string;
  /** Master "cluster" only: executors registered at time 0, in the order given. */
  executors: ExecutorSpec[];
}

/** Spark configuration keys the simulator understands, with Spark's defaults filled in. */
export interface SparkConf {
  'spark.task.maxFailures': number;
  'spark.stage.maxConsecutiveAttempts': number;
  'spark.test.noStageRetry': boolean;
  'spark.sql.streaming.continuous.epochBacklogQueueSize': number;
  'spark.sql.streaming.continuous.executorPollIntervalMs': number;
}

export type DependencyType = 'narrow' | 'shuffle';

export interface RddDependency {
  rdd: number;
  type: DependencyType;
}

export interface RddSpec {
  id: number;
  partitions: number;
  deps: RddDependency[];
  /** Optional call site used as the stage name ("count at App.scala:12"). */
  callSite?: string;
}

export interface JobSpec {
  rdd: number;
}

export interface BatchWorkload {
  mode: 'batch';
  rdds: RddSpec[];
  jobs: JobSpec[];
}

export const DEFAULT_RECORDS_PER_BATCH = 10;
export const DEFAULT_RECORDS_PER_SECOND = 10;

export type SinkApi = 'v2' | 'v1' | 'file';

export interface MicroBatchWorkload {
  mode: 'microBatch';
  rdds: RddSpec[];
  sink: number;
  batches: number;
  restarts: number;
  sinkApi: SinkApi;
  /**
   * The source has a backlog and is read with a per-trigger cap (Kafka's maxOffsetsPerTrigger):
   * every batch takes this many new records, so offsets/N = N+1 times it (default 10).
   */
  recordsPerBatch: number;
  /** Optional query name, shown in the query's prettyId. */
  queryName?: string;
}

export type ContinuousRetryPolicy = 'none' | 'global';

export interface ContinuousWorkload {
  mode: 'continuous';
  partitions: number;
  epochs: number;
  restarts: number;
  retryPolicy: ContinuousRetryPolicy;
  /** Trigger.Continuous interval, ms of simulated time (default 1000). */
  epochIntervalMs: number;
  /** Records each source partition's reader reads per second of simulated time (default 10). */
  recordsPerSecond: number;
  queryName?: string;
}

export type Workload = BatchWorkload | MicroBatchWorkload | ContinuousWorkload;

/** A task attempt selector: an omitted field matches any value. */
export interface TaskSelector {
  job?: number;
  batch?: number;
  epoch?: number;
  run?: number;
  stage?: number;
  stageAttempt?: number;
  partition?: number;
  attempt?: number;
}

export interface StackFrame {
  declaringClass: string;
  methodName: string;
  fileName: string | null;
  lineNumber: number;
}

/** Failure reasons a task fault can inject, by Spark's event-log names (spec §5). */
export type InjectedReason =
  | { reason: 'ExceptionFailure'; className: string; description: string | null; stackTrace: StackFrame[] }
  | { reason: 'TaskKilled'; killReason: string }
  | { reason: 'FetchFailed'; shuffle: number; mapIndex: number; message: string | null }
  | { reason: 'TaskResultLost' }
  | { reason: 'TaskCommitDenied' }
  | { reason: 'UnknownReason' };

export type InjectedReasonName = InjectedReason['reason'];

export interface TaskFault {
  kind: 'task';
  task: TaskSelector;
  /** How the attempt ends; absent means it succeeds (a slow-task entry). */
  fail: InjectedReason | null;
  /** Duration of the matched attempt; absent means the default. */
  durationMs: number | null;
  /**
   * Continuous mode: the failure strikes in the writer's commit, after the partition reported the
   * epoch's offset (streaming spec §5.3 steps 3–4). Absent: before it reports (the reader).
   */
  phase?: 'commit';
}

export interface ExecutorLostFault {
  kind: 'executorLost';
  executor: string;
  atMs: number;
  exitCausedByApp: boolean;
  reason: string;
}

export type Fault = TaskFault | ExecutorLostFault;

export interface Limits {
  maxEvents: number;
  maxTimeMs: number;
  /**
   * Extension: a budget of its own for the continuous tasks' per-epoch messages to the
   * coordinator (SparkRetryHarnessPartition* events), which maxEvents does not count. Validation
   * always sets it; a Scenario built by hand without it gets the default.
   */
  maxPartitionMessages?: number;
}

export interface Scenario {
  scenario: 1;
  name?: string;
  seed: number;
  cluster: ClusterSpec;
  conf: SparkConf;
  workload: Workload;
  faults: Fault[];
  taskDurationMs: number;
  /** Extension: each attempt's default duration is scaled by a seeded factor in [1-j, 1+j]. */
  taskDurationJitter: number;
  /**
   * Extension: the epoch-ms wall-clock time of simulated time 0, for the event log `srh run
   * --eventlog` writes (the trace stays in simulated ms); absent: DEFAULT_START_TIME_MS.
   */
  startTimeMs?: number;
  limits: Limits;
}

/** 2021-10-13T00:00:00Z, the day Spark 3.2.0 was released: written logs start there by default. */
export const DEFAULT_START_TIME_MS = 1_634_083_200_000;

export const DEFAULT_TASK_DURATION_MS = 100;
export const DEFAULT_LIMITS: Required<Limits> = { maxEvents: 1_000_000, maxTimeMs: 86_400_000, maxPartitionMessages: 2_000_000 };
export const INJECTABLE_REASONS: readonly InjectedReasonName[] = [
  'ExceptionFailure',
  'TaskKilled',
  'FetchFailed',
  'TaskResultLost',
  'TaskCommitDenied',
  'UnknownReason',
];
