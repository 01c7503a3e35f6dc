// `--report OUT.html` on `srh run`, `srh replay` and `srh check`: the file it writes, what it may
// replace (nothing there, or an earlier report; any other file only with --force), the paths it
// refuses at once (a FIFO, the input itself), and the report of a failure `srh check` found.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCommand } from '../../src/cli/check-command.js';
import { REPORT_HEAD } from '../../src/harness/html-report.js';
import { MUTANTS } from '../../src/harness/mutants.js';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'srh-report-'));
const srh = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(root, 'bin/srh.js'), ...args], { cwd: root, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const dataOf = (html: string) => JSON.parse(/id="report-data">(.*?)<\/script>/s.exec(html)![1]);

describe('srh run --report', () => {
  it('writes the report, byte-identical from two processes, and replaces its own earlier report', () => {
    const a = join(dir, 'a.html');
    const b = join(dir, 'b.html');
    expect(srh('run', 'examples/micro-batch-restart.json', '--report', a).code).toBe(0);
    expect(srh('run', 'examples/micro-batch-restart.json', '--report', b).code).toBe(0);
    const html = readFileSync(a, 'utf8');
    expect(html.startsWith(REPORT_HEAD)).toBe(true);
    expect(readFileSync(b, 'utf8')).toBe(html);
    expect(dataOf(html).attempts.length / dataOf(html).attemptFields).toBe(15);
    const again = srh('run', 'examples/batch-abort.json', '--report', a);
    expect([again.code, again.err]).toEqual([0, '']);
    expect(readFileSync(a, 'utf8')).toContain('<title>batch: partition 1 fails every attempt');
  });

  it('keeps a file that is no report of its own unless --force is given', () => {
    const other = join(dir, 'notes.html');
    writeFileSync(other, '<html>my notes</html>');
    const r = srh('run', 'examples/batch-abort.json', '--report', other);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`srh run: --report: ${other} exists and is not an earlier srh report; it is kept: choose another path, or add --force to replace it\n`);
    expect(r.out).toBe('');
    expect(readFileSync(other, 'utf8')).toBe('<html>my notes</html>');
    expect(srh('run', 'examples/batch-abort.json', '--report', other, '--force').code).toBe(0);
    expect(readFileSync(other, 'utf8').startsWith(REPORT_HEAD)).toBe(true);
  });

  it('refuses a FIFO at once, even with --force, and the scenario file itself', () => {
    const fifo = join(dir, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const r = srh('run', 'examples/batch-abort.json', '--report', fifo, '--force');
    expect(r.code).toBe(2);
    expect(r.err).toBe(`srh run: --report: ${fifo} is not a regular file (a directory, FIFO, socket or device); give the path of a file\n`);
    const self = srh('run', 'examples/batch-abort.json', '--report', 'examples/batch-abort.json', '--force');
    expect([self.code, self.err]).toEqual([
      2,
      'srh run: --report examples/batch-abort.json is the same file as the scenario file; give the report its own path\n',
    ]);
    const missing = srh('run', 'examples/batch-abort.json', '--report', join(dir, 'no/such/dir/r.html'));
    expect(missing.err).toMatch(/^srh run: --report: the directory .*no\/such\/dir does not exist; create it or give a path in an existing directory\n$/);
  });
});

describe('srh replay --report and srh check --report', () => {
  it('replay ENTRY --report: the replay told above the timeline', () => {
    const entry = join('corpus', readdirSync(join(root, 'corpus')).filter((f) => f.endsWith('.json'))[0]);
    const out = join(dir, 'replay.html');
    const r = srh('replay', entry, '--report', out);
    expect(r.code, r.err).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<summary>the replay</summary>');
    expect(html).toMatch(/<pre>property \S+ holds<\/pre>/);
  });

  it('check --report on a failure: the shrunk counterexample with what went wrong and its violation marked; nothing without one', async () => {
    const mutant = MUTANTS.find((m) => m.id === 'count-killed')!;
    const out = join(dir, 'check.html');
    let text = '';
    const io = { out: (t: string) => void (text += t), err: () => undefined };
    expect(await checkCommand({ runs: '300', seed: '7', corpus: join(dir, 'corpus'), report: out }, io, { rules: mutant.rules })).toBe(1);
    expect(text).toContain(`\nreport: ${out}\n`);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<title>srh check: property I5 fails</title>');
    expect(html).toContain('what went wrong: property I5 fails (abort-at-limit:');
    expect(dataOf(html).markers.some((m: unknown[]) => m[0] === 'violation')).toBe(true);
    const none = join(dir, 'none.html');
    expect(await checkCommand({ runs: '3', seed: '1', corpus: join(dir, 'corpus-clean'), report: none, json: true }, io)).toBe(0);
    expect(existsSync(none)).toBe(false);
  });

  it('check refuses a --report path it may not write before it runs anything', () => {
    const other = join(dir, 'keep.txt');
    writeFileSync(other, 'keep');
    const r = srh('check', '--runs', '5', '--report', other);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^srh check: --report: .*keep\.txt exists and is not an earlier srh report; it is kept/);
  });
});
