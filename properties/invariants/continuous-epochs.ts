// Continuous epochs as the partitions and the EpochCoordinator exchange them (streaming spec §5.3,
// §5.4, §5.9; catalogue CP1, CP5 in full, CP8, CP11, CP12), from the per-partition messages our
// traces carry. A real event log carries none, so these hold vacuously there.
import { isJobAbort } from '../../src/spark/messages.js';
import { BACKLOG_MESSAGES, isBacklogMessage } from '../../src/streaming/epoch-coordinator.js';
import type { TraceEvent } from '../../src/trace/events.js';
import { acceptsWrites, epochStoryOf, type ContinuousRun, type EpochStory, type PartitionMessageEvent } from './epoch-story.js';
import { invariant } from './invariant.js';
import { factsOf, finalEnd } from './trace-facts.js';

type Ev<N extends TraceEvent['Event']> = Extract<TraceEvent, { Event: N }>;

const isReport = (e: PartitionMessageEvent): e is Ev<'SparkRetryHarnessPartitionOffsetReported'> => e.Event === 'SparkRetryHarnessPartitionOffsetReported';
const nameOf = (e: PartitionMessageEvent): string => `${isReport(e) ? 'ReportPartitionOffset' : 'CommitPartitionEpoch'}(${e.partition}, epoch ${e.epoch})`;

export const onlyFirstAttemptsSend = invariant(
  'CP1',
  'only-first-attempts-send',
  'trace',
  'only attempt 0 of a continuous task reads records and sends ReportPartitionOffset or CommitPartitionEpoch, for its own partition and run, while it runs (streaming spec §5.3 step 1)',
  (ctx, report) => {
    const story = epochStoryOf(ctx.events);
    if (story.runs.length === 0) return;
    const f = factsOf(ctx.events);
    for (const i of story.messages) {
      const e = ctx.events[i] as PartitionMessageEvent;
      const what = nameOf(e);
      if (e.attempt !== 0) report(`${what} comes from attempt ${e.attempt} (TID ${e.tid})`, i);
      const t = f.tasks.get(e.tid);
      if (t === undefined || t.startIndex > i) {
        report(`${what} comes from TID ${e.tid}, which has not started`, i);
        continue;
      }
      if (t.attempt !== e.attempt || t.partition !== e.partition)
        report(`${what} names TID ${e.tid} as attempt ${e.attempt} of partition ${e.partition}; it is attempt ${t.attempt} of partition ${t.partition}`, i);
      const run = story.runOfMessage(i);
      if (run !== undefined && run.runId !== e.runId) report(`${what} names run ${e.runId}; TID ${e.tid} runs in run ${run.runId}`, i);
      const end = finalEnd(t);
      if (end !== undefined && end.eventIndex < i) report(`${what} comes from TID ${e.tid} after it ended ${end.reason.Reason}`, i);
    }
  },
);

export const partitionEpochsInOrder = invariant(
  'CP8',
  'partition-epochs-in-order',
  'trace',
  'within a run each partition reports then commits epoch start, then start+1, and so on: one message of each kind per (epoch, partition), in that order (streaming spec §5.3 step 3, R2)',
  (ctx, report) => {
    const story = epochStoryOf(ctx.events);
    // Per run and partition, the message that must come next.
    const next = new Map<string, { report: boolean; epoch: number }>();
    for (const i of story.messages) {
      const e = ctx.events[i] as PartitionMessageEvent;
      const run = story.runOfMessage(i);
      if (run === undefined) {
        report(`a partition message names run ${e.runId}, which never started`, i);
        continue;
      }
      const key = `${run.startedIndex}/${e.partition}`;
      const want = next.get(key) ?? { report: true, epoch: run.startEpoch };
      if (isReport(e) !== want.report || e.epoch !== want.epoch) {
        report(
          `partition ${e.partition} sends ${nameOf(e)} where ${want.report ? 'ReportPartitionOffset' : 'CommitPartitionEpoch'}(${e.partition}, epoch ${want.epoch}) was next`,
          i,
        );
      }
      next.set(key, isReport(e) ? { report: false, epoch: e.epoch } : { report: true, epoch: e.epoch + 1 });
    }
  },
);

/** What the coordinator does with a run's messages, replayed from the trace by rules R1–R3 and R6. */
interface CoordinatorReplay {
  /** The indexes of the messages it handled, ascending. */
  handled: number[];
  /** The epochs it commits, in order, with the message that completed each. */
  commits: { epoch: number; at: number }[];
  /** query.addOffset calls (R1) that find no entry yet, with the offsets every reader reported. */
  offsetWrites: { epoch: number; at: number; offsets: number[] }[];
  /** After each message it handled: its entry counts, for the backlog check (R5). */
  backlog: { at: number; offsets: number; commits: number; waiting: number }[];
  /** Per epoch, per partition: the records of the first CommitPartitionEpoch it took (R2). */
  firstCommits: Map<number, [number, number][]>;
}

