// Whole-scenario tests of the streaming modes (streaming spec §4, §5, §9).
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/trace/events.js';
import { compareWithModel, predict } from '../../models/predict.js';
import { ALL_INVARIANTS } from '../../properties/invariants/index.js';
import { exception, run, scenarioOf } from '../support/run.js';

const SEED_ARTICLE_FAILURE =
  'Task 1 in stage 0.0 failed 6 times, most recent failure: Lost task 1.5 in stage 0.0 (TID 6) (localhost executor driver): ' +
  'org.apache.spark.sql.execution.streaming.continuous.ContinuousTaskRetryException: Continuous execution does not support task retry';

function continuous(master: string, faults: unknown[], workload: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    scenario: 1,
    seed: 11,
    cluster: { master },
    workload: { mode: 'continuous', partitions: 2, epochs: 5, ...workload },
    faults,
    ...extra,
  };
}

function microBatch(master: string, faults: unknown[], workload: Record<string, unknown> = {}) {
  return {
    scenario: 1,
    seed: 5,
    cluster: { master },
    workload: {
      mode: 'microBatch',
      rdds: [
        { id: 0, partitions: 2 },
        { id: 1, partitions: 2, deps: [{ rdd: 0, type: 'shuffle' }] },
      ],
      sink: 1,
      batches: 3,
      ...workload,
    },
    faults,
  };
}

const streamingEvents = (evs: readonly TraceEvent[]) =>
  // The query's own steps, without the tasks' messages (epoch reports and commits, state commits).
  evs
    .filter((e) => e.Event.startsWith('SparkRetryHarness') && !/^SparkRetryHarness(Partition|StateStore)/.test(e.Event))
    .map((e) => {
      const x = e as { Event: string; batch?: number; run?: number };
      return `${x.Event.replace('SparkRetryHarness', '')}${x.batch !== undefined ? `(${x.batch})` : x.run !== undefined ? `[run ${x.run}]` : ''}`;
    });

