// What the conformance comparison reads of a run (src/backend/outcome.ts, identities.ts): texts
// lose only what interleaving and the machine choose, and Spark's executor ids and hosts become the
// scenario's, in registration order.
import { describe, expect, it } from 'vitest';
import { inScenarioIdentities } from '../../src/backend/identities.js';
import { normalizedText, outcomeDifferences, outcomeOf } from '../../src/backend/outcome.js';
import type { Trace, TraceEvent } from '../../src/trace/events.js';
import { summarize } from '../../src/trace/summary.js';
import { run, scenarioOf } from '../support/run.js';

describe('normalizedText', () => {
  it("takes out TIDs, map ids, ports, query ids and Spark's own frames, and keeps the scenario's frames", () => {
    const real =
      'Job aborted due to stage failure: Task 1 in stage 0.0 failed 2 times, most recent failure: Lost task 1.1 in stage 0.0 (TID 7) (localhost executor 3): ' +
      'org.apache.spark.shuffle.FetchFailedException: Failed to fetch shuffle_0_12_1 from localhost:45678\n' +
      '\tat org.apache.spark.storage.ShuffleBlockFetcherIterator.next(ShuffleBlockFetcherIterator.scala:1)\n' +
      '\tat org.example.Job.run(Job.scala:42)\n\t... 3 more\n\tSuppressed: java.lang.NullPointerException\n\t\tat x.y(z)\n' +
      'Query [id = 27811994-a01a-4704-b908-8ad0b47c034f] BlockManagerId(3, localhost, 45678, None) mapId=12';
    expect(normalizedText(real)).toBe(
      'Job aborted due to stage failure: Task 1 in stage 0.0 failed 2 times, most recent failure: Lost task 1.1 in stage 0.0 (TID <n>) (localhost executor 3): ' +
        'org.apache.spark.shuffle.FetchFailedException: Failed to fetch shuffle_0_<mapId>_1 from localhost:<port>\n' +
        '\tat org.example.Job.run(Job.scala:42)\n' +
        'Query [id = <id>] BlockManagerId(3, localhost, <port>, None) mapId=<n>',
    );
  });

  it("leaves a metadata fetch failure's map id -1 alone", () => {
    expect(normalizedText('mapId=-1')).toBe('mapId=-1');
  });
});

describe('outcomes', () => {
  it('are equal for the same run and name the field that differs', () => {
    const r = run({
      scenario: 1,
      seed: 1,
      cluster: { master: 'local[2,2]' },
      workload: { mode: 'batch', rdds: [{ id: 0, partitions: 2 }], jobs: [{ rdd: 0 }] },
      faults: [{ task: { partition: 1, attempt: 0 }, fail: { reason: 'TaskKilled', killReason: 'x' } }],
    });
    const a = outcomeOf(r.summary);
    expect(outcomeDifferences(a, outcomeOf(r.summary))).toEqual([]);
    expect(a.attempts['0.0.1']).toEqual(['TaskKilled', 'Success']);
    const b = structuredClone(a);
    b.attempts['0.0.1'] = ['TaskKilled', 'TaskKilled', 'Success'];
    expect(outcomeDifferences(a, b).map((d) => d.field)).toEqual(['attempts.0.0.1']);
  });
});

describe('inScenarioIdentities', () => {
  it("renames Spark's executors (0, 1 on localhost) to the scenario's, in registration order, messages too", () => {
    const scenario = scenarioOf({
      scenario: 1,
      seed: 1,
      cluster: {
        master: 'cluster',
        executors: [
          { id: '1', host: 'host-a', cores: 1 },
          { id: '2', host: 'host-b', cores: 1 },
        ],
      },
      workload: { mode: 'batch', rdds: [{ id: 0, partitions: 1 }], jobs: [{ rdd: 0 }] },
      faults: [],
    });
    const added = (id: string): TraceEvent => ({
      Event: 'SparkListenerExecutorAdded',
      Timestamp: 0,
      'Executor ID': id,
      'Executor Info': { Host: 'localhost', 'Total Cores': 1, 'Log Urls': {}, Attributes: {}, Resources: {}, 'Resource Profile Id': 0 },
    });
    const bm = (id: string, port: number) =>
      ({
        Event: 'SparkListenerBlockManagerAdded',
        'Block Manager ID': { 'Executor ID': id, Host: 'localhost', Port: port },
        'Maximum Memory': 1,
        Timestamp: 0,
      }) as unknown as TraceEvent;
    const sim = run({ ...scenario, cluster: { master: 'cluster', executors: scenario.cluster.executors } } as unknown as object);
    const start = sim.result.trace.events.find((e) => e.Event === 'SparkListenerTaskStart')!;
    const realStart = structuredClone(start) as Extract<TraceEvent, { Event: 'SparkListenerTaskStart' }>;
    realStart['Task Info']['Executor ID'] = '0';
    realStart['Task Info'].Host = 'localhost';
    const message =
      'Lost task 0.0 in stage 0.0 (TID 0) (localhost executor 0): Failed to fetch shuffle_0_1_0 from localhost:4242, BlockManagerId(1, localhost, 4242, None)';
    const end: TraceEvent = {
      Event: 'SparkListenerJobEnd',
      'Job ID': 0,
      'Completion Time': 1,
      'Job Result': { Result: 'JobFailed', Exception: { Message: message } },
    } as unknown as TraceEvent;
    const trace: Trace = { events: [added('1'), added('0'), bm('1', 4242), bm('0', 4343), realStart, end], status: 'finished', stopReason: null, endTimeMs: 0 };
    const mapped = inScenarioIdentities(trace, scenario);
    const ti = (mapped.events[4] as typeof realStart)['Task Info'];
    // "1" registered first, so it is the scenario's first executor, "1" on host-a; "0" is "2" on host-b.
    expect([ti['Executor ID'], ti.Host]).toEqual(['2', 'host-b']);
    expect(summarize(mapped).jobs[0].message).toBe(
      'Lost task 0.0 in stage 0.0 (TID 0) (host-b executor 2): Failed to fetch shuffle_0_1_0 from host-a:4242, BlockManagerId(1, host-a, 4242, None)',
    );
  });
});
