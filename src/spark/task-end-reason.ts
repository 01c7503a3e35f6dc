// TaskEndReason (spec §5): how a task attempt ended, whether it counts towards
// spark.task.maxFailures, its `toErrorString`, and its event-log JSON.
import type { InjectedReason, StackFrame } from '../scenario/types.js';
import type { BlockManagerAddressJson, StackTraceElementJson, TaskEndReasonJson } from '../trace/events.js';

export interface BlockManagerId {
  executorId: string;
  host: string;
  port: number;
}

export type TaskEndReason =
  | { kind: 'Success' }
  | { kind: 'Resubmitted' }
  | { kind: 'TaskResultLost' }
  | { kind: 'UnknownReason' }
  | {
      kind: 'ExceptionFailure';
      className: string;
      description: string | null;
      stackTrace: StackFrame[];
      /** The printed trace with its "Caused by:" sections, when known (read from an event log). */
      fullStackTrace?: string;
    }
  | { kind: 'TaskKilled'; reason: string }
  | {
      kind: 'FetchFailed';
      bm: BlockManagerId | null;
      shuffleId: number;
      mapId: number;
      mapIndex: number;
      reduceId: number;
      message: string;
    }
  | { kind: 'ExecutorLostFailure'; executorId: string; exitCausedByApp: boolean; reason: string | null }
  | { kind: 'TaskCommitDenied'; jobId: number; partitionId: number; attemptNumber: number };

export type TaskEndReasonKind = TaskEndReason['kind'];

export const SUCCESS: TaskEndReason = { kind: 'Success' };

/** Where an injected failure happened: what a TaskCommitDenied reports (the stage id is its "job"). */
export interface InjectedAt {
  stageId: number;
  partition: number;
  attempt: number;
}

/**
 * The end reason of an injected fault. FetchFailed needs the map output tracker (where the
 * output lives) and is built by the task runner; every other reason is fixed by the fault.
 */
export function injectedEndReason(r: Exclude<InjectedReason, { reason: 'FetchFailed' }>, at: InjectedAt): TaskEndReason {
  switch (r.reason) {
    case 'ExceptionFailure':
      return { kind: 'ExceptionFailure', className: r.className, description: r.description, stackTrace: r.stackTrace };
    case 'TaskKilled':
      return { kind: 'TaskKilled', reason: r.killReason };
    case 'TaskResultLost':
      return { kind: 'TaskResultLost' };
    case 'UnknownReason':
      return { kind: 'UnknownReason' };
    case 'TaskCommitDenied':
      // CommitDeniedException carries the stage id as its "job" (SparkHadoopMapRedUtil.commitTask).
      return { kind: 'TaskCommitDenied', jobId: at.stageId, partitionId: at.partition, attemptNumber: at.attempt };
  }
}

/** TaskEndReason.countTowardsTaskFailures (spec §5, surprising fact 4). */
export function countsTowardsTaskFailures(r: TaskEndReason): boolean {
  switch (r.kind) {
    case 'ExceptionFailure':
    case 'TaskResultLost':
    case 'UnknownReason':
      return true;
    case 'ExecutorLostFailure':
      return r.exitCausedByApp;
    // Resubmitted "counts" in Spark but never reaches the failure path (§5): treat as not counted.
    default:
      return false;
  }
}

/**
 * countsTowardsTaskFailures of a logged reason, without reading the whole reason back (a stack
 * trace is costly to rebuild). A test checks the two agree on every reason.
 */
export function loggedReasonCounts(j: TaskEndReasonJson): boolean {
  if (j.Reason === 'ExecutorLostFailure') return (j as Record<string, unknown>)['Exit Caused By App'] !== false;
  return j.Reason === 'ExceptionFailure' || j.Reason === 'TaskResultLost' || j.Reason === 'UnknownReason';
}

