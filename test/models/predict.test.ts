// Unit tests of the reference model on hand-written scenarios: each states what the spec says
// must happen, independently of the simulator.
import { describe, expect, it } from 'vitest';
import { compareWithModel } from '../../models/compare.js';
import { predict } from '../../models/predict.js';
import { renderText, textMatches, type JobOutcome, type Prediction, type Text } from '../../models/prediction.js';
import { STALL_NO_EXECUTOR, STALL_NOTHING_LEFT, type RunSummary } from '../../src/trace/summary.js';
import { batch, boom, continuous, fail, fetchFailed, killed, localMaster, microBatch, rdd, scenario } from './helpers.js';

const failures = (o: JobOutcome[]): Text[] => o.flatMap((x) => (x.result === 'JobFailed' ? [x.message] : []));
const results = (o: JobOutcome[]): string[] => o.map((x) => x.result).sort();
const stage = (p: Prediction, job: number, id: number, attempt = 0) => p.jobs[job].stages.find((s) => s.stageId === id && s.attemptId === attempt)!;
const reasons = (p: Prediction, job: number, id: number, attempt: number, partition: number) =>
  stage(p, job, id, attempt).tasks!.find((t) => t.partition === partition)!;

/** A two-stage lineage: rdd 0 (2 partitions) → shuffle 0 → rdd 1 (2 partitions). */
const twoStage = [rdd(0, 2), rdd(1, 2, [[0, 'shuffle']])];

