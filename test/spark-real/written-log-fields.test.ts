// The written event log field for field against the one real Spark 3.2.0 writes for the same
// scenario (issue 12 §5): each scenario runs on the real backend and on the simulator, and every
// kind of event both logs hold (task ends by reason, Spark's streaming query events too) has the
// same fields, JSON types and field order. What Spark's log holds and ours cannot: SQL's RDD scopes
// and metrics, and the stack frames of exceptions (the simulator writes an exception's frames only
// when the scenario gives them, and none for a failed job's).
import { afterAll, describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate.js';
import type { Scenario } from '../../src/scenario/types.js';
import { sparkEventLog } from '../../src/trace/spark-log-writer.js';
import { sparkJsonText } from '../../src/trace/spark-json.js';
import { keyOrders, kindOf, orderDifference, pathsByKind, SQL_ONLY } from '../support/json-shape.js';
import { openBackend, scenarioFile } from './support.js';

const backend = openBackend();
afterAll(() => backend.close());

const SCENARIOS = [
  'examples/batch-abort.json',
  'examples/batch-fetch-failure.json',
  'examples/continuous-seed-article.json',
  'test/spark-real/scenarios/executor-lost-by-app.json',
];

type Json = Record<string, unknown>;

/** Frames of exceptions: the scenario's own (often none) in a written log, Spark's in a real one. */
const FRAMES = /Stack Trace\[\]\./;
/**
 * A real TaskStart can show its task's accumulables: Spark serialises the event on the listener
 * bus's thread, after the DAGScheduler posted it, and the TaskInfo object is shared, so a task that
 * ended meanwhile shows its end's values. Spark's own form is the empty list we write.
 */
const RACE = (kind: string, path: string) =>
  (kind === 'SparkListenerTaskStart' || kind === 'SparkListenerTaskGettingResult') && path.startsWith('Task Info.Accumulables[].');
const comparable = (kind: string) => !kind.startsWith('SparkRetryHarness') && !kind.startsWith('org.apache.spark.sql.execution.');

function written(scenario: Scenario): Json[] {
  // Through the JSON text, as the file holds it.
  return [...sparkEventLog(simulate(scenario).trace, scenario)].map((e) => JSON.parse(sparkJsonText(e)) as Json);
}

describe('the written log has the fields of the log real Spark 3.2.0 writes for the same scenario', () => {
  const real: Json[] = [];
  const ours: Json[] = [];

  it.each(SCENARIOS)('%s runs on both backends', async (file) => {
    const scenario = scenarioFile(file);
    const r = await backend.run(scenario);
    expect(r.ok, r.ok ? '' : JSON.stringify(r)).toBe(true);
    if (!r.ok) return;
    real.push(...(r.trace.events as unknown as Json[]));
    ours.push(...written(scenario));
  });

  it('every kind of event in both: the same fields, JSON types and order', () => {
    const realPaths = pathsByKind(real);
    const ourPaths = pathsByKind(ours);
    const kinds = [...ourPaths.keys()].filter((k) => comparable(k) && realPaths.has(k));
    // Task ends of the reasons these scenarios always have, and Spark's streaming query events
    // (whether a task is running on the lost executor when it goes is up to real timing).
    for (const k of [
      'SparkListenerTaskEnd/ExceptionFailure',
      'SparkListenerTaskEnd/TaskKilled',
      'SparkListenerTaskEnd/FetchFailed',
      'SparkListenerExecutorRemoved',
      'SparkListenerBlockManagerRemoved',
      'org.apache.spark.sql.streaming.StreamingQueryListener$QueryStartedEvent',
    ])
      expect(kinds, k).toContain(k);
    for (const kind of kinds) {
      const mine = ourPaths.get(kind)!;
      const theirs = realPaths.get(kind)!;
      expect(
        [...theirs].filter((p) => !SQL_ONLY.test(p) && !FRAMES.test(p) && !RACE(kind, p) && !mine.has(p)),
        `${kind}: fields Spark writes that we do not`,
      ).toEqual([]);
      expect(
        [...mine].filter((p) => !theirs.has(p)),
        `${kind}: fields we write that Spark does not`,
      ).toEqual([]);
      const realOrder = new Map<string, string[]>();
      for (const e of real.filter((x) => kindOf(x) === kind))
        for (const [p, keys] of keyOrders(e)) if (!realOrder.has(p) || keys.length > realOrder.get(p)!.length) realOrder.set(p, keys);
      for (const e of ours.filter((x) => kindOf(x) === kind)) expect(orderDifference(keyOrders(e), realOrder), kind).toBeNull();
    }
  });

  it('every kind of Spark event the real logs hold, the written ones hold too (SQL executions aside)', () => {
    const ourKinds = new Set(ours.map(kindOf));
    expect([...new Set(real.map(kindOf))].filter((k) => comparable(k) && !ourKinds.has(k))).toEqual([]);
  });
});
