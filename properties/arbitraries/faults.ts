// Arbitrary fault schedules, "swarm" style (as TigerBeetle's simulator does): each scenario first
// draws its own fault intensity and the set of failure reasons it may use, so a campaign mixes
// nearly clean runs, fault storms of one kind, and everything between. Raw draws are mapped onto
// the scenario's real structure (shuffle ids, map partitions, executor ids) by modulo, so every
// draw is valid and shrinking moves toward fewer, simpler faults.
import fc from 'fast-check';
import type { TaskSelector } from '../../src/scenario/types.js';
import { shufflesOf, type RddInput } from './dag.js';

export const REASONS = ['ExceptionFailure', 'TaskKilled', 'FetchFailed', 'TaskResultLost', 'TaskCommitDenied', 'UnknownReason'] as const;
/** Fault-list lengths by intensity: clean, light, moderate, storm. */
const INTENSITY = [0, 2, 5, 10] as const;
// InterruptedException last: a continuous query rethrows a job it fails unwrapped (streaming §5.6).
const EXCEPTION_CLASSES = ['java.lang.RuntimeException', 'java.io.IOException', 'java.lang.IllegalStateException', 'java.lang.InterruptedException'];

/** A selector as drawn: every field present or not, before the mode keeps its own fields. */
type RawSelector = TaskSelector;

interface RawTaskFault {
  kind: 'task';
  task: RawSelector;
  reason: number;
  shuffle: number;
  mapIndex: number;
  exceptionClass: number;
  slowMs: number | null;
  slowOnly: boolean;
  /** Continuous mode: the failure strikes in the writer's commit, after the offset report. */
  atCommit: boolean;
}

interface RawExecutorLoss {
  kind: 'executorLost';
  executor: number;
  atMs: number;
  exitCausedByApp: boolean;
}

type RawFault = RawTaskFault | RawExecutorLoss;

export interface FaultContext {
  mode: 'batch' | 'microBatch' | 'continuous';
  rdds: RddInput[];
  executorIds: string[];
  maxPartitions: number;
}

/**
 * A selector field, absent (matching anything) `absentWeight` times in `absentWeight + 1`. Absent
 * comes first, so shrinking drops fields: a selector shrinks toward "every attempt".
 */
const field = (max: number, absentWeight: number): fc.Arbitrary<number | undefined> =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: absentWeight }, { arbitrary: fc.nat({ max }), weight: 1 });

const selector = (maxPartitions: number): fc.Arbitrary<RawSelector> =>
  fc.record({
    job: field(2, 5),
    batch: field(3, 3),
    epoch: field(4, 2),
    run: field(2, 2),
    stage: field(4, 4),
    stageAttempt: field(2, 5),
    partition: field(Math.min(3, maxPartitions - 1), 1),
    attempt: field(3, 2),
  });

const rawFault = (maxPartitions: number): fc.Arbitrary<RawFault> =>
  fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        kind: fc.constant('task' as const),
        task: selector(maxPartitions),
        reason: fc.nat({ max: REASONS.length - 1 }),
        shuffle: fc.nat({ max: 7 }),
        mapIndex: fc.nat({ max: 15 }),
        exceptionClass: fc.nat({ max: EXCEPTION_CLASSES.length - 1 }),
        slowMs: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: null }),
        slowOnly: fc.boolean(),
        atCommit: fc.boolean(),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('executorLost' as const),
        executor: fc.nat({ max: 7 }),
        atMs: fc.nat({ max: 1500 }),
        exitCausedByApp: fc.boolean(),
      }),
    },
  );

export interface RawFaultSchedule {
  intensity: number;
  /** Which reasons this scenario may use (swarm testing): bit i enables REASONS[i]. */
  palette: boolean[];
  /**
   * 0: the palette as drawn. 1: a fetch-failure storm: fetch failures and exceptions alternate,
   * the exceptions aimed at stage 1 (the first reduce stage of a simple job), so counted failures
   * land in stage attempts a fetch failure made zombies. Shrinks toward 0.
   */
  focus: number;
  faults: RawFault[];
}

export function rawFaultScheduleArbitrary(maxPartitions: number): fc.Arbitrary<RawFaultSchedule> {
  return fc.record({
    intensity: fc.nat({ max: INTENSITY.length - 1 }),
    palette: fc.array(fc.boolean(), { minLength: REASONS.length, maxLength: REASONS.length }),
    focus: fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.constant(1), weight: 1 }),
    faults: fc.array(rawFault(maxPartitions), { maxLength: INTENSITY[INTENSITY.length - 1] }),
  });
}

const SELECTOR_FIELDS: Record<FaultContext['mode'], readonly (keyof RawSelector)[]> = {
  batch: ['job', 'stage', 'stageAttempt', 'partition', 'attempt'],
  microBatch: ['job', 'batch', 'run', 'stage', 'stageAttempt', 'partition', 'attempt'],
  continuous: ['epoch', 'run', 'partition', 'attempt'],
};

/** Maps the raw draws onto the scenario: the fault entries of its `faults` list. */
export function toFaults(raw: RawFaultSchedule, ctx: FaultContext): unknown[] {
  const storm = raw.focus === 1 && ctx.mode !== 'continuous';
  const enabled = storm ? (['FetchFailed', 'ExceptionFailure'] as const) : REASONS.filter((_, i) => raw.palette[i]);
  const palette = enabled.length > 0 ? enabled : (['ExceptionFailure'] as const);
  const shuffles = ctx.mode === 'continuous' ? [] : shufflesOf(ctx.rdds);
  const out: unknown[] = [];
  for (const f of raw.faults.slice(0, INTENSITY[raw.intensity])) {
    if (f.kind === 'executorLost') {
      if (ctx.executorIds.length === 0) continue; // local mode has no executor to lose
      out.push({ executorLost: { executor: ctx.executorIds[f.executor % ctx.executorIds.length], atMs: f.atMs, exitCausedByApp: f.exitCausedByApp } });
      continue;
    }
    const task: Record<string, number> = {};
    for (const k of SELECTOR_FIELDS[ctx.mode]) if (f.task[k] !== undefined) task[k] = f.task[k]!;
    if (f.slowOnly && f.slowMs !== null) {
      out.push({ task, durationMs: f.slowMs });
      continue;
    }
    let reason: string = palette[f.reason % palette.length];
    if (reason === 'FetchFailed' && shuffles.length === 0) reason = 'ExceptionFailure';
    const fail: Record<string, unknown> = { reason };
    if (reason === 'ExceptionFailure') {
      if (storm) task.stage = 1;
      fail.className = EXCEPTION_CLASSES[f.exceptionClass];
      fail.description = `injected ${f.exceptionClass}`;
    } else if (reason === 'FetchFailed') {
      const s = f.shuffle % shuffles.length;
      fail.shuffle = s;
      fail.mapIndex = f.mapIndex % shuffles[s].mapPartitions;
    }
    const entry: Record<string, unknown> = f.slowMs === null ? { task, fail } : { task, fail, durationMs: f.slowMs };
    if (ctx.mode === 'continuous' && f.atCommit) entry.phase = 'commit';
    out.push(entry);
  }
  return out;
}
