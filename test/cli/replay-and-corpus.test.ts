// Counterexamples a user can read and reuse (issue 13 §2): srh replay's outputs, srh run on a
// corpus entry, srh corpus check/list with --json and name checks, srh check replaying the
// corpus first and telling a failure in words. The CLI as users run it (child processes), and
// checkCommand in-process where a broken scheduler's rules are needed to see a failure.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCommand } from '../../src/cli/check-command.js';
import { MUTANTS } from '../../src/harness/mutants.js';

const root = resolve(import.meta.dirname, '../..');
const srh = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(root, 'bin/srh.js'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const dir = mkdtempSync(join(tmpdir(), 'srh-replay-cli-'));
const entries = readdirSync(join(root, 'corpus')).filter((f) => f.endsWith('.json'));
const entry = join('corpus', entries[0]);
const lines = (text: string) => text.trimEnd().split('\n');

function corpusCopy(name: string): string {
  const d = join(dir, name);
  mkdirSync(d);
  for (const f of entries) copyFileSync(join(root, 'corpus', f), join(d, f));
  return d;
}

describe('srh replay ENTRY: outputs as srh run has them', () => {
  it('--json: the verdict, the property, the scenario and the run summary', () => {
    const r = srh('replay', entry, '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ source: { entry }, checked: true, holds: true, violations: [], explanation: null });
    expect(report.property).toBe(JSON.parse(readFileSync(join(root, entry), 'utf8')).property);
    expect(report.summary.status).toBe('finished');
  });

  it('--log prints the driver log; --eventlog and --timeline write the run', () => {
    const log = join(dir, 'replay.eventlog');
    const svg = join(dir, 'replay.svg');
    const r = srh('replay', entry, '--log', '--eventlog', log, '--timeline', svg);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO DAGScheduler: /m);
    expect(r.out).toMatch(/property \S+ holds\n$/);
    for (const line of lines(readFileSync(log, 'utf8'))) expect(typeof JSON.parse(line).Event).toBe('string');
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg/);
  });

  it('refuses an output onto the entry itself, or --json with --log', () => {
    const copy = join(dir, 'keep.json');
    copyFileSync(join(root, entry), copy);
    const before = readFileSync(copy, 'utf8');
    expect(srh('replay', copy, '--eventlog', copy).code).toBe(2);
    expect(readFileSync(copy, 'utf8')).toBe(before);
    const both = srh('replay', entry, '--json', '--log');
    expect(both.code).toBe(2);
    expect(lines(both.err)).toHaveLength(1);
  });

  it('a path to a scenario the property does not look at says nothing was checked, not that it holds', () => {
    const r = srh('replay', '--seed', '1', '--path', '0', '--property', 'determinism');
    expect(r.code).toBe(2);
    expect(r.out).not.toContain('holds');
    expect(lines(r.err)).toEqual([
      "srh replay: --seed 1 --path 0: property determinism looks only at a 5% sample of the scenarios, chosen from each scenario's seed, which this scenario is not: nothing was checked; copy the seed, path, property and mode of one replay line together",
    ]);
  });
});

describe('srh run ENTRY', () => {
  it("runs a corpus entry's scenario, as a scenario file", () => {
    const r = srh('run', entry, '--json');
    expect(r.code).toBe(0);
    const scenario = JSON.parse(readFileSync(join(root, entry), 'utf8')).scenario;
    const f = join(dir, 'scenario-of-entry.json');
    writeFileSync(f, JSON.stringify(scenario));
    expect(r.out).toBe(srh('run', f, '--json').out);
  });

  it('names the path inside the entry when its scenario is bad', () => {
    const bad = JSON.parse(readFileSync(join(root, entry), 'utf8'));
    bad.scenario.seed = 'x';
    const f = join(dir, 'bad-entry.json');
    writeFileSync(f, JSON.stringify(bad));
    const r = srh('run', f);
    expect(r.code).toBe(2);
    expect(lines(r.err)).toEqual([`${f}: scenario.seed: expected a number, got the string "x"; fix the entry's "scenario"`]);
  });
});

