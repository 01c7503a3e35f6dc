// The event log `srh run --eventlog` writes (issue 12 §5), against real Spark logs: each kind of
// event has the fields, JSON types and field order of a real Spark 3.2 log (aqeshuffle_eventlog,
// Spark 3.2.1, whose JsonProtocol is 3.2.0's), the task ends Spark writes without metrics match a
// real log's (tasks_executors_fail, 3.1.1), the start-up events come in Spark's order, times are
// on the wall clock from the scenario's start, and TaskInfo's 3.3 Partition ID is only an option.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decompress } from 'fzstd';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_START_TIME_MS } from '../../src/scenario/types.js';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/simulate.js';
import { writeSparkEventLog, type SparkLogOptions } from '../../src/trace/spark-log-writer.js';
import { keyOrders, kindOf, orderDifference, pathsByKind, SQL_ONLY } from '../support/json-shape.js';
import { exception, scenarioOf } from '../support/run.js';

const root = resolve(import.meta.dirname, '../..');
const fixtures = join(root, 'test/fixtures/spark-event-logs');
const tmp = mkdtempSync(join(tmpdir(), 'srh-spark-log-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Json = Record<string, unknown>;

function realLog(name: string): Json[] {
  let bytes: Uint8Array = readFileSync(join(fixtures, name));
  if (name.endsWith('.zstd')) bytes = decompress(bytes);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  return Buffer.from(bytes)
    .toString('utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Json);
}

let written = 0;
/** The written log's text and events for a scenario (JSON as the scenario format has it). */
function writtenLog(json: unknown, options: SparkLogOptions = {}): { text: string; events: Json[] } {
  const scenario = scenarioOf(json);
  const path = join(tmp, `log-${written++}`);
  writeSparkEventLog(path, simulate(scenario).trace, scenario, options);
  const text = readFileSync(path, 'utf8');
  return {
    text,
    events: text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Json),
  };
}

const example = (name: string) => JSON.parse(readFileSync(join(root, 'examples', name), 'utf8')) as Json;
const examples = [
  'batch-abort.json',
  'batch-fetch-failure.json',
  'batch-two-jobs-skip.json',
  'micro-batch-restart.json',
  'continuous-seed-article.json',
  'continuous-stale-offsets.json',
];

/** An executor lost during the map stage, one map task of it done and one running: Resubmitted and ExecutorLostFailure ends. */
const executorLoss = {
  scenario: 1,
  seed: 5,
  cluster: {
    master: 'cluster',
    executors: [
      { id: '1', host: 'host-a', cores: 1 },
      { id: '2', host: 'host-b', cores: 1 },
    ],
  },
  workload: {
    mode: 'batch',
    rdds: [
      { id: 0, partitions: 4 },
      { id: 1, partitions: 2, deps: [{ rdd: 0, type: 'shuffle' }] },
    ],
    jobs: [{ rdd: 1 }],
  },
  taskDurationMs: 1000,
  faults: [{ executorLost: { executor: '2', atMs: 1500 } }],
};

describe('the written log, field for field against real Spark logs', () => {
  const ours = [...examples.map((e) => writtenLog(example(e))), writtenLog(executorLoss)].flatMap((l) => l.events);

  it('every kind of event a real Spark 3.2 log has: its fields, their JSON types and their order', () => {
    const real = realLog('aqeshuffle_eventlog');
    const realPaths = pathsByKind(real);
    const ourPaths = pathsByKind(ours);
    const compared = [...realPaths.keys()].filter((k) => !k.startsWith('org.apache.spark.sql.execution'));
    expect(compared).toHaveLength(13);
    for (const kind of compared) {
      const mine = ourPaths.get(kind);
      expect(mine, kind).toBeDefined();
      expect(
        [...realPaths.get(kind)!].filter((p) => !SQL_ONLY.test(p) && !mine!.has(p)),
        `${kind}: fields Spark writes that we do not`,
      ).toEqual([]);
      // A failed stage's reason: the real log has no failed stage.
      expect(
        [...mine!].filter((p) => !realPaths.get(kind)!.has(p) && p !== 'Stage Info.Failure Reason: string'),
        `${kind}: fields we write that Spark does not`,
      ).toEqual([]);
      const realOrder = keyOrders(real.find((e) => kindOf(e) === kind));
      for (const e of ours.filter((x) => kindOf(x) === kind)) expect(orderDifference(keyOrders(e), realOrder), kind).toBeNull();
    }
  });

  it('task ends without metrics: Resubmitted, ExecutorLostFailure and FetchFailed as a real log has them', () => {
    const real = realLog('tasks_executors_fail_compressed_eventlog.zstd');
    const realPaths = pathsByKind(real);
    const ourPaths = pathsByKind(ours);
    for (const kind of ['SparkListenerTaskEnd/Resubmitted', 'SparkListenerTaskEnd/ExecutorLostFailure', 'SparkListenerTaskEnd/FetchFailed']) {
      expect([...ourPaths.get(kind)!].sort(), kind).toEqual([...realPaths.get(kind)!].filter((p) => !SQL_ONLY.test(p)).sort());
      // Spark's unset marker: no metric peaks came with the end.
      for (const e of ours.filter((x) => kindOf(x) === kind)) expect((e['Task Executor Metrics'] as Json).JVMHeapMemory).toBe(-1);
    }
    for (const e of ours.filter((x) => /\/(Success|ExceptionFailure|TaskKilled)$/.test(kindOf(x)))) expect(e['Task Metrics'], kindOf(e)).toBeDefined();
  });

  it("writes Java doubles as Java prints them, and every event on one line as Spark's JSON", () => {
    const { text } = writtenLog(example('micro-batch-restart.json'));
    expect(text).toContain('"Task Resource Requests":{"cpus":{"Resource Name":"cpus","Amount":1.0}}');
    expect(text).toMatch(/"processedRowsPerSecond":\d+\.\d+/);
    for (const line of text.trimEnd().split('\n')) expect(line.startsWith('{"Event":"')).toBe(true);
  });
});

describe('the start of the log', () => {
  const names = (events: Json[], n: number) => events.slice(0, n).map((e) => e.Event);

  it("is Spark's in local mode: the driver's executor and block manager before the environment and ApplicationStart", () => {
    expect(names(writtenLog(example('batch-abort.json')).events, 6)).toEqual([
      'SparkListenerLogStart',
      'SparkListenerResourceProfileAdded',
      'SparkListenerExecutorAdded',
      'SparkListenerBlockManagerAdded',
      'SparkListenerEnvironmentUpdate',
      'SparkListenerApplicationStart',
    ]);
  });

  it("is Spark's on a cluster: the driver's block manager, the environment, ApplicationStart, then the executors", () => {
    const { events } = writtenLog(executorLoss);
    expect(names(events, 9)).toEqual([
      'SparkListenerLogStart',
      'SparkListenerResourceProfileAdded',
      'SparkListenerBlockManagerAdded',
      'SparkListenerEnvironmentUpdate',
      'SparkListenerApplicationStart',
      'SparkListenerExecutorAdded',
      'SparkListenerBlockManagerAdded',
      'SparkListenerExecutorAdded',
      'SparkListenerBlockManagerAdded',
    ]);
    expect((events[2]['Block Manager ID'] as Json)['Executor ID']).toBe('driver');
    expect((events[5]['Executor Info'] as Json)['Log Urls']).toEqual({
      stdout: 'http://host-a:8081/logPage/?appId=app-5-0000&executorId=1&logType=stdout',
      stderr: 'http://host-a:8081/logPage/?appId=app-5-0000&executorId=1&logType=stderr',
    });
  });

  it('has the Spark properties the scenario implies', () => {
    const json = { ...example('batch-abort.json'), conf: { 'spark.task.maxFailures': 3, 'spark.stage.maxConsecutiveAttempts': 2 } };
    const env = writtenLog(json).events.find((e) => e.Event === 'SparkListenerEnvironmentUpdate')!;
    expect(env['Spark Properties']).toMatchObject({
      'spark.master': 'local[2,4]',
      'spark.task.maxFailures': '3',
      'spark.stage.maxConsecutiveAttempts': '2',
      'spark.app.id': 'local-1',
      'spark.app.startTime': String(DEFAULT_START_TIME_MS),
      'spark.eventLog.enabled': 'true',
    });
    const cluster = writtenLog(executorLoss).events.find((e) => e.Event === 'SparkListenerEnvironmentUpdate')!;
    expect((cluster['Spark Properties'] as Json)['spark.master']).toBe('spark://localhost:7077');
  });
});

describe('times, ends and options', () => {
  it('puts simulated time 0 at the scenario\'s startTimeMs (default 2021-10-13), keeping 0 for "not yet"', () => {
    const start = 1_700_000_000_000;
    const { events } = writtenLog({ ...example('batch-abort.json'), startTimeMs: start });
    const app = events.find((e) => e.Event === 'SparkListenerApplicationStart')!;
    expect(app.Timestamp).toBe(start);
    const end = events.find((e) => e.Event === 'SparkListenerTaskEnd')!;
    expect((end['Task Info'] as Json)['Finish Time']).toBe(start + 100);
    const taskStart = events.find((e) => e.Event === 'SparkListenerTaskStart')!;
    expect((taskStart['Task Info'] as Json)['Finish Time']).toBe(0);
    expect((taskStart['Task Info'] as Json)['Getting Result Time']).toBe(0);
    const byDefault = writtenLog(example('batch-abort.json')).events.find((e) => e.Event === 'SparkListenerApplicationStart')!;
    expect(new Date(byDefault.Timestamp as number).toISOString()).toBe('2021-10-13T00:00:00.000Z');
  });

  it('refuses a start time that is not a whole number of ms from 1970 to the year 9999, naming the field', () => {
    for (const bad of [-1, 1.5, 253_402_300_800_000, '1634083200000']) {
      const r = validateScenario({ ...example('batch-abort.json'), startTimeMs: bad });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors.map((e) => e.path)).toEqual(['startTimeMs']);
    }
  });

  it("leaves TaskInfo's 3.3 Partition ID out unless asked, and lists each stage attempt's partitions in an event of our own", () => {
    const plain = writtenLog(example('batch-fetch-failure.json'));
    expect(plain.text).not.toContain('"Partition ID":');
    const lists = plain.events.filter((e) => e.Event === 'SparkRetryHarnessStagePartitions');
    expect(lists.length).toBe(plain.events.filter((e) => e.Event === 'SparkListenerStageSubmitted').length);
    // The resubmitted map stage recomputes only the outputs lost with host-b: its indexes 0 and 1 are partitions 1 and 3.
    expect(lists.find((l) => l.stageId === 0 && l.stageAttemptId === 1)?.partitions).toEqual([1, 3]);
    const asked = writtenLog(example('batch-fetch-failure.json'), { partitionIds: true });
    expect(asked.text).toMatch(/"Attempt":\d+,"Partition ID":\d+,"Launch Time"/);
    expect(asked.events.some((e) => e.Event === 'SparkRetryHarnessStagePartitions')).toBe(false);
  });

  it('writes a run that did not terminate without ApplicationEnd, as an application still running', () => {
    const json = {
      scenario: 1,
      seed: 2,
      cluster: { master: 'local[1]' },
      workload: { mode: 'batch', rdds: [{ id: 0, partitions: 3 }], jobs: [{ rdd: 0 }] },
      limits: { maxEvents: 6 },
    };
    const { events } = writtenLog(json);
    expect(events.some((e) => e.Event === 'SparkListenerApplicationEnd')).toBe(false);
    expect(writtenLog(example('batch-abort.json')).events.at(-1)?.Event).toBe('SparkListenerApplicationEnd');
  });

  it("follows an executor loss with its block manager's removal, after the task ends the loss caused", () => {
    const { events } = writtenLog(executorLoss);
    const removed = events.findIndex((e) => e.Event === 'SparkListenerExecutorRemoved');
    const bm = events.findIndex((e) => e.Event === 'SparkListenerBlockManagerRemoved');
    expect(removed).toBeGreaterThan(0);
    expect(events[bm]['Block Manager ID']).toEqual({ 'Executor ID': '2', Host: 'host-b', Port: 40001 });
    const between = events.slice(removed + 1, bm);
    expect(between.length).toBeGreaterThan(0);
    for (const e of between) expect(kindOf(e)).toMatch(/^SparkListenerTaskEnd\/(ExecutorLostFailure|Resubmitted)$/);
    expect(kindOf(events[bm + 1])).not.toMatch(/ExecutorLostFailure|Resubmitted/);
  });

  it("writes Spark's streaming query events beside ours: started, one progress per committed micro-batch, terminated", () => {
    const { events } = writtenLog(example('micro-batch-restart.json'));
    const spark = events.filter((e) => (e.Event as string).startsWith('org.apache.spark.sql.streaming.'));
    const short = spark.map((e) => (e.Event as string).split('$')[1]);
    expect(short).toEqual([
      'QueryStartedEvent',
      'QueryProgressEvent',
      'QueryTerminatedEvent',
      'QueryStartedEvent',
      'QueryProgressEvent',
      'QueryProgressEvent',
      'QueryTerminatedEvent',
    ]);
    const progress = spark.filter((e) => (e.Event as string).endsWith('QueryProgressEvent')).map((e) => e.progress as Json);
    expect(progress.map((p) => [p.batchId, (p.sources as Json[])[0].startOffset, (p.sources as Json[])[0].endOffset, (p.sink as Json).numOutputRows])).toEqual([
      [0, null, '10', 10],
      [1, '10', '20', 10],
      [2, '20', '30', 10],
    ]);
    const terminated = spark.filter((e) => (e.Event as string).endsWith('QueryTerminatedEvent'));
    expect(terminated[0].exception).toMatch(
      /^org\.apache\.spark\.SparkException: Writing job aborted\nCaused by: org\.apache\.spark\.SparkException: Job aborted due to stage failure: /,
    );
    expect(terminated[1].exception).toBeNull();
    // Each of Spark's events comes just before ours for a start or an end, just after the commit log entry for progress.
    for (const e of spark) {
      const i = events.indexOf(e);
      const name = (e.Event as string).split('$')[1];
      const neighbour = name === 'QueryProgressEvent' ? events[i - 1] : events[i + 1];
      expect(neighbour.Event).toBe(
        name === 'QueryProgressEvent'
          ? 'SparkRetryHarnessCommitLogWritten'
          : name === 'QueryStartedEvent'
            ? 'SparkRetryHarnessQueryStarted'
            : 'SparkRetryHarnessQueryTerminated',
      );
    }
  });

  it('writes the task metrics Spark keeps: run time, the accumulator ids of each stage attempt, cumulative values', () => {
    const { events } = writtenLog({
      scenario: 1,
      seed: 1,
      cluster: { master: 'local[1,2]' },
      workload: { mode: 'batch', rdds: [{ id: 0, partitions: 2 }], jobs: [{ rdd: 0 }, { rdd: 0 }] },
      faults: [{ task: { job: 0, partition: 0, attempt: 0 }, fail: exception('once') }],
    });
    const ends = events.filter((e) => e.Event === 'SparkListenerTaskEnd');
    const runTimes = ends.map((e) => ((e['Task Info'] as Json).Accumulables as Json[]).map((a) => [a.ID, a.Update, a.Value]));
    // Stage 0.0 holds accumulators 0-24 (run time is 2); job 1's stage 1.0 holds 25-49.
    expect(runTimes).toEqual([[[2, 100, 100]], [[2, 100, 200]], [[2, 100, 300]], [[27, 100, 100]], [[27, 100, 200]]]);
    expect((ends[0]['Task End Reason'] as Json)['Accumulator Updates']).toEqual([
      { ID: 2, Update: '100', Internal: false, 'Count Failed Values': true },
      { ID: 4, Update: '0', Internal: false, 'Count Failed Values': true },
    ]);
    const completed = events.filter((e) => e.Event === 'SparkListenerStageCompleted').map((e) => (e['Stage Info'] as Json).Accumulables);
    expect(completed).toEqual([
      [{ ID: 2, Name: 'internal.metrics.executorRunTime', Value: 300, Internal: true, 'Count Failed Values': true }],
      [{ ID: 27, Name: 'internal.metrics.executorRunTime', Value: 200, Internal: true, 'Count Failed Values': true }],
    ]);
  });
});