describe('continuous mode: fake retries (streaming spec §5.6)', () => {
  it("reproduces the seed article's abort to the character", () => {
    const r = run(continuous('local[2,6]', [{ task: { partition: 1, attempt: 0 }, fail: exception('reader failed') }]));
    const job = r.summary.jobs[0];
    expect(job.result).toBe('JobFailed');
    expect(
      job.message!.startsWith(
        `Job aborted due to stage failure: ${SEED_ARTICLE_FAILURE}\n\tat org.apache.spark.sql.execution.streaming.continuous.ContinuousDataSourceRDD.compute(ContinuousDataSourceRDD.scala:78)\n`,
      ),
    ).toBe(true);
    expect(job.message!.endsWith('\n\nDriver stacktrace:')).toBe(true);
    // The epoch loop's finally closes a writer that was never created (spec §5.3 step 4): its
    // NullPointerException is printed as suppressed, sharing the trace's last frames.
    const error = r.summary.tasks.find((t) => t.attempt === 5)!.error!;
    const lines = error.split('\n');
    const suppressed = lines.indexOf('\tSuppressed: java.lang.NullPointerException');
    expect(suppressed).toBeGreaterThan(1);
    const shared = Number(/^\t\t\.\.\. (\d+) more$/.exec(lines[suppressed + 3])![1]);
    expect(lines.slice(suppressed - shared, suppressed).every((l) => l.startsWith('\tat '))).toBe(true);
    expect(lines[suppressed - shared - 1]).toBe('\tat org.apache.spark.util.Utils$.tryWithSafeFinallyAndFailureCallbacks(Utils.scala:1496)');
    expect(r.summary.tasks.map((t) => `${t.tid}:${t.index}.${t.attempt}:${t.reason}`)).toEqual([
      '0:0.0:TaskKilled',
      '1:1.0:ExceptionFailure',
      '2:1.1:ExceptionFailure',
      '3:1.2:ExceptionFailure',
      '4:1.3:ExceptionFailure',
      '5:1.4:ExceptionFailure',
      '6:1.5:ExceptionFailure',
    ]);
    expect(r.summary.tasks[0].error).toBe('TaskKilled (Stage cancelled)');
    for (const t of r.summary.tasks.filter((t) => t.attempt >= 1)) {
      expect(t.error!.split('\n')[0]).toBe(
        'org.apache.spark.sql.execution.streaming.continuous.ContinuousTaskRetryException: Continuous execution does not support task retry',
      );
    }
  });

  it('the query dies through the three nested errors "Writing job aborted" → job abort → task error', () => {
    const r = run(continuous('local[2,6]', [{ task: { partition: 1, attempt: 0 }, fail: exception('reader failed') }]));
    const q = r.summary.query!;
    expect(q.status).toBe('failed');
    expect(q.exception).toMatch(/^Query \[id = [0-9a-f-]{36}, runId = [0-9a-f-]{36}\] terminated with exception: Writing job aborted$/);
    const term = r.result.trace.events.find((e) => e.Event === 'SparkRetryHarnessQueryTerminated') as Extract<
      TraceEvent,
      { Event: 'SparkRetryHarnessQueryTerminated' }
    >;
    expect(term.causes[0]).toBe('Writing job aborted');
    expect(term.causes[1].startsWith(`Job aborted due to stage failure: ${SEED_ARTICLE_FAILURE}`)).toBe(true);
    expect(term.causes[2]).toBe(
      'org.apache.spark.sql.execution.streaming.continuous.ContinuousTaskRetryException: Continuous execution does not support task retry',
    );
  });

  it('an abort on a failure that carries no exception (TaskResultLost) has no third cause', () => {
    const r = run(continuous('local[2]', [{ task: { partition: 1, attempt: 0 }, fail: { reason: 'TaskResultLost' } }]));
    const term = r.result.trace.events.find((e) => e.Event === 'SparkRetryHarnessQueryTerminated') as Extract<
      TraceEvent,
      { Event: 'SparkRetryHarnessQueryTerminated' }
    >;
    expect(term.causes).toHaveLength(2);
    expect(term.causes[1]).toContain(
      'most recent failure: Lost task 1.0 in stage 0.0 (TID 1) (localhost executor driver): TaskResultLost (result lost from block manager)',
    );
  });

  it('losing the last executor stalls the query at once: epochs no longer tick to the time limit', () => {
    const r = run({
      ...continuous('cluster', [{ executorLost: { executor: '1', atMs: 500 } }], { restarts: 1 }),
      cluster: { master: 'cluster', executors: [{ id: '1', host: 'host-a', cores: 2 }] },
      limits: { maxTimeMs: 600_000 },
    });
    expect(r.result.trace.status).toBe('did-not-terminate');
    expect(r.result.trace.stopReason).toBe('stalled: tasks are pending but no executor is alive to run them');
    expect(r.result.trace.endTimeMs).toBeLessThan(2_000);
  });

  it('a job failed by an interruption exception reaches the query unwrapped (isInterruptionException)', () => {
    const r = run(
      continuous('local[2]', [{ task: { partition: 1, attempt: 0, epoch: 1 }, fail: exception('sleep interrupted', 'java.lang.InterruptedException') }]),
    );
    const term = r.result.trace.events.find((e) => e.Event === 'SparkRetryHarnessQueryTerminated') as Extract<
      TraceEvent,
      { Event: 'SparkRetryHarnessQueryTerminated' }
    >;
    expect(term.causes).toHaveLength(2);
    expect(term.causes[0]).toMatch(
      /^Job aborted due to stage failure: Task 1 in stage 0\.0 failed 1 times, most recent failure: Lost task 1\.0 in stage 0\.0 \(TID 1\) \(localhost executor driver\): java\.lang\.InterruptedException: sleep interrupted\n/,
    );
    expect(term.causes[1]).toBe('java.lang.InterruptedException: sleep interrupted');
    expect(r.summary.query!.exception).toBe(term.exception);
    expect(term.exception!.endsWith(`terminated with exception: ${term.causes[0]}`)).toBe(true);
    // The reference model predicts the same (and still "Writing job aborted" for other classes).
    expect(compareWithModel(predict(r.scenario), r.summary)).toEqual([]);
    const plain = run(continuous('local[2]', [{ task: { partition: 1, attempt: 0, epoch: 1 }, fail: exception('boom') }]));
    expect(plain.summary.query!.exception).toMatch(/terminated with exception: Writing job aborted$/);
    expect(compareWithModel(predict(plain.scenario), plain.summary)).toEqual([]);
  });

  it('a killed first attempt is not counted: the abort comes one attempt later (1.6, TID 7)', () => {
    const r = run(continuous('local[2,6]', [{ task: { partition: 1, attempt: 0 }, fail: { reason: 'TaskKilled' } }]));
    expect(r.summary.jobs[0].message).toContain('Task 1 in stage 0.0 failed 6 times, most recent failure: Lost task 1.6 in stage 0.0 (TID 7)');
  });

  it('local[N] (maxFailures 1): no retry runs after a counted failure, and the original error is the cause', () => {
    const r = run(continuous('local[2]', [{ task: { partition: 0, attempt: 0 }, fail: exception('user code') }]));
    expect(r.summary.tasks.filter((t) => t.index === 0)).toHaveLength(1);
    expect(r.summary.jobs[0].message).toContain(
      'failed 1 times, most recent failure: Lost task 0.0 in stage 0.0 (TID 0) (localhost executor driver): java.lang.RuntimeException: user code',
    );
  });

  it('every continuous job, restarts too, is described as "batch = init" in the query\'s job group', () => {
    const r = run(continuous('local[2,2]', [{ task: { partition: 1, epoch: 2, run: 0 }, fail: exception('x') }], { restarts: 1 }));
    const starts = r.result.trace.events.filter((e) => e.Event === 'SparkListenerJobStart') as Extract<TraceEvent, { Event: 'SparkListenerJobStart' }>[];
    expect(starts).toHaveLength(2);
    for (const s of starts) {
      const p = s.Properties!;
      expect(p['spark.job.description']).toMatch(/^\nid = [0-9a-f-]{36}\nrunId = [0-9a-f-]{36}\nbatch = init$/);
      expect(p['spark.job.interruptOnCancel']).toBe('true');
      expect(p['__epoch_coordinator_id']).toMatch(new RegExp(`^${p['spark.jobGroup.id']}--[0-9a-f-]{36}$`));
    }
    expect(starts.map((s) => s.Properties!['__continuous_start_epoch'])).toEqual(['0', '2']);
    // Each run's job runs inside SQLExecution.withNewExecutionId.
    expect(starts.map((s) => s.Properties!['spark.sql.execution.id'])).toEqual(['0', '1']);
  });

  it('every micro-batch job carries its batch id and a SQL execution id', () => {
    const r = run(microBatch('local[2]', []));
    const starts = r.result.trace.events.filter((e) => e.Event === 'SparkListenerJobStart') as Extract<TraceEvent, { Event: 'SparkListenerJobStart' }>[];
    expect(starts.map((s) => [s.Properties!['streaming.sql.batchId'], s.Properties!['spark.sql.execution.id']])).toEqual([
      ['0', '0'],
      ['1', '1'],
      ['2', '2'],
    ]);
  });

  it('after a restart off the interval grid, epochs end on it again (ProcessingTimeExecutor.nextBatchTime)', () => {
    // Partition 1 fails 250 ms late at epoch 2, so run 1 starts at 2250, off the 1000 ms grid.
    const r = run(continuous('local[2,2]', [{ task: { partition: 1, epoch: 2, run: 0 }, fail: exception('x'), durationMs: 250 }], { epochs: 6, restarts: 1 }));
    const ev = r.result.trace.events;
    const restartAt = ev.filter((e) => e.Event === 'SparkRetryHarnessQueryStarted').map((e) => (e as { Timestamp: number }).Timestamp)[1];
    expect(restartAt).toBe(2250);
    // Each run's first trigger ends its start epoch at the readers' first poll, at once. Later
    // triggers fall on multiples of 1000 ms, and an epoch ends at each reader's next poll, on its
    // own 100 ms grid from its start (2250, 2350, …), so run 1's epochs end 50 ms after the trigger.
    const commits = ev.filter((e) => e.Event === 'SparkRetryHarnessCommitLogWritten') as Extract<TraceEvent, { Event: 'SparkRetryHarnessCommitLogWritten' }>[];
    expect(commits.map((c) => [c.batch, c.Timestamp])).toEqual([
      [0, 0],
      [1, 1000],
      [2, 2250],
      [3, 3050],
      [4, 4050],
      [5, 5050],
    ]);
  });

  it('a slow writer delays its reports, not what its epochs hold: markers are queued behind the records read by each poll (§5.3 step 2)', () => {
    const r = run(continuous('local[2]', [{ task: { partition: 1, epoch: 1 }, durationMs: 2500 }], { epochs: 5, recordsPerSecond: 100 }));
    const p1 = eventsOf(r, 'SparkRetryHarnessPartitionEpochCommitted').filter((m) => m.partition === 1);
    expect(p1.map((m) => [m.epoch, m.Timestamp, m.records])).toEqual([
      [0, 0, [0, 0]],
      [1, 3500, [0, 100]],
      [2, 3500, [100, 200]],
      [3, 3500, [200, 300]],
      [4, 4000, [300, 400]],
    ]);
  });

  it("spark.sql.streaming.continuous.executorPollIntervalMs sets the readers' poll grid", () => {
    const r = run(continuous('local[2]', [], { epochs: 3 }, { conf: { 'spark.sql.streaming.continuous.executorPollIntervalMs': 300 } }));
    // Triggers at 0, 1000, 2000; polls at 0, 300, …, 1200, …, 2100.
    const commits = eventsOf(r, 'SparkRetryHarnessCommitLogWritten');
    expect(commits.map((c) => [c.batch, c.Timestamp])).toEqual([
      [0, 0],
      [1, 1200],
      [2, 2100],
    ]);
    expect(() => scenarioOf(continuous('local[2]', [], {}, { conf: { 'spark.sql.streaming.continuous.executorPollIntervalMs': 0 } }))).toThrow(
      /executorPollIntervalMs/,
    );
  });

  it('with an epoch interval under the 100 ms poll, several epochs end at one poll: the first holds the records, the others are empty', () => {
    const r = run(continuous('local[1]', [], { partitions: 1, epochs: 6, epochIntervalMs: 30, recordsPerSecond: 1000 }));
    const p0 = eventsOf(r, 'SparkRetryHarnessPartitionEpochCommitted');
    // Triggers at 0, 30, 60, 90, 120, …; polls at 0, 100, 200: epochs 1–3 end at the poll at 100.
    expect(p0.map((m) => [m.epoch, m.Timestamp, m.records])).toEqual([
      [0, 0, [0, 0]],
      [1, 100, [0, 100]],
      [2, 100, [100, 100]],
      [3, 100, [100, 100]],
      [4, 200, [100, 200]],
      [5, 200, [200, 200]],
    ]);
  });

  it('a clean query commits every epoch in order and is stopped cleanly', () => {
    const r = run(continuous('local[2]', []));
    expect(r.summary.query).toEqual({ status: 'completed', runs: 1, committedEpochs: [0, 1, 2, 3, 4] });
    const order = streamingEvents(r.result.trace.events);
    expect(order.slice(0, 4)).toEqual(['QueryStarted[run 0]', 'OffsetLogWritten(0)', 'SinkCommitted(0)', 'CommitLogWritten(0)']);
    // The stop cancels the job group: the job ends cancelled, which is not a query failure.
    expect(r.summary.jobs[0].message).toMatch(/^Job 0 cancelled part of cancelled job group [0-9a-f-]{36}$/);
  });

  it('epochs commit in order even when one partition is slow', () => {
    const r = run(continuous('local[2]', [{ task: { partition: 1, epoch: 1 }, durationMs: 2500 }]));
    const commits = r.result.trace.events.filter((e) => e.Event === 'SparkRetryHarnessCommitLogWritten') as Extract<
      TraceEvent,
      { Event: 'SparkRetryHarnessCommitLogWritten' }
    >[];
    expect(commits.map((c) => c.batch)).toEqual([0, 1, 2, 3, 4]);
    // Epochs 2 and 3 were complete before epoch 1 and waited for it: they commit at the same time.
    expect(commits[1].Timestamp).toBe(commits[2].Timestamp);
    expect(commits[1].Timestamp).toBeGreaterThan(2500);
  });

  it('epochBacklogQueueSize 0 is accepted, as SQLConf does, and trips at the first report', () => {
    const r = run(continuous('local[1]', [], { partitions: 1 }, { conf: { 'spark.sql.streaming.continuous.epochBacklogQueueSize': 0 } }));
    expect(r.summary.query!.status).toBe('failed');
    expect(r.summary.query!.exception).toMatch(/terminated with exception: Size of the partition offset queue has exceeded its maximum$/);
    // The commit the task sent with that report still arrives before the writes stop (§5.7).
    expect(r.summary.query!.committedEpochs).toEqual([0]);
  });

  it('too few cores: the epoch backlog overflows with the offset-queue message first (§5.7)', () => {
    const r = run(continuous('local[1]', [], { epochIntervalMs: 10 }, { conf: { 'spark.sql.streaming.continuous.epochBacklogQueueSize': 10 } }));
    expect(r.summary.query!.status).toBe('failed');
    expect(r.summary.query!.exception).toMatch(/terminated with exception: Size of the partition offset queue has exceeded its maximum$/);
  });

  it('restarts resume at the last committed epoch + 1 with a new run id', () => {
    const r = run(continuous('local[2]', [{ task: { partition: 1, epoch: 2, run: 0 }, fail: exception('transient') }], { restarts: 1 }));
    const starts = r.result.trace.events.filter((e) => e.Event === 'SparkRetryHarnessQueryStarted') as Extract<
      TraceEvent,
      { Event: 'SparkRetryHarnessQueryStarted' }
    >[];
    expect(starts.map((s) => s.start)).toEqual([0, 2]);
    expect(starts[0].runId).not.toBe(starts[1].runId);
    expect(starts[0].id).toBe(starts[1].id);
    expect(r.summary.query).toMatchObject({ status: 'completed', runs: 2, committedEpochs: [0, 1, 2, 3, 4] });
  });
});

