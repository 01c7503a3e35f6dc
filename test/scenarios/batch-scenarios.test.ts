// Whole-scenario tests of batch mode: each reproduces one of Spark's outcomes to the character
// (spec §4, §5, §10, §12).
import { describe, expect, it } from 'vitest';
import { ALL_INVARIANTS } from '../../properties/invariants/index.js';
import type { TraceEvent } from '../../src/trace/events.js';
import { batch, exception, run } from '../support/run.js';

const oneRdd = (partitions: number) => [{ id: 0, partitions }];
const mapReduce = (maps: number, reduces: number) => [
  { id: 0, partitions: maps },
  { id: 1, partitions: reduces, deps: [{ rdd: 0, type: 'shuffle' }] },
];

function events<E extends TraceEvent['Event']>(evs: readonly TraceEvent[], name: E): Extract<TraceEvent, { Event: E }>[] {
  return evs.filter((e): e is Extract<TraceEvent, { Event: E }> => e.Event === name);
}

describe('abort after spark.task.maxFailures (spec §4, §7.3 step 6)', () => {
  it('local[1,4]: partition 1 fails four times; the job aborts with the full message', () => {
    const r = run(batch('local[1,4]', oneRdd(3), [0], [{ task: { partition: 1 }, fail: exception('boom') }]));
    const message =
      'Job aborted due to stage failure: Task 1 in stage 0.0 failed 4 times, most recent failure: ' +
      'Lost task 1.3 in stage 0.0 (TID 4) (localhost executor driver): java.lang.RuntimeException: boom\n' +
      '\nDriver stacktrace:';
    expect(r.summary.jobs).toEqual([{ jobId: 0, result: 'JobFailed', message }]);
    expect(r.summary.stages).toEqual([{ stageId: 0, attemptId: 0, status: 'failed', failureReason: message }]);
    // Failed tasks are retried first (spec §1.9): index 2 never launches.
    expect(r.summary.tasks.map((t) => `${t.tid}:${t.index}.${t.attempt}:${t.reason}`)).toEqual([
      '0:0.0:Success',
      '1:1.0:ExceptionFailure',
      '2:1.1:ExceptionFailure',
      '3:1.2:ExceptionFailure',
      '4:1.3:ExceptionFailure',
    ]);
    expect(r.summary.status).toBe('finished');
  });

  it('renders stack frames and keeps the blank line before "Driver stacktrace:"', () => {
    const fail = { ...exception('bad record'), stackTrace: ['org.example.Job.parse(Job.scala:42)', 'org.example.Job.run(Job.scala:7)'] };
    const r = run(batch('local[1]', oneRdd(1), [0], [{ task: {}, fail }]));
    expect(r.summary.jobs[0].message).toBe(
      'Job aborted due to stage failure: Task 0 in stage 0.0 failed 1 times, most recent failure: ' +
        'Lost task 0.0 in stage 0.0 (TID 0) (localhost executor driver): java.lang.RuntimeException: bad record\n' +
        '\tat org.example.Job.parse(Job.scala:42)\n\tat org.example.Job.run(Job.scala:7)\n\nDriver stacktrace:',
    );
  });

  it('the listener order of a failing job follows spec §11', () => {
    const r = run(batch('local[2,2]', oneRdd(2), [0], [{ task: { partition: 1 }, fail: exception('boom') }]));
    const names = r.result.trace.events
      .filter((e) => e.Event.startsWith('SparkListener') && !/LogStart|Application|Executor|BlockManager/.test(e.Event))
      .map((e) =>
        e.Event === 'SparkListenerTaskEnd'
          ? `TaskEnd(${e['Task Info']['Task ID']}:${e['Task End Reason'].Reason})`
          : e.Event === 'SparkListenerTaskStart'
            ? `TaskStart(${e['Task Info']['Task ID']})`
            : e.Event.replace('SparkListener', ''),
      );
    expect(names).toEqual([
      'JobStart',
      'StageSubmitted',
      'TaskStart(0)',
      'TaskStart(1)',
      'TaskEnd(0:Success)',
      'TaskEnd(1:ExceptionFailure)',
      'TaskStart(2)',
      'TaskEnd(2:ExceptionFailure)',
      'StageCompleted',
      'JobEnd',
    ]);
  });

  it('running tasks of an aborted stage are killed with "Stage cancelled" after the JobEnd', () => {
    const r = run(
      batch(
        'local[2,1]',
        oneRdd(2),
        [0],
        [
          { task: { partition: 0 }, durationMs: 500 },
          { task: { partition: 1 }, fail: exception('boom') },
        ],
      ),
    );
    const evs = r.result.trace.events;
    const jobEnd = evs.findIndex((e) => e.Event === 'SparkListenerJobEnd');
    const killed = evs.findIndex((e) => e.Event === 'SparkListenerTaskEnd' && e['Task End Reason'].Reason === 'TaskKilled');
    expect(killed).toBeGreaterThan(jobEnd);
    const end = evs[killed] as Extract<TraceEvent, { Event: 'SparkListenerTaskEnd' }>;
    expect(end['Task End Reason']).toEqual({ Reason: 'TaskKilled', 'Kill Reason': 'Stage cancelled', 'Accumulator Updates': [] });
    expect(r.summary.tasks.find((t) => t.tid === 0)?.error).toBe('TaskKilled (Stage cancelled)');
  });
});

