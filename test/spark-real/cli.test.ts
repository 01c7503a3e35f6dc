// The real backend through the CLI, as a user runs it (ARCHITECTURE §5, §7): srh run --backend
// spark prints the same run summary, srh diff judges a file, srh check --backend spark runs a
// short campaign, --spark-jars takes a Spark build's jars folder, and a run past its timeout is
// stopped and reported as not terminating.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, srh } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'srh-spark-cli-'));

describe('srh on real Spark', () => {
  it("run --backend spark --json prints the run summary, Spark's abort message and all", () => {
    const log = join(dir, 'abort.eventlog');
    const r = srh('run', 'examples/batch-abort.json', '--backend', 'spark', '--json', '--eventlog', log);
    expect(r.code, r.err).toBe(0);
    const s = JSON.parse(r.out);
    expect(s.status).toBe('finished');
    expect(s.jobs[0].message).toMatch(
      /^Job aborted due to stage failure: Task 1 in stage 0\.0 failed 4 times, most recent failure: Lost task 1\.3 in stage 0\.0 \(TID \d+\) \(\S+ executor driver\): java\.lang\.RuntimeException: boom\n\nDriver stacktrace:$/,
    );
    expect(s.tasks.filter((t: { index: number }) => t.index === 1).map((t: { attempt: number }) => t.attempt)).toEqual([0, 1, 2, 3]);
    // The written log is a real Spark log: srh eventlog check reads it and every invariant holds.
    expect(readFileSync(log, 'utf8')).toContain('"Spark Version":"3.2.0"');
    const check = srh('eventlog', 'check', log);
    expect(check.code, check.out + check.err).toBe(0);
  });

  it('run --backend spark --report draws the real run: its attempts per core, the abort, wall-clock times from its start', () => {
    const out = join(dir, 'abort.html');
    const r = srh('run', 'examples/batch-abort.json', '--backend', 'spark', '--report', out);
    expect(r.code, r.err).toBe(0);
    const html = readFileSync(out, 'utf8');
    const data = JSON.parse(/id="report-data">(.*?)<\/script>/s.exec(html)![1]);
    const attempts = Array.from({ length: data.attempts.length / data.attemptFields }, (_, i) =>
      data.attempts.slice(i * data.attemptFields, (i + 1) * data.attemptFields),
    );
    expect(attempts).toHaveLength(7);
    // Times are ms from the application's start, not epoch milliseconds.
    for (const a of attempts) expect(a[1]).toBeLessThan(600_000);
    expect(data.markers.filter((m: unknown[]) => m[0] === 'abort')).toHaveLength(1);
    expect(data.lanes.length).toBeGreaterThanOrEqual(2);
  });

  it('diff agrees on an example and refuses one real Spark cannot express', () => {
    const r = srh('diff', 'examples/batch-two-jobs-skip.json', 'examples/continuous-global-retry.json');
    expect(r.out).toContain('examples/batch-two-jobs-skip.json: agree');
    expect(r.err).toMatch(/examples\/continuous-global-retry\.json: workload\.retryPolicy: .*\(not expressible on real Spark\)/);
    expect(r.code).toBe(2);
  });

  it("a user's Spark build through --spark-jars", () => {
    const r = srh('run', 'examples/batch-two-jobs-skip.json', '--backend', 'spark', '--spark-jars', join(root, 'spark-runner/target/jars'), '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).stages.some((s: { status: string }) => s.status === 'skipped')).toBe(true);
    const bad = srh('run', 'examples/batch-abort.json', '--backend', 'spark', '--spark-jars', dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/holds no spark-core_2\.12 jar/);
  });

  it('a run past its timeout is stopped and does not terminate (exit 3)', () => {
    const file = join(dir, 'slow.json');
    writeFileSync(
      file,
      JSON.stringify({
        scenario: 1,
        seed: 1,
        cluster: { master: 'local[1]' },
        workload: { mode: 'batch', rdds: [{ id: 0, partitions: 1 }], jobs: [{ rdd: 0 }] },
        faults: [{ task: { partition: 0 }, durationMs: 120000 }],
      }),
    );
    const r = srh('run', file, '--backend', 'spark', '--spark-timeout', '10', '--json');
    expect(r.code, r.err).toBe(3);
    const s = JSON.parse(r.out);
    expect(s.status).toBe('did-not-terminate');
    expect(s.stopReason).toMatch(/timeout of 10 s/);
  });

  it('check --backend spark runs a short campaign and says what it ran', () => {
    const r = srh('check', '--backend', 'spark', '--runs', '4', '--seed', '7', '--mode', 'batch', '--corpus', join(dir, 'corpus'), '--json');
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.backend).toBe('spark');
    expect(report.sparkVersion).toBe('3.2.0');
    expect(report.runs).toBe(4);
    expect(report.failure).toBeNull();
  });
});