type Ev<N extends TraceEvent['Event']> = Extract<TraceEvent, { Event: N }>;
const eventsOf = <N extends TraceEvent['Event']>(r: { result: { trace: { events: readonly TraceEvent[] } } }, name: N) =>
  r.result.trace.events.filter((e): e is Ev<N> => e.Event === name);

/** What the sink shows of each partition, as [from, to) ranges in commit order. */
function sinkRanges(r: { result: { trace: { events: readonly TraceEvent[] } } }): [number, number][][] {
  const out: [number, number][][] = [];
  for (const s of eventsOf(r, 'SparkRetryHarnessSinkCommitted')) s.records!.forEach((range, p) => (out[p] ??= []).push(range));
  return out;
}

describe('continuous mode: records, offsets and the sink (streaming spec §5.3, §5.5, §5.9)', () => {
  it('each partition reads at its rate, reports its offset and commits what it wrote; the sink shows every record once', () => {
    const r = run(continuous('local[2]', [], { epochs: 3, recordsPerSecond: 100 }));
    const reports = eventsOf(r, 'SparkRetryHarnessPartitionOffsetReported');
    const commits = eventsOf(r, 'SparkRetryHarnessPartitionEpochCommitted');
    // Epoch 0 ends at the readers' first poll, at once (§5.2 step 4): no records. Then one epoch a
    // second, 100 records each.
    expect(reports.filter((m) => m.partition === 0).map((m) => [m.epoch, m.offset])).toEqual([
      [0, 0],
      [1, 100],
      [2, 200],
    ]);
    expect(commits.filter((m) => m.partition === 1).map((m) => m.records)).toEqual([
      [0, 0],
      [0, 100],
      [100, 200],
    ]);
    expect(reports.every((m) => m.attempt === 0)).toBe(true);
    expect(eventsOf(r, 'SparkRetryHarnessOffsetLogWritten').map((o) => o.offsets)).toEqual([
      [0, 0],
      [100, 100],
      [200, 200],
    ]);
    expect(sinkRanges(r)).toEqual([
      [
        [0, 0],
        [0, 100],
        [100, 200],
      ],
      [
        [0, 0],
        [0, 100],
        [100, 200],
      ],
    ]);
  });

  it('a restart reads on from offsets/(last committed): records of uncommitted epochs are read again, and the sink still shows each once', () => {
    const r = run(continuous('local[2]', [{ task: { partition: 1, epoch: 2, run: 0 }, fail: exception('transient') }], { restarts: 1, recordsPerSecond: 100 }));
    const starts = eventsOf(r, 'SparkRetryHarnessQueryStarted');
    const offsets1 = eventsOf(r, 'SparkRetryHarnessOffsetLogWritten').find((o) => o.batch === 1)!.offsets!;
    const rerun = eventsOf(r, 'SparkRetryHarnessPartitionEpochCommitted').filter((m) => m.runId === starts[1].runId && m.epoch === 2);
    expect(rerun.map((m) => m.records[0])).toEqual(offsets1);
    // Partition 0 had already written epoch 2 in the failed run: it is read again, but shown once.
    const firstRun = eventsOf(r, 'SparkRetryHarnessPartitionEpochCommitted').filter((m) => m.runId === starts[0].runId && m.epoch === 2);
    expect(firstRun.map((m) => m.partition)).toEqual([0]);
    for (const ranges of sinkRanges(r)) ranges.forEach(([from], k) => expect(from).toBe(k === 0 ? 0 : ranges[k - 1][1]));
  });

  it('a restart from a stale offset-log entry loses records, as Spark 3.2 can (§5.9); the checks allow it only there', () => {
    // Run 0: partition 1's writer fails in its commit of epoch 2 after the reader reported the
    // epoch's offset, so offsets/2 = [200, 200] is written without commits/2. Run 1 re-runs epoch 2
    // with new boundaries (its start epoch ends at once, empty at [100, 100)), but offsets/2 is
    // write-once, so committing epoch 2 sets the committed offsets to the stale [200, 200]. Run 1
    // dies before epoch 3 commits; run 2 starts from offsets/2 and never reads records 100–199.
    const r = run(
      continuous(
        'local[2]',
        [
          { task: { partition: 1, epoch: 2, run: 0 }, fail: exception('sink commit failed', 'java.io.IOException'), phase: 'commit' },
          { task: { partition: 0, epoch: 3, run: 1, attempt: 0 }, fail: exception('reader failed') },
        ],
        { epochs: 5, restarts: 2, recordsPerSecond: 100 },
        { seed: 7 },
      ),
    );
    expect(r.summary.query).toMatchObject({ status: 'completed', runs: 3, committedEpochs: [0, 1, 2, 3, 4] });
    const reports = eventsOf(r, 'SparkRetryHarnessPartitionOffsetReported').filter((m) => m.epoch === 2);
    expect(reports.map((m) => [m.partition, m.offset])).toEqual([
      [0, 200],
      [1, 200],
      [0, 100],
      [1, 100],
    ]);
    expect(eventsOf(r, 'SparkRetryHarnessOffsetLogWritten').find((o) => o.batch === 2)!.offsets).toEqual([200, 200]);
    for (const ranges of sinkRanges(r))
      expect(ranges).toEqual([
        [0, 0],
        [0, 100],
        [100, 100],
        [200, 200],
        [200, 300],
      ]);
    const cp12 = ALL_INVARIANTS.find((i) => i.id === 'CP12')!;
    expect(cp12.check({ events: r.result.trace.events, scenario: r.scenario })).toEqual([]);
    // The same loss without the stale entry behind it is a violation.
    const events = structuredClone(r.result.trace.events) as TraceEvent[];
    const o2 = events.find((e): e is Ev<'SparkRetryHarnessOffsetLogWritten'> => e.Event === 'SparkRetryHarnessOffsetLogWritten' && e.batch === 2)!;
    o2.offsets = [100, 100];
    expect(cp12.check({ events, scenario: r.scenario }).map((v) => v.message)).toEqual([
      expect.stringMatching(
        /^partition 0: epoch 3 shows records \[200, 200\) after the sink showed \[0, 100\) and the run started from offset 100: lost records$/,
      ),
      expect.stringMatching(/^partition 1: epoch 3 /),
    ]);
  });

  it('a backlog failure keeps the messages already sent: they reach the coordinator before StopContinuousExecutionWrites (§5.7)', () => {
    // Limit 1: partition 1's report of epoch 0 makes two offset entries and trips the check; its
    // commit, sent right after, is still handled, so epoch 0 commits before the writes stop.
    const r = run(continuous('local[2]', [], { epochs: 3, epochIntervalMs: 100 }, { conf: { 'spark.sql.streaming.continuous.epochBacklogQueueSize': 1 } }));
    expect(r.summary.query).toMatchObject({ status: 'failed', committedEpochs: [0] });
    expect(r.summary.query!.exception).toMatch(/terminated with exception: Size of the partition offset queue has exceeded its maximum$/);
    const order = r.result.trace.events.map((e) => e.Event).filter((n) => /CommitLogWritten|WritesStopped/.test(n));
    expect(order).toEqual(['SparkRetryHarnessCommitLogWritten', 'SparkRetryHarnessWritesStopped']);
  });

  it('StopContinuousExecutionWrites is in the trace once per run, and nothing commits after it', () => {
    const r = run(continuous('local[2]', [{ task: { partition: 1, epoch: 2, run: 0 }, fail: exception('transient') }], { restarts: 1 }));
    const stops = eventsOf(r, 'SparkRetryHarnessWritesStopped');
    expect(stops.map((s) => s.runId)).toEqual(eventsOf(r, 'SparkRetryHarnessQueryStarted').map((s) => s.runId));
    const events = r.result.trace.events;
    stops.forEach((stop) => {
      const at = events.indexOf(stop);
      expect(events.slice(at).some((e) => e.Event === 'SparkRetryHarnessCommitLogWritten' && e.runId === stop.runId)).toBe(false);
    });
  });
});

