// Continuous epochs as the partitions and the EpochCoordinator exchange them (streaming spec §5.3,
// §5.4, §5.9; catalogue CP1, CP5 in full, CP8, CP11, CP12), from the per-partition messages our
// traces carry. A real event log carries none, so these hold vacuously there.
import { BACKLOG_MESSAGES } from '../../src/streaming/epoch-coordinator.js';
import type { TraceEvent } from '../../src/trace/events.js';
import { acceptsWrites, epochStoryOf, type ContinuousRun, type EpochStory } from './epoch-story.js';
import { invariant } from './invariant.js';
import { factsOf, finalEnd } from './trace-facts.js';

type Message = Extract<TraceEvent, { Event: 'SparkRetryHarnessPartitionOffsetReported' | 'SparkRetryHarnessPartitionEpochCommitted' }>;

export const onlyFirstAttemptsSend = invariant('CP1', 'only-first-attempts-send', 'trace', 'only attempt 0 of a continuous task reads records and sends ReportPartitionOffset or CommitPartitionEpoch, for its own partition, while it runs (streaming spec §5.3 step 1)', (ctx, report) => {
  const story = epochStoryOf(ctx.events);
  if (story.runs.length === 0) return;
  const f = factsOf(ctx.events);
  for (const i of story.messages) {
    const e = ctx.events[i] as Message;
    const what = `${e.Event === 'SparkRetryHarnessPartitionOffsetReported' ? 'ReportPartitionOffset' : 'CommitPartitionEpoch'}(${e.partition}, epoch ${e.epoch})`;
    if (e.attempt !== 0) report(`${what} comes from attempt ${e.attempt} (TID ${e.tid})`, i);
    const t = f.tasks.get(e.tid);
    if (t === undefined || t.startIndex > i) {
      report(`${what} comes from TID ${e.tid}, which has not started`, i);
      continue;
    }
    if (t.attempt !== e.attempt || t.partition !== e.partition) report(`${what} names TID ${e.tid} as attempt ${e.attempt} of partition ${e.partition}; it is attempt ${t.attempt} of partition ${t.partition}`, i);
    const end = finalEnd(t);
    if (end !== undefined && end.eventIndex < i) report(`${what} comes from TID ${e.tid} after it ended ${end.reason.Reason}`, i);
  }
});

export const partitionEpochsInOrder = invariant('CP8', 'partition-epochs-in-order', 'trace', 'within a run each partition reports and commits epochs start, start+1, … in order, one message of each kind per (epoch, partition) (streaming spec §5.3 step 3, R2)', (ctx, report) => {
  const story = epochStoryOf(ctx.events);
  const next = new Map<string, number>();
  for (const i of story.messages) {
    const e = ctx.events[i] as Message;
    const run = story.runAt(e.runId, i);
    if (run === undefined) {
      report(`a partition message names run ${e.runId}, which never started`, i);
      continue;
    }
    const key = `${run.startedIndex}/${e.Event}/${e.partition}`;
    const want = next.get(key) ?? run.startEpoch;
    if (e.epoch !== want) report(`partition ${e.partition} sends ${e.Event.replace('SparkRetryHarness', '')} for epoch ${e.epoch} where ${want} was next`, i);
    next.set(key, Math.max(want, e.epoch + 1));
  }
});