describe('local masters (spec §2, surprising fact 1)', () => {
  it('a lost result: the driver starts getting it, then the task ends TaskResultLost, FINISHED rather than failed', () => {
    const r = run(batch('local[1,2]', oneRdd(1), [0], [{ task: { partition: 0, attempt: 0 }, fail: { reason: 'TaskResultLost' } }]));
    const evs = r.result.trace.events;
    const seq = evs
      .filter((e) => e.Event.startsWith('SparkListenerTask'))
      .map((e) => `${e.Event.replace('SparkListener', '')}:${(e as { 'Task Info': { 'Task ID': number } })['Task Info']['Task ID']}`);
    expect(seq).toEqual(['TaskStart:0', 'TaskGettingResult:0', 'TaskEnd:0', 'TaskStart:1', 'TaskEnd:1']);
    const getting = events(evs, 'SparkListenerTaskGettingResult')[0]['Task Info'];
    const end = events(evs, 'SparkListenerTaskEnd')[0];
    expect(end['Task End Reason']).toEqual({ Reason: 'TaskResultLost' });
    // TaskInfo.markFinished(FINISHED): neither failed nor killed; the getting-result time is kept.
    expect(end['Task Info']).toMatchObject({ Failed: false, Killed: false, 'Getting Result Time': getting['Getting Result Time'] });
    expect(getting['Getting Result Time']).toBeGreaterThan(0);
    // It still counts: with maxFailures 2 the retry succeeds, and the job too.
    expect(r.summary.jobs).toEqual([{ jobId: 0, result: 'JobSucceeded' }]);
  });

  it('local[2] aborts on the first failure whatever spark.task.maxFailures says', () => {
    const r = run(batch('local[2]', oneRdd(2), [0], [{ task: { partition: 0 }, fail: exception('once') }], { conf: { 'spark.task.maxFailures': 10 } }));
    expect(r.summary.jobs[0].message).toMatch(
      /^Job aborted due to stage failure: Task 0 in stage 0\.0 failed 1 times, most recent failure: Lost task 0\.0 in stage 0\.0 \(TID 0\) \(localhost executor driver\): java\.lang\.RuntimeException: once\n\nDriver stacktrace:$/,
    );
    expect(r.summary.tasks.filter((t) => t.index === 0)).toHaveLength(1);
  });

  it('local[N,0] aborts on the first counted failure and prints "failed 0 times"', () => {
    const r = run(batch('local[1,0]', oneRdd(1), [0], [{ task: {}, fail: exception('x') }]));
    expect(r.summary.jobs[0].message).toContain('Task 0 in stage 0.0 failed 0 times, most recent failure: Lost task 0.0');
  });

  it('the local host comes from the scenario', () => {
    const r = run({ ...batch('local[1]', oneRdd(1), [0], [{ task: {}, fail: exception('x') }]), cluster: { master: 'local[1]', host: '192.168.1.23' } });
    expect(r.summary.jobs[0].message).toContain('(192.168.1.23 executor driver)');
  });
});

