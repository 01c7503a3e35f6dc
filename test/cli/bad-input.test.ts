// Bad input and awkward use of the CLI, as an outside user meets them: each gets one line that
// names the file or flag and the fix, a non-zero exit, and nothing already stored is harmed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const srh = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(root, 'bin/srh.js'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const dir = mkdtempSync(join(tmpdir(), 'srh-bad-'));
const scenario = (patch: Record<string, unknown> = {}) => ({
  scenario: 1,
  seed: 1,
  cluster: { master: 'local[2]' },
  workload: { mode: 'batch', rdds: [{ id: 0, partitions: 4 }], jobs: [{ rdd: 0 }] },
  ...patch,
});
const write = (name: string, content: unknown) => {
  const f = join(dir, name);
  writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content));
  return f;
};
const oneLine = (r: { err: string }) => r.err.trimEnd().split('\n');

describe('srh run: bad scenarios', () => {
  it('a size beyond what a run can hold is refused with the bound', () => {
    const f = write('huge.json', scenario({ workload: { mode: 'batch', rdds: [{ id: 0, partitions: 1e12 }], jobs: [{ rdd: 0 }] } }));
    const r = srh('run', f);
    expect(r.code).toBe(2);
    expect(oneLine(r)).toEqual([`${f}: workload.rdds[0].partitions: must be <= 500000, got the integer 1000000000000`]);
  });

  it('a missing section names what to add, once', () => {
    const { cluster: _, ...noCluster } = scenario();
    const f = write('nocluster.json', noCluster);
    expect(oneLine(srh('run', f))).toEqual([`${f}: cluster: missing; add a cluster, e.g. "cluster": {"master": "local[2]"}`]);
    const { scenario: __, ...noVersion } = scenario();
    const g = write('noversion.json', noVersion);
    expect(oneLine(srh('run', g))).toEqual([`${g}: scenario: missing; add "scenario": 1 (the format version)`]);
    const h = write('faultsobj.json', scenario({ faults: {} }));
    expect(oneLine(srh('run', h))).toEqual([`${h}: faults: expected an array of fault entries, got an object`]);
  });

  it('a JSON syntax error is one line, and a byte-order mark is accepted', () => {
    const f = write('words.json', 'hello\nworld\n');
    const r = srh('run', f);
    expect(r.code).toBe(2);
    expect(oneLine(r)).toEqual([`${f}: not valid JSON (Unexpected token 'h'); fix the syntax`]);
    expect(srh('run', write('bom.json', '\uFEFF' + JSON.stringify(scenario()))).code).toBe(0);
  });

  it('a fault selector that matches no task is run, with a warning', () => {
    const f = write('typo.json', scenario({ faults: [{ task: { partition: 99 }, fail: { reason: 'UnknownReason' } }] }));
    const r = srh('run', f, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).jobs[0].result).toBe('JobSucceeded');
    expect(oneLine(r)).toEqual([`warning: ${f}: faults[0].task.partition: matches no task attempt: the widest RDD has 4 partitions (0..3)`]);
  });
});

