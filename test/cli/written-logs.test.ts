// `srh run --eventlog` as a user runs it (issue 12 §5): the logs of every example, written into one
// directory as spark.eventLog.dir holds them, pass `srh eventlog check`, which reads each one's
// Spark version, master and retry limit from the events Spark would have written; and the
// options that shape the log are checked.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'srh-written-logs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function srh(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [join(root, 'bin/srh.js'), ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const examples = readdirSync(join(root, 'examples'))
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('a directory of logs `srh run --eventlog` wrote', () => {
  const dir = join(tmp, 'spark-events');
  mkdirSync(dir);
  for (const [i, f] of examples.entries())
    srh('run', `examples/${f}`, '--eventlog', join(dir, `app-${i}`), ...(i % 2 === 1 ? ['--eventlog-partition-ids'] : []));

  it('passes srh eventlog check, log by log, with the master and retry limit of each scenario', () => {
    const r = srh('eventlog', 'check', dir, '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const reports = JSON.parse(r.out) as {
      holds: boolean;
      application: { sparkVersion: string; master: string };
      maxTaskFailures: { value: number; source: string };
      notRun: unknown[];
    }[];
    expect(reports).toHaveLength(examples.length);
    for (const [i, report] of reports.entries()) {
      const scenario = JSON.parse(readFileSync(join(root, 'examples', examples[i]), 'utf8')) as { cluster: { master: string } };
      expect(report.holds, examples[i]).toBe(true);
      expect(report.application.sparkVersion).toBe('3.2.0');
      expect(report.application.master).toBe(scenario.cluster.master === 'cluster' ? 'spark://localhost:7077' : scenario.cluster.master);
      expect(report.maxTaskFailures.value).toBeGreaterThan(0);
      expect(report.notRun).toEqual([]);
    }
  });
});

describe('the options of --eventlog', () => {
  it('--eventlog-partition-ids writes the 3.3 field; without it the log has none', () => {
    const plain = join(tmp, 'plain');
    const with33 = join(tmp, 'with-partition-ids');
    expect(srh('run', 'examples/batch-fetch-failure.json', '--eventlog', plain).code).toBe(0);
    expect(srh('run', 'examples/batch-fetch-failure.json', '--eventlog', with33, '--eventlog-partition-ids').code).toBe(0);
    expect(readFileSync(plain, 'utf8')).not.toContain('"Partition ID":');
    expect(readFileSync(with33, 'utf8')).toContain('"Partition ID":');
  });

  it('--eventlog-partition-ids without --eventlog, or with the real backend, is a usage error on one line', () => {
    const alone = srh('run', 'examples/batch-abort.json', '--eventlog-partition-ids');
    expect(alone.code).toBe(2);
    expect(alone.err).toBe('srh run: --eventlog-partition-ids shapes the log --eventlog writes; give --eventlog OUT too\n');
    const real = srh('run', 'examples/batch-abort.json', '--backend', 'spark', '--eventlog', join(tmp, 'x'), '--eventlog-partition-ids');
    expect(real.code).toBe(2);
    expect(real.err).toBe("srh run: --eventlog-partition-ids shapes the simulator's log; real Spark 3.2.0 writes its own\n");
  });
});