describe('maxTaskFailures and the task-count abort (facts §2, §4, §7.3)', () => {
  it('local[2,3]: partition 1 failing every attempt aborts on attempt 2 with the exact message', () => {
    const p = predict(scenario({ master: localMaster(2, 3), workload: batch([rdd(0, 3)], [0]), faults: [fail({ partition: 1 }, boom())] }));
    expect(p.statuses).toEqual(['finished']);
    const [msg] = failures(p.jobs[0].outcomes);
    expect(p.jobs[0].outcomes).toHaveLength(1);
    expect(renderText(msg)).toBe(
      'Job aborted due to stage failure: Task 1 in stage 0.0 failed 3 times, most recent failure: Lost task 1.2 in stage 0.0 ' +
        '(TID <number>) (localhost executor driver): java.lang.RuntimeException: boom\n\nDriver stacktrace:',
    );
    expect(
      textMatches(
        msg,
        'Job aborted due to stage failure: Task 1 in stage 0.0 failed 3 times, most recent failure: Lost task 1.2 in stage 0.0 (TID 4) (localhost executor driver): java.lang.RuntimeException: boom\n\nDriver stacktrace:',
      ),
    ).toBe(true);
    expect(reasons(p, 0, 0, 0, 1).reasons).toEqual(['ExceptionFailure', 'ExceptionFailure', 'ExceptionFailure']);
  });

  it('local[N] never retries: the first counted failure aborts (maxTaskFailures 1, conf ignored)', () => {
    const p = predict(
      scenario({ master: localMaster(4), conf: { 'spark.task.maxFailures': 8 }, workload: batch([rdd(0, 2)], [0]), faults: [fail({ partition: 0 }, boom())] }),
    );
    expect(renderText(failures(p.jobs[0].outcomes)[0])).toContain('Task 0 in stage 0.0 failed 1 times, most recent failure: Lost task 0.0 in stage 0.0');
  });

  it('local[2,0] prints "failed 0 times" and behaves like 1', () => {
    const p = predict(scenario({ master: localMaster(2, 0), workload: batch([rdd(0, 1)], [0]), faults: [fail({}, { reason: 'UnknownReason' })] }));
    expect(renderText(failures(p.jobs[0].outcomes)[0])).toContain(
      'Task 0 in stage 0.0 failed 0 times, most recent failure: Lost task 0.0 in stage 0.0 (TID <number>) (localhost executor driver): UnknownReason\nDriver stacktrace:',
    );
  });

  it('cluster: spark.task.maxFailures applies; the host and executor may be any registered one', () => {
    const p = predict(
      scenario({
        executors: [
          { id: '1', host: 'host-a', cores: 2 },
          { id: '2', host: 'host-b', cores: 2 },
        ],
        conf: { 'spark.task.maxFailures': 2 },
        workload: batch([rdd(0, 2)], [0]),
        faults: [fail({ partition: 0 }, { reason: 'TaskResultLost' })],
      }),
    );
    expect(renderText(failures(p.jobs[0].outcomes)[0])).toBe(
      'Job aborted due to stage failure: Task 0 in stage 0.0 failed 2 times, most recent failure: Lost task 0.1 in stage 0.0 (TID <number>) ' +
        '(<host-a executor 1 | host-b executor 2>): TaskResultLost (result lost from block manager)\nDriver stacktrace:',
    );
  });

  it('several failing partitions: each is an allowed abort, on its own attempt number', () => {
    const p = predict(
      scenario({
        master: localMaster(3, 3),
        workload: batch([rdd(0, 3)], [0]),
        faults: [fail({ partition: 0 }, boom()), fail({ partition: 2, attempt: 0 }, killed), fail({ partition: 2 }, boom())],
      }),
    );
    const texts = failures(p.jobs[0].outcomes).map(renderText);
    expect(texts).toHaveLength(2);
    expect(texts[0]).toContain('Task 0 in stage 0.0 failed 3 times, most recent failure: Lost task 0.2 ');
    expect(texts[1]).toContain('Task 2 in stage 0.0 failed 3 times, most recent failure: Lost task 2.3 ');
    expect(reasons(p, 0, 0, 0, 2).mode).toBe('prefix'); // it may be cut short by the other abort
  });

  it('one core (local[1,F]): one failing index makes the abort exact; the freed core may launch the next index early', () => {
    const p = predict(scenario({ master: localMaster(1, 2), workload: batch([rdd(0, 4)], [0]), faults: [fail({ partition: 1 }, boom())] }));
    expect(p.jobs[0].outcomes).toHaveLength(1);
    // Partition 1's retry may follow partition 2 (the core is re-offered before the failure is
    // handled, LocalSchedulerBackend 3.2.0), so its TID is a hole; the first attempt's is not.
    expect(renderText(failures(p.jobs[0].outcomes)[0])).toContain('Lost task 1.1 in stage 0.0 (TID <number>) (localhost executor driver)');
    expect(reasons(p, 0, 0, 0, 0).tids).toEqual([0]);
    // Partitions 2 and 3 may each run once (once per failure of partition 1), and no other.
    expect(stage(p, 0, 0).tasks!.map((t) => [t.partition, t.mode])).toEqual([
      [0, 'exact'],
      [1, 'exact'],
      [2, 'prefix'],
      [3, 'prefix'],
    ]);
  });

  it("one core: two failing indexes leave the abort to timing (which runs before the other's retry)", () => {
    const p = predict(
      scenario({ master: localMaster(1, 2), workload: batch([rdd(0, 3)], [0]), faults: [fail({ partition: 1 }, boom()), fail({ partition: 2 }, boom())] }),
    );
    // Left open: several outcomes, with the reason in the notes.
    expect(p.jobs[0].outcomes.length).toBeGreaterThan(1);
    expect(JSON.stringify(p)).toMatch(/timing decides/);
  });

  it('an immediate abort (NotSerializableException) uses Spark 3.2 "Task <index>.<attempt> in stage …" and sends no TaskEnd', () => {
    const p = predict(
      scenario({ master: localMaster(1, 4), workload: batch([rdd(0, 1)], [0]), faults: [fail({}, boom('Foo', 'java.io.NotSerializableException'))] }),
    );
    expect(renderText(failures(p.jobs[0].outcomes)[0])).toBe(
      'Job aborted due to stage failure: task 0.0 in stage 0.0 (TID 0) had a not serializable result: Foo',
    );
    expect(reasons(p, 0, 0, 0, 0).reasons).toEqual(['Running']);
  });
});

