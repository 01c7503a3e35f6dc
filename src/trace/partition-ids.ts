// TaskInfo's "Partition ID" (a Spark 3.3 field) for a log `srh run --eventlog` wrote in Spark
// 3.2's form: the writer follows each StageSubmitted with a SparkRetryHarnessStagePartitions event
// of our own, the partition of each task index of that stage attempt, and this restorer puts the
// field back into the tasks' TaskInfo as the reader reads them. A TaskStart belongs to its stage's
// latest submitted attempt (Spark marks every older task set of a stage a zombie when it submits
// a new one); a task's later events carry its TID. Logs without those events (every real log)
// pass through untouched.
import type { TaskInfoJson, TraceEvent } from './events.js';

export const STAGE_PARTITIONS_EVENT = 'SparkRetryHarnessStagePartitions';

export interface StagePartitionsEvent {
  Event: typeof STAGE_PARTITIONS_EVENT;
  stageId: number;
  stageAttemptId: number;
  /** The partition of task index i, or null for an index that never launched. */
  partitions: (number | null)[];
}

export class PartitionIdRestorer {
  /** Per stage: the partitions of its latest submitted attempt. */
  private readonly latest = new Map<number, (number | null)[]>();
  private readonly byTid = new Map<number, number>();

  /** The event with its TaskInfo's Partition ID restored (the same object, edited), when the log says it. */
  event(e: TraceEvent): TraceEvent {
    const x = e as unknown as { Event: string };
    if (x.Event === STAGE_PARTITIONS_EVENT) {
      const p = x as unknown as StagePartitionsEvent;
      this.latest.set(p.stageId, p.partitions);
      return e;
    }
    if (this.latest.size === 0) return e;
    if (e.Event === 'SparkListenerTaskStart') {
      const partition = this.latest.get(e['Stage ID'])?.[e['Task Info'].Index];
      if (typeof partition === 'number') this.byTid.set(e['Task Info']['Task ID'], partition);
    }
    if (e.Event === 'SparkListenerTaskStart' || e.Event === 'SparkListenerTaskEnd' || e.Event === 'SparkListenerTaskGettingResult') {
      const partition = this.byTid.get(e['Task Info']['Task ID']);
      if (partition !== undefined && e['Task Info']['Partition ID'] === undefined)
        (e as { 'Task Info': TaskInfoJson })['Task Info'] = withPartition(e['Task Info'], partition);
    }
    return e;
  }
}

/** The TaskInfo with Partition ID where Spark 3.3 writes it, after Attempt. */
function withPartition(ti: TaskInfoJson, partition: number): TaskInfoJson {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(ti)) {
    out[k] = v;
    if (k === 'Attempt') out['Partition ID'] = partition;
  }
  return out as unknown as TaskInfoJson;
}
