// srh check --workers and --shard from the command line (issue 13 §4): the same JSON report but
// for the clocks on 1 and 2 workers, a shard's share of the runs, and one-line errors for bad values.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'srh-check-workers-'));
let fresh = 0;
/** Each run its own empty corpus: check replays the corpus first. */
const srh = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(root, 'bin/srh.js'), ...args, '--corpus', join(dir, `corpus-${fresh++}`)], { cwd: root, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
/** The report without what the clock decides. */
const determined = (json: string) => {
  const r = JSON.parse(json);
  delete r.elapsedMs;
  delete r.workers;
  delete r.corpus.dir;
  for (const p of r.properties) delete p.timeMs;
  return r;
};

describe('srh check --workers N', () => {
  it('prints the same report on 1 and on 2 workers', () => {
    const one = srh('check', '--runs', '400', '--seed', '17', '--workers', '1', '--json');
    const two = srh('check', '--runs', '400', '--seed', '17', '--workers', '2', '--json');
    expect([one.code, two.code], one.err + two.err).toEqual([0, 0]);
    expect(JSON.parse(two.out).workers).toBe(2);
    expect(determined(two.out)).toEqual(determined(one.out));
    expect(JSON.parse(one.out).runs).toBe(400);
  });

  it('--shard 2/4 checks a quarter of the runs and says so', () => {
    const r = srh('check', '--runs', '400', '--seed', '17', '--workers', '2', '--shard', '2/4');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^srh check: seed 17, 400 runs .*, 2 workers, shard 2\/4$/m);
    expect(r.out).toMatch(/^100 scenarios in /m);
  });

  it.each([
    [['--workers', '0'], /^srh check: --workers: expected an integer from 1 to 256, got "0"$/m],
    [['--workers', 'many'], /^srh check: --workers: expected an integer/],
    [['--shard', '0/4'], /^srh check: --shard: expected i\/n with 1 <= i <= n \(for example 3\/8\), got "0\/4"$/m],
    [['--shard', '5/4'], /^srh check: --shard: expected i\/n/],
    [['--shard', '2'], /^srh check: --shard: expected i\/n/],
    [['--backend', 'spark', '--workers', '2'], /^srh check --backend spark: --workers splits a simulated campaign/],
  ])('%j is refused on one line, exit 2', (args, message) => {
    const r = srh('check', '--runs', '10', ...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(r.out).toBe('');
  });
});