/** The task state the scheduler records for this reason (spec §6): denied commits are KILLED, a lost result FINISHED. */
export function terminalState(r: TaskEndReason): 'FINISHED' | 'FAILED' | 'KILLED' {
  switch (r.kind) {
    case 'Success':
    // The task itself finished; the driver then failed to fetch its result (TaskResultGetter).
    case 'TaskResultLost':
      return 'FINISHED';
    case 'TaskKilled':
    case 'TaskCommitDenied':
      return 'KILLED';
    default:
      return 'FAILED';
  }
}

/** `Throwable.toString`: the class name, then ": message" when there is one. */
export function exceptionHeadline(className: string, description: string | null): string {
  return description === null ? className : `${className}: ${description}`;
}

export function renderFrame(f: StackFrame): string {
  let where: string;
  if (f.lineNumber === -2) where = 'Native Method';
  else if (f.fileName === null) where = 'Unknown Source';
  else if (f.lineNumber >= 0) where = `${f.fileName}:${f.lineNumber}`;
  else where = f.fileName;
  return `${f.declaringClass}.${f.methodName}(${where})`;
}

/** `Utils.exceptionString`: the printed stack trace, every line ending in a newline. */
export function exceptionString(className: string, description: string | null, stackTrace: StackFrame[]): string {
  let s = exceptionHeadline(className, description) + '\n';
  for (const f of stackTrace) s += `\tat ${renderFrame(f)}\n`;
  return s;
}

export function blockManagerIdString(bm: BlockManagerId): string {
  return `BlockManagerId(${bm.executorId}, ${bm.host}, ${bm.port}, None)`;
}

/** TaskEndReason.toErrorString / TaskFailedReason.toErrorString (spec §5). */
export function toErrorString(r: TaskEndReason): string {
  switch (r.kind) {
    case 'Success':
      return 'Success';
    case 'Resubmitted':
      return 'Resubmitted (resubmitted due to lost executor)';
    case 'TaskResultLost':
      return 'TaskResultLost (result lost from block manager)';
    case 'UnknownReason':
      return 'UnknownReason';
    case 'ExceptionFailure':
      // ExceptionFailure.toErrorString prefers the full stack trace when it was kept.
      return r.fullStackTrace ?? exceptionString(r.className, r.description, r.stackTrace);
    case 'TaskKilled':
      return `TaskKilled (${r.reason})`;
    case 'FetchFailed': {
      const bm = r.bm === null ? 'null' : blockManagerIdString(r.bm);
      const mapIndex = r.mapIndex === -2147483648 ? 'Unknown' : String(r.mapIndex);
      return `FetchFailed(${bm}, shuffleId=${r.shuffleId}, mapIndex=${mapIndex}, mapId=${r.mapId}, ` + `reduceId=${r.reduceId}, message=\n${r.message}\n)`;
    }
    case 'ExecutorLostFailure': {
      const cause = r.exitCausedByApp ? 'caused by one of the running tasks' : 'unrelated to the running tasks';
      const reason = r.reason === null ? '' : ` Reason: ${r.reason}`;
      return `ExecutorLostFailure (executor ${r.executorId} exited ${cause})${reason}`;
    }
    case 'TaskCommitDenied':
      return `TaskCommitDenied (Driver denied task commit) for job: ${r.jobId}, ` + `partition: ${r.partitionId}, attemptNumber: ${r.attemptNumber}`;
  }
}

function frameJson(f: StackFrame): StackTraceElementJson {
  return { 'Declaring Class': f.declaringClass, 'Method Name': f.methodName, 'File Name': f.fileName, 'Line Number': f.lineNumber };
}

function bmJson(bm: BlockManagerId): BlockManagerAddressJson {
  return { 'Executor ID': bm.executorId, Host: bm.host, Port: bm.port };
}