describe('reasons that do not count (facts §1.4, §5)', () => {
  it('TaskKilled and TaskCommitDenied never count: local[2] still succeeds after them', () => {
    const p = predict(
      scenario({
        master: localMaster(2),
        workload: batch([rdd(0, 2)], [0]),
        faults: [fail({ partition: 1, attempt: 0 }, killed), fail({ partition: 1, attempt: 1 }, { reason: 'TaskCommitDenied' })],
      }),
    );
    expect(results(p.jobs[0].outcomes)).toEqual(['JobSucceeded']);
    const t = reasons(p, 0, 0, 0, 1);
    expect(t.reasons).toEqual(['TaskKilled', 'TaskCommitDenied', 'Success']);
    expect(t.mode).toBe('exact');
  });

  it('a partition killed on every attempt never ends: the run does not terminate', () => {
    const p = predict(scenario({ master: localMaster(2, 3), workload: batch([rdd(0, 2)], [0, 0]), faults: [fail({ job: 0, partition: 0 }, killed)] }));
    expect(p.statuses).toEqual(['did-not-terminate']);
    expect(results(p.jobs[0].outcomes)).toEqual(['Running']);
    expect(results(p.jobs[1].outcomes)).toEqual(['absent']);
    expect(reasons(p, 0, 0, 0, 0).repeatsLast).toBe(true);
  });

  it('a never-ending partition beside an aborting one on enough cores: the abort is certain', () => {
    const p = predict(
      scenario({ master: localMaster(2, 2), workload: batch([rdd(0, 2)], [0]), faults: [fail({ partition: 0 }, killed), fail({ partition: 1 }, boom())] }),
    );
    expect(results(p.jobs[0].outcomes)).toEqual(['JobFailed']);
  });
});

describe('stages, skips and fetch failures (facts §3, §10.1, §10.4)', () => {
  it('a fetch failure fails the stage attempt; both stages run again and the job succeeds', () => {
    const p = predict(
      scenario({ master: localMaster(1, 4), workload: batch(twoStage, [1]), faults: [fail({ stage: 1, stageAttempt: 0, partition: 1 }, fetchFailed(0, 0))] }),
    );
    expect(results(p.jobs[0].outcomes)).toEqual(['JobSucceeded']);
    expect(p.jobs[0].stages.map((s) => `${s.stageId}.${s.attemptId}:${s.statuses.join('|')}`)).toEqual([
      '0.0:succeeded',
      '1.0:failed',
      '0.1:succeeded',
      '1.1:succeeded',
    ]);
    expect(renderText(stage(p, 0, 1).failureReasons![0])).toBe(
      'org.apache.spark.shuffle.FetchFailedException: Failed to fetch shuffle_0_<number>_1 from localhost:<number>\n',
    );
    // Attempt 1 of the result stage runs only the missing partition 1, as task index 0.
    expect(stage(p, 0, 1, 1).tasks!.map((t) => [t.partition, t.index])).toEqual([[1, 0]]);
  });

  it('maxConsecutiveAttempts fetch failures abort with the exact message', () => {
    const p = predict(
      scenario({
        master: localMaster(2, 4),
        conf: { 'spark.stage.maxConsecutiveAttempts': 3 },
        workload: batch([rdd(0, 2), rdd(1, 1, [[0, 'shuffle']], 'collect at App.scala:7')], [1]),
        faults: [fail({ stage: 1 }, fetchFailed(0, 1, 'org.apache.spark.shuffle.FetchFailedException: gone\n'))],
      }),
    );
    expect(failures(p.jobs[0].outcomes).map(renderText)).toEqual([
      'Job aborted due to stage failure: ResultStage 1 (collect at App.scala:7) has failed the maximum allowable number of times: 3. ' +
        'Most recent failure reason:\norg.apache.spark.shuffle.FetchFailedException: gone\n',
    ]);
    expect(p.jobs[0].stages.filter((s) => s.stageId === 1).map((s) => s.attemptId)).toEqual([0, 1, 2]);
  });

  it('spark.test.noStageRetry aborts on the first fetch failure', () => {
    const p = predict(
      scenario({
        master: localMaster(1, 4),
        conf: { 'spark.test.noStageRetry': true },
        workload: batch(twoStage, [1]),
        faults: [fail({ stage: 1 }, fetchFailed(0, 0))],
      }),
    );
    expect(failures(p.jobs[0].outcomes).map(renderText)).toEqual([
      'Job aborted due to stage failure: Fetch failure will not retry stage due to testing config',
    ]);
  });

  it('a fetch failure for a shuffle the stage does not read does not match', () => {
    const p = predict(
      scenario({
        master: localMaster(2, 4),
        workload: batch(twoStage, [1]),
        faults: [fail({ stage: 0 }, fetchFailed(0, 0)), fail({ stage: 0, partition: 0, attempt: 0 }, killed)],
      }),
    );
    expect(results(p.jobs[0].outcomes)).toEqual(['JobSucceeded']);
    expect(reasons(p, 0, 0, 0, 0).reasons).toEqual(['TaskKilled', 'Success']);
  });

  it('a second job gets new stage ids and skips the map stage whose output is complete', () => {
    const p = predict(scenario({ master: localMaster(2, 4), workload: batch(twoStage, [1, 1]) }));
    expect(p.jobs.map((j) => j.stageIds)).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(stage(p, 1, 2).statuses).toEqual(['skipped']);
    expect(stage(p, 1, 3).statuses).toEqual(['succeeded']);
  });

  it('after a failed map stage a later job reruns only the missing map partitions (one core)', () => {
    const p = predict(
      scenario({
        master: localMaster(1, 1),
        workload: batch([rdd(0, 3), rdd(1, 1, [[0, 'shuffle']])], [1, 1]),
        faults: [fail({ job: 0, partition: 1 }, boom())],
      }),
    );
    expect(results(p.jobs[0].outcomes)).toEqual(['JobFailed']);
    expect(stage(p, 1, 2).tasks!.map((t) => [t.partition, t.index])).toEqual([
      [1, 0],
      [2, 1],
    ]);
  });
});