describe('continuous mode: the global retry policy (beyond Spark, §9)', () => {
  it('survives transient failures with no fake retry at all', () => {
    const r = run(
      continuous(
        'local[2,4]',
        [
          { task: { partition: 1, epoch: 1, run: 0 }, fail: exception('transient') },
          { task: { partition: 0, epoch: 3, run: 1 }, fail: exception('transient again') },
        ],
        { retryPolicy: 'global', restarts: 2 },
      ),
    );
    expect(r.summary.query).toMatchObject({ status: 'completed', runs: 3, committedEpochs: [0, 1, 2, 3, 4] });
    expect(r.summary.tasks.every((t) => t.attempt === 0)).toBe(true);
    const starts = r.result.trace.events.filter((e) => e.Event === 'SparkRetryHarnessQueryStarted') as Extract<
      TraceEvent,
      { Event: 'SparkRetryHarnessQueryStarted' }
    >[];
    expect(starts.map((s) => s.start)).toEqual([0, 1, 3]);
  });

  it('a killed task also restarts everything: no attempt number 1 ever runs', () => {
    const r = run(
      continuous('local[2,4]', [{ task: { partition: 0, epoch: 2, run: 0 }, fail: { reason: 'TaskKilled' } }], { retryPolicy: 'global', restarts: 1 }),
    );
    expect(r.summary.tasks.every((t) => t.attempt === 0)).toBe(true);
    expect(r.summary.query).toMatchObject({ status: 'completed', runs: 2, committedEpochs: [0, 1, 2, 3, 4] });
  });

  it("once the budget is spent it steps aside: fake retries run and the query fails with Spark's chain (spec §9 step 3, G7)", () => {
    const r = run(continuous('local[2,4]', [{ task: { partition: 1, epoch: 1 }, fail: exception('persistent') }], { retryPolicy: 'global', restarts: 2 }));
    const q = r.summary.query!;
    expect(q.status).toBe('failed');
    expect(q.runs).toBe(3);
    expect(q.exception).toMatch(/^Query \[id = [0-9a-f-]+, runId = [0-9a-f-]+\] terminated with exception: Writing job aborted$/);
    expect(q.committedEpochs).toEqual([0]);
    // Runs 0 and 1 restart on the first failure; run 2 (job 2) is Spark mode: 4 attempts of partition 1.
    const own = r.summary.tasks.filter((t) => t.partition === 1);
    expect(own.map((t) => `${t.stageId}:${t.attempt}`)).toEqual(['0:0', '1:0', '2:0', '2:1', '2:2', '2:3']);
    expect(r.summary.jobs[2].message).toMatch(
      /^Job aborted due to stage failure: Task 1 in stage 2\.0 failed 4 times, most recent failure: Lost task 1\.3 in stage 2\.0 \(TID \d+\) \(localhost executor driver\): org\.apache\.spark\.sql\.execution\.streaming\.continuous\.ContinuousTaskRetryException: Continuous execution does not support task retry\n/,
    );
    const terminated = r.result.trace.events.filter((e) => e.Event === 'SparkRetryHarnessQueryTerminated') as Extract<
      TraceEvent,
      { Event: 'SparkRetryHarnessQueryTerminated' }
    >[];
    expect(terminated.at(-1)!.causes.slice(0, 2)).toEqual(['Writing job aborted', r.summary.jobs[2].message]);
  });

  it('with a budget of 0 it is Spark mode, byte for byte', () => {
    const faults = [{ task: { partition: 1, epoch: 1 }, fail: exception('persistent') }];
    const a = run(continuous('local[2,4]', faults, { retryPolicy: 'global', restarts: 0 }));
    const b = run(continuous('local[2,4]', faults, { retryPolicy: 'none', restarts: 0 }));
    expect(JSON.stringify(a.result.trace.events)).toBe(JSON.stringify(b.result.trace.events));
  });

  it('with a budget of 0 it is Spark mode byte for byte while a backlog failure waits to land, too', () => {
    // Partition 1's commit-phase failure at epoch 1 comes as its offset report trips the limit.
    for (const master of ['local[2]', 'local[2,4]']) {
      const faults = [{ task: { partition: 1, epoch: 1 }, fail: exception('boom'), phase: 'commit' }];
      const extra = { seed: 1, conf: { 'spark.sql.streaming.continuous.epochBacklogQueueSize': 3 } };
      const a = run(continuous(master, faults, { retryPolicy: 'global', restarts: 0, recordsPerSecond: 10 }, extra));
      const b = run(continuous(master, faults, { retryPolicy: 'none', restarts: 0, recordsPerSecond: 10 }, extra));
      expect(JSON.stringify(a.result.trace.events)).toBe(JSON.stringify(b.result.trace.events));
    }
  });
});

