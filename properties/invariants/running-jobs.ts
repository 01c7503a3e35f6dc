// Which stages still run for a job, as JobStart and JobEnd show it: the DAGScheduler keeps a stage
// (stageIdToStage) while some job that lists it has started and not ended, and drops it in that
// job's cleanup (cleanupStateForJobAndIndependentStages, Spark 3.2.0). A task end for a stage that
// no running job lists is only posted, not handled (spec §11).
import type { JobStartEvent, TraceEvent } from '../../src/trace/events.js';

/** A job's result stage: created after its parents, it has the highest of the job's stage ids (spec §3). */
export function resultStageId(e: JobStartEvent): number {
  return Math.max(...e['Stage IDs']);
}

export class RunningJobs {
  private readonly stagesOf = new Map<number, readonly number[]>();

  /** Reads a JobStart or JobEnd; other events change nothing. */
  event(e: TraceEvent): void {
    if (e.Event === 'SparkListenerJobStart') this.stagesOf.set(e['Job ID'], e['Stage IDs']);
    else if (e.Event === 'SparkListenerJobEnd') this.stagesOf.delete(e['Job ID']);
  }

  /** Whether some running job lists the stage. */
  runs(stageId: number): boolean {
    for (const stages of this.stagesOf.values()) if (stages.includes(stageId)) return true;
    return false;
  }
}