const replays = new WeakMap<ContinuousRun, CoordinatorReplay>();

function replayOf(events: readonly TraceEvent[], story: EpochStory, run: ContinuousRun, partitions: number): CoordinatorReplay {
  let r = replays.get(run);
  if (r === undefined) {
    r = replayCoordinator(events, story, run, partitions);
    replays.set(run, r);
  }
  return r;
}

/** The messages the run's coordinator handled, in order: its own tasks', before its writes stopped. */
function handledMessages(story: EpochStory, run: ContinuousRun): number[] {
  return story.messages.filter((i) => story.runOfMessage(i) === run && acceptsWrites(run, i));
}

function replayCoordinator(events: readonly TraceEvent[], story: EpochStory, run: ContinuousRun, partitions: number): CoordinatorReplay {
  const offsets = new Map<number, Map<number, number>>();
  const commits = new Map<number, Set<number>>();
  const waiting = new Set<number>();
  let last = run.startEpoch - 1;
  const out: CoordinatorReplay = { handled: handledMessages(story, run), commits: [], offsetWrites: [], backlog: [], firstCommits: new Map() };
  const entries = (table: Map<number, { size: number }>) => {
    let n = 0;
    for (const set of table.values()) n += set.size;
    return n;
  };
  const complete = (e: number) => offsets.get(e)?.size === partitions && commits.get(e)?.size === partitions;
  const resolve = (e: number, at: number) => {
    if (!complete(e)) return;
    if (last !== e - 1) {
      waiting.add(e);
      return;
    }
    out.commits.push({ epoch: e, at });
    last = e;
    while (waiting.delete(last + 1)) {
      last++;
      out.commits.push({ epoch: last, at });
    }
    // Entries of epochs before the last committed one are dropped; its own stay.
    for (const table of [offsets, commits]) for (const epoch of [...table.keys()]) if (epoch < last) table.delete(epoch);
  };
  for (const i of out.handled) {
    const e = events[i] as PartitionMessageEvent;
    if (isReport(e)) {
      // R1: a repeated report overwrites its entry; once every reader reported, query.addOffset.
      let byPartition = offsets.get(e.epoch);
      if (byPartition === undefined) offsets.set(e.epoch, (byPartition = new Map()));
      byPartition.set(e.partition, e.offset);
      if (byPartition.size === partitions) {
        const logged = story.offsetLog.get(e.epoch);
        if (logged === undefined || logged.index > i)
          out.offsetWrites.push({ epoch: e.epoch, at: i, offsets: [...byPartition.entries()].sort((a, b) => a[0] - b[0]).map(([, o]) => o) });
        resolve(e.epoch, i);
      }
    } else {
      let set = commits.get(e.epoch);
      if (set === undefined) commits.set(e.epoch, (set = new Set()));
      if (set.has(e.partition)) continue; // R2: the first commit wins, and no check runs
      set.add(e.partition);
      let first = out.firstCommits.get(e.epoch);
      if (first === undefined) out.firstCommits.set(e.epoch, (first = []));
      first[e.partition] = e.records;
      resolve(e.epoch, i);
    }
    out.backlog.push({ at: i, offsets: entries(offsets), commits: entries(commits), waiting: waiting.size });
  }
  return out;
}

/** The first backlog trip of a run's coordinator with this limit, replayed from the trace (R5), if any. */
export function backlogTripOf(events: readonly TraceEvent[], run: ContinuousRun, limit: number): { message: string; at: number } | null {
  return run.partitions === null ? null : firstTrip(replayOf(events, epochStoryOf(events), run, run.partitions), limit);
}

/** R5: the first check that trips, in the order offsets, commits, epochs; only the first failure is kept. */
function firstTrip(r: CoordinatorReplay, limit: number): { message: string; at: number } | null {
  for (const b of r.backlog) {
    if (b.offsets > limit) return { message: BACKLOG_MESSAGES.offsets, at: b.at };
    if (b.commits > limit) return { message: BACKLOG_MESSAGES.commits, at: b.at };
    if (b.waiting > limit) return { message: BACKLOG_MESSAGES.epochs, at: b.at };
  }
  return null;
}

