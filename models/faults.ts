// How the fault list decides a task attempt (ARCHITECTURE §3 "Faults") and what each end reason
// does to the TaskSetManager (scheduler facts §5, §7.3). A "fate" is the whole attempt sequence
// of one task index in one stage attempt, from the fault list alone.
import { selectorMatches, type AttemptCoordinates } from '../src/scenario/selector.js';
import type { InjectedReason, TaskFault } from '../src/scenario/types.js';
import { printedException, TASK_RESULT_LOST, taskKilledString, UNKNOWN_REASON } from './spark-messages.js';

/** What a selector sees of an attempt (the scenario format's definition). */
export type Coordinates = AttemptCoordinates;

/**
 * The first fault in list order that matches; a FetchFailed fault only matches a task whose
 * stage reads that (scenario) shuffle through narrow dependencies.
 */
export function firstFault(faults: readonly TaskFault[], at: Coordinates, reads: readonly number[]): TaskFault | null {
  for (const f of faults) {
    if (!selectorMatches(f.task, at)) continue;
    if (f.fail?.reason === 'FetchFailed' && !reads.includes(f.fail.shuffle)) continue;
    return f;
  }
  return null;
}

/** Exceptions that abort the task set at once, uncounted and with no TaskEnd (facts §7.3 step 3). */
export const NOT_SERIALIZABLE = 'java.io.NotSerializableException';
export const OUTPUT_EXISTS = 'org.apache.spark.TaskOutputFileAlreadyExistException';

/** What an attempt's end does in its TaskSetManager. */
export type Effect = 'success' | 'counted' | 'uncounted' | 'fetch' | 'immediateAbort';

/** facts §5 (countTowardsTaskFailures) and §7.3 step 3. */
export function effectOf(r: InjectedReason | null): Effect {
  if (r === null) return 'success';
  switch (r.reason) {
    case 'ExceptionFailure':
      return r.className === NOT_SERIALIZABLE || r.className === OUTPUT_EXISTS ? 'immediateAbort' : 'counted';
    case 'TaskResultLost':
    case 'UnknownReason':
      return 'counted';
    case 'TaskKilled':
    case 'TaskCommitDenied':
      return 'uncounted';
    case 'FetchFailed':
      return 'fetch';
  }
}

/** The TaskEnd reason name the trace shows; an immediate abort sends no TaskEnd at all. */
export function reasonName(r: InjectedReason | null): string {
  if (r === null) return 'Success';
  return effectOf(r) === 'immediateAbort' ? 'Running' : r.reason;
}

/** toErrorString of an injected reason, where it does not depend on the run (else null). */
export function errorStringOf(r: InjectedReason | null): string | null {
  if (r === null) return null;
  switch (r.reason) {
    case 'ExceptionFailure':
      // The trace stores a null description as "" (JSON), so only non-null ones are certain.
      return r.description === null || effectOf(r) === 'immediateAbort' ? null : injectedErrorString(r);
    case 'TaskKilled':
    case 'TaskResultLost':
    case 'UnknownReason':
      return injectedErrorString(r);
    default:
      return null; // FetchFailed and TaskCommitDenied carry run-time fields
  }
}

/** toErrorString of an injected failure whose text the scenario fixes (facts §5). */
export function injectedErrorString(r: InjectedReason): string {
  switch (r.reason) {
    case 'ExceptionFailure':
      return printedException(r.className, r.description, r.stackTrace);
    case 'TaskKilled':
      return taskKilledString(r.killReason);
    case 'TaskResultLost':
      return TASK_RESULT_LOST;
    case 'UnknownReason':
      return UNKNOWN_REASON;
    default:
      throw new Error(`no fixed error string for ${r.reason}`);
  }
}

export interface Step {
  attempt: number;
  reason: InjectedReason | null;
  effect: Effect;
}

/**
 * The attempts of one index in one stage attempt (facts §7.3): attempt numbers count every
 * launch; counted failures accumulate until maxTaskFailures (`numFailures >= max`, so 0 acts as
 * 1). `never`: uncounted failures forever. `tooLong`: more attempts than the model spells out.
 */
export interface Fate {
  end: 'success' | 'abort' | 'immediateAbort' | 'fetch' | 'never' | 'tooLong';
  steps: Step[];
}

const MAX_SPELLED_ATTEMPTS = 5_000;

/** The highest attempt number any selector names: from the next one on, outcomes repeat. */
export function attemptHorizon(faults: readonly TaskFault[]): number {
  return faults.reduce((m, f) => Math.max(m, (f.task.attempt ?? -1) + 1), 0);
}

export function fateOf(faults: readonly TaskFault[], at: Omit<Coordinates, 'attempt'>, reads: readonly number[], maxTaskFailures: number): Fate {
  const horizon = attemptHorizon(faults);
  const steps: Step[] = [];
  let counted = 0;
  const coordinates: Coordinates = { ...at, attempt: 0 };
  for (let attempt = 0; ; attempt++) {
    coordinates.attempt = attempt;
    const reason = firstFault(faults, coordinates, reads)?.fail ?? null;
    const effect = effectOf(reason);
    steps.push({ attempt, reason, effect });
    switch (effect) {
      case 'success':
        return { end: 'success', steps };
      case 'immediateAbort':
        return { end: 'immediateAbort', steps };
      case 'fetch':
        return { end: 'fetch', steps };
      case 'counted':
        counted++;
        if (counted >= maxTaskFailures) return { end: 'abort', steps };
        break;
      case 'uncounted':
        if (attempt >= horizon) return { end: 'never', steps };
        break;
    }
    if (steps.length > MAX_SPELLED_ATTEMPTS) return { end: 'tooLong', steps };
  }
}
