// What a task selector means (ARCHITECTURE §3, "Faults"): each field it names must equal the
// attempt's; an omitted field matches any value. Part of the scenario format, so the simulator
// and the reference model read selectors the same way.
import type { TaskSelector } from './types.js';

/** What a selector can see of an attempt. Null fields are not defined in the attempt's mode. */
export interface AttemptCoordinates {
  job: number;
  batch: number | null;
  epoch: number | null;
  run: number | null;
  stage: number;
  stageAttempt: number;
  partition: number;
  attempt: number;
}

const SELECTOR_FIELDS: readonly (keyof TaskSelector)[] = ['job', 'batch', 'epoch', 'run', 'stage', 'stageAttempt', 'partition', 'attempt'];

export function selectorMatches(sel: TaskSelector, at: AttemptCoordinates): boolean {
  for (const f of SELECTOR_FIELDS) {
    const want = sel[f];
    if (want !== undefined && at[f] !== want) return false;
  }
  return true;
}
