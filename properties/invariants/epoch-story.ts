// One pass over a trace's continuous runs as the EpochCoordinator saw them: each run's partitions,
// start epoch and start offsets, and the partition messages, writes-stopped point and checkpoint
// entries in trace order. Only our simulator's traces carry these events (a real event log has
// none), so every invariant built on it is vacuous on real logs. Memoized per events array.
import type { TraceEvent } from '../../src/trace/events.js';
import { factsOf } from './trace-facts.js';
import { memoPerTrace } from './trace-memo.js';

type Ev<N extends TraceEvent['Event']> = Extract<TraceEvent, { Event: N }>;
export type PartitionMessageEvent = Ev<'SparkRetryHarnessPartitionOffsetReported' | 'SparkRetryHarnessPartitionEpochCommitted'>;

export interface ContinuousRun {
  runId: string;
  run: number;
  startedIndex: number;
  /** Where the next continuous run starts (runs follow one another), or the trace's length. */
  endIndex: number;
  startEpoch: number;
  /** offsets/(last committed epoch) as the offset log held it at the start, or null for zeros. */
  startOffsets: readonly number[] | null;
  /** The run's job and its stage's task count (its JobStart), or null when its job never started. */
  jobId: number | null;
  partitions: number | null;
  writesStoppedIndex: number | null;
  /** Whether the trace holds this run's partition messages, offsets and records (false on real runs). */
  observesData: boolean;
  terminated: { index: number; event: Ev<'SparkRetryHarnessQueryTerminated'> } | null;
}

export interface EpochStory {
  /** Whether the trace holds a streaming query at all (either mode): most checks end here for batch. */
  hasQuery: boolean;
  runs: ContinuousRun[];
  /**
   * The run an event with this runId at this index belongs to: the latest such run started
   * before it (a global-policy restart keeps the runId, streaming spec §9 restart step 4).
   */
  runAt(runId: string, index: number): ContinuousRun | undefined;
  /**
   * The run a partition message belongs to: the run whose job the sending task ran in, so a late
   * message from a task of an earlier run (same run id after a global restart) is that run's.
   */
  runOfMessage(index: number): ContinuousRun | undefined;
  /** Each epoch's offset-log entry as first written (the log is write-once), with its event index. */
  offsetLog: Map<number, { offsets: readonly number[] | undefined; index: number }>;
  /** Event indexes, ascending, so a check visits only the events it reads. */
  messages: number[];
  /** Continuous offset-log writes, a repeated write of an epoch included. */
  offsetWrites: number[];
  sinkCommits: number[];
  commitLogs: number[];
  /** Micro-batch state store commits (any mode's trace may hold them; only micro-batch does). */
  stateCommits: number[];
  /** Whether every run's state store commits are in the trace (false when a QueryStarted says they are not observed, as on real runs). */
  observesStateStores: boolean;
}

export const epochStoryOf: (events: readonly TraceEvent[]) => EpochStory = memoPerTrace((events) => build(events));

function build(events: readonly TraceEvent[]): EpochStory {
  const runs: ContinuousRun[] = [];
  const runAt = (runId: string, index: number): ContinuousRun | undefined => {
    for (let k = runs.length - 1; k >= 0; k--) if (runs[k].runId === runId && runs[k].startedIndex < index) return runs[k];
    return undefined;
  };
  const offsetLog = new Map<number, { offsets: readonly number[] | undefined; index: number }>();
  const offsetWrites: number[] = [];
  let lastCommitted: number | null = null;
  let continuous = false;
  let hasQuery = false;
  let observesStateStores = true;
  const messages: number[] = [];
  const sinkCommits: number[] = [];
  const commitLogs: number[] = [];
  const stateCommits: number[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    switch (e.Event) {
      case 'SparkRetryHarnessQueryStarted': {
        hasQuery = true;
        if (e.observesStateStores === false) observesStateStores = false;
        continuous = e.mode === 'continuous';
        if (!continuous) break;
        const run: ContinuousRun = {
          runId: e.runId,
          run: e.run,
          startedIndex: i,
          endIndex: events.length,
          startEpoch: e.start,
          observesData: e.observesData !== false,
          startOffsets: lastCommitted === null ? null : (offsetLog.get(lastCommitted)?.offsets ?? null),
          jobId: null,
          partitions: null,
          writesStoppedIndex: null,
          terminated: null,
        };
        if (runs.length > 0) runs[runs.length - 1].endIndex = i;
        runs.push(run);
        break;
      }
      case 'SparkListenerJobStart': {
        const run = runAt(e.Properties?.['spark.jobGroup.id'] ?? '', i);
        if (run !== undefined && e.Properties?.['__is_continuous_processing'] === 'true' && run.jobId === null) {
          run.jobId = e['Job ID'];
          run.partitions = e['Stage Infos']?.[0]?.['Number of Tasks'] ?? null;
        }
        break;
      }
      case 'SparkRetryHarnessOffsetLogWritten':
        if (!continuous) break;
        offsetWrites.push(i);
        if (!offsetLog.has(e.batch)) offsetLog.set(e.batch, { offsets: e.offsets, index: i });
        break;
      case 'SparkRetryHarnessCommitLogWritten':
        if (!continuous) break;
        lastCommitted = lastCommitted === null ? e.batch : Math.max(lastCommitted, e.batch);
        commitLogs.push(i);
        break;
      case 'SparkRetryHarnessSinkCommitted':
        if (continuous) sinkCommits.push(i);
        break;
      case 'SparkRetryHarnessPartitionOffsetReported':
      case 'SparkRetryHarnessPartitionEpochCommitted':
        messages.push(i);
        break;
      case 'SparkRetryHarnessStateStoreCommitted':
        stateCommits.push(i);
        break;
      case 'SparkRetryHarnessWritesStopped': {
        const run = runAt(e.runId, i);
        if (run !== undefined && run.writesStoppedIndex === null) run.writesStoppedIndex = i;
        break;
      }
      case 'SparkRetryHarnessQueryTerminated': {
        const run = runAt(e.runId, i);
        if (run !== undefined && run.terminated === null) run.terminated = { index: i, event: e };
        break;
      }
      default:
        break;
    }
  }
  const runOfJob = new Map<number, ContinuousRun>();
  for (const run of runs) if (run.jobId !== null) runOfJob.set(run.jobId, run);
  const runOfMessage = (index: number): ContinuousRun | undefined => {
    const e = events[index] as PartitionMessageEvent;
    const facts = factsOf(events);
    const task = facts.tasks.get(e.tid);
    const job = task === undefined ? undefined : facts.jobOfStage.get(task.stageId);
    return (job === undefined ? undefined : runOfJob.get(job)) ?? runAt(e.runId, index);
  };
  return { hasQuery, runs, runAt, runOfMessage, offsetLog, messages, offsetWrites, sinkCommits, commitLogs, stateCommits, observesStateStores };
}

/** Whether the coordinator still took messages at event i (StopContinuousExecutionWrites, R6). */
export function acceptsWrites(run: ContinuousRun, index: number): boolean {
  return run.writesStoppedIndex === null || index < run.writesStoppedIndex;
}