describe('micro-batch mode (streaming spec §4)', () => {
  it('a clean query writes offsets/N, runs the job, commits the sink, then commits/N, batch after batch', () => {
    const r = run(microBatch('local[2]', []));
    expect(streamingEvents(r.result.trace.events)).toEqual([
      'QueryStarted[run 0]',
      'OffsetLogWritten(0)',
      'SinkCommitted(0)',
      'CommitLogWritten(0)',
      'OffsetLogWritten(1)',
      'SinkCommitted(1)',
      'CommitLogWritten(1)',
      'OffsetLogWritten(2)',
      'SinkCommitted(2)',
      'CommitLogWritten(2)',
      'QueryTerminated[run 0]',
    ]);
    expect(r.summary.query).toEqual({ status: 'completed', runs: 1, committedBatches: [0, 1, 2] });
    // New stage ids per batch; one TID counter for the whole application.
    expect(r.summary.stages.map((s) => s.stageId)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(r.summary.tasks.map((t) => t.tid)).toEqual([...Array(12).keys()]);
  });

  it('task retries inside a batch are batch Spark retries: recovered failures are invisible to the query', () => {
    const r = run(microBatch('local[2,3]', [{ task: { batch: 1, partition: 0, attempt: 0 }, fail: exception('flaky') }]));
    expect(r.summary.query).toEqual({ status: 'completed', runs: 1, committedBatches: [0, 1, 2] });
  });

  it('without a restart budget a failed batch is never committed and the query dies with "Writing job aborted"', () => {
    const r = run(microBatch('local[2]', [{ task: { batch: 1, partition: 0 }, fail: exception('bad row') }]));
    const q = r.summary.query!;
    expect(q).toMatchObject({ status: 'failed', runs: 1, committedBatches: [0] });
    expect(q.exception).toMatch(/^Query \[id = [0-9a-f-]{36}, runId = [0-9a-f-]{36}\] terminated with exception: Writing job aborted$/);
    expect(streamingEvents(r.result.trace.events)).toContain('OffsetLogWritten(1)');
    expect(streamingEvents(r.result.trace.events)).not.toContain('CommitLogWritten(1)');
  });

  it.each([
    ['v2', ['Writing job aborted']],
    ['file', ['Job aborted.']],
    ['v1', []],
  ])("a %s sink: the chain ends with the job failure, then the aborting task's exception", (sinkApi, wrapper) => {
    const term = (faults: unknown[]) =>
      run(microBatch('local[2]', faults, { sinkApi })).result.trace.events.find((e) => e.Event === 'SparkRetryHarnessQueryTerminated') as Extract<
        TraceEvent,
        { Event: 'SparkRetryHarnessQueryTerminated' }
      >;
    const thrown = term([{ task: { batch: 1, partition: 0 }, fail: exception('bad row') }]);
    expect(thrown.causes.slice(0, wrapper.length)).toEqual(wrapper);
    expect(thrown.causes[wrapper.length]).toMatch(/^Job aborted due to stage failure: Task 0 in stage \d+\.0 failed 1 times/);
    expect(thrown.causes.slice(wrapper.length + 1)).toEqual(['java.lang.RuntimeException: bad row']);
    // A TaskResultLost carries no exception: the job failure has no cause.
    expect(term([{ task: { batch: 1, partition: 0 }, fail: { reason: 'TaskResultLost' } }]).causes).toHaveLength(wrapper.length + 1);
  });

  it('a restart re-runs the first uncommitted batch with the same offsets, and a transient fault passes', () => {
    const r = run(microBatch('local[2]', [{ task: { batch: 1, run: 0, partition: 0 }, fail: exception('bad row') }], { restarts: 1 }));
    expect(r.summary.query).toEqual({ status: 'completed', runs: 2, committedBatches: [0, 1, 2] });
    const evs = streamingEvents(r.result.trace.events);
    // offsets/1 is written once: the re-run batch keeps the logged offsets (§4.4).
    expect(evs.filter((e) => e === 'OffsetLogWritten(1)')).toHaveLength(1);
    expect(evs.slice(evs.indexOf('QueryStarted[run 1]'))).toEqual([
      'QueryStarted[run 1]',
      'SinkCommitted(1)',
      'CommitLogWritten(1)',
      'OffsetLogWritten(2)',
      'SinkCommitted(2)',
      'CommitLogWritten(2)',
      'QueryTerminated[run 1]',
    ]);
  });

  it('each batch takes recordsPerBatch new records; the re-run batch shows exactly its logged range, so the output is each record once (MB8)', () => {
    const r = run(microBatch('local[2]', [{ task: { batch: 1, run: 0, partition: 0 }, fail: exception('bad row') }], { restarts: 1, recordsPerBatch: 25 }));
    expect(eventsOf(r, 'SparkRetryHarnessOffsetLogWritten').map((o) => [o.batch, o.offsets])).toEqual([
      [0, [25]],
      [1, [50]],
      [2, [75]],
    ]);
    expect(eventsOf(r, 'SparkRetryHarnessSinkCommitted').map((c) => [c.batch, c.records])).toEqual([
      [0, [[0, 25]]],
      [1, [[25, 50]]],
      [2, [[50, 75]]],
    ]);
  });

  it('a stateful stage commits state version N+1 per partition; a failed attempt commits none unless its work was done (MB9)', () => {
    // Stage 1 reads the shuffle: a stateful operator. In batch 1 partition 0 first throws, then
    // loses its result after its work (state committed), then succeeds: it commits twice.
    const r = run(
      microBatch('local[2,4]', [
        { task: { batch: 1, stage: 3, partition: 0, attempt: 0 }, fail: exception('bad row') },
        { task: { batch: 1, stage: 3, partition: 0, attempt: 1 }, fail: { reason: 'TaskResultLost' } },
      ]),
    );
    expect(r.summary.query).toMatchObject({ status: 'completed', committedBatches: [0, 1, 2] });
    const commits = eventsOf(r, 'SparkRetryHarnessStateStoreCommitted');
    expect(new Set(commits.map((c) => c.operator))).toEqual(new Set([1]));
    expect(commits.every((c) => c.loadedVersion === c.batch && c.version === c.batch + 1)).toBe(true);
    expect(commits.filter((c) => c.batch === 1 && c.partition === 0).map((c) => c.attempt)).toEqual([1, 2]);
    expect(commits.filter((c) => c.partition === 1).map((c) => c.batch)).toEqual([0, 1, 2]);
    expect(r.summary.tasks.filter((t) => t.stageId === 3 && t.partition === 0).map((t) => t.reason)).toEqual(['ExceptionFailure', 'TaskResultLost', 'Success']);
  });

  it('sinkApi decides how the failure surfaces (v1: the job error itself; file: "Job aborted.")', () => {
    const v1 = run(microBatch('local[2]', [{ task: { batch: 0 }, fail: exception('x') }], { sinkApi: 'v1' }));
    expect(v1.summary.query!.exception).toMatch(/terminated with exception: Job aborted due to stage failure: Task 0 in stage 0\.0 failed 1 times/);
    const file = run(microBatch('local[2]', [{ task: { batch: 0 }, fail: exception('x') }], { sinkApi: 'file' }));
    expect(file.summary.query!.exception).toMatch(/terminated with exception: Job aborted\.$/);
  });

  it('the query name appears in the prettyId', () => {
    const r = run(microBatch('local[2]', [{ task: { batch: 0 }, fail: exception('x') }], { queryName: 'orders' }));
    expect(r.summary.query!.exception).toMatch(/^Query orders \[id = /);
  });
});
