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
/** The exceptions that abort a task set at once, with no retry (spec §7.3 step 3): foci 4 and 5 only. */
const ABORT_AT_ONCE_CLASSES = ['java.io.NotSerializableException', 'org.apache.spark.TaskOutputFileAlreadyExistException'];

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

/**
 * A slow task's duration: the draw itself (0 to 2 s), but the top 2% of draws (1,960 to 2,000)
 * stand for 10 to 12 s, so two failures of one exception in a task set can land more than
 * TaskSetManager's 10 s print interval apart (its full WARN again instead of "[duplicate n]",
 * spec §2). A function of the draw, so every other draw stays as it was, and shrinking goes
 * back below 2 s.
 */
export function stretchedSlowMs(drawn: number): number {
  return drawn >= 1960 ? 10_000 + (drawn - 1960) * 50 : drawn;
}

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
        slowMs: fc.option(fc.integer({ min: 0, max: 2000 }).map(stretchedSlowMs), { nil: null }),
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
   * Swarm focus (issue 11 §5), shrinking toward 0. 0: the palette as drawn. 1: a fetch-failure
   * storm: fetch failures and exceptions alternate, the exceptions aimed at stage 1 (the first
   * reduce stage of a simple job), so counted failures land in stage attempts a fetch failure made
   * zombies; half of the batch ones play a stage's fail-succeed-fail story instead of their drawn
   * DAG (retry-after-success.ts). 2: executor losses while map outputs are needed, between fetch failures. 3: zombie
   * attempts: a fetch failure and a slow task in stage 1's first attempt, another fetch failure in
   * its second, counted failures after, so a job may fail while an older attempt runs. 4: results
   * and commits: TaskResultLost, TaskCommitDenied and the immediate-abort exceptions at stage 1
   * (a stateful stage in micro-batch mode, where every other fault is a denied commit of a first
   * attempt). 5: immediate aborts: every other task fault throws
   * NotSerializableException or TaskOutputFileAlreadyExistException (no retry), the others come
   * from the palette.
   */
  focus: number;
  faults: RawFault[];
}

/** Each focus's weight in a campaign's swarm (focus 0, the drawn palette, most often). */
const FOCUS_WEIGHTS: readonly number[] = [3, 2, 2, 2, 2, 1];

/** The foci there are: 0 to 5. */
export const FOCI: readonly number[] = FOCUS_WEIGHTS.map((_, focus) => focus);

/** The raw schedule; `foci` restricts the swarm to some foci (a test set aimed at one family of rules), all of them by default. */
export function rawFaultScheduleArbitrary(maxPartitions: number, foci: readonly number[] = FOCI): fc.Arbitrary<RawFaultSchedule> {
  return fc.record({
    intensity: fc.nat({ max: INTENSITY.length - 1 }),
    palette: fc.array(fc.boolean(), { minLength: REASONS.length, maxLength: REASONS.length }),
    focus: fc.oneof(...foci.map((focus) => ({ arbitrary: fc.constant(focus), weight: FOCUS_WEIGHTS[focus] }))),
    faults: fc.array(rawFault(maxPartitions), { maxLength: INTENSITY[INTENSITY.length - 1] }),
  });
}

const SELECTOR_FIELDS: Record<FaultContext['mode'], readonly (keyof RawSelector)[]> = {
  batch: ['job', 'stage', 'stageAttempt', 'partition', 'attempt'],
  microBatch: ['job', 'batch', 'run', 'stage', 'stageAttempt', 'partition', 'attempt'],
  continuous: ['epoch', 'run', 'partition', 'attempt'],
};

/** Maps the raw draws onto the scenario: the fault entries of its `faults` list. */
/** The reasons a focus draws from (focus 0: the scenario's own palette). */
function paletteOf(raw: RawFaultSchedule, focus: number): readonly string[] {
  if (focus === 1) return ['FetchFailed', 'ExceptionFailure'];
  if (focus === 2) return ['FetchFailed', 'ExceptionFailure', 'TaskKilled'];
  if (focus === 4) return ['TaskResultLost', 'TaskCommitDenied', 'ExceptionFailure'];
  const enabled = REASONS.filter((_, i) => raw.palette[i]);
  return enabled.length > 0 ? enabled : ['ExceptionFailure'];
}

