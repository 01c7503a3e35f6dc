// Scenario and corpus entry files that are not regular files (src/scenario/input-file.ts): a FIFO
// is refused at once instead of blocking the read; and, end to end, a repeated key (strict-json.ts).
// A blocked read could not be interrupted inside the test process, so each read runs in a child
// process with a timeout (on the built dist/, as the CLI tests use it; `npm test` builds first).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readRegularFile } from '../../src/scenario/input-file.js';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'srh-input-'));
const TIMEOUT_MS = 15_000;

function fifo(name: string): string {
  const f = join(dir, name);
  const r = spawnSync('mkfifo', [f]);
  if (r.status !== 0) throw new Error(`mkfifo failed: ${r.stderr}`);
  return f;
}

/** Runs `body` (an ES module's code, with `dist` the built dist/src URL) in a child process. */
function child(body: string): { code: number | null; signal: string | null; out: string; err: string } {
  const dist = pathToFileURL(join(root, 'dist/src')).href;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `const dist = ${JSON.stringify(dist)};\n${body}`], {
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
  });
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr };
}

function srh(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/srh.js'), ...args], { cwd: root, encoding: 'utf8', timeout: TIMEOUT_MS });
  return { code: r.status, signal: r.signal, err: r.stderr };
}

describe('reading scenario and corpus files', () => {
  it('reads a regular file and says what a missing file or a directory is', () => {
    const f = join(dir, 'a.json');
    writeFileSync(f, '{"x": 1}');
    expect(readRegularFile(f)).toEqual({ ok: true, text: '{"x": 1}' });
    expect(readRegularFile(join(dir, 'nope.json'))).toEqual({ ok: false, why: 'no such file' });
    mkdirSync(join(dir, 'sub'));
    expect(readRegularFile(join(dir, 'sub'))).toEqual({ ok: false, why: 'it is a directory' });
  });

  it('refuses a FIFO as a scenario at once, without waiting for a writer', () => {
    const f = fifo('scenario-fifo.json');
    const r = child(
      `const { loadScenarioFile } = await import(dist + '/scenario/validate.js');\nconsole.log(JSON.stringify(loadScenarioFile(${JSON.stringify(f)})));`,
    );
    expect(r.signal).toBeNull();
    expect(JSON.parse(r.out)).toEqual({
      ok: false,
      errors: [{ path: '', message: 'cannot read the scenario (it is a FIFO (named pipe), not a regular file); give the path of a scenario JSON file' }],
    });
  });

  it('refuses a FIFO as a corpus entry, alone or in a corpus directory', () => {
    const corpus = join(dir, 'corpus');
    mkdirSync(corpus);
    const f = join('corpus', 'I5-000000000000.json');
    fifo(f);
    const r = child(
      `const { loadCorpus, loadEntry } = await import(dist + '/harness/corpus-store.js');\n` +
        `console.log(JSON.stringify([loadEntry(${JSON.stringify(join(dir, f))}), ...loadCorpus(${JSON.stringify(corpus)})]));`,
    );
    expect(r.signal).toBeNull();
    const error = 'cannot read the corpus entry (it is a FIFO (named pipe), not a regular file); give the path of a corpus entry JSON file';
    expect(JSON.parse(r.out)).toEqual([
      { file: join(dir, f), error },
      { file: join(dir, f), error },
    ]);
  });

  it('srh run, srh replay and srh corpus check end at once with exit 2 and one line naming the FIFO', () => {
    const f = fifo('run-fifo.json');
    const run = srh('run', f);
    expect(run.signal).toBeNull();
    expect(run.code).toBe(2);
    expect(run.err.trimEnd().split('\n')).toEqual([
      `${f}: cannot read the scenario (it is a FIFO (named pipe), not a regular file); give the path of a scenario JSON file`,
    ]);
    const replay = srh('replay', f);
    expect([replay.signal, replay.code]).toEqual([null, 2]);
    expect(replay.err).toContain(`${f}: cannot read the corpus entry (it is a FIFO (named pipe), not a regular file)`);
    const corpus = join(dir, 'corpus-cli');
    mkdirSync(corpus);
    fifo(join('corpus-cli', 'x.json'));
    const check = srh('corpus', 'check', corpus);
    expect([check.signal, check.code]).toEqual([null, 2]);
    expect(check.err).toContain('x.json: cannot read the corpus entry (it is a FIFO (named pipe), not a regular file)');
  });

  it('srh run refuses a scenario that repeats a key with exit 2 and one line naming the file, the path and the fix', () => {
    const f = join(dir, 'dup.json');
    writeFileSync(
      f,
      '{"scenario": 1, "seed": 1, "cluster": {"master": "local[2]"}, "seed": 2, "workload": {"mode": "batch", "rdds": [{"id": 0, "partitions": 1}], "jobs": [{"rdd": 0}]}}',
    );
    const r = srh('run', f);
    expect(r.code).toBe(2);
    expect(r.err.trimEnd().split('\n')).toEqual([
      `${f}: seed: duplicate key "seed" (line 1, column 17, again at line 1, column 63); JSON would keep only the last value: remove one of them`,
    ]);
  });
});
