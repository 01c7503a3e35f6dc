// The fault schedule: which scenario fault, if any, applies to a task attempt. The first
// matching task entry wins (ARCHITECTURE §3); an entry that cannot apply to the attempt (a
// FetchFailed on a shuffle the task does not read) does not match, so later entries still can.
import { selectorMatches, type AttemptCoordinates } from '../scenario/selector.js';
import type { ExecutorLostFault, Fault, TaskFault } from '../scenario/types.js';

export type { AttemptCoordinates };

export class FaultSchedule {
  readonly taskFaults: readonly TaskFault[];
  readonly executorLosses: readonly ExecutorLostFault[];
  /** Faults naming a partition, by partition, and those that match any partition: in list order. */
  private readonly byPartition = new Map<number, number[]>();
  private readonly anyPartition: number[] = [];

  constructor(faults: readonly Fault[]) {
    this.taskFaults = faults.filter((f): f is TaskFault => f.kind === 'task');
    this.executorLosses = faults.filter((f): f is ExecutorLostFault => f.kind === 'executorLost');
    this.taskFaults.forEach((f, i) => {
      const p = f.task.partition;
      if (p === undefined) this.anyPartition.push(i);
      else {
        const list = this.byPartition.get(p) ?? [];
        list.push(i);
        this.byPartition.set(p, list);
      }
    });
  }

  /** False when no task fault can match an attempt of `partition`: callers skip the lookup. */
  mayMatchPartition(partition: number): boolean {
    return this.anyPartition.length > 0 || this.byPartition.has(partition);
  }

  /**
   * The first task fault (in list order) that matches `at` and that `applies` accepts (by
   * default, any). Returns null for a clean attempt. Only the faults that can match the
   * attempt's partition are looked at, so large schedules stay cheap.
   */

  taskFault(at: AttemptCoordinates, applies?: (f: TaskFault) => boolean): TaskFault | null {
    const own = this.byPartition.get(at.partition);
    const any = this.anyPartition;
    let i = 0;
    let j = 0;
    const ownLen = own === undefined ? 0 : own.length;
    while (i < ownLen || j < any.length) {
      const next = j >= any.length || (i < ownLen && own![i] < any[j]) ? own![i++] : any[j++];
      const f = this.taskFaults[next];
      if (selectorMatches(f.task, at) && (applies === undefined || applies(f))) return f;
    }
    return null;
  }
}