describe('srh corpus check and list', () => {
  it('--json: one object per entry, with the totals', () => {
    const d = corpusCopy('json');
    const r = srh('corpus', 'check', d, '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ dir: d, held: entries.length, failed: 0, notChecked: 0, unreadable: 0, misnamed: 0 });
    expect(report.entries.map((e: { status: string }) => e.status)).toEqual(entries.map(() => 'held'));
    const list = JSON.parse(srh('corpus', 'list', d, '--json').out);
    expect(list.map((e: { file: string }) => e.file)).toEqual(entries.map((f) => join(d, f)));
    expect(list[0]).toMatchObject({ backend: 'sim', mode: expect.any(String), property: expect.any(String) });
  });

  it('a renamed entry, or one whose scenario was edited, is named with the name its content gives', () => {
    const d = corpusCopy('names');
    const [first, second] = entries;
    renameSync(join(d, first), join(d, 'my-favourite.json'));
    const edited = JSON.parse(readFileSync(join(d, second), 'utf8'));
    edited.scenario.seed += 1;
    writeFileSync(join(d, second), JSON.stringify(edited));
    const r = srh('corpus', 'check', d);
    expect(r.code).toBe(2);
    const err = lines(r.err);
    expect(err).toHaveLength(2);
    expect(err.find((l) => l.startsWith(join(d, 'my-favourite.json')))).toBe(
      `${join(d, 'my-favourite.json')}: name: its name does not say its property ${JSON.stringify(JSON.parse(readFileSync(join(root, 'corpus', first), 'utf8')).property)}; its content gives the name ${first}: rename the file to that (or restore the scenario it was saved with)`,
    );
    expect(err.find((l) => l.startsWith(join(d, second)))).toMatch(
      /: name: its scenario does not have the content hash its name says \(edited after it was saved\?\); its content gives the name \S+-[0-9a-f]{12}\.json: rename/,
    );
    expect(lines(r.out).at(-1)).toBe(`${entries.length} passed, 0 failed, 2 misnamed`);
  });

  it('an empty corpus says it checked nothing', () => {
    const d = join(dir, 'empty');
    mkdirSync(d);
    const r = srh('corpus', 'check', d);
    expect([r.code, r.out]).toEqual([0, `no corpus entries in ${d}: nothing checked\n`]);
    expect(srh('corpus', 'list', d).out).toBe(`no corpus entries in ${d}\n`);
    expect(JSON.parse(srh('corpus', 'list', d, '--json').out)).toEqual([]);
    expect(JSON.parse(srh('corpus', 'check', d, '--json').out)).toMatchObject({ entries: [], held: 0 });
  });
});

describe('srh check: the corpus first, and a failure told in words', () => {
  it('replays the corpus entries that apply before it generates', () => {
    const d = corpusCopy('check');
    const r = srh('check', '--runs', '20', '--seed', '1', '--corpus', d);
    expect(r.code).toBe(0);
    expect(lines(r.out)[1]).toBe(`corpus: ${entries.length} entries in ${d} replayed first: ${entries.length} hold`);
    const json = JSON.parse(srh('check', '--runs', '20', '--seed', '1', '--corpus', d, '--mode', 'continuous', '--json').out);
    expect(json.corpus).toMatchObject({ replayed: 0, skipped: entries.length, failed: null });
  });

  // checkCommand resolves asynchronously when it runs a campaign (it yields to SIGINT/SIGTERM handlers).
  it('on a broken scheduler: the report says what went wrong, the model beside the run, the events; the saved entry then fails first', async () => {
    const mutant = MUTANTS.find((m) => m.id === 'count-killed')!;
    const d = join(dir, 'mutant-corpus');
    let out = '';
    const io = { out: (t: string) => void (out += t), err: () => undefined };
    expect(await checkCommand({ runs: '300', seed: '7', corpus: d }, io, { rules: mutant.rules })).toBe(1);
    expect(out).toContain('what went wrong: property I5 fails (abort-at-limit:');
    expect(out).toContain("the model's expectation beside the run:");
    expect(out).toMatch(/events around event \d+ \(of \d+; event N is line N\+1 of the --eventlog file\):\n(.*\n)*  > event \d+  SparkListener/);
    const saved = readdirSync(d);
    expect(saved).toHaveLength(1);

    out = '';
    expect(await checkCommand({ runs: '300', seed: '8', corpus: d, json: true }, io, { rules: mutant.rules })).toBe(1);
    const report = JSON.parse(out);
    expect(report.runs).toBe(0);
    expect(report.corpus.failed).toBe(join(d, saved[0]));
    expect(report.failure).toMatchObject({ property: 'I5', replay: `npx srh replay ${join(d, saved[0])}` });
    expect(report.failure.explanation.events.length).toBeGreaterThan(0);
    expect(existsSync(join(d, saved[0]))).toBe(true);
  });
});