/** JsonProtocol.taskEndReasonToJson (3.2 field names). */
export function taskEndReasonToJson(r: TaskEndReason): TaskEndReasonJson {
  switch (r.kind) {
    case 'Success':
    case 'Resubmitted':
    case 'TaskResultLost':
    case 'UnknownReason':
      return { Reason: r.kind };
    case 'ExceptionFailure':
      return {
        Reason: 'ExceptionFailure',
        'Class Name': r.className,
        Description: r.description,
        'Stack Trace': r.stackTrace.map(frameJson),
        'Full Stack Trace': r.fullStackTrace ?? exceptionString(r.className, r.description, r.stackTrace),
        'Accumulator Updates': [],
      };
    case 'TaskKilled':
      return { Reason: 'TaskKilled', 'Kill Reason': r.reason, 'Accumulator Updates': [] };
    case 'FetchFailed': {
      const base = {
        Reason: 'FetchFailed' as const,
        'Shuffle ID': r.shuffleId,
        'Map ID': r.mapId,
        'Map Index': r.mapIndex,
        'Reduce ID': r.reduceId,
        Message: r.message,
      };
      return r.bm === null ? base : { Reason: 'FetchFailed', 'Block Manager Address': bmJson(r.bm), ...stripReason(base) };
    }
    case 'ExecutorLostFailure': {
      // An absent loss reason is left out of the JSON, as json4s drops a None.
      const base = { Reason: 'ExecutorLostFailure' as const, 'Executor ID': r.executorId, 'Exit Caused By App': r.exitCausedByApp };
      return r.reason === null ? base : { ...base, 'Loss Reason': r.reason };
    }
    case 'TaskCommitDenied':
      return { Reason: 'TaskCommitDenied', 'Job ID': r.jobId, 'Partition ID': r.partitionId, 'Attempt Number': r.attemptNumber };
  }
}

function stripReason<T extends { Reason: string }>(o: T): Omit<T, 'Reason'> {
  const { Reason: _omit, ...rest } = o;
  return rest;
}

/** Reads an event log's reason back (real logs may lack fields: defaults keep it total). */
export function taskEndReasonFromJson(j: TaskEndReasonJson): TaskEndReason {
  const o = j as Record<string, unknown>;
  const str = (k: string, d = ''): string => (typeof o[k] === 'string' ? (o[k] as string) : d);
  const num = (k: string, d = -1): number => (typeof o[k] === 'number' ? (o[k] as number) : d);
  switch (j.Reason) {
    case 'Success':
    case 'Resubmitted':
    case 'TaskResultLost':
    case 'UnknownReason':
      return { kind: j.Reason };
    case 'ExceptionFailure': {
      const frames = Array.isArray(o['Stack Trace']) ? (o['Stack Trace'] as StackTraceElementJson[]) : [];
      const full = typeof o['Full Stack Trace'] === 'string' ? { fullStackTrace: o['Full Stack Trace'] as string } : {};
      return {
        ...full,
        kind: 'ExceptionFailure',
        className: str('Class Name'),
        description: typeof o.Description === 'string' ? (o.Description as string) : null,
        stackTrace: frames.map((f) => ({
          declaringClass: f['Declaring Class'],
          methodName: f['Method Name'],
          fileName: f['File Name'] ?? null,
          lineNumber: f['Line Number'],
        })),
      };
    }
    case 'TaskKilled':
      return { kind: 'TaskKilled', reason: str('Kill Reason', 'unknown reason') };
    case 'FetchFailed': {
      const bm = o['Block Manager Address'] as BlockManagerAddressJson | undefined;
      return {
        kind: 'FetchFailed',
        bm: bm ? { executorId: bm['Executor ID'], host: bm.Host, port: bm.Port } : null,
        shuffleId: num('Shuffle ID'),
        mapId: num('Map ID'),
        mapIndex: num('Map Index', -2147483648),
        reduceId: num('Reduce ID'),
        message: str('Message'),
      };
    }
    case 'ExecutorLostFailure':
      return {
        kind: 'ExecutorLostFailure',
        executorId: str('Executor ID'),
        exitCausedByApp: o['Exit Caused By App'] !== false,
        reason: typeof o['Loss Reason'] === 'string' ? (o['Loss Reason'] as string) : null,
      };
    case 'TaskCommitDenied':
      return { kind: 'TaskCommitDenied', jobId: num('Job ID'), partitionId: num('Partition ID'), attemptNumber: num('Attempt Number') };
  }
}