describe('micro-batch (streaming facts §4)', () => {
  const w = (restarts: number, sinkApi: 'v1' | 'v2' | 'file' = 'v2') => microBatch(twoStage, 1, 3, restarts, sinkApi);

  it('without restarts: batches before the failing one commit; the query dies with "Writing job aborted"', () => {
    const p = predict(scenario({ master: localMaster(2, 2), workload: w(0), faults: [fail({ batch: 1, partition: 0, stage: 3 }, boom())] }));
    expect(p.query!.statuses).toEqual(['failed']);
    expect(p.query!.committed).toEqual([0]);
    expect(p.query!.runs).toEqual({ min: 1, max: 1 });
    expect(p.query!.exceptions.map(renderText)).toEqual(['Query [id = <id>, runId = <id>] terminated with exception: Writing job aborted']);
    expect(p.jobs).toHaveLength(2);
  });

  it('with a restart: the failed batch runs again and the query completes', () => {
    const p = predict(scenario({ master: localMaster(2, 2), workload: w(1), faults: [fail({ batch: 1, run: 0, stage: 3 }, boom())] }));
    expect(p.query!.statuses).toEqual(['completed']);
    expect(p.query!.committed).toEqual([0, 1, 2]);
    expect(p.query!.runs).toEqual({ min: 2, max: 2 });
    expect(p.jobs.map((j) => j.label)).toEqual(['batch 0 of run 0', 'batch 1 of run 0', 'batch 1 of run 1', 'batch 2 of run 1']);
  });

  it('v1 sinks surface the job error itself, file sinks "Job aborted."', () => {
    const v1 = predict(scenario({ master: localMaster(2), workload: w(0, 'v1'), faults: [fail({ batch: 0, stage: 1, partition: 1 }, boom())] }));
    expect(v1.query!.exceptions.map(renderText)).toEqual([
      'Query [id = <id>, runId = <id>] terminated with exception: Job aborted due to stage failure: Task 1 in stage 1.0 failed 1 times, most recent failure: ' +
        'Lost task 1.0 in stage 1.0 (TID <number>) (localhost executor driver): java.lang.RuntimeException: boom\n\nDriver stacktrace:',
    ]);
    const file = predict(scenario({ master: localMaster(2), workload: w(0, 'file'), faults: [fail({ batch: 0, stage: 1, partition: 1 }, boom())] }));
    expect(file.query!.exceptions.map(renderText)).toEqual(['Query [id = <id>, runId = <id>] terminated with exception: Job aborted.']);
  });
});

