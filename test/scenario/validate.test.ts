// The scenario format's validation: defaults, and one clear error per problem naming the JSON
// path and the fix (issue 2, "Bad input").
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, validateScenario, type ScenarioError } from '../../src/scenario/validate.js';

const valid = () => ({
  scenario: 1,
  seed: 1,
  cluster: { master: 'local[2]' },
  workload: {
    mode: 'batch',
    rdds: [
      { id: 0, partitions: 4 },
      { id: 1, partitions: 2, deps: [{ rdd: 0, type: 'shuffle' }] },
    ],
    jobs: [{ rdd: 1 }],
  },
  faults: [] as unknown[],
});

function errorsOf(json: unknown): ScenarioError[] {
  const r = validateScenario(json);
  if (r.ok) throw new Error('expected the scenario to be rejected');
  return r.errors;
}

/** Exactly one error, at `path`, whose message contains each of `words`. */
function expectOneError(json: unknown, path: string, ...words: string[]): void {
  const errors = errorsOf(json);
  expect(errors, JSON.stringify(errors)).toHaveLength(1);
  expect(errors[0].path).toBe(path);
  for (const w of words) expect(errors[0].message).toContain(w);
}

describe('valid scenarios and defaults', () => {
  it('fills Spark defaults and the format defaults', () => {
    const r = validateScenario(valid());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const s = r.scenario;
    expect(s.cluster).toEqual({ master: 'local[2]', parsedMaster: { kind: 'local', threads: 2, maxFailures: null }, host: 'localhost', executors: [] });
    expect(s.conf).toEqual({
      'spark.task.maxFailures': 4,
      'spark.stage.maxConsecutiveAttempts': 4,
      'spark.test.noStageRetry': false,
      'spark.sql.streaming.continuous.epochBacklogQueueSize': 10000,
      'spark.sql.streaming.continuous.executorPollIntervalMs': 100,
    });
    expect(s.taskDurationMs).toBe(100);
    expect(s.taskDurationJitter).toBe(0);
    expect(s.limits).toEqual({ maxEvents: 1_000_000, maxTimeMs: 86_400_000, maxPartitionMessages: 2_000_000 });
    expect(s.faults).toEqual([]);
  });

  it('limits.maxPartitionMessages is settable, positive and bounded like maxEvents', () => {
    const r = validateScenario({ ...valid(), limits: { maxPartitionMessages: 500 } });
    expect(r.ok && r.scenario.limits).toEqual({ maxEvents: 1_000_000, maxTimeMs: 86_400_000, maxPartitionMessages: 500 });
    expectOneError({ ...valid(), limits: { maxPartitionMessages: 4_000_001 } }, 'limits.maxPartitionMessages', 'must be <= 4000000');
    expectOneError({ ...valid(), limits: { maxPartitionMessages: 0 } }, 'limits.maxPartitionMessages', '>= 1');
  });

  it('parses local[N,F] with spaces, cluster executors with defaults, and string conf values', () => {
    const r = validateScenario({
      ...valid(),
      cluster: { master: 'cluster', executors: [{ id: '1' }, { id: '2', host: 'b', cores: 3 }] },
      conf: { 'spark.task.maxFailures': '2', 'spark.test.noStageRetry': 'true' },
    });
    expect(r.ok && r.scenario.cluster.executors).toEqual([
      { id: '1', host: 'host-1', cores: 1 },
      { id: '2', host: 'b', cores: 3 },
    ]);
    expect(r.ok && r.scenario.conf['spark.task.maxFailures']).toBe(2);
    expect(r.ok && r.scenario.conf['spark.test.noStageRetry']).toBe(true);
    const local = validateScenario({ ...valid(), cluster: { master: 'local[3 , 6]' } });
    expect(local.ok && local.scenario.cluster.parsedMaster).toEqual({ kind: 'local', threads: 3, maxFailures: 6 });
  });

  it('normalizes faults: reasons with defaults, frames parsed, executor losses', () => {
    const r = validateScenario({
      ...valid(),
      cluster: { master: 'cluster', executors: [{ id: '1' }] },
      faults: [
        { task: { partition: 1 }, fail: { reason: 'ExceptionFailure', stackTrace: ['a.B.c(B.scala:3)', 'x.Y.z(Native Method)'] } },
        { task: {}, fail: { reason: 'TaskKilled' }, durationMs: 5 },
        { task: { stage: 1 }, fail: { reason: 'FetchFailed', shuffle: 0, mapIndex: 3 } },
        { executorLost: { executor: '1', atMs: 10 } },
      ],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.faults).toEqual([
      {
        kind: 'task',
        task: { partition: 1 },
        fail: {
          reason: 'ExceptionFailure',
          className: 'java.lang.RuntimeException',
          description: null,
          stackTrace: [
            { declaringClass: 'a.B', methodName: 'c', fileName: 'B.scala', lineNumber: 3 },
            { declaringClass: 'x.Y', methodName: 'z', fileName: null, lineNumber: -2 },
          ],
        },
        durationMs: null,
      },
      { kind: 'task', task: {}, fail: { reason: 'TaskKilled', killReason: 'killed via SparkContext.killTaskAttempt' }, durationMs: 5 },
      { kind: 'task', task: { stage: 1 }, fail: { reason: 'FetchFailed', shuffle: 0, mapIndex: 3, message: null }, durationMs: null },
      { kind: 'executorLost', executor: '1', atMs: 10, exitCausedByApp: true, reason: 'Executor Process Lost' },
    ]);
  });
});

describe('bad input: one clear error per problem', () => {
  it('a non-object document', () => expectOneError([1, 2], '', 'a scenario is a JSON object'));
  it('an unsupported format version', () => expectOneError({ ...valid(), scenario: 2 }, 'scenario', 'unsupported scenario format version 2', 'version 1'));
  it('an unknown top-level key, with a suggestion', () =>
    expectOneError({ ...valid(), taskDurationMS: 5 }, '', 'unknown key "taskDurationMS"', 'did you mean "taskDurationMs"?'));
  it('an unknown nested key', () => {
    const j = valid();
    (j.workload.rdds[0] as Record<string, unknown>).partitons = 3;
    expectOneError(j, 'workload.rdds[0]', 'unknown key "partitons"', 'did you mean "partitions"?');
  });
  it('an unknown reason', () =>
    expectOneError(
      {
        ...valid(),
        faults: [
          { task: {}, fail: { reason: 'TaskKilled' } },
          { task: {}, fail: { reason: 'TaskKilled' } },
          { task: {}, fail: { reason: 'Exeption' } },
        ],
      },
      'faults[2].fail.reason',
      'unknown reason "Exeption"',
      'expected one of ExceptionFailure, TaskKilled, FetchFailed, TaskResultLost, TaskCommitDenied, UnknownReason',
    ));
  it('an unknown workload mode', () =>
    expectOneError({ ...valid(), workload: { mode: 'streaming' } }, 'workload.mode', 'unknown mode "streaming"', 'batch, microBatch, continuous'));
  it('a narrow dependency with unequal partitions', () => {
    const j = valid();
    j.workload.rdds[1].deps = [{ rdd: 0, type: 'narrow' }];
    expectOneError(j, 'workload.rdds[1].deps[0]', 'RDD 1 has 2 partitions and RDD 0 has 4', 'use "type": "shuffle"');
  });
  it('a dependency on an undefined RDD', () => {
    const j = valid();
    j.workload.rdds[1].deps = [{ rdd: 9, type: 'shuffle' }];
    expectOneError(j, 'workload.rdds[1].deps[0].rdd', 'RDD 9 is not defined');
  });
  it('a dependency on a later RDD', () => {
    const j = valid();
    (j.workload.rdds[0] as Record<string, unknown>).deps = [{ rdd: 1, type: 'shuffle' }];
    expectOneError(j, 'workload.rdds[0].deps[0].rdd', 'RDD 1 is not defined before RDD 0', 'list an RDD after the RDDs it depends on');
  });
  it('a self-dependency (a cycle)', () => {
    const j = valid();
    j.workload.rdds[1].deps = [{ rdd: 1, type: 'shuffle' }];
    expectOneError(j, 'workload.rdds[1].deps[0].rdd', 'depends on itself', 'cycle');
  });
  it('zero partitions', () => {
    const j = valid();
    j.workload.rdds[0].partitions = 0;
    expectOneError(j, 'workload.rdds[0].partitions', 'must be >= 1');
  });
  it('a duplicate RDD id', () => {
    const j = valid();
    j.workload.rdds[1].id = 0;
    expect(errorsOf(j).map((e) => e.path)).toContain('workload.rdds[1].id');
  });
  it('a job on an undefined RDD', () =>
    expectOneError({ ...valid(), workload: { ...valid().workload, jobs: [{ rdd: 5 }] } }, 'workload.jobs[0].rdd', 'RDD 5 is not defined'));
  it('an executor id used twice', () =>
    expectOneError(
      { ...valid(), cluster: { master: 'cluster', executors: [{ id: '1' }, { id: '1' }] } },
      'cluster.executors[1].id',
      'executor id "1" is used twice',
    ));
  it('executors with a local master', () =>
    expectOneError({ ...valid(), cluster: { master: 'local[2]', executors: [{ id: '1' }] } }, 'cluster.executors', 'only for master "cluster"'));
  it('a cluster without executors', () => expectOneError({ ...valid(), cluster: { master: 'cluster' } }, 'cluster.executors', 'at least one executor'));
  it('local[*]', () => expectOneError({ ...valid(), cluster: { master: 'local[*]' } }, 'cluster.master', 'fixed core count', 'write local[N]'));
  it('local[*,F]', () => expectOneError({ ...valid(), cluster: { master: 'local[*,3]' } }, 'cluster.master', 'write local[N,3]'));
  it('a cluster manager URL', () => expectOneError({ ...valid(), cluster: { master: 'yarn' } }, 'cluster.master', 'unsupported master "yarn"', '"cluster"'));
  it('an unknown conf key', () =>
    expectOneError({ ...valid(), conf: { maxFailures: 3 } }, 'conf.maxFailures', 'unknown configuration key', 'spark.task.maxFailures'));
  it('a Spark key the simulator does not model', () =>
    expectOneError({ ...valid(), conf: { 'spark.speculation': true } }, 'conf["spark.speculation"]', 'not simulated by this harness'));
  it('a conf value of the wrong type', () =>
    expectOneError({ ...valid(), conf: { 'spark.task.maxFailures': 'four' } }, 'conf["spark.task.maxFailures"]', 'expected an integer >= 0'));
  it('FetchFailed on an unknown shuffle', () =>
    expectOneError(
      { ...valid(), faults: [{ task: {}, fail: { reason: 'FetchFailed', shuffle: 3, mapIndex: 0 } }] },
      'faults[0].fail.shuffle',
      'shuffle 3 does not exist',
      'shuffle ids are 0..0',
    ));
  it('FetchFailed with a map index out of range', () =>
    expectOneError(
      { ...valid(), faults: [{ task: {}, fail: { reason: 'FetchFailed', shuffle: 0, mapIndex: 4 } }] },
      'faults[0].fail.mapIndex',
      'map index 4 is out of range',
      '4 partitions (0..3)',
    ));
  it('executorLost on an unknown executor', () =>
    expectOneError(
      { ...valid(), cluster: { master: 'cluster', executors: [{ id: '1' }] }, faults: [{ executorLost: { executor: '7', atMs: 5 } }] },
      'faults[0].executorLost.executor',
      'executor "7" is not defined',
      '"1"',
    ));
  it('executorLost in local mode', () =>
    expectOneError({ ...valid(), faults: [{ executorLost: { executor: 'driver', atMs: 5 } }] }, 'faults[0].executorLost', 'needs master "cluster"'));
  it('a selector field that does not apply to the mode', () =>
    expectOneError(
      { ...valid(), faults: [{ task: { epoch: 1 }, fail: { reason: 'TaskKilled' } }] },
      'faults[0].task.epoch',
      '"epoch" does not apply in batch mode',
    ));
  it('a fault with neither fail nor durationMs', () => expectOneError({ ...valid(), faults: [{ task: {} }] }, 'faults[0]', 'needs "fail"'));
  it('a fault of no known shape', () => expectOneError({ ...valid(), faults: [{ crash: true }] }, 'faults[0]', 'a fault is'));
  it('an unreadable stack frame', () =>
    expectOneError(
      { ...valid(), faults: [{ task: {}, fail: { reason: 'ExceptionFailure', stackTrace: ['nonsense'] } }] },
      'faults[0].fail.stackTrace[0]',
      'cannot read the frame',
    ));
  it('FetchFailed in continuous mode', () =>
    expectOneError(
      {
        ...valid(),
        workload: { mode: 'continuous', partitions: 2, epochs: 2 },
        faults: [{ task: {}, fail: { reason: 'FetchFailed', shuffle: 0, mapIndex: 0 } }],
      },
      'faults[0].fail.reason',
      'no FetchFailed',
    ));
  it('a non-integer seed', () => expectOneError({ ...valid(), seed: 1.5 }, 'seed', 'expected an integer', '1.5'));
  it('a missing seed', () => expectOneError({ ...valid(), seed: undefined }, 'seed', 'missing'));

  it('reports every independent problem', () => {
    const j = { ...valid(), seed: 'x', cluster: { master: 'local[*]' }, conf: { 'spark.speculation': true } };
    expect(
      errorsOf(j)
        .map((e) => e.path)
        .sort(),
    ).toEqual(['cluster.master', 'conf["spark.speculation"]', 'seed']);
  });
});

describe('scenario files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'srh-validate-'));

  it('a JSON syntax error names the line and column', () => {
    const f = join(dir, 'broken.json');
    writeFileSync(f, '{\n  "scenario": 1,\n  "seed": 1,,\n}\n');
    const r = loadScenarioFile(f);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].message).toMatch(/^not valid JSON \(.*line 3, column \d+\); fix the syntax$/);
  });

  it('a missing file', () => {
    const r = loadScenarioFile(join(dir, 'nope.json'));
    expect(!r.ok && r.errors[0].message).toContain('no such file');
  });

  it('a duplicate key is an error naming its JSON path, like an unknown key, not the last value silently kept', () => {
    const f = join(dir, 'dup.json');
    const text = JSON.stringify(valid(), null, 2).replace('"seed": 1,', '"seed": 1,\n  "seed": 2,');
    writeFileSync(f, text);
    expect(JSON.parse(text).seed).toBe(2); // what JSON.parse alone would have run
    expect(loadScenarioFile(f)).toEqual({
      ok: false,
      errors: [
        {
          path: 'seed',
          message: 'duplicate key "seed" (line 3, column 3, again at line 4, column 3); JSON would keep only the last value: remove one of them',
        },
      ],
    });
  });

  it('a duplicate key deep in the scenario names its full path', () => {
    const f = join(dir, 'dup-deep.json');
    writeFileSync(f, JSON.stringify(valid()).replace('{"id":1,"partitions":2,', '{"id":1,"partitions":2,"partitions":3,'));
    const r = loadScenarioFile(f);
    expect(!r.ok && r.errors.map((e) => e.path)).toEqual(['workload.rdds[1].partitions']);
  });

  it('a scenario that repeats no key loads as before, byte-order mark and all', () => {
    const f = join(dir, 'ok.json');
    writeFileSync(f, '\uFEFF' + JSON.stringify(valid()));
    expect(loadScenarioFile(f).ok).toBe(true);
  });
});
