// `srh run` as a user runs it: a separate node process on the built CLI (npm test builds first).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const srh = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(root, 'bin/srh.js'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const dir = mkdtempSync(join(tmpdir(), 'srh-cli-'));
const examples = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.json'));

describe('srh run', () => {
  it("prints the run summary as JSON with Spark's abort message", () => {
    const r = srh('run', 'examples/batch-abort.json', '--json');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out);
    expect(summary.status).toBe('finished');
    expect(summary.jobs[0].result).toBe('JobFailed');
    expect(summary.jobs[0].message).toMatch(
      /^Job aborted due to stage failure: Task 1 in stage 0\.0 failed 4 times, most recent failure: Lost task 1\.3 in stage 0\.0 \(TID \d+\) \(localhost executor driver\): java\.lang\.RuntimeException: boom\n\nDriver stacktrace:$/,
    );
  });

  it('prints Spark-style log lines with --log', () => {
    const r = srh('run', 'examples/continuous-seed-article.json', '--log');
    expect(r.code).toBe(0);
    expect(r.out).toContain('ERROR TaskSetManager: Task 1 in stage 0.0 failed 6 times; aborting job');
    expect(r.out).toMatch(
      /INFO TaskSetManager: Lost task 1\.5 in stage 0\.0 \(TID 6\) on localhost, executor driver: org\.apache\.spark\.sql\.execution\.streaming\.continuous\.ContinuousTaskRetryException \(Continuous execution does not support task retry\) \[duplicate 4\]/,
    );

    const batch = srh('run', 'examples/batch-abort.json', '--log').out;
    // DAGScheduler.markStageAsFinished and runJob (3.2.0): "failed in %.03f s due to …", "took %f s".
    expect(batch).toMatch(
      /INFO DAGScheduler: ResultStage 0 \(rdd 0 at Scenario\.scala:0\) failed in 0\.400 s due to Job aborted due to stage failure: Task 1 in stage 0\.0 failed 4 times/,
    );
    expect(batch).toContain('INFO DAGScheduler: Job 0 failed: rdd 0 at Scenario.scala:0, took 0.400000 s');
  });

  it.each(examples)('%s: two processes write byte-identical event logs', (example) => {
    const a = join(dir, `${example}.a`);
    const b = join(dir, `${example}.b`);
    expect(srh('run', `examples/${example}`, '--eventlog', a).code).toBe(0);
    expect(srh('run', `examples/${example}`, '--eventlog', b).code).toBe(0);
    const textA = readFileSync(a, 'utf8');
    expect(textA.length).toBeGreaterThan(0);
    expect(readFileSync(b, 'utf8')).toBe(textA);
    // Every line is one JSON event with an "Event" field, as in Spark's event logs.
    for (const line of textA.trimEnd().split('\n')) expect(typeof JSON.parse(line).Event).toBe('string');
  });

  it('exits 2 with one line per problem, naming the file and the JSON path', () => {
    const f = join(dir, 'bad.json');
    writeFileSync(
      f,
      JSON.stringify({
        scenario: 1,
        seed: 1,
        cluster: { master: 'local[*]' },
        workload: { mode: 'batch', rdds: [{ id: 0, partitions: 0 }], jobs: [{ rdd: 0 }] },
      }),
    );
    const r = srh('run', f);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trimEnd().split('\n')).toEqual([
      `${f}: cluster.master: "local[*]": the simulator needs a fixed core count; write local[N] instead of local[*]`,
      `${f}: workload.rdds[0].partitions: must be >= 1, got the integer 0`,
    ]);
  });

  it('exits 2 on a wrong flag or a missing argument', () => {
    for (const args of [['run', 'examples/batch-abort.json', '--jsn'], ['run'], ['frobnicate'], ['eventlog', 'check', '--bogus', 'x']]) {
      const r = srh(...args);
      expect(r.code).toBe(2);
      // One line, with the way out.
      expect(r.err.trimEnd().split('\n')).toHaveLength(1);
      expect(r.err).toContain('--help shows the usage');
    }
    expect(srh('run', 'examples/batch-abort.json', '--jsn').err).toContain("unknown option '--jsn' (Did you mean --json?)");
  });

  it('exits 3 when the run does not terminate, and says why', () => {
    const f = join(dir, 'forever.json');
    writeFileSync(
      f,
      JSON.stringify({
        scenario: 1,
        seed: 1,
        cluster: { master: 'local[1]' },
        workload: { mode: 'batch', rdds: [{ id: 0, partitions: 1 }], jobs: [{ rdd: 0 }] },
        faults: [{ task: {}, fail: { reason: 'TaskKilled' } }],
        limits: { maxEvents: 1000 },
      }),
    );
    const r = srh('run', f, '--json');
    expect(r.code).toBe(3);
    const summary = JSON.parse(r.out);
    expect(summary.status).toBe('did-not-terminate');
    expect(summary.stopReason).toBe('stopped after 1000 listener events (limits.maxEvents)');
    expect(srh('run', f).out).toContain('DID NOT TERMINATE');
  });
});