describe('continuous (scheduler facts §12, streaming facts §5.6, §9)', () => {
  const seedCase = (first: Parameters<typeof fail>[1]) =>
    scenario({ master: localMaster(2, 6), host: '192.168.1.23', workload: continuous(2, 5), faults: [fail({ partition: 1, attempt: 0, epoch: 2 }, first)] });

  it('the seed case: 1.0 fails, fake retries 1.1–1.5 count, the job aborts at 1.5 with TID 6 (facts §12)', () => {
    const p = predict(seedCase(boom('reader died')));
    const [msg] = failures(p.jobs[0].outcomes);
    const spec =
      'Job aborted due to stage failure: Task 1 in stage 0.0 failed 6 times, most recent failure: Lost task 1.5 in stage 0.0 (TID 6) ' +
      '(192.168.1.23 executor driver): org.apache.spark.sql.execution.streaming.continuous.ContinuousTaskRetryException: Continuous execution does not support task retry\n' +
      '\tat org.apache.spark.sql.execution.streaming.continuous.ContinuousDataSourceRDD.compute(ContinuousDataSourceRDD.scala:78)\n' +
      '\tat org.apache.spark.rdd.RDD.iterator(RDD.scala:337)\n\nDriver stacktrace:';
    expect(p.jobs[0].outcomes).toHaveLength(1);
    expect(textMatches(msg, spec)).toBe(true);
    expect(textMatches(msg, spec.replace('TID 6', 'TID 7'))).toBe(false);
    expect(reasons(p, 0, 0, 0, 1).tids).toEqual([1, 2, 3, 4, 5, 6]);
    expect(p.query!.committed).toEqual([0, 1]);
    expect(p.query!.exceptions.map(renderText)).toEqual(['Query [id = <id>, runId = <id>] terminated with exception: Writing job aborted']);
  });

  it('a killed first attempt does not count: the abort comes one attempt later, at 1.6 / TID 7', () => {
    const p = predict(seedCase(killed));
    expect(renderText(failures(p.jobs[0].outcomes)[0])).toContain(
      'failed 6 times, most recent failure: Lost task 1.6 in stage 0.0 (TID 7) (192.168.1.23 executor driver)',
    );
    expect(reasons(p, 0, 0, 0, 1).reasons).toEqual(['TaskKilled', ...new Array(6).fill('ExceptionFailure')]);
  });

  it('local[2] (maxTaskFailures 1): the original error is the most recent failure', () => {
    const p = predict(scenario({ master: localMaster(2), workload: continuous(2, 3), faults: [fail({ partition: 0, epoch: 0 }, boom('bad row'))] }));
    expect(renderText(failures(p.jobs[0].outcomes)[0])).toContain(
      'failed 1 times, most recent failure: Lost task 0.0 in stage 0.0 (TID 0) (localhost executor driver): java.lang.RuntimeException: bad row\n\nDriver stacktrace:',
    );
  });

  it('manual restarts resume after the last committed epoch', () => {
    const p = predict(scenario({ master: localMaster(2, 2), workload: continuous(2, 5, 1), faults: [fail({ run: 0, partition: 0, epoch: 3 }, boom())] }));
    expect(p.query!.committed).toEqual([0, 1, 2, 3, 4]);
    expect(p.query!.statuses).toEqual(['completed']);
    expect(p.jobs.map((j) => j.stageIds)).toEqual([[0], [1]]);
  });

  it('global policy: no fake retry after a counted failure, restarts within the budget, exhaustion fails the query', () => {
    const p = predict(scenario({ master: localMaster(2, 3), workload: continuous(2, 4, 1, 'global'), faults: [fail({ partition: 1, epoch: 1 }, boom())] }));
    expect(reasons(p, 0, 0, 0, 1).reasons).toEqual(['ExceptionFailure']); // attempt 0 only
    expect(p.query!.statuses).toEqual(['failed']);
    expect(p.query!.runs).toEqual({ min: 2, max: 2 });
    expect(p.query!.committed).toEqual([0]);
  });
});

describe('what the model leaves open', () => {
  const twoExecutors = [
    { id: '1', host: 'host-a', cores: 1 },
    { id: '2', host: 'host-b', cores: 1 },
  ];
  const loss = (executor: string, exitCausedByApp = false) => ({
    kind: 'executorLost' as const,
    executor,
    atMs: 150,
    exitCausedByApp,
    reason: 'Executor killed by driver.',
  });

  it('executor losses (models/executor-loss.ts): with no cause of failure and an executor left, the job succeeds and ends', () => {
    const p = predict(scenario({ executors: twoExecutors, workload: batch(twoStage, [1]), faults: [loss('1')] }));
    expect(p.jobs[0].outcomes).toEqual([{ result: 'JobSucceeded' }]);
    expect(p.statuses).toEqual(['finished']);
    expect(p.mayLoseEveryExecutor).toBe(false);
  });

  it('executor losses: a counted fault may fail the job, but losses the app did not cause never count', () => {
    const p = predict(
      scenario({ executors: twoExecutors, workload: batch(twoStage, [1]), faults: [fail({ stage: 1, partition: 0, attempt: 0 }, boom()), loss('1')] }),
    );
    const [any] = failures(p.jobs[0].outcomes);
    expect(textMatches(any, 'Job 0 cancelled ')).toBe(true);
    expect(textMatches(any, 'Job aborted due to stage failure: Task 0 in stage 1.0 failed 4 times, most recent failure: …')).toBe(true);
    const appOnly = predict(scenario({ executors: twoExecutors, workload: batch(twoStage, [1]), faults: [loss('1', true)] }));
    // One executor the app may crash counts once per index: fewer than maxTaskFailures (4).
    expect(failures(appOnly.jobs[0].outcomes)).toEqual([]);
  });

  it('executor losses: when every executor may go, the job may stall', () => {
    const p = predict(scenario({ executors: twoExecutors, workload: batch(twoStage, [1]), faults: [loss('1'), loss('2')] }));
    expect(p.mayLoseEveryExecutor).toBe(true);
    expect(p.jobs[0].outcomes.map((o) => o.result)).toContain('Running');
    expect(p.statuses).toContain('did-not-terminate');
  });
});