describe('srh run: flags that cannot go together', () => {
  it('--json with --log is refused: stdout would not parse', () => {
    const r = srh('run', 'examples/batch-abort.json', '--json', '--log');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(oneLine(r)).toHaveLength(1);
  });

  it('an output path that is the scenario itself, or both outputs on one file, is refused and nothing is written', () => {
    const f = write('keep.json', scenario());
    const before = readFileSync(f, 'utf8');
    expect(srh('run', f, '--eventlog', f).code).toBe(2);
    expect(readFileSync(f, 'utf8')).toBe(before);
    const out = join(dir, 'same.out');
    const r = srh('run', f, '--eventlog', out, '--timeline', out);
    expect(r.code).toBe(2);
    expect(readdirSync(dir)).not.toContain('same.out');
  });

  it('an output path that reaches the scenario through a symlink is refused too', () => {
    const f = write('target.json', scenario());
    const before = readFileSync(f, 'utf8');
    const link = join(dir, 'link.json');
    symlinkSync(f, link);
    const r = srh('run', link, '--eventlog', f);
    expect(r.code).toBe(2);
    expect(readFileSync(f, 'utf8')).toBe(before);
  });

  it('a failed write leaves no temp file behind', () => {
    const d = join(dir, 'a-directory');
    mkdirSync(d);
    // --force: past the refusal to replace what is no previous output, to the write that fails.
    const r = srh('run', 'examples/batch-abort.json', '--eventlog', d, '--force');
    expect(r.code).toBe(2);
    expect(oneLine(r)).toHaveLength(1);
    expect(readdirSync(dir).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });
});

describe('srh corpus, check and replay: wrong paths and flags', () => {
  it('corpus list and check refuse a missing directory or a file', () => {
    for (const cmd of ['list', 'check']) {
      const missing = srh('corpus', cmd, join(dir, 'no-such-corpus'));
      expect(missing.code).toBe(2);
      expect(oneLine(missing)).toEqual([`srh corpus ${cmd}: ${join(dir, 'no-such-corpus')}: no such directory; give the corpus directory (default: corpus)`]);
      const file = srh('corpus', cmd, 'examples/batch-abort.json');
      expect(file.code).toBe(2);
      expect(oneLine(file)).toHaveLength(1);
    }
  });

  it('check refuses a --corpus that is a file before it runs the campaign', () => {
    const r = srh('check', '--runs', '5', '--seed', '1', '--corpus', 'examples/batch-abort.json');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(oneLine(r)).toEqual(['srh check: --corpus examples/batch-abort.json: a file, not a directory; give the corpus directory (default: corpus)']);
  });

  it('check refuses a property that the chosen modes never exercise', () => {
    const r = srh('check', '--mode', 'batch', '--property', 'CP3', '--runs', '5');
    expect(r.code).toBe(2);
    expect(oneLine(r)).toEqual(['srh check: --property CP3 only looks at continuous runs, which --mode batch leaves out; add continuous to --mode']);
  });

  it('replay refuses a malformed or unknown path, and flags beside a corpus entry', () => {
    const bad = srh('replay', '--seed', '1', '--path', 'zz:yy', '--property', 'I19');
    expect(bad.code).toBe(2);
    expect(oneLine(bad)).toHaveLength(1);
    const far = srh('replay', '--seed', '1', '--path', '5:9999999', '--property', 'I19');
    expect(far.code).toBe(2);
    expect(oneLine(far)).toEqual(['srh replay: --path: 5:9999999 leads to no scenario of seed 1; copy the seed, path and mode of one replay line together']);
    const entry = readdirSync(join(root, 'corpus')).find((n) => n.endsWith('.json'))!;
    const both = srh('replay', join('corpus', entry), '--seed', '5');
    expect(both.code).toBe(2);
    expect(oneLine(both)[0]).toContain('--seed cannot be combined with a corpus entry');
  });

  it('replay of a corpus entry names the entry and the field when its property or scenario is bad', () => {
    const entry = JSON.parse(
      readFileSync(
        join(
          root,
          'corpus',
          readdirSync(join(root, 'corpus')).find((n) => n.endsWith('.json'))!,
        ),
        'utf8',
      ),
    );
    const badProperty = write('bad-property.json', { ...entry, property: 'XYZ' });
    const r = srh('replay', badProperty);
    expect(r.code).toBe(2);
    expect(oneLine(r)[0]).toMatch(new RegExp(`^${badProperty}: property: unknown property "XYZ"; fix the entry's "property"`));
    const badScenario = write('bad-scenario.json', { ...entry, scenario: { ...entry.scenario, seed: 'x' } });
    const s = srh('replay', badScenario);
    expect(s.code).toBe(2);
    expect(oneLine(s)).toEqual([`${badScenario}: scenario.seed: expected a number, got the string "x"; fix the entry's "scenario"`]);
  });

  it('seeds beyond 32 bits are refused, not wrapped', () => {
    const r = srh('check', '--seed', '4294967296', '--runs', '3');
    expect(r.code).toBe(2);
    expect(oneLine(r)).toEqual(['srh check: --seed: expected an integer from -2147483648 to 2147483647, got "4294967296"']);
    expect(srh('replay', '--seed', '1', '--path', '99999999999999999999999', '--property', 'I5').code).toBe(2);
    expect(srh('replay', '--seed', '1', '--path', '0', '--property', 'CP3', '--mode', 'batch').code).toBe(2);
  });

  it('output cut short by the reader (| head) ends quietly', () => {
    const r = spawnSync('bash', ['-c', `node ${join(root, 'bin/srh.js')} run examples/continuous-seed-article.json --log | head -1`], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(r.stdout.split('\n').filter((l) => l !== '')).toHaveLength(1);
    expect(r.stderr).toBe('');
  });
});

describe('srh eventlog check: a damaged log among good ones', () => {
  it('reports the damaged one by line and field, and still checks the others (--json)', () => {
    const good = join(root, 'test/fixtures/spark-event-logs/local-1422981780767');
    const lines = readFileSync(good, 'utf8')
      .split('\n')
      .filter((l) => l !== '');
    const i = lines.findIndex((l) => l.includes('"Event":"SparkListenerTaskEnd"'));
    const ev = JSON.parse(lines[i]) as Record<string, unknown>;
    delete ev['Task Info'];
    lines[i] = JSON.stringify(ev);
    const bad = write('damaged-log', lines.join('\n') + '\n');
    const r = srh('eventlog', 'check', bad, good, '--json');
    expect(r.code).toBe(2);
    expect(oneLine(r)).toEqual([
      `srh eventlog check: ${bad}: line ${i + 1}: SparkListenerTaskEnd without "Task Info"; this line is not as Spark writes it — check that the log was not edited or cut, or leave the line out`,
    ]);
    const report = JSON.parse(r.out) as { path: string; error?: string; invariants?: { holds: boolean }[] }[];
    expect(report.map((x) => x.path)).toEqual([bad, good]);
    expect(report[0].error).toContain('without "Task Info"');
    expect(report[1].invariants!.every((x) => x.holds)).toBe(true);
  });
});
