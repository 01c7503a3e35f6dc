// CP13 epoch-pacing (streaming spec §5.2 step 4, §5.3 step 2; ContinuousQueuedDataReader and
// ProcessingTimeExecutor, Spark 3.2.0): when and with which offset each partition reports an
// epoch, from the scenario's clocks alone. The epoch thread's first trigger, at the run's start,
// ends its start epoch; each later trigger lands on the next multiple of the epoch interval and
// ends the next epoch. A reader's marker generator asks for the driver's epoch every
// executorPollIntervalMs from the reader's start, the first time at once, and queues a marker for
// each epoch it is behind, all behind the records read up to that poll: so epoch e is reported at
// the reader's first poll at or after the trigger that ended it (or at its start, if it began
// later), with the offset a reader reading recordsPerSecond from its start offset has reached at
// that poll. The writer is one loop: a slow epoch (a matching fault's durationMs) delays its own
// report and every later one, never what they hold. A failing fault strikes the reader before its
// report of that epoch, or with "phase": "commit" the writer's commit after it; nothing of a
// later epoch is sent (streaming spec §5.3 steps 3–4). Only our simulator's traces carry partition
// messages, so this is vacuous on real event logs; a run's messages are its readers' (CP1).
import { firstFault } from '../../models/faults.js';
import type { ContinuousWorkload, Scenario, TaskFault } from '../../src/scenario/types.js';
import type { TraceEvent } from '../../src/trace/events.js';
import { epochStoryOf, type ContinuousRun, type EpochStory, type PartitionMessageEvent } from './epoch-story.js';
import { invariant } from './invariant.js';
import { factsOf, type TraceFacts } from './trace-facts.js';

/** The clocks of one continuous workload. */
interface Pacing {
  intervalMs: number;
  pollMs: number;
  recordsPerSecond: number;
  faults: readonly TaskFault[];
}

/** Where one partition's reader stands: the epochs it was expected to report so far. */
interface ReaderClock {
  tid: number;
  startMs: number;
  startOffset: number;
  /** The expected arrival of its last report so far, and the epoch after it. */
  lastArrivalMs: number;
  nextEpoch: number;
  /** The last epoch reached: when it was polled for, when it arrives and the offset it carries. */
  last: { epoch: number; pollMs: number; atMs: number; offset: number } | null;
  /** The first epoch a fault fails the reader or writer at: nothing of later epochs is sent. */
  failedEpoch: number | null;
}

export const epochPacing = invariant(
  'CP13',
  'epoch-pacing',
  'scenario',
  'each continuous partition reports epoch e at its reader’s first poll (every executorPollIntervalMs from its start) at or after the trigger that ended e (the run’s start for its first epoch, then the epoch interval’s grid), later only by slow epochs before it, with the offset its reader reached at that poll; a reader-phase fault sends nothing of its epoch, a commit-phase one no commit, and nothing follows either (streaming spec §5.2 step 4, §5.3 steps 2–4)',
  (ctx, report) => {
    const w = ctx.scenario?.workload;
    if (ctx.scenario === undefined || w === undefined || w.mode !== 'continuous') return;
    const story = epochStoryOf(ctx.events);
    const pacing = pacingOf(ctx.scenario, w);
    const facts = factsOf(ctx.events);
    for (const run of story.runs) if (run.observesData && run.jobId !== null) checkRun(ctx.events, story, facts, run, pacing, report);
  },
);

function pacingOf(scenario: Scenario, w: ContinuousWorkload): Pacing {
  return {
    intervalMs: w.epochIntervalMs,
    pollMs: scenario.conf['spark.sql.streaming.continuous.executorPollIntervalMs'],
    recordsPerSecond: w.recordsPerSecond,
    faults: scenario.faults.filter((f): f is TaskFault => f.kind === 'task'),
  };
}

/** When the trigger that ends epoch `epoch` of the run fires. */
function triggerMs(run: ContinuousRun, startMs: number, intervalMs: number, epoch: number): number {
  const k = epoch - run.startEpoch;
  return k === 0 ? startMs : (Math.floor(startMs / intervalMs) + k) * intervalMs;
}