describe('compareWithModel', () => {
  const s = scenario({ master: localMaster(1, 2), workload: batch([rdd(0, 2)], [0]), faults: [fail({ partition: 1, attempt: 0 }, boom())] });
  const good: RunSummary = {
    status: 'finished',
    jobs: [{ jobId: 0, result: 'JobSucceeded' }],
    stages: [{ stageId: 0, attemptId: 0, status: 'succeeded' }],
    tasks: [
      { tid: 0, stageId: 0, stageAttemptId: 0, index: 0, partition: 0, attempt: 0, executorId: 'driver', host: 'localhost', reason: 'Success' },
      {
        tid: 1,
        stageId: 0,
        stageAttemptId: 0,
        index: 1,
        partition: 1,
        attempt: 0,
        executorId: 'driver',
        host: 'localhost',
        reason: 'ExceptionFailure',
        error: 'java.lang.RuntimeException: boom\n',
      },
      { tid: 2, stageId: 0, stageAttemptId: 0, index: 1, partition: 1, attempt: 1, executorId: 'driver', host: 'localhost', reason: 'Success' },
    ],
  };

  it('agrees with a run that does what the spec says', () => {
    expect(compareWithModel(predict(s), good)).toEqual([]);
  });

  it('names what differs', () => {
    const bad: RunSummary = {
      ...good,
      jobs: [{ jobId: 0, result: 'JobFailed', message: 'Job aborted due to stage failure: x' }],
      tasks: good.tasks.slice(0, 2),
    };
    const d = compareWithModel(predict(s), bad);
    expect(d.some((x) => x.startsWith('job 0 (job 0): failed with'))).toBe(true);
    expect(d.some((x) => x.includes('partition 1: attempts ended [ExceptionFailure]; the model expects exactly [ExceptionFailure, Success]'))).toBe(true);
  });
});

describe('compareWithModel: stalls', () => {
  const twoExecutors = [
    { id: '1', host: 'host-a', cores: 1 },
    { id: '2', host: 'host-b', cores: 1 },
  ];
  const lossOf = (executor: string) => ({ kind: 'executorLost' as const, executor, atMs: 150, exitCausedByApp: false, reason: 'Executor killed by driver.' });
  const stalled = (stopReason: string): RunSummary => ({ status: 'did-not-terminate', stopReason, jobs: [], stages: [], tasks: [] });

  it('a run with nothing left to happen before its driver ends is a finding', () => {
    const p = predict(scenario({ executors: twoExecutors, workload: batch(twoStage, [1]), faults: [lossOf('1'), lossOf('2')] }));
    expect(compareWithModel(p, stalled(STALL_NOTHING_LEFT)).join('\n')).toMatch(/the run stalled .*a running job always has a next step/);
  });

  it('a stall for want of executors is allowed only when the faults may take them all', () => {
    const all = predict(scenario({ executors: twoExecutors, workload: batch(twoStage, [1]), faults: [lossOf('1'), lossOf('2')] }));
    const one = predict(scenario({ executors: twoExecutors, workload: batch(twoStage, [1]), faults: [lossOf('1')] }));
    expect(compareWithModel(all, stalled(STALL_NO_EXECUTOR)).filter((d) => d.includes('stalled'))).toEqual([]);
    expect(compareWithModel(one, stalled(STALL_NO_EXECUTOR)).join('\n')).toMatch(/the fault list cannot take every executor/);
  });
});