describe('reasons that do not count (spec §5, surprising fact 4)', () => {
  it('TaskKilled and TaskCommitDenied are retried without counting; the abort comes on the second counted failure', () => {
    const r = run(
      batch(
        'local[1,2]',
        oneRdd(1),
        [0],
        [
          { task: { attempt: 0 }, fail: { reason: 'TaskKilled', killReason: 'preempted' } },
          { task: { attempt: 1 }, fail: { reason: 'TaskCommitDenied' } },
          { task: {}, fail: exception('real') },
        ],
      ),
    );
    expect(r.summary.tasks.map((t) => `${t.attempt}:${t.reason}`)).toEqual(['0:TaskKilled', '1:TaskCommitDenied', '2:ExceptionFailure', '3:ExceptionFailure']);
    expect(r.summary.tasks[0].error).toBe('TaskKilled (preempted)');
    expect(r.summary.tasks[1].error).toBe('TaskCommitDenied (Driver denied task commit) for job: 0, partition: 0, attemptNumber: 1');
    expect(r.summary.jobs[0].message).toContain('Task 0 in stage 0.0 failed 2 times, most recent failure: Lost task 0.3 in stage 0.0 (TID 3)');
  });

  it('an executor loss unrelated to the app is not counted: the task reruns elsewhere and the job succeeds', () => {
    const cluster = {
      master: 'cluster',
      executors: [
        { id: '1', host: 'host-a', cores: 1 },
        { id: '2', host: 'host-b', cores: 1 },
      ],
    };
    const r = run({
      ...batch(
        'cluster',
        oneRdd(1),
        [0],
        [{ executorLost: { executor: '1', atMs: 50, exitCausedByApp: false } }, { executorLost: { executor: '2', atMs: 50, exitCausedByApp: false } }],
      ),
      cluster,
      conf: { 'spark.task.maxFailures': 1 },
      faults: [{ executorLost: { executor: '1', atMs: 50, exitCausedByApp: false } }],
    });
    const first = r.summary.tasks[0];
    if (first.executorId === '1') {
      expect(first.reason).toBe('ExecutorLostFailure');
      expect(first.error).toBe('ExecutorLostFailure (executor 1 exited unrelated to the running tasks) Reason: Executor Process Lost');
      expect(r.summary.tasks[1]).toMatchObject({ index: 0, attempt: 1, executorId: '2', reason: 'Success' });
    } else {
      expect(first.reason).toBe('Success');
    }
    expect(r.summary.jobs[0].result).toBe('JobSucceeded');
  });

  it('an executor loss caused by the app counts: with maxFailures 1 the job aborts', () => {
    const r = run({
      ...batch('cluster', oneRdd(1), [0]),
      cluster: { master: 'cluster', executors: [{ id: '1', host: 'host-a', cores: 1 }] },
      conf: { 'spark.task.maxFailures': 1 },
      faults: [{ executorLost: { executor: '1', atMs: 50, exitCausedByApp: true, reason: 'Container killed by YARN for exceeding memory limits' } }],
    });
    expect(r.summary.jobs[0].message).toBe(
      'Job aborted due to stage failure: Task 0 in stage 0.0 failed 1 times, most recent failure: Lost task 0.0 in stage 0.0 (TID 0) (host-a executor 1): ' +
        'ExecutorLostFailure (executor 1 exited caused by one of the running tasks) Reason: Container killed by YARN for exceeding memory limits\nDriver stacktrace:',
    );
    expect(events(r.result.trace.events, 'SparkListenerExecutorRemoved')).toHaveLength(1);
  });

  it('an unqualified executor loss is ExecutorProcessLost, caused by the app by default (facts §1.4): it counts', () => {
    const r = run({
      ...batch('cluster', oneRdd(1), [0]),
      cluster: {
        master: 'cluster',
        executors: [
          { id: '1', host: 'h1', cores: 1 },
          { id: '2', host: 'h2', cores: 1 },
        ],
      },
      conf: { 'spark.task.maxFailures': 1 },
      seed: 1,
      faults: [{ executorLost: { executor: '1', atMs: 50 } }, { executorLost: { executor: '2', atMs: 50 } }],
    });
    const first = r.summary.tasks[0];
    expect(r.summary.jobs[0].message).toBe(
      `Job aborted due to stage failure: Task 0 in stage 0.0 failed 1 times, most recent failure: Lost task 0.0 in stage 0.0 (TID 0) (${first.host} executor ${first.executorId}): ` +
        `ExecutorLostFailure (executor ${first.executorId} exited caused by one of the running tasks) Reason: Executor Process Lost\nDriver stacktrace:`,
    );
  });
});

