// Listener events with Spark's event-log names and JSON field names (Spark 3.2 JsonProtocol), so
// that one checker reads a simulated trace and a real event log alike. Only the fields the
// harness uses are typed; real logs carry more, and readers must tolerate that.
// Streaming events of our own are named `SparkRetryHarness…` (ARCHITECTURE §1).

export interface TaskInfoJson {
  'Task ID': number;
  Index: number;
  Attempt: number;
  /** A 3.3+ field (absent in 3.2 logs, spec §11); our traces write it so the partition is known. */
  'Partition ID'?: number;
  'Launch Time': number;
  'Executor ID': string;
  Host: string;
  Locality: string;
  Speculative: boolean;
  'Getting Result Time': number;
  'Finish Time': number;
  Failed: boolean;
  Killed: boolean;
  Accumulables: unknown[];
}

export interface BlockManagerAddressJson {
  'Executor ID': string;
  Host: string;
  Port: number;
}

export interface StackTraceElementJson {
  'Declaring Class': string;
  'Method Name': string;
  'File Name': string | null;
  'Line Number': number;
}

export type TaskEndReasonJson =
  | { Reason: 'Success' }
  | { Reason: 'Resubmitted' }
  | { Reason: 'TaskResultLost' }
  | { Reason: 'UnknownReason' }
  | {
      Reason: 'ExceptionFailure';
      'Class Name': string;
      /** The exception's message: null when it had none. */
      Description: string | null;
      'Stack Trace': StackTraceElementJson[];
      'Full Stack Trace': string;
      'Accumulator Updates': unknown[];
    }
  | { Reason: 'TaskKilled'; 'Kill Reason': string; 'Accumulator Updates': unknown[] }
  | {
      Reason: 'FetchFailed';
      'Block Manager Address'?: BlockManagerAddressJson;
      'Shuffle ID': number;
      'Map ID': number;
      'Map Index': number;
      'Reduce ID': number;
      Message: string;
    }
  | { Reason: 'ExecutorLostFailure'; 'Executor ID': string; 'Exit Caused By App': boolean; 'Loss Reason'?: string }
  | { Reason: 'TaskCommitDenied'; 'Job ID': number; 'Partition ID': number; 'Attempt Number': number };

export type TaskEndReasonName = TaskEndReasonJson['Reason'];

export interface RddInfoJson {
  'RDD ID': number;
  Name: string;
  Callsite: string;
  'Parent IDs': number[];
  'Number of Partitions': number;
}

export interface StageInfoJson {
  'Stage ID': number;
  'Stage Attempt ID': number;
  'Stage Name': string;
  'Number of Tasks': number;
  'RDD Info': RddInfoJson[];
  'Parent IDs': number[];
  Details: string;
  'Submission Time'?: number;
  'Completion Time'?: number;
  'Failure Reason'?: string;
  Accumulables: unknown[];
  'Resource Profile Id': number;
}

export interface LogStartEvent {
  Event: 'SparkListenerLogStart';
  'Spark Version': string;
}
export interface ApplicationStartEvent {
  Event: 'SparkListenerApplicationStart';
  'App Name': string;
  'App ID': string;
  Timestamp: number;
  User: string;
}
export interface ApplicationEndEvent {
  Event: 'SparkListenerApplicationEnd';
  Timestamp: number;
}
export interface ExecutorAddedEvent {
  Event: 'SparkListenerExecutorAdded';
  Timestamp: number;
  'Executor ID': string;
  'Executor Info': {
    Host: string;
    'Total Cores': number;
    'Log Urls': Record<string, string>;
    Attributes: Record<string, string>;
    Resources: Record<string, unknown>;
    'Resource Profile Id': number;
  };
}
export interface ExecutorRemovedEvent {
  Event: 'SparkListenerExecutorRemoved';
  Timestamp: number;
  'Executor ID': string;
  'Removed Reason': string;
}
export interface BlockManagerAddedEvent {
  Event: 'SparkListenerBlockManagerAdded';
  'Block Manager ID': BlockManagerAddressJson;
  'Maximum Memory': number;
  Timestamp: number;
}
export interface JobStartEvent {
  Event: 'SparkListenerJobStart';
  'Job ID': number;
  'Submission Time': number;
  'Stage Infos': StageInfoJson[];
  'Stage IDs': number[];
  Properties: Record<string, string>;
}
export type JobResultJson = { Result: 'JobSucceeded' } | { Result: 'JobFailed'; Exception: { Message: string; 'Stack Trace': StackTraceElementJson[] } };
export interface JobEndEvent {
  Event: 'SparkListenerJobEnd';
  'Job ID': number;
  'Completion Time': number;
  'Job Result': JobResultJson;
}
export interface StageSubmittedEvent {
  Event: 'SparkListenerStageSubmitted';
  'Stage Info': StageInfoJson;
  Properties: Record<string, string>;
}
export interface StageCompletedEvent {
  Event: 'SparkListenerStageCompleted';
  'Stage Info': StageInfoJson;
}
export interface TaskStartEvent {
  Event: 'SparkListenerTaskStart';
  'Stage ID': number;
  'Stage Attempt ID': number;
  'Task Info': TaskInfoJson;
}
/** The driver started fetching an indirect task result (spec §6: before a TaskResultLost). */
export interface TaskGettingResultEvent {
  Event: 'SparkListenerTaskGettingResult';
  'Task Info': TaskInfoJson;
}
export interface TaskEndEvent {
  Event: 'SparkListenerTaskEnd';
  'Stage ID': number;
  'Stage Attempt ID': number;
  'Task Type': 'ResultTask' | 'ShuffleMapTask';
  'Task End Reason': TaskEndReasonJson;
  'Task Info': TaskInfoJson;
}

