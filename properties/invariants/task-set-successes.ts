// Which tasks a TaskSetManager counts successful, as the trace shows them (trace-facts.ts,
// live-facts.ts and I39 share it): its own attempts' successes (a Resubmitted end takes one back),
// and, when the trace has Partition IDs, markPartitionCompleted's: a task of an older attempt of
// the stage that succeeds while the stage still runs for a job completes that partition in the
// stage's latest attempt too (DAGScheduler.handleTaskCompletion → notifyPartitionCompletion, Spark
// 3.2.0). A task set whose every task is successful is a zombie, so its later failures are not
// counted (TaskSetManager.handleFailedTask), and it never launches a successful task. The latest
// attempt takes the partition only if no attempt of the stage had succeeded on it before that
// attempt was submitted (then it is not one of its tasks).
import type { TraceEvent } from '../../src/trace/events.js';
import { RunningJobs } from './running-jobs.js';

interface Attempt {
  numTasks: number;
  /** Its tasks counted successful (by partition when the trace says it, else by index), with the event that made each so. */
  done: Map<number, number>;
  /** When it was submitted, in the order of `seq`. */
  submittedSeq: number;
}

export class TaskSetSuccesses {
  private readonly attempts = new Map<string, Attempt>();
  private readonly latest = new Map<number, number>();
  /** Per stage and partition: the first success on it by any attempt, in the order of `seq`. */
  private readonly firstSuccess = new Map<number, Map<number, number>>();
  private readonly running = new RunningJobs();
  private seq = 0;

  /** Reads a JobStart or JobEnd: which stages still run for a job. */
  job(e: TraceEvent): void {
    this.running.event(e);
  }

  submitted(stageId: number, attemptId: number, numTasks: number): void {
    this.latest.set(stageId, attemptId);
    this.attempts.set(`${stageId}.${attemptId}`, { numTasks, done: new Map(), submittedSeq: this.seq++ });
  }

  /** A Success end at event `at`; returns the stage attempts ("s.a") it made complete (every task successful). */
  success(stageId: number, attemptId: number, index: number, partition: number | null, at: number): string[] {
    const out: string[] = [];
    const own = this.attempts.get(`${stageId}.${attemptId}`);
    if (own !== undefined && this.add(own, partition ?? index, at)) out.push(`${stageId}.${attemptId}`);
    const newest = this.latest.get(stageId);
    if (partition !== null && newest !== undefined && newest > attemptId && this.running.runs(stageId)) {
      const latest = this.attempts.get(`${stageId}.${newest}`);
      const first = this.firstSuccess.get(stageId)?.get(partition);
      if (latest !== undefined && (first === undefined || first > latest.submittedSeq) && this.add(latest, partition, at)) out.push(`${stageId}.${newest}`);
    }
    if (partition !== null) {
      const byPartition = this.firstSuccess.get(stageId) ?? this.firstSuccess.set(stageId, new Map()).get(stageId)!;
      if (!byPartition.has(partition)) byPartition.set(partition, this.seq++);
    }
    return out;
  }

  resubmitted(stageId: number, attemptId: number, index: number, partition: number | null): void {
    this.attempts.get(`${stageId}.${attemptId}`)?.done.delete(partition ?? index);
  }

  /** The event at which the stage attempt came to count the partition successful; undefined when it does not. */
  successfulAt(stageId: number, attemptId: number, partition: number): number | undefined {
    return this.attempts.get(`${stageId}.${attemptId}`)?.done.get(partition);
  }

  /** Drops a stage attempt no later event can be about (live-facts.ts closes it). */
  forget(key: string): void {
    this.attempts.delete(key);
  }

  /** Whether the task is new to the set and completes it. */
  private add(a: Attempt, task: number, at: number): boolean {
    if (a.done.has(task)) return false;
    a.done.set(task, at);
    return a.done.size >= a.numTasks;
  }
}