/** Focus 2: every other fault is an executor loss between 100 and 400 ms, when map outputs exist and reduce tasks read them. */
function focusedLoss(f: RawFault, i: number, ctx: FaultContext): unknown | null {
  if (i % 2 !== 0 || ctx.executorIds.length === 0) return null;
  const executor = f.kind === 'executorLost' ? f.executor : f.mapIndex;
  const atMs = 100 + ((f.kind === 'executorLost' ? f.atMs : f.mapIndex * 37) % 300);
  const exitCausedByApp = f.kind === 'executorLost' ? f.exitCausedByApp : f.atCommit;
  return { executorLost: { executor: ctx.executorIds[executor % ctx.executorIds.length], atMs, exitCausedByApp } };
}

/**
 * Focus 3: the i-th fault's shape, in stage 1 (the first stage that reads a shuffle in a simple
 * job), over its `reducers` partitions. Attempt 0: a fetch failure, a slow task (still running when
 * later attempts end or the job fails), a second fetch failure that lands while the map stage
 * re-runs, 300-400 ms after its launch (so a later resubmission finds nothing missing); then
 * counted failures, a slow denied commit in attempt 1 (retried after the zombie's success unless
 * Spark passes it on), and a fetch failure in attempt 1 after successes there.
 */
function zombieShape(f: RawTaskFault, i: number, reducers: number): { task: Record<string, number>; reason: string | null; durationMs?: number } {
  const p = f.task.partition ?? 0;
  const at = (k: number): number => (p + k) % reducers;
  const jitter = (f.slowMs ?? 0) % 200;
  switch (i % 6) {
    case 0:
      return { task: { stage: 1, stageAttempt: 0, partition: at(0) }, reason: 'FetchFailed' };
    case 1:
      return { task: { stage: 1, stageAttempt: 0, partition: at(1) }, reason: null, durationMs: 1200 + 4 * jitter };
    case 2:
      return { task: { stage: 1, stageAttempt: 0, partition: at(2) }, reason: 'FetchFailed', durationMs: 305 + (jitter % 90) };
    case 3:
      return { task: { stage: 1, partition: at(0) }, reason: 'ExceptionFailure' };
    case 4:
      return { task: { stage: 1, stageAttempt: 1, partition: at(1) }, reason: 'TaskCommitDenied', durationMs: 1500 + jitter };
    default:
      return { task: { stage: 1, stageAttempt: 1, partition: at(2) }, reason: 'FetchFailed', durationMs: 300 + jitter };
  }
}

/** The partitions of the first RDD that reads a shuffle (stage 1's, in a simple job). */
function reducersOf(rdds: RddInput[], fallback: number): number {
  return rdds.find((r) => (r.deps ?? []).some((d) => d.type === 'shuffle'))?.partitions ?? fallback;
}

export function toFaults(raw: RawFaultSchedule, ctx: FaultContext): unknown[] {
  const focus = ctx.mode === 'continuous' ? 0 : raw.focus;
  const storm = focus === 1 || focus === 4;
  const palette = paletteOf(raw, focus);
  const shuffles = ctx.mode === 'continuous' ? [] : shufflesOf(ctx.rdds);
  // Focus 3 plays its whole story, however few task faults the raw list has.
  const out: unknown[] = focus === 3 ? zombieStory(raw, shuffles, reducersOf(ctx.rdds, ctx.maxPartitions)) : [];
  let fetchFailures = 0;
  // Foci 4 and 5 are about their faults: at least two, where the raw list has them.
  const count = focus === 3 ? Math.max(6, INTENSITY[raw.intensity]) : focus >= 4 ? Math.max(2, INTENSITY[raw.intensity]) : INTENSITY[raw.intensity];
  for (const [i, f] of raw.faults.slice(0, count).entries()) {
    const loss = focus === 2 ? focusedLoss(f, i, ctx) : null;
    if (loss !== null) {
      out.push(loss);
      continue;
    }
    if (focus === 3 && f.kind === 'task') continue; // the story stands for the task faults
    if (focus === 5 && f.kind === 'task' && i % 2 === 0) {
      out.push(immediateAbort(f));
      continue;
    }
    if (focus === 4 && ctx.mode === 'microBatch' && f.kind === 'task' && i % 2 === 0) {
      out.push(deniedStatefulCommit(f));
      continue;
    }
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
    if (storm && (reason === 'ExceptionFailure' || focus === 4)) task.stage = 1;
    const fail = failOf(reason, f, shuffles, focus === 4);
    const entry: Record<string, unknown> = f.slowMs === null ? { task, fail } : { task, fail, durationMs: f.slowMs };
    if (ctx.mode === 'continuous' && f.atCommit) entry.phase = 'commit';
    if (focus === 1 && reason === 'FetchFailed') pinFetchFailure(entry, f, fetchFailures++);
    out.push(entry);
  }
  return out;
}