// ---- Streaming events of our own (issue 3). Times are simulated ms.
export interface QueryStartedEvent {
  Event: 'SparkRetryHarnessQueryStarted';
  Timestamp: number;
  id: string;
  runId: string;
  name: string | null;
  mode: 'microBatch' | 'continuous';
  run: number;
  /** Micro-batch: first batch of this run; continuous: start epoch. */
  start: number;
  /**
   * false: this run's trace holds no partition messages, offsets or records (a real run: the
   * runner observes the query's own events, not the coordinator's messages); absent: it does.
   */
  observesData?: boolean;
  /** false: this run's trace holds no state store commits (a real run: the runner's plan has no stateful operator of Spark's); absent: it does. */
  observesStateStores?: boolean;
}
export interface OffsetLogWrittenEvent {
  Event: 'SparkRetryHarnessOffsetLogWritten';
  Timestamp: number;
  runId: string;
  /** Batch id (micro-batch) or epoch (continuous). */
  batch: number;
  /** The entry: the source's offset (records read so far) per source partition. */
  offsets?: number[];
}
export interface SinkCommittedEvent {
  Event: 'SparkRetryHarnessSinkCommitted';
  Timestamp: number;
  runId: string;
  batch: number;
  /** What the sink makes visible: per source partition, the records [from, to) by offset. */
  records?: [number, number][];
}
/** What every continuous task's message to the EpochCoordinator says of itself. */
interface PartitionMessage {
  Timestamp: number;
  runId: string;
  epoch: number;
  partition: number;
  /** The sending task attempt. */
  tid: number;
  attempt: number;
}
/** ReportPartitionOffset as the EpochCoordinator receives it (streaming spec §5.3 step 3, R1). */
export interface PartitionOffsetReportedEvent extends PartitionMessage {
  Event: 'SparkRetryHarnessPartitionOffsetReported';
  /** Records the partition's reader had read when the epoch's marker came. */
  offset: number;
}
/** CommitPartitionEpoch as the EpochCoordinator receives it (streaming spec §5.3 step 3, R2). */
export interface PartitionEpochCommittedEvent extends PartitionMessage {
  Event: 'SparkRetryHarnessPartitionEpochCommitted';
  /** The writer's commit message: the records [from, to) by offset it wrote in the epoch. */
  records: [number, number];
}
/** A stateful micro-batch task's state store commit (streaming spec §4.2): it loaded and wrote these versions. */
export interface StateStoreCommittedEvent {
  Event: 'SparkRetryHarnessStateStoreCommitted';
  Timestamp: number;
  batch: number;
  /** The stateful operator: the id of its RDD in the workload's plan, the same in every batch. */
  operator: number;
  stageId: number;
  stageAttemptId: number;
  partition: number;
  tid: number;
  attempt: number;
  loadedVersion: number;
  version: number;
}
/** StopContinuousExecutionWrites: the coordinator drops every later message (streaming spec R6). */
export interface WritesStoppedEvent {
  Event: 'SparkRetryHarnessWritesStopped';
  Timestamp: number;
  runId: string;
}
export interface CommitLogWrittenEvent {
  Event: 'SparkRetryHarnessCommitLogWritten';
  Timestamp: number;
  runId: string;
  batch: number;
}
export interface QueryTerminatedEvent {
  Event: 'SparkRetryHarnessQueryTerminated';
  Timestamp: number;
  id: string;
  runId: string;
  run: number;
  /** StreamingQueryException message, or null for a query that completed. */
  exception: string | null;
  /** The cause chain's messages, outermost first (spec streaming §5.6). */
  causes: string[];
}

export type TraceEvent =
  | LogStartEvent
  | ApplicationStartEvent
  | ApplicationEndEvent
  | ExecutorAddedEvent
  | ExecutorRemovedEvent
  | BlockManagerAddedEvent
  | JobStartEvent
  | JobEndEvent
  | StageSubmittedEvent
  | StageCompletedEvent
  | TaskStartEvent
  | TaskGettingResultEvent
  | TaskEndEvent
  | QueryStartedEvent
  | OffsetLogWrittenEvent
  | SinkCommittedEvent
  | CommitLogWrittenEvent
  | QueryTerminatedEvent
  | PartitionOffsetReportedEvent
  | PartitionEpochCommittedEvent
  | WritesStoppedEvent
  | StateStoreCommittedEvent;

export type TraceEventName = TraceEvent['Event'];

/** A run: its listener events in posting order, and how the simulation ended. */
export interface Trace {
  events: TraceEvent[];
  status: 'finished' | 'did-not-terminate';
  /** Why a run did not terminate (which limit, or a stall), else null. */
  stopReason: string | null;
  /** Simulated time at the end, ms. */
  endTimeMs: number;
}