/** What the coordinator does with a run's messages, replayed from the trace by rules R1–R3 and R6. */
interface CoordinatorReplay {
  /** The epochs it commits, in order, with the message that completed each. */
  commits: { epoch: number; at: number }[];
  /** After each message it handled: its entry counts, for the backlog check (R5). */
  backlog: { at: number; offsets: number; commits: number; waiting: number }[];
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

function replayCoordinator(events: readonly TraceEvent[], story: EpochStory, run: ContinuousRun, partitions: number): CoordinatorReplay {
  const offsets = new Map<number, Set<number>>();
  const commits = new Map<number, Set<number>>();
  const waiting = new Set<number>();
  let last = run.startEpoch - 1;
  const out: CoordinatorReplay = { commits: [], backlog: [] };
  const entries = (table: Map<number, Set<number>>) => {
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
  for (const i of story.messages) {
    if (i < run.startedIndex || i >= run.endIndex) continue;
    const e = events[i] as Message;
    if (e.runId !== run.runId || !acceptsWrites(run, i)) continue;
    const isReport = e.Event === 'SparkRetryHarnessPartitionOffsetReported';
    const table = isReport ? offsets : commits;
    let set = table.get(e.epoch);
    if (set === undefined) table.set(e.epoch, (set = new Set()));
    if (!isReport && set.has(e.partition)) continue; // R2: the first commit wins, and no check runs
    set.add(e.partition); // R1: a repeated report overwrites its entry
    // R1 resolves once every reader reported; R2 after every new commit.
    if (!isReport || set.size === partitions) resolve(e.epoch, i);
    out.backlog.push({ at: i, offsets: entries(offsets), commits: entries(commits), waiting: waiting.size });
  }
  return out;
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

function runCommits(events: readonly TraceEvent[], story: EpochStory, run: ContinuousRun): { epoch: number; at: number }[] {
  const out: { epoch: number; at: number }[] = [];
  for (const i of story.commitLogs) {
    const e = events[i] as Extract<TraceEvent, { Event: 'SparkRetryHarnessCommitLogWritten' }>;
    if (i >= run.startedIndex && i < run.endIndex && e.runId === run.runId) out.push({ epoch: e.batch, at: i });
  }
  return out;
}

/** Whether the run's coordinator received another message between events `from` and `to`. */
function messageBetween(events: readonly TraceEvent[], story: EpochStory, run: ContinuousRun, from: number, to: number): boolean {
  for (const i of story.messages) if (i > from && i < to && (events[i] as Message).runId === run.runId) return true;
  return false;
}

export const epochCommitRule = invariant('CP5b', 'epoch-commit-rule', 'trace', 'a run commits epoch e exactly when every partition has both reported and committed e to its coordinator and e-1 is committed (or e is the start epoch), cascading waiting epochs in order (streaming spec §5.4 R1–R3, R6)', (ctx, report) => {
  const story = epochStoryOf(ctx.events);
  for (const run of story.runs) {
    if (run.partitions === null) continue;
    const want = replayOf(ctx.events, story, run, run.partitions).commits;
    const got = runCommits(ctx.events, story, run);
    for (let k = 0; k < Math.max(want.length, got.length); k++) {
      const w = want[k];
      const g = got[k];
      if (g === undefined) return report(`run ${run.run} never commits epoch ${w.epoch}, which its partitions' messages completed`, w.at);
      if (w === undefined) return report(`run ${run.run} commits epoch ${g.epoch}, which its partitions' messages never completed`, g.at);
      if (g.epoch !== w.epoch) return report(`run ${run.run} commits epoch ${g.epoch} where the messages complete epoch ${w.epoch}`, g.at);
      // The coordinator commits while it handles the completing message, before the next one.
      if (g.at < w.at || messageBetween(ctx.events, story, run, w.at, g.at)) return report(`run ${run.run} commits epoch ${g.epoch} at event ${g.at}, not while handling the message that completed it (event ${w.at})`, g.at);
    }
  }
});

const BACKLOG = new Set<string>(Object.values(BACKLOG_MESSAGES));

export const backlogLimit = invariant('CP11', 'backlog-limit', 'scenario', 'a continuous run fails with the backlog error iff an entry count exceeded spark.sql.streaming.continuous.epochBacklogQueueSize, and the message is the first tripped check in the order offsets, commits, epochs (streaming spec §5.4 R5, §5.7)', (ctx, report) => {
  const limit = ctx.scenario?.conf['spark.sql.streaming.continuous.epochBacklogQueueSize'];
  if (limit === undefined) return;
  const story = epochStoryOf(ctx.events);
  for (const run of story.runs) {
    if (run.partitions === null || run.terminated === null) continue;
    const trip = firstTrip(replayOf(ctx.events, story, run, run.partitions), limit);
    const cause = run.terminated.event.causes[0] ?? null;
    if (trip !== null && cause !== trip.message) report(`run ${run.run}'s coordinator passed the backlog limit ${limit} (${trip.message}) but the run ended with ${JSON.stringify(cause)}`, run.terminated.index);
    if (trip === null && cause !== null && BACKLOG.has(cause)) report(`run ${run.run} ended with "${cause}" though no backlog count passed ${limit}`, run.terminated.index);
  }
});

export const sinkOutput = invariant('CP12', 'continuous-sink-output', 'trace', 'the sink shows each partition\'s records once and in order, from offset 0 up to the last committed offsets, resuming after a restart where it stopped; only a restart from a stale offset-log entry (Spark\'s known deviation, streaming spec §5.9) may lose or repeat records, and only there (exactly-once in the idealized model, §9 G6)', (ctx, report) => {
  const story = epochStoryOf(ctx.events);
  if (story.runs.length === 0) return;
  const covered: number[] = [];
  let lastCommitted = -1;
  // Whether the last committed epoch's offset-log entry differs from what its writers wrote.
  let stale = false;
  let runSeen: ContinuousRun | null = null;
  for (const i of story.commitLogs) lastCommitted = Math.max(lastCommitted, (ctx.events[i] as Extract<TraceEvent, { Event: 'SparkRetryHarnessCommitLogWritten' }>).batch);
  for (const i of story.sinkCommits) {
    const e = ctx.events[i] as Extract<TraceEvent, { Event: 'SparkRetryHarnessSinkCommitted' }>;
    const run = story.runAt(e.runId, i);
    const logged = story.offsetLog.get(e.batch)?.offsets;
    if (run === undefined || e.records === undefined || logged === undefined) {
      report(`epoch ${e.batch}'s sink commit has no run, no records or no offsets/${e.batch}`, i);
      continue;
    }
    const firstOfRun = run !== runSeen;
    runSeen = run;
    e.records.forEach(([from, to], p) => {
      const had = covered[p] ?? 0;
      // A run resumes from the log's offsets; they match what the sink showed unless the entry was stale.
      const resumeAt = firstOfRun ? (run.startOffsets?.[p] ?? 0) : had;
      if (from !== resumeAt || (firstOfRun && !stale && resumeAt !== had)) {
        report(`partition ${p}: epoch ${e.batch} shows records [${from}, ${to}) after the sink showed [0, ${had})${firstOfRun ? ` and the run started from offset ${resumeAt}` : ''}: ${from > had ? 'lost' : 'repeated'} records`, i);
      }
      covered[p] = to;
    });
    stale = e.records.some(([, to], p) => to !== logged[p]);
  }
  if (lastCommitted < 0 || stale) return;
  story.offsetLog.get(lastCommitted)?.offsets?.forEach((end, p) => {
    if ((covered[p] ?? 0) !== end) report(`partition ${p}: the sink shows records [0, ${covered[p] ?? 0}); the last committed offsets (offsets/${lastCommitted}) say ${end}`);
  });
});
