// The calls the scheduler components make on each other. Spark wires DAGScheduler,
// TaskSchedulerImpl, TaskSetManager and the backend in a cycle; here each side depends only on
// these interfaces, so the files import no cycle.
import type { BlockManagerId, TaskEndReason } from './task-end-reason.js';
import type { TaskAttempt, TaskSet } from './task.js';

/** What TaskSetManager / TaskSchedulerImpl tell the DAGScheduler (its event loop's inputs). */
export interface DagSchedulerEvents {
  taskStarted(attempt: TaskAttempt): void;
  /** GettingResultEvent: posts the TaskGettingResult. */
  taskGettingResult(attempt: TaskAttempt): void;
  /** CompletionEvent: posts the TaskEnd, then the DAG's handling of the reason. */
  taskEnded(attempt: TaskAttempt, reason: TaskEndReason): void;
  /** TaskSetFailed; `cause` is the aborting task's exception (its first line), when it kept one. */
  taskSetFailed(taskSet: TaskSet, reason: string, cause: string | null): void;
  executorLost(executorId: string): void;
}

/** What the DAGScheduler asks of the task scheduler (Spark's TaskScheduler trait). */
export interface TaskSchedulerApi {
  submitTasks(taskSet: TaskSet): void;
  cancelTasks(stageId: number): void;
  killAllTaskAttempts(stageId: number, reason: string): void;
  notifyPartitionCompletion(stageId: number, partitionId: number): void;
}

/** What the task scheduler asks of its backend (Spark's SchedulerBackend). */
export interface SchedulerBackendApi {
  reviveOffers(): void;
  killTask(attempt: TaskAttempt, reason: string): void;
}

/** One executor's free cores, offered to the task scheduler (Spark's WorkerOffer). */
export interface WorkerOffer {
  executorId: string;
  host: string;
  cores: number;
  /** Where map outputs written by tasks launched on this offer live. */
  blockManager: BlockManagerId;
}
