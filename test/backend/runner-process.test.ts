// The runner's JVM as a process (src/backend/spark/runner-process.ts), with a stand-in for `java`:
// a runner that hangs on a scenario is stopped at its timeout and reported for that scenario with
// its log's tail, and the next scenario starts a fresh one; without Java, --backend spark says so
// in one line and exits 2.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunnerProcess } from '../../src/backend/spark/runner-process.js';

const dir = mkdtempSync(join(tmpdir(), 'srh-runner-'));
const jars = join(dir, 'jars');
mkdirSync(jars);
writeFileSync(join(jars, 'spark-core_2.12-3.2.0.jar'), '');

/** A fake `java`: prints the ready line, then answers the first request and hangs on the second. */
function fakeJava(): string {
  const path = join(dir, 'java');
  writeFileSync(
    path,
    `#!/usr/bin/env node
const readline = require('node:readline');
console.error('fake driver log line');
console.log(JSON.stringify({ ready: true, sparkVersion: '3.2.0' }));
let n = 0;
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const r = JSON.parse(line);
  if (r.scenario.hang) { console.error('hanging on scenario ' + r.id); return; }
  console.log(JSON.stringify({ id: r.id, ok: true, eventLog: null, checkpoint: null, timedOut: false, wallMs: 1, n: n++ }));
});
`,
  );
  chmodSync(path, 0o755);
  return path;
}

describe('the runner process', () => {
  it('stops a runner that does not answer, reports the log tail, and starts a fresh one', async () => {
    const p = new RunnerProcess({ java: fakeJava(), runnerJar: join(dir, 'runner.jar'), sparkJars: jars }, { graceMs: 300, startMs: 10_000 });
    writeFileSync(join(dir, 'runner.jar'), '');
    try {
      const first = await p.run({ scenario: {}, workDir: dir, timeoutMs: 1 });
      expect(first.ok).toBe(true);
      const hung = await p.run({ scenario: { hang: true }, workDir: dir, timeoutMs: 1 });
      expect(hung.ok).toBe(false);
      if (!hung.ok && 'error' in hung) {
        expect(hung.error).toMatch(/did not answer within/);
        expect(hung.driverLogTail).toContain('hanging on scenario 1');
      }
      const next = await p.run({ scenario: {}, workDir: dir, timeoutMs: 1 });
      // A fresh JVM: its own first answer.
      expect(next).toMatchObject({ ok: true, n: 0 });
    } finally {
      await p.close();
    }
  });

  it('without Java, --backend spark is refused in one line with the fix (exit 2)', () => {
    const root = resolve(import.meta.dirname, '../..');
    const env = { ...process.env, PATH: dir.replace(/.*/, '/nonexistent'), JAVA_HOME: '' };
    const r = spawnSync(process.execPath, [join(root, 'bin/srh.js'), 'run', 'examples/batch-abort.json', '--backend', 'spark'], {
      cwd: root,
      encoding: 'utf8',
      env,
    });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/the real backend needs Java .*install OpenJDK 17/);
  });

  it('a wrong --backend is a usage error', () => {
    const root = resolve(import.meta.dirname, '../..');
    const r = spawnSync(process.execPath, [join(root, 'bin/srh.js'), 'run', 'examples/batch-abort.json', '--backend', 'spork'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--backend/);
  });
});
