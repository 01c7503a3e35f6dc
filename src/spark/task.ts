// Tasks, task sets and task attempts (spec §3): a Task is one partition of one stage attempt; a
// TaskAttempt is one launch of it (Spark's TaskInfo plus what the simulator needs to run it).
import type { TaskInfoJson } from '../trace/events.js';
import type { Stage } from './stage.js';
import type { BlockManagerId } from './task-end-reason.js';

export type TaskKind = 'result' | 'shuffleMap';

/** Driver-side labels a job carries (Spark's job local properties) that faults can select on. */
export interface JobContext {
  jobId: number;
  /** Micro-batch id, or null outside micro-batch mode. */
  batch: number | null;
  /** Query run (0, then +1 per restart), or null in batch mode. */
  run: number | null;
  /** Runtime shuffle id of the scenario's shuffle 0 (micro-batches renumber per batch). */
  shuffleIdOffset: number;
  /** Spark job local properties, shown in JobStart/StageSubmitted. */
  properties: Record<string, string>;
}

export interface Task {
  index: number;
  partition: number;
  kind: TaskKind;
  stage: Stage;
  stageAttemptId: number;
  job: JobContext;
  /** MapOutputTracker epoch when the task was created (for the "possibly bogus" check, §10.2). */
  epoch: number;
}

export interface TaskSet {
  stage: Stage;
  stageAttemptId: number;
  /** FIFO priority: the job id. */
  priority: number;
  tasks: Task[];
}

export type AttemptState = 'RUNNING' | 'FINISHED' | 'FAILED' | 'KILLED';

export interface TaskAttempt {
  tid: number;
  task: Task;
  attempt: number;
  executorId: string;
  host: string;
  /** The executor's block manager: where this attempt's map output is registered. */
  blockManager: BlockManagerId;
  launchTime: number;
  /** When the driver began fetching the attempt's result (TaskInfo.gettingResultTime), else 0. */
  gettingResultTime: number;
  finishTime: number;
  state: AttemptState;
  /** Set when the driver asked the executor to kill it: the reason the executor will report. */
  killReason: string | null;
  /** The TaskInfo JSON posted in TaskStart. */
  startInfo: TaskInfoJson;
}

/** A TaskInfo as JSON: the attempt as it is now, with its end fields once `finished`. */
export function taskInfoJson(a: TaskAttempt, finished: boolean): TaskInfoJson {
  return taskInfo(
    a.tid,
    a.task,
    a.attempt,
    a.executorId,
    a.host,
    a.launchTime,
    a.gettingResultTime,
    finished ? a.finishTime : 0,
    finished && a.state === 'FAILED',
    finished && a.state === 'KILLED',
  );
}

/** TaskStart's TaskInfo: an attempt just launched, running, nothing fetched. */
export function launchTaskInfo(tid: number, task: Task, attempt: number, executorId: string, host: string, launchTime: number): TaskInfoJson {
  return taskInfo(tid, task, attempt, executorId, host, launchTime, 0, 0, false, false);
}

function taskInfo(
  tid: number,
  task: Task,
  attempt: number,
  executorId: string,
  host: string,
  launchTime: number,
  gettingResultTime: number,
  finishTime: number,
  failed: boolean,
  killed: boolean,
): TaskInfoJson {
  return {
    'Task ID': tid,
    Index: task.index,
    Attempt: attempt,
    // A 3.3+ field, written here so a trace alone tells which partition a task index ran (§3).
    'Partition ID': task.partition,
    'Launch Time': launchTime,
    'Executor ID': executorId,
    Host: host,
    Locality: 'PROCESS_LOCAL', // no locality preferences: recorded as PROCESS_LOCAL (spec §1.11)
    Speculative: false,
    'Getting Result Time': gettingResultTime,
    'Finish Time': finishTime,
    Failed: failed,
    Killed: killed,
    Accumulables: [],
  };
}