/** The run's events among `indexes` that name it, between its start and the next run's. */
function ofRun(events: readonly TraceEvent[], indexes: readonly number[], run: ContinuousRun): number[] {
  return indexes.filter((i) => i >= run.startedIndex && i < run.endIndex && (events[i] as { runId: string }).runId === run.runId);
}

/** Whether the coordinator handled another message between events `from` and `to` (`handled` ascending). */
function messageBetween(handled: readonly number[], from: number, to: number): boolean {
  let lo = 0;
  let hi = handled.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (handled[mid] <= from) lo = mid + 1;
    else hi = mid;
  }
  return lo < handled.length && handled[lo] < to;
}

/** Compares what the replay expects with what the trace shows: same epochs, in order, each right after its message. */
function compareInOrder(
  report: (m: string, i?: number) => void,
  handled: readonly number[],
  run: ContinuousRun,
  what: string,
  want: { epoch: number; at: number }[],
  got: { epoch: number; at: number }[],
): boolean {
  for (let k = 0; k < Math.max(want.length, got.length); k++) {
    const w = want[k];
    const g = got[k];
    if (g === undefined) return (report(`run ${run.run} never ${what} epoch ${w.epoch}, which its partitions' messages completed`, w.at), false);
    if (w === undefined) return (report(`run ${run.run} ${what} epoch ${g.epoch}, which its partitions' messages never completed`, g.at), false);
    if (g.epoch !== w.epoch) return (report(`run ${run.run} ${what} epoch ${g.epoch} where the messages complete epoch ${w.epoch}`, g.at), false);
    // The coordinator acts while it handles the completing message, before the next one.
    if (g.at < w.at || messageBetween(handled, w.at, g.at))
      return (
        report(`run ${run.run} ${what} epoch ${g.epoch} at event ${g.at}, not while handling the message that completed it (event ${w.at})`, g.at),
        false
      );
  }
  return true;
}

export const epochCommitRule = invariant(
  'CP5b',
  'epoch-commit-rule',
  'trace',
  "a run writes offsets/e, with every reader's reported offset, once they all reported e (unless an earlier run wrote it), and commits e exactly when every partition has both reported and committed e and e-1 is committed (or e is the start epoch), cascading waiting epochs in order (streaming spec §5.4 R1–R3, R6; §5.5)",
  (ctx, report) => {
    const story = epochStoryOf(ctx.events);
    for (const run of story.runs) {
      if (run.partitions === null || !run.observesData) continue;
      const replay = replayOf(ctx.events, story, run, run.partitions);
      const logs = ofRun(ctx.events, story.commitLogs, run).map((i) => ({ epoch: (ctx.events[i] as Ev<'SparkRetryHarnessCommitLogWritten'>).batch, at: i }));
      if (!compareInOrder(report, replay.handled, run, 'commits', replay.commits, logs)) continue;
      const writes = ofRun(ctx.events, story.offsetWrites, run).map((i) => ({
        epoch: (ctx.events[i] as Ev<'SparkRetryHarnessOffsetLogWritten'>).batch,
        at: i,
      }));
      if (!compareInOrder(report, replay.handled, run, 'writes offsets/e for', replay.offsetWrites, writes)) continue;
      replay.offsetWrites.forEach((w, k) => {
        const logged = (ctx.events[writes[k].at] as Ev<'SparkRetryHarnessOffsetLogWritten'>).offsets;
        if (JSON.stringify(logged) !== JSON.stringify(w.offsets))
          report(`offsets/${w.epoch} holds ${JSON.stringify(logged)}; the readers reported ${JSON.stringify(w.offsets)}`, writes[k].at);
      });
    }
  },
);

/** Whether the run's job aborted on its own before its writes stopped: its failure then reaches the query first. */
function abortedFirst(ctx: { events: readonly TraceEvent[] }, run: ContinuousRun): boolean {
  const job = run.jobId === null ? undefined : factsOf(ctx.events).jobs.get(run.jobId);
  const end = job?.endIndexes[0];
  return end !== undefined && isJobAbort(job!.message) && (run.writesStoppedIndex === null || end < run.writesStoppedIndex);
}