function checkRun(
  events: readonly TraceEvent[],
  story: EpochStory,
  facts: TraceFacts,
  run: ContinuousRun,
  pacing: Pacing,
  report: (message: string, eventIndex?: number) => void,
): void {
  const started = events[run.startedIndex];
  if (started.Event !== 'SparkRetryHarnessQueryStarted') return;
  const startMs = started.Timestamp;
  const job = facts.jobs.get(run.jobId!);
  const stageId = job?.stageIds[0];
  if (stageId === undefined) return;
  const readers = new Map<number, ReaderClock>();
  for (const i of story.messages) {
    if (i < run.startedIndex || i >= run.endIndex) continue;
    const e = events[i] as PartitionMessageEvent;
    if (story.runOfMessage(i) !== run) continue;
    const task = facts.tasks.get(e.tid);
    if (task === undefined || task.stageId !== stageId || task.attempt !== 0) continue;
    let reader = readers.get(e.partition);
    if (reader === undefined) {
      const startOffset = run.startOffsets?.[e.partition] ?? 0;
      reader = { tid: e.tid, startMs: task.launchTime, startOffset, lastArrivalMs: startMs, nextEpoch: run.startEpoch, last: null, failedEpoch: null };
      readers.set(e.partition, reader);
    }
    // Messages out of order or from another attempt are CP8's and CP1's.
    if (reader.tid !== e.tid || e.epoch < run.startEpoch || (reader.last !== null && e.epoch < reader.last.epoch)) continue;
    const faultAt = (epoch: number): TaskFault | null =>
      firstFault(pacing.faults, { job: run.jobId!, batch: null, epoch, run: run.run, stage: stageId, stageAttempt: 0, partition: e.partition, attempt: 0 }, []);
    const expected = reach(reader, e.epoch, (epoch) => ({ triggerMs: triggerMs(run, startMs, pacing.intervalMs, epoch), fault: faultAt(epoch) }), pacing);
    const what = `${e.Event === 'SparkRetryHarnessPartitionOffsetReported' ? 'ReportPartitionOffset' : 'CommitPartitionEpoch'}(${e.partition}, epoch ${e.epoch})`;
    if (e.Timestamp !== expected.atMs)
      report(
        `${what} arrives at ${e.Timestamp} ms; its reader (TID ${e.tid}, started at ${reader.startMs} ms) polls for it at ${expected.pollMs} ms, so it is due at ${expected.atMs} ms`,
        i,
      );
    const fault = faultAt(e.epoch)?.fail ? faultAt(e.epoch)! : null;
    if (reader.failedEpoch !== null && e.epoch > reader.failedEpoch)
      report(`${what} comes after its reader's fault at epoch ${reader.failedEpoch} ended the task`, i);
    else if (fault !== null && fault.phase !== 'commit')
      report(`${what}: its fault (${fault.fail!.reason}) fails the reader at epoch ${e.epoch}, before it reports`, i);
    else if (fault !== null && e.Event === 'SparkRetryHarnessPartitionEpochCommitted')
      report(`${what}: its fault (${fault.fail!.reason}) fails the writer's commit of epoch ${e.epoch}`, i);
    if (e.Event === 'SparkRetryHarnessPartitionOffsetReported' && e.offset !== expected.offset)
      report(
        `${what} reports offset ${e.offset}; reading ${pacing.recordsPerSecond} records/s from offset ${reader.startOffset} at ${reader.startMs} ms, its reader is at ${expected.offset} by its poll at ${expected.pollMs} ms`,
        i,
      );
  }
}

/** Advances the reader's clock to `epoch` (each epoch's trigger and delay from `epochAt`) and returns that epoch's expectation. */
function reach(
  reader: ReaderClock,
  epoch: number,
  epochAt: (epoch: number) => { triggerMs: number; fault: TaskFault | null },
  pacing: Pacing,
): NonNullable<ReaderClock['last']> {
  while (reader.nextEpoch <= epoch) {
    const next = reader.nextEpoch++;
    const { triggerMs, fault } = epochAt(next);
    const delayMs = fault?.durationMs ?? 0;
    if (fault?.fail && reader.failedEpoch === null) reader.failedEpoch = next;
    const pollMs = firstPollFrom(reader, Math.max(triggerMs, reader.startMs), pacing.pollMs);
    reader.lastArrivalMs = Math.max(reader.lastArrivalMs, pollMs) + delayMs;
    const offset = reader.startOffset + Math.floor(((pollMs - reader.startMs) * pacing.recordsPerSecond) / 1000);
    reader.last = { epoch: next, pollMs, atMs: reader.lastArrivalMs, offset };
  }
  return reader.last!;
}

/** The reader's first poll at or after `t`. */
function firstPollFrom(reader: ReaderClock, t: number, pollMs: number): number {
  return reader.startMs + Math.ceil((t - reader.startMs) / pollMs) * pollMs;
}
