// Which tasks a TaskSetManager counts successful, as the trace shows them (trace-facts.ts and
// live-facts.ts share it): its own attempts' successes (a Resubmitted end takes one back), and,
// when the trace has Partition IDs, markPartitionCompleted's: a task of an older attempt of the
// stage that succeeds while the stage still runs for a job completes that partition in the
// stage's latest attempt too (DAGScheduler.handleTaskCompletion → notifyPartitionCompletion,
// Spark 3.2.0; I39). A task set whose every task is successful is a zombie, so its later
// failures are not counted (TaskSetManager.handleFailedTask). The latest attempt takes the
// partition only if no attempt of the stage had succeeded on it before that attempt was
// submitted (then it is not one of its tasks).

interface Attempt {
  numTasks: number;
  /** Its tasks counted successful: by partition when the trace says it, else by index. */
  done: Set<number>;
  /** Partitions some attempt of the stage had succeeded on when this one was submitted. */
  doneBefore: Set<number>;
}

export class TaskSetSuccesses {
  private readonly attempts = new Map<string, Attempt>();
  private readonly latest = new Map<number, number>();
  /** Per stage: the partitions any of its attempts succeeded on. */
  private readonly succeededOn = new Map<number, Set<number>>();
  private readonly runningJobsOfStage = new Map<number, number>();

  submitted(stageId: number, attemptId: number, numTasks: number): void {
    this.latest.set(stageId, attemptId);
    this.attempts.set(`${stageId}.${attemptId}`, { numTasks, done: new Set(), doneBefore: new Set(this.succeededOn.get(stageId) ?? []) });
  }

  jobStarted(stageIds: readonly number[]): void {
    for (const s of stageIds) this.runningJobsOfStage.set(s, (this.runningJobsOfStage.get(s) ?? 0) + 1);
  }

  jobEnded(stageIds: readonly number[]): void {
    for (const s of stageIds) this.runningJobsOfStage.set(s, (this.runningJobsOfStage.get(s) ?? 1) - 1);
  }

  /** A Success end; returns the stage attempts ("s.a") it made complete (every task successful). */
  success(stageId: number, attemptId: number, index: number, partition: number | null): string[] {
    const out: string[] = [];
    const own = this.attempts.get(`${stageId}.${attemptId}`);
    if (own !== undefined && this.add(own, partition ?? index)) out.push(`${stageId}.${attemptId}`);
    const newest = this.latest.get(stageId);
    if (partition !== null && newest !== undefined && newest > attemptId && (this.runningJobsOfStage.get(stageId) ?? 0) > 0) {
      const latest = this.attempts.get(`${stageId}.${newest}`);
      if (latest !== undefined && !latest.doneBefore.has(partition) && this.add(latest, partition)) out.push(`${stageId}.${newest}`);
    }
    if (partition !== null) (this.succeededOn.get(stageId) ?? this.succeededOn.set(stageId, new Set()).get(stageId)!).add(partition);
    return out;
  }

  resubmitted(stageId: number, attemptId: number, index: number, partition: number | null): void {
    this.attempts.get(`${stageId}.${attemptId}`)?.done.delete(partition ?? index);
  }

  /** Drops a stage attempt no later event can be about (live-facts.ts closes it). */
  forget(key: string): void {
    this.attempts.delete(key);
  }

  /** Whether the task is new to the set and completes it. */
  private add(a: Attempt, task: number): boolean {
    if (a.done.has(task)) return false;
    a.done.add(task);
    return a.done.size >= a.numTasks;
  }
}