export const backlogLimit = invariant(
  'CP11',
  'backlog-limit',
  'scenario',
  'a continuous run fails with the backlog error iff an entry count exceeded spark.sql.streaming.continuous.epochBacklogQueueSize (unless its job aborted on its own before the stop landed), and the message is the first tripped check in the order offsets, commits, epochs (streaming spec §5.4 R5, §5.7)',
  (ctx, report) => {
    const limit = ctx.scenario?.conf['spark.sql.streaming.continuous.epochBacklogQueueSize'];
    if (limit === undefined) return;
    const story = epochStoryOf(ctx.events);
    for (const run of story.runs) {
      if (run.partitions === null || !run.observesData) continue;
      const trip = firstTrip(replayOf(ctx.events, story, run, run.partitions), limit);
      if (run.terminated === null) {
        // A run cut off by a limit may not have ended yet; one that went on (a restart) must have.
        const endedWithoutTermination = ctx.finished !== false || run.endIndex < ctx.events.length;
        if (trip !== null && endedWithoutTermination)
          report(`run ${run.run}'s coordinator passed the backlog limit ${limit} (${trip.message}) but the run never terminated with it`, trip.at);
        continue;
      }
      const cause = run.terminated.event.causes[0] ?? null;
      if (trip !== null && cause !== trip.message && !abortedFirst(ctx, run))
        report(
          `run ${run.run}'s coordinator passed the backlog limit ${limit} (${trip.message}) but the run ended with ${JSON.stringify(cause)}`,
          run.terminated.index,
        );
      if (trip === null && isBacklogMessage(cause))
        report(`run ${run.run} ended with "${cause}" though no backlog count passed ${limit}`, run.terminated.index);
    }
  },
);

export const sinkOutput = invariant(
  'CP12',
  'continuous-sink-output',
  'trace',
  "the sink shows for epoch e what the writers committed for e, each partition's records once and in order, from offset 0 up to the last committed offsets, resuming after a restart where it stopped; only a restart from a stale offset-log entry (written by an earlier run, Spark's known deviation, streaming spec §5.9) may lose or repeat records, and only there (exactly-once in the idealized model, §9 G6)",
  (ctx, report) => {
    const story = epochStoryOf(ctx.events);
    if (story.runs.length === 0) return;
    const covered: number[] = [];
    let lastCommitted = -1;
    // Whether the last committed epoch's offset-log entry came from an earlier run and differs from
    // what its writers wrote: the next restart then starts where the sink did not stop.
    let stale = false;
    let runSeen: ContinuousRun | null = null;
    for (const i of story.commitLogs) lastCommitted = Math.max(lastCommitted, (ctx.events[i] as Ev<'SparkRetryHarnessCommitLogWritten'>).batch);
    for (const i of story.sinkCommits) {
      const e = ctx.events[i] as Ev<'SparkRetryHarnessSinkCommitted'>;
      const run = story.runAt(e.runId, i);
      if (run !== undefined && !run.observesData) continue;
      const logged = story.offsetLog.get(e.batch);
      if (run === undefined || e.records === undefined || logged?.offsets === undefined) {
        report(`epoch ${e.batch}'s sink commit has no run, no records or no offsets/${e.batch}`, i);
        continue;
      }
      const written = run.partitions === null ? undefined : replayOf(ctx.events, story, run, run.partitions).firstCommits.get(e.batch);
      if (JSON.stringify(e.records) !== JSON.stringify(written))
        report(`the sink shows epoch ${e.batch} as ${JSON.stringify(e.records)}; its writers committed ${JSON.stringify(written)}`, i);
      const firstOfRun = run !== runSeen;
      runSeen = run;
      e.records.forEach(([from, to], p) => {
        const had = covered[p] ?? 0;
        // A run resumes from the log's offsets; they match what the sink showed unless the entry was stale.
        const resumeAt = firstOfRun ? (run.startOffsets?.[p] ?? 0) : had;
        if (from !== resumeAt || (firstOfRun && !stale && resumeAt !== had)) {
          report(
            `partition ${p}: epoch ${e.batch} shows records [${from}, ${to}) after the sink showed [0, ${had})${firstOfRun ? ` and the run started from offset ${resumeAt}` : ''}: ${from > had ? 'lost' : 'repeated'} records`,
            i,
          );
        }
        covered[p] = to;
      });
      const differs = e.records.some(([, to], p) => to !== logged.offsets![p]);
      if (differs && logged.index >= run.startedIndex)
        report(
          `epoch ${e.batch}'s writers wrote up to ${JSON.stringify(e.records.map(([, to]) => to))} but this run's offsets/${e.batch} says ${JSON.stringify(logged.offsets)}`,
          i,
        );
      stale = differs && logged.index < run.startedIndex;
    }
    if (lastCommitted < 0 || stale) return;
    story.offsetLog.get(lastCommitted)?.offsets?.forEach((end, p) => {
      if ((covered[p] ?? 0) !== end)
        report(`partition ${p}: the sink shows records [0, ${covered[p] ?? 0}); the last committed offsets (offsets/${lastCommitted}) say ${end}`);
    });
  },
);
