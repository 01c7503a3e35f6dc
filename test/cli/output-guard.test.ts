// `srh run --eventlog/--timeline` replace only their own earlier outputs (issue 13 §3): a corpus
// entry, a real Spark log, a scenario, another flag's output or a pipe is kept (exit 2, one line,
// nothing written) unless --force is given; an output written before is replaced without it.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isOwnOutput } from '../../src/cli/output-guard.js';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'srh-output-guard-'));
const srh = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(root, 'bin/srh.js'), 'run', 'examples/batch-abort.json', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const entry = JSON.stringify({ corpus: 1, property: 'I5', scenario: {}, seed: 1, path: '0', found: '2026-01-01T00:00:00.000Z', note: '' }, null, 2) + '\n';

describe('--eventlog and --timeline keep what is not theirs', () => {
  it('replace their own earlier outputs without --force', () => {
    const log = join(dir, 'run.log');
    const svg = join(dir, 'run.svg');
    expect(srh('--eventlog', log, '--timeline', svg).code).toBe(0);
    expect(readFileSync(log, 'utf8')).toContain('"spark.sparkretryharness.writtenBy":"spark-retry-harness"');
    writeFileSync(log, readFileSync(log, 'utf8') + '{"Event":"SparkListenerApplicationEnd","Timestamp":9}\n');
    expect(srh('--eventlog', log, '--timeline', svg).code).toBe(0);
    expect(readFileSync(log, 'utf8')).not.toContain('"Timestamp":9}');
  });

  it.each([
    ['a corpus entry', 'entry.json', entry, '--eventlog', 'is a corpus entry; it is kept'],
    ['a corpus entry', 'entry2.json', entry, '--timeline', 'is a corpus entry; it is kept'],
    [
      'a scenario',
      'scenario.json',
      readFileSync(join(root, 'examples/batch-fetch-failure.json'), 'utf8'),
      '--eventlog',
      'is a file that is no previous output of --eventlog; it is kept',
    ],
    [
      'an event log srh wrote, as --timeline',
      'ours.log',
      '{"Event":"SparkListenerLogStart","Spark Version":"3.2.0"}\n{"Event":"SparkListenerEnvironmentUpdate","Spark Properties":{"spark.master":"local","spark.sparkretryharness.writtenBy":"spark-retry-harness"}}\n',
      '--timeline',
      'is a file that is no previous output of --timeline; it is kept',
    ],
  ])('%s (%s) is refused with one line, kept, and replaced with --force', (_what, name, text, flag, message) => {
    const f = join(dir, name);
    writeFileSync(f, text);
    const r = srh(flag, f);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(`srh run: ${flag}: ${f} ${message}: choose another path, or add --force to replace it\n`);
    expect(readFileSync(f, 'utf8')).toBe(text);
    expect(srh(flag, f, '--force').code).toBe(0);
    expect(readFileSync(f, 'utf8')).not.toBe(text);
  });

  it('a real Spark event log is not taken for ours', () => {
    const f = join(dir, 'real.log');
    copyFileSync(join(root, 'test/fixtures/spark-event-logs/app-20161115172038-0000'), f);
    const before = readFileSync(f, 'utf8');
    expect(srh('--eventlog', f).code).toBe(2);
    expect(readFileSync(f, 'utf8')).toBe(before);
  });

  it('a FIFO is refused at once, without opening it', () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const r = srh('--timeline', fifo);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`srh run: --timeline: ${fifo} is not a regular file (a directory, pipe or device); choose a file path, or add --force to replace it\n`);
  });

  it('knows its outputs by their marker property or marker comment only', () => {
    expect(
      isOwnOutput(
        'eventlog',
        '{"Event":"SparkListenerLogStart","Spark Version":"3.2.0"}\n{"Event":"SparkListenerEnvironmentUpdate","Spark Properties":{"spark.master":"local","spark.sparkretryharness.writtenBy":"spark-retry-harness"}}\n',
      ),
    ).toBe(true);
    expect(isOwnOutput('eventlog', '{"Event":"SparkListenerLogStart","Spark Version":"3.2.0"}\n')).toBe(false);
    expect(
      isOwnOutput(
        'eventlog',
        '{"Event":"SparkListenerApplicationStart"}\n{"Event":"SparkListenerEnvironmentUpdate","Spark Properties":{"spark.sparkretryharness.writtenBy":"spark-retry-harness"}}\n',
      ),
    ).toBe(false);
    expect(isOwnOutput('timeline', '<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>')).toBe(false);
    expect(isOwnOutput('timeline', '<svg xmlns="http://www.w3.org/2000/svg" width="1"><!-- spark-retry-harness timeline --><rect/></svg>')).toBe(true);
  });
});