describe('fetch failures and stage retries (spec §10.4)', () => {
  const twoExecutors = {
    master: 'cluster',
    executors: [
      { id: '1', host: 'host-a', cores: 2 },
      { id: '2', host: 'host-b', cores: 2 },
    ],
  };
  const fetchFail = { reason: 'FetchFailed', shuffle: 0, mapIndex: 1 };

  it('a fetch failure fails the stage attempt, resubmits the map stage after 200 ms, and the job succeeds', () => {
    const r = run({
      ...batch('cluster', mapReduce(4, 2), [1], [{ task: { stage: 1, stageAttempt: 0, partition: 0, attempt: 0 }, fail: fetchFail }]),
      cluster: twoExecutors,
    });
    expect(r.summary.jobs).toEqual([{ jobId: 0, result: 'JobSucceeded' }]);
    const stages = r.summary.stages.map((s) => `${s.stageId}.${s.attemptId}:${s.status}`);
    expect(stages).toEqual(['0.0:succeeded', '0.1:succeeded', '1.0:failed', '1.1:succeeded']);
    const failed = r.summary.stages.find((s) => s.stageId === 1 && s.attemptId === 0)!;
    expect(failed.failureReason).toMatch(/^org\.apache\.spark\.shuffle\.FetchFailedException: /);
    // The resubmission waits RESUBMIT_TIMEOUT (200 ms) of simulated time after the failure.
    const evs = r.result.trace.events;
    const ff = events(evs, 'SparkListenerTaskEnd').find((e) => e['Task End Reason'].Reason === 'FetchFailed')!;
    const resubmit = events(evs, 'SparkListenerStageSubmitted').find((e) => e['Stage Info']['Stage ID'] === 0 && e['Stage Info']['Stage Attempt ID'] === 1)!;
    expect(resubmit['Stage Info']['Submission Time']! - ff['Task Info']['Finish Time']).toBeGreaterThanOrEqual(200);
    // The lost block manager's outputs are all recomputed, and only those (spec §10.4 step 6).
    const lostExecutor = (ff['Task End Reason'] as { 'Block Manager Address': { 'Executor ID': string } })['Block Manager Address']['Executor ID'];
    const mapAttempt0OnLost = r.summary.tasks.filter((t) => t.stageId === 0 && t.stageAttemptId === 0 && t.executorId === lostExecutor).length;
    expect(r.summary.tasks.filter((t) => t.stageId === 0 && t.stageAttemptId === 1)).toHaveLength(mapAttempt0OnLost);
  });

  it('a reducer running beside the fetch failure still reads its outputs: only unregistered, the files are there', () => {
    // local[2]: reducer 1 got its map output locations when it started; the FetchFailed of reducer
    // 0 unregisters the driver's outputs but deletes nothing, so reducer 1 succeeds and the retry
    // runs reducer 0 alone (Spark 3.2 SortShuffleManager.getReader asks for locations up front).
    const r = run(
      batch(
        'local[2]',
        mapReduce(2, 2),
        [1],
        [
          { task: { stage: 1, stageAttempt: 0, partition: 0 }, fail: { reason: 'FetchFailed', shuffle: 0, mapIndex: 1 } },
          { task: { stage: 1, stageAttempt: 0, partition: 1 }, durationMs: 250 },
        ],
      ),
    );
    expect(r.summary.jobs).toEqual([{ jobId: 0, result: 'JobSucceeded' }]);
    expect(r.summary.tasks.map((t) => `${t.tid}:${t.stageId}.${t.stageAttemptId}:p${t.partition}:${t.reason}`)).toEqual([
      '0:0.0:p0:Success',
      '1:0.0:p1:Success',
      '2:1.0:p0:FetchFailed',
      '3:1.0:p1:Success',
      '4:0.1:p0:Success',
      '5:0.1:p1:Success',
      '6:1.1:p0:Success',
    ]);
  });

  const lossDuringReduce = (reduceDurations: number[]) => ({
    ...batch(
      'cluster',
      mapReduce(2, reduceDurations.length),
      [1],
      [
        ...reduceDurations.map((durationMs, partition) => ({ task: { stage: 1, stageAttempt: 0, partition }, durationMs })),
        { executorLost: { executor: '1', atMs: 250 } },
      ],
    ),
    seed: 1,
    cluster: {
      master: 'cluster',
      executors: [
        { id: '1', host: 'host-a', cores: 1 },
        { id: '2', host: 'host-b', cores: 1 },
      ],
    },
  });
  const line = (t: { tid: number; stageId: number; stageAttemptId: number; partition: number; attempt: number; executorId: string; reason: string }) =>
    `${t.tid}:${t.stageId}.${t.stageAttemptId}:p${t.partition}.${t.attempt}@${t.executorId}:${t.reason}`;

  it('a reducer whose map output died with its executor while it ran fails to fetch from that block manager', () => {
    const r = run(lossDuringReduce([300, 200]));
    expect(r.summary.tasks.map(line)).toEqual([
      '0:0.0:p0.0@2:Success',
      '1:0.0:p1.0@1:Success',
      '2:1.0:p0.0@1:ExecutorLostFailure',
      '3:1.0:p1.0@2:FetchFailed',
      '4:0.1:p1.0@2:Success',
      '5:1.1:p0.0@2:Success',
      '6:1.1:p1.0@2:Success',
    ]);
    expect(r.summary.tasks[3].error).toMatch(
      /^FetchFailed\(BlockManagerId\(1, host-a, 40000, None\), shuffleId=0, mapIndex=1, mapId=1, reduceId=1, message=\norg\.apache\.spark\.shuffle\.FetchFailedException: /,
    );
    expect(r.summary.jobs).toEqual([{ jobId: 0, result: 'JobSucceeded' }]);
  });

  it('a reducer launched after its map output was lost fails at once with a MetadataFetchFailedException', () => {
    const r = run(lossDuringReduce([300, 100, 40]));
    const tasks = r.summary.tasks.map(line);
    expect(tasks.slice(2, 6)).toEqual(['2:1.0:p0.0@1:ExecutorLostFailure', '3:1.0:p1.0@2:Success', '4:1.0:p2.0@2:Success', '5:1.0:p0.1@2:FetchFailed']);
    expect(r.summary.tasks[5].error).toBe(
      'FetchFailed(null, shuffleId=0, mapIndex=-1, mapId=-1, reduceId=0, message=\norg.apache.spark.shuffle.MetadataFetchFailedException: Missing an output location for shuffle 0 partition 0\n\n)',
    );
    // It fails as it starts: the reader asks for the locations before any record is read.
    const ends = events(r.result.trace.events, 'SparkListenerTaskEnd').find((e) => e['Task Info']['Task ID'] === 5)!;
    expect(ends['Task Info']['Finish Time']).toBe(ends['Task Info']['Launch Time']);
    expect(r.summary.jobs).toEqual([{ jobId: 0, result: 'JobSucceeded' }]);
  });

  // An injected FetchFailed comes from the fetch of that map output, so it names the block manager
  // and the map task (Spark 3's mapId is its TID) the reducer was told of at its start
  // (SortShuffleManager.getReader, ShuffleBlockFetcherIterator.throwFetchFailedException, 3.2.0).
  const fetchFailedOf = (r: ReturnType<typeof run>, tid: number) =>
    events(r.result.trace.events, 'SparkListenerTaskEnd').find((e) => e['Task Info']['Task ID'] === tid)!['Task End Reason'] as unknown as {
      Reason: string;
      'Block Manager Address'?: { 'Executor ID': string; Host: string; Port: number };
      'Shuffle ID': number;
      'Map ID': number;
      'Map Index': number;
    };

  it('an injected fetch failure after its map output was unregistered still names the block manager and map task of its start', () => {
    // local[2]: reducer 0 fails at 100 ms and unregisters every output of the driver; reducer 1,
    // started at 0 ms, reaches its own injected fetch failure of map 1 at 150 ms.
    const r = run(
      batch(
        'local[2]',
        mapReduce(2, 2),
        [1],
        [
          { task: { stage: 1, stageAttempt: 0, partition: 0 }, fail: fetchFail },
          { task: { stage: 1, stageAttempt: 0, partition: 1 }, durationMs: 150, fail: fetchFail },
        ],
      ),
    );
    const second = r.summary.tasks.find((t) => t.tid === 3)!;
    expect(`${second.stageId}.${second.stageAttemptId}:p${second.partition}:${second.reason}`).toBe('1.0:p1:FetchFailed');
    expect(second.error).toBe(
      'FetchFailed(BlockManagerId(driver, localhost, 40000, None), shuffleId=0, mapIndex=1, mapId=1, reduceId=1, message=\n' +
        'org.apache.spark.shuffle.FetchFailedException: Failed to fetch shuffle_0_1_1 from localhost:40000\n\n)',
    );
    expect(fetchFailedOf(r, 3)).toMatchObject({
      'Block Manager Address': { 'Executor ID': 'driver', Host: 'localhost', Port: 40000 },
      'Map ID': 1,
      'Map Index': 1,
    });
    expect(r.summary.jobs).toEqual([{ jobId: 0, result: 'JobSucceeded' }]);
    const traceInvariants = ALL_INVARIANTS.filter((i) => i.needs === 'trace');
    expect(traceInvariants.flatMap((i) => i.check({ events: r.result.trace.events }))).toEqual([]);
  });

  it('an injected fetch failure after its map stage re-ran names the map task of its start, not the re-run', () => {
    // Reducer 1 (100 to 650 ms) sees map 1 re-run at 500 to 600 ms after reducer 0's fetch failure.
    const r = run(
      batch(
        'local[2]',
        mapReduce(2, 2),
        [1],
        [
          { task: { stage: 1, stageAttempt: 0, partition: 0 }, fail: fetchFail },
          { task: { stage: 1, stageAttempt: 0, partition: 1 }, durationMs: 550, fail: fetchFail },
        ],
      ),
    );
    const rerun = r.summary.tasks.find((t) => t.stageId === 0 && t.stageAttemptId === 1 && t.partition === 1 && t.reason === 'Success')!;
    const late = r.summary.tasks.find((t) => t.stageId === 1 && t.stageAttemptId === 0 && t.partition === 1)!;
    expect(rerun.tid).not.toBe(1);
    expect(late.reason).toBe('FetchFailed');
    const finish = (tid: number) =>
      events(r.result.trace.events, 'SparkListenerTaskEnd').find((e) => e['Task Info']['Task ID'] === tid)!['Task Info']['Finish Time'];
    expect(finish(rerun.tid)).toBeLessThan(finish(late.tid)); // map 1 was registered again by then
    expect(fetchFailedOf(r, late.tid)).toMatchObject({ 'Block Manager Address': { 'Executor ID': 'driver' }, 'Map ID': 1, 'Map Index': 1 });
    expect(late.error).toContain('Failed to fetch shuffle_0_1_1 from localhost:40000');
  });

  it('an injected fetch failure names the executor of its start even after that executor was lost', () => {
    // Map 1 ran on executor 1 (TID 1); executor 1 dies at 250 ms while reducer 1 runs on executor 2.
    const r = run({
      ...lossDuringReduce([300, 400]),
      faults: [
        { task: { stage: 1, stageAttempt: 0, partition: 0 }, durationMs: 300 },
        { task: { stage: 1, stageAttempt: 0, partition: 1 }, durationMs: 400, fail: fetchFail },
        { executorLost: { executor: '1', atMs: 250 } },
      ],
    });
    const late = r.summary.tasks.find((t) => t.stageId === 1 && t.stageAttemptId === 0 && t.partition === 1)!;
    expect(late.executorId).toBe('2');
    expect(late.error).toMatch(
      /^FetchFailed\(BlockManagerId\(1, host-a, 40000, None\), shuffleId=0, mapIndex=1, mapId=1, reduceId=1, message=\norg\.apache\.spark\.shuffle\.FetchFailedException: Failed to fetch shuffle_0_1_1 from host-a:40000\n/,
    );
  });

  it('an injected fetch failure on a reducer started after its map output was lost never fires: the reader fails at its start', () => {
    // As above, reducer 0's retry starts once executor 1 (map 1's output) is gone: Spark's reader
    // asks for every location first and throws MetadataFetchFailedException (null address, map
    // index and map id -1) before the task's code could reach the injected fault.
    const base = lossDuringReduce([300, 100, 40]);
    const r = run({
      ...base,
      faults: [{ task: { stage: 1, stageAttempt: 0, partition: 0, attempt: 1 }, fail: { ...fetchFail, message: 'injected\n' } }, ...base.faults],
    });
    expect(r.summary.tasks.map(line).slice(2, 6)).toEqual([
      '2:1.0:p0.0@1:ExecutorLostFailure',
      '3:1.0:p1.0@2:Success',
      '4:1.0:p2.0@2:Success',
      '5:1.0:p0.1@2:FetchFailed',
    ]);
    expect(r.summary.tasks[5].error).toBe(
      'FetchFailed(null, shuffleId=0, mapIndex=-1, mapId=-1, reduceId=0, message=\norg.apache.spark.shuffle.MetadataFetchFailedException: Missing an output location for shuffle 0 partition 0\n\n)',
    );
    expect(r.summary.tasks.some((t) => t.error?.includes('injected'))).toBe(false);
  });

  it('an executor loss fails the task sets in the order they were added, not in scheduling order', () => {
    // Task set 1.0 (a zombie after its fetch failure) was added before the map stage's retry 0.1;
    // both have a task on executor 1 when it is lost (Pool.executorLost walks its queue in order).
    const r = run({
      ...batch(
        'cluster',
        mapReduce(1, 2),
        [1],
        [
          { task: { stage: 1, stageAttempt: 0, partition: 0 }, fail: { reason: 'FetchFailed', shuffle: 0, mapIndex: 0 } },
          { task: { stage: 1, stageAttempt: 0, partition: 1 }, durationMs: 3000 },
          { task: { stage: 0, stageAttempt: 1 }, durationMs: 3000 },
          { executorLost: { executor: '1', atMs: 1000 } },
        ],
      ),
      seed: 3,
      cluster: {
        master: 'cluster',
        executors: [
          { id: '1', host: 'host-a', cores: 3 },
          { id: '2', host: 'host-b', cores: 1 },
        ],
      },
    });
    const lost = events(r.result.trace.events, 'SparkListenerTaskEnd').filter((e) => e['Task End Reason'].Reason === 'ExecutorLostFailure');
    expect(lost.map((e) => `${e['Stage ID']}.${e['Stage Attempt ID']}`)).toEqual(['1.0', '0.1']);
  });

  it('fetch failures in every attempt abort with the maxConsecutiveAttempts message', () => {
    const r = run(
      batch(
        'local[2]',
        mapReduce(2, 2),
        [1],
        [
          {
            task: { stage: 1, partition: 0 },
            fail: { ...fetchFail, mapIndex: 0, message: 'org.apache.spark.shuffle.FetchFailedException: Connection reset\n' },
          },
        ],
      ),
    );
    expect(r.summary.jobs[0]).toEqual({
      jobId: 0,
      result: 'JobFailed',
      message:
        'Job aborted due to stage failure: ResultStage 1 (rdd 1 at Scenario.scala:1) has failed the maximum allowable number of times: 4. ' +
        'Most recent failure reason:\norg.apache.spark.shuffle.FetchFailedException: Connection reset\n',
    });
    expect(r.summary.stages.filter((s) => s.stageId === 1).map((s) => `${s.attemptId}:${s.status}`)).toEqual(['0:failed', '1:failed', '2:failed', '3:failed']);
    // Fetch failures never count as task failures: local[2] would abort on the first counted one.
    expect(r.summary.jobs[0].message).not.toContain('failed 1 times');
  });

  it('spark.stage.maxConsecutiveAttempts sets the limit', () => {
    const r = run(
      batch('local[2]', mapReduce(2, 2), [1], [{ task: { stage: 1, partition: 0 }, fail: { ...fetchFail, mapIndex: 0 } }], {
        conf: { 'spark.stage.maxConsecutiveAttempts': 2 },
      }),
    );
    expect(r.summary.jobs[0].message).toContain('has failed the maximum allowable number of times: 2.');
    expect(r.summary.stages.filter((s) => s.stageId === 1)).toHaveLength(2);
  });

  it('a reducer fetches the map outputs it was told of at its start: losing that executor names that map task, not a later re-run', () => {
    const r = run({
      scenario: 1,
      seed: 11,
      cluster: {
        master: 'cluster',
        executors: [
          { id: '1', host: 'host-a', cores: 4 },
          { id: '2', host: 'host-b', cores: 4 },
        ],
      },
      conf: { 'spark.task.maxFailures': 1 },
      workload: {
        mode: 'batch',
        rdds: [
          { id: 0, partitions: 2 },
          { id: 1, partitions: 6, deps: [{ rdd: 0, type: 'shuffle' }] },
          { id: 2, partitions: 1, deps: [{ rdd: 1, type: 'shuffle' }] },
        ],
        jobs: [{ rdd: 2 }],
      },
      faults: [
        { task: { stage: 1, stageAttempt: 0, partition: 0 }, fail: { reason: 'FetchFailed', shuffle: 0, mapIndex: 0 } },
        { task: { stage: 1, stageAttempt: 0 }, durationMs: 3000 },
        { executorLost: { executor: '2', atMs: 1050 } },
      ],
    });
    const mapRuns = r.summary.tasks.filter((t) => t.stageId === 0 && t.index === 0 && t.reason === 'Success');
    expect(mapRuns.length).toBeGreaterThan(1); // map 0 ran again after the fetch failure
    const lostFetches = r.summary.tasks.filter(
      (t) => t.stageId === 1 && t.stageAttemptId === 0 && t.reason === 'FetchFailed' && t.error!.includes('BlockManagerId(2,'),
    );
    expect(lostFetches.length).toBeGreaterThan(0);
    for (const t of lostFetches) expect(t.error).toContain(`mapIndex=0, mapId=${mapRuns[0].tid}, reduceId=${t.partition}`);
  });

  it("the default FetchFailedException names the block by the map task's TID (ShuffleBlockId, Spark 3.0+)", () => {
    // A retried map task shifts the TIDs, so map index 2 does not run as TID 2.
    const r = run(
      batch(
        'local[1,2]',
        mapReduce(3, 1),
        [1],
        [
          { task: { stage: 0, partition: 0, attempt: 0 }, fail: exception('once') },
          { task: { stage: 1, attempt: 0 }, fail: { ...fetchFail, mapIndex: 2 } },
        ],
      ),
    );
    const mapTid = r.summary.tasks.find((t) => t.stageId === 0 && t.index === 2 && t.reason === 'Success')!.tid;
    expect(mapTid).toBe(3);
    const failed = r.summary.tasks.find((t) => t.reason === 'FetchFailed')!;
    expect(failed.error).toContain(
      `mapIndex=2, mapId=${mapTid}, reduceId=0, message=\norg.apache.spark.shuffle.FetchFailedException: Failed to fetch shuffle_0_${mapTid}_0 from localhost:40000\n`,
    );
  });

  it('spark.stage.maxConsecutiveAttempts 0, which Spark does not check, aborts on the first fetch failure', () => {
    const r = run(
      batch('local[2]', mapReduce(2, 2), [1], [{ task: { stage: 1, partition: 0, attempt: 0 }, fail: { ...fetchFail, mapIndex: 0 } }], {
        conf: { 'spark.stage.maxConsecutiveAttempts': 0 },
      }),
    );
    expect(r.summary.jobs[0].message).toContain('has failed the maximum allowable number of times: 0.');
    expect(r.summary.stages.filter((s) => s.stageId === 1)).toHaveLength(1);
    // Its event log holds every trace invariant (I14 reads the limit 0 as Spark does, as 1).
    const traceInvariants = ALL_INVARIANTS.filter((i) => i.needs === 'trace');
    expect(traceInvariants.flatMap((i) => i.check({ events: r.result.trace.events }))).toEqual([]);
  });
});

describe('jobs sharing lineage (spec §3, §10.1)', () => {
  it('a second job skips the map stage whose shuffle output exists', () => {
    const r = run(batch('local[2]', mapReduce(3, 2), [1, 1]));
    expect(r.summary.jobs.map((j) => j.result)).toEqual(['JobSucceeded', 'JobSucceeded']);
    expect(r.summary.stages.map((s) => `${s.stageId}.${s.attemptId}:${s.status}`)).toEqual(['0.0:succeeded', '1.0:succeeded', '2.0:skipped', '3.0:succeeded']);
    const starts = events(r.result.trace.events, 'SparkListenerJobStart');
    expect(starts.map((s) => s['Stage IDs'])).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(r.summary.tasks.filter((t) => t.stageId === 2)).toHaveLength(0);
  });

  it('stage ids: ancestors first, siblings in ascending shuffle id', () => {
    const rdds = [
      { id: 0, partitions: 2 },
      { id: 1, partitions: 2 },
      { id: 2, partitions: 2, deps: [{ rdd: 0, type: 'shuffle' }] },
      {
        id: 3,
        partitions: 2,
        deps: [
          { rdd: 1, type: 'shuffle' },
          { rdd: 2, type: 'shuffle' },
        ],
      },
    ];
    const r = run(batch('local[2]', rdds, [3]));
    const start = events(r.result.trace.events, 'SparkListenerJobStart')[0];
    // shuffle 0 (rdd 0 → 2) and its stage come first; shuffle 1 reads rdd 1; shuffle 2 reads rdd 2.
    const byId = new Map(start['Stage Infos'].map((s) => [s['Stage ID'], s['RDD Info'][0]['RDD ID']]));
    expect([...byId.entries()]).toEqual([
      [0, 1],
      [1, 0],
      [2, 2],
      [3, 3],
    ]);
  });
});

describe('non-termination (limits)', () => {
  it('a TaskKilled on every attempt retries forever and stops at limits.maxEvents', () => {
    const r = run(batch('local[1]', oneRdd(1), [0], [{ task: {}, fail: { reason: 'TaskKilled' } }], { limits: { maxEvents: 500 } }));
    expect(r.summary.status).toBe('did-not-terminate');
    expect(r.summary.stopReason).toContain('limits.maxEvents');
    expect(r.summary.jobs[0].result).toBe('Running');
  });

  it('stops at limits.maxTimeMs of simulated time', () => {
    const r = run(batch('local[1]', oneRdd(1), [0], [{ task: {}, fail: { reason: 'TaskKilled' } }], { limits: { maxTimeMs: 10_000 } }));
    expect(r.summary.status).toBe('did-not-terminate');
    expect(r.summary.stopReason).toContain('limits.maxTimeMs');
    expect(r.result.trace.endTimeMs).toBe(10_000);
  });

  it('a task that died with its executor holds nothing open: the run ends with its last job', () => {
    const r = run({
      ...batch(
        'cluster',
        mapReduce(20, 2),
        [1],
        [{ task: { stage: 0, partition: 0, attempt: 0 }, durationMs: 100_000_000 }, { executorLost: { executor: '1', atMs: 350 } }],
      ),
      seed: 5,
      cluster: {
        master: 'cluster',
        executors: [
          { id: '1', host: 'host-a', cores: 4 },
          { id: '2', host: 'host-b', cores: 1 },
        ],
      },
    });
    expect(r.summary.status).toBe('finished');
    expect(r.summary.jobs[0].result).toBe('JobSucceeded');
    const jobEnd = events(r.result.trace.events, 'SparkListenerJobEnd')[0]['Completion Time'];
    expect(r.result.trace.endTimeMs).toBe(jobEnd);
  });

  it('with every executor lost and tasks pending, the run stalls and says so', () => {
    const r = run({
      ...batch('cluster', oneRdd(2), [0]),
      cluster: { master: 'cluster', executors: [{ id: '1', cores: 1 }] },
      faults: [{ executorLost: { executor: '1', atMs: 50 } }],
    });
    expect(r.summary.status).toBe('did-not-terminate');
    expect(r.summary.stopReason).toBe('stalled: tasks are pending but no executor is alive to run them');
  });
});