/**
 * Focus 1's k-th fetch failure lands after its siblings' successes (150-250 ms); every other one
 * strikes only stage attempt k mod 3, so later attempts succeed in part and fail again.
 */
function pinFetchFailure(entry: Record<string, unknown>, f: RawTaskFault, k: number): void {
  entry.durationMs = 150 + ((f.slowMs ?? 0) % 100);
  if (f.atCommit) (entry.task as Record<string, number>).stageAttempt = k % 3;
}

/** The `fail` of an entry; at focus 4 half the exceptions are immediate-abort ones. */
function failOf(reason: string, f: RawTaskFault, shuffles: { mapPartitions: number }[], aborts: boolean): Record<string, unknown> {
  const fail: Record<string, unknown> = { reason };
  if (reason === 'ExceptionFailure') {
    const abortClass = aborts && f.atCommit;
    fail.className = abortClass ? ABORT_AT_ONCE_CLASSES[f.exceptionClass % 2] : EXCEPTION_CLASSES[f.exceptionClass];
    fail.description = `injected ${f.exceptionClass}`;
  } else if (reason === 'FetchFailed') {
    const s = f.shuffle % shuffles.length;
    fail.shuffle = s;
    fail.mapIndex = f.mapIndex % shuffles[s].mapPartitions;
  }
  return fail;
}

/** Focus 4's denied commit in micro-batch mode: stage 1's first attempt of a partition (or of each), after its state store committed. */
function deniedStatefulCommit(f: RawTaskFault): unknown {
  const task = f.task.partition === undefined ? { stage: 1, attempt: 0 } : { stage: 1, partition: f.task.partition, attempt: 0 };
  return { task, fail: { reason: 'TaskCommitDenied' } };
}

/** Focus 5's abort: an exception that aborts the task set at once, in any stage, on a partition or on all. */
function immediateAbort(f: RawTaskFault): unknown {
  const task = f.task.partition === undefined ? {} : { partition: f.task.partition };
  return { task, fail: { reason: 'ExceptionFailure', className: ABORT_AT_ONCE_CLASSES[f.exceptionClass % 2], description: `injected ${f.exceptionClass}` } };
}

/** A task fault with every draw at its simplest: the story's source when the raw list has none. */
const PLAIN_TASK_FAULT: RawTaskFault = {
  kind: 'task',
  task: {},
  reason: 0,
  shuffle: 0,
  mapIndex: 0,
  exceptionClass: 0,
  slowMs: null,
  slowOnly: false,
  atCommit: false,
};

/** Focus 3's six faults, each drawing its partition and timing from the raw task faults in turn. */
function zombieStory(raw: RawFaultSchedule, shuffles: { mapPartitions: number }[], reducers: number): unknown[] {
  const sources = raw.faults.filter((f): f is RawTaskFault => f.kind === 'task');
  return Array.from({ length: 6 }, (_, i) => zombieFault(sources.length > 0 ? sources[i % sources.length] : PLAIN_TASK_FAULT, i, shuffles, reducers));
}

/** Focus 3's entry for the i-th fault (an exception where the scenario reads no shuffle). */
function zombieFault(f: RawTaskFault, i: number, shuffles: { mapPartitions: number }[], reducers: number): unknown {
  const shape = zombieShape(f, i, reducers);
  if (shape.reason === null) return { task: shape.task, durationMs: shape.durationMs };
  const reason = shape.reason === 'FetchFailed' && shuffles.length === 0 ? 'ExceptionFailure' : shape.reason;
  const fail = failOf(reason, f, shuffles, false);
  return shape.durationMs === undefined ? { task: shape.task, fail } : { task: shape.task, fail, durationMs: shape.durationMs };
}
