// `--reporter junit|json --output-file F` (issue 13 §4) on check, replay, corpus check, eventlog
// check and mutants: well-formed JUnit XML with the right counts on a passing and a failing run,
// the JSON document's statuses, the flag errors (nothing written), and `srh --version`. The CLI is
// run in-process through main(); a broken scheduler's rules, where a failure is needed.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCommand } from '../../src/cli/check-command.js';
import { main } from '../../src/cli/main.js';
import { junitXml, jsonTestReport, reporterOptionProblem, xmlClean } from '../../src/cli/test-reporter.js';
import { MUTANTS } from '../../src/harness/mutants.js';
import { SPARK_RULES } from '../../src/spark/scheduler-rules.js';
import { elements, parseXml, type XmlElement } from '../support/mini-xml.js';

const root = resolve(import.meta.dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'srh-test-reporter-'));
const logs = join(root, 'test/fixtures/spark-event-logs');
const countKilled = MUTANTS.find((m) => m.id === 'count-killed')!;
let fresh = 0;
const freshDir = (name: string): string => {
  const d = join(tmp, `${name}-${++fresh}`);
  mkdirSync(d);
  return d;
};

function capture() {
  const o = { out: '', err: '' };
  return { o, io: { out: (t: string) => void (o.out += t), err: (t: string) => void (o.err += t) } };
}

async function srh(...args: string[]) {
  const c = capture();
  const code = await main(args, c.io);
  return { code, ...c.o };
}

/** The JUnit file, parsed; its totals must be the sums of its suites' and match the cases. */
function junit(file: string): { root: XmlElement; totals: Record<string, number>; cases: XmlElement[] } {
  const doc = parseXml(readFileSync(file, 'utf8'));
  expect(doc.name).toBe('testsuites');
  const suites = elements(doc, 'testsuite');
  const num = (e: XmlElement, k: string) => Number(e.attrs[k]);
  for (const s of suites) {
    const cs = elements(s, 'testcase');
    expect(num(s, 'tests')).toBe(cs.length);
    expect(num(s, 'failures')).toBe(cs.filter((c) => elements(c, 'failure').length > 0).length);
    expect(num(s, 'errors')).toBe(cs.filter((c) => elements(c, 'error').length > 0).length);
    expect(num(s, 'skipped')).toBe(cs.filter((c) => elements(c, 'skipped').length > 0).length);
    expect(s.attrs.time).toMatch(/^\d+\.\d{3}$/);
  }
  const totals = Object.fromEntries(['tests', 'failures', 'errors', 'skipped'].map((k) => [k, num(doc, k)]));
  for (const k of Object.keys(totals)) expect(totals[k]).toBe(suites.reduce((n, s) => n + num(s, k), 0));
  return { root: doc, totals, cases: elements(doc, 'testcase') };
}

const json = (file: string) =>
  JSON.parse(readFileSync(file, 'utf8')) as {
    tool: string;
    command: string;
    suites: { name: string; cases: { name: string; classname: string; status: string; message?: string; timeMs?: number }[] }[];
  };
const statuses = (file: string) => json(file).suites.flatMap((s) => s.cases.map((c) => c.status));
const leftovers = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

/** Runs `f` with Spark's own rules replaced by a mutant's, so a replay of its counterexample fails. */
async function withMutantRules<T>(f: () => Promise<T>): Promise<T> {
  const saved = { ...SPARK_RULES };
  Object.assign(SPARK_RULES, countKilled.rules);
  try {
    return await f();
  } finally {
    Object.assign(SPARK_RULES, saved);
  }
}

describe('the serializers', () => {
  const report = {
    command: 'srh test',
    suites: [
      {
        name: 's <1>',
        cases: [
          { name: 'a & "b" \'c\'', classname: 'k', status: 'passed' as const, timeMs: 1500 },
          { name: 'bad\u0001name\u001b[31m', classname: 'k', status: 'failed' as const, message: 'first <line> & more\nsecond ]]> line\u0007' },
          { name: 'threw', classname: 'k', status: 'error' as const, message: 'TypeError: x' },
          { name: 'unknown', classname: 'k', status: 'skipped' as const, message: 'not run' },
        ],
      },
    ],
  };

  it('junit: escapes XML special characters, drops control characters, and counts', () => {
    const xml = junitXml(report);
    expect(xml).not.toMatch(/[\u0001\u0007\u001b]/);
    const file = join(tmp, 'serializer.xml');
    writeFileSync(file, xml);
    const { totals, cases } = junit(file);
    expect(totals).toEqual({ tests: 4, failures: 1, errors: 1, skipped: 1 });
    expect(cases.map((c) => c.attrs.name)).toEqual(['a & "b" \'c\'', 'badname[31m', 'threw', 'unknown']);
    expect(cases[0].attrs.time).toBe('1.500');
    const failure = elements(cases[1], 'failure')[0];
    expect(failure.attrs.message).toBe('first <line> & more');
    expect(failure.text).toBe('first <line> & more\nsecond ]]> line');
    expect(elements(cases[2], 'error')[0].attrs.message).toBe('TypeError: x');
  });

  it('json: the same cases with their statuses', () => {
    const doc = JSON.parse(jsonTestReport(report));
    expect(doc).toMatchObject({ tool: 'srh', command: 'srh test', suites: [{ name: 's <1>', tests: 4, failures: 1, errors: 1, skipped: 1 }] });
    expect(doc.suites[0].cases.map((c: { status: string }) => c.status)).toEqual(['passed', 'failed', 'error', 'skipped']);
    expect(doc.suites[0].cases[0]).toEqual({ name: 'a & "b" \'c\'', classname: 'k', status: 'passed', timeMs: 1500 });
  });

  it('xmlClean keeps tabs, newlines and pairs of surrogates, drops lone ones', () => {
    expect(xmlClean('a\tb\nc\r😀\uD800x\uFFFF')).toBe('a\tb\nc\r😀x');
  });

  it('the flags: each wrong combination says which flag and how to fix it', () => {
    expect(reporterOptionProblem({})).toBeNull();
    expect(reporterOptionProblem({ reporter: 'junit' })).toMatch(/^--reporter junit: needs --output-file FILE/);
    expect(reporterOptionProblem({ outputFile: 'x.xml' })).toMatch(/^--output-file: needs --reporter junit or --reporter json/);
    expect(reporterOptionProblem({ reporter: 'tap', outputFile: 'x' })).toMatch(/^--reporter: unknown reporter "tap"; expected junit or json/);
    expect(reporterOptionProblem({ reporter: 'json', outputFile: join(tmp, 'no/such/dir/x.json') })).toMatch(
      /^--output-file .*: the directory .* does not exist; create it first/,
    );
  });
});

describe('srh check --reporter', () => {
  it('junit on a passing campaign: a case per property and the corpus, none failed', async () => {
    const d = freshDir('check-pass');
    const out = join(d, 'check.xml');
    const r = await srh('check', '--runs', '50', '--seed', '1', '--corpus', join(d, 'corpus'), '--reporter', 'junit', '--output-file', out);
    expect(r.code).toBe(0);
    expect(r.out).toContain('all properties held');
    const { totals, cases } = junit(out);
    expect(totals.failures + totals.errors).toBe(0);
    expect(cases.map((c) => c.attrs.name)).toContain('I5');
    expect(cases[0].attrs.classname).toBe('srh check.corpus');
    expect(leftovers(d)).toEqual([]);
  });

  it('junit and json on a failing campaign: the failed property holds the violation; then the corpus entry fails first', async () => {
    const d = freshDir('check-fail');
    const corpus = join(d, 'corpus');
    const c = capture();
    expect(await checkCommand({ runs: '300', seed: '7', corpus, reporter: 'junit', outputFile: join(d, 'f.xml') }, c.io, { rules: countKilled.rules })).toBe(1);
    const { totals, cases } = junit(join(d, 'f.xml'));
    expect(totals.failures).toBe(1);
    const failed = cases.find((x) => elements(x, 'failure').length > 0)!;
    expect(failed.attrs.name).toBe('I5');
    expect(elements(failed, 'failure')[0].text).toMatch(/replay: npx srh replay --seed 7 --path \S+ --property I5/);
    // The next check replays the saved entry first: it fails, and nothing is generated.
    expect(await checkCommand({ runs: '300', seed: '8', corpus, reporter: 'json', outputFile: join(d, 'f.json') }, c.io, { rules: countKilled.rules })).toBe(1);
    const doc = json(join(d, 'f.json'));
    expect(doc.command).toBe('srh check');
    expect(doc.suites[0].cases[0]).toMatchObject({ classname: 'srh check.corpus', status: 'failed' });
    expect(new Set(statuses(join(d, 'f.json')).slice(1))).toEqual(new Set(['skipped']));
  });
});

describe('srh replay --reporter', () => {
  it('a corpus entry that holds: one passed case; under a broken scheduler it fails', async () => {
    const d = freshDir('replay');
    const corpus = join(d, 'corpus');
    expect(await checkCommand({ runs: '300', seed: '7', corpus }, capture().io, { rules: countKilled.rules })).toBe(1);
    const [entry] = readdirSync(corpus).map((f) => join(corpus, f));
    const r = await srh('replay', entry, '--reporter', 'junit', '--output-file', join(d, 'pass.xml'));
    expect(r.code).toBe(0);
    expect(junit(join(d, 'pass.xml')).totals).toEqual({ tests: 1, failures: 0, errors: 0, skipped: 0 });
    const bad = await withMutantRules(() => srh('replay', entry, '--reporter', 'junit', '--output-file', join(d, 'fail.xml')));
    expect(bad.code).toBe(1);
    const { totals, cases } = junit(join(d, 'fail.xml'));
    expect(totals).toEqual({ tests: 1, failures: 1, errors: 0, skipped: 0 });
    expect(cases[0].attrs.name).toBe(`I5 on ${entry}`);
    expect(elements(cases[0], 'failure')[0].attrs.message).toMatch(/I5/);
    expect(await withMutantRules(() => srh('replay', entry, '--reporter', 'json', '--output-file', join(d, 'fail.json')))).toMatchObject({ code: 1 });
    expect(statuses(join(d, 'fail.json'))).toEqual(['failed']);
  });
});

describe('srh corpus check --reporter', () => {
  it("the project's corpus: a passed case per entry; under a broken scheduler the failed ones", async () => {
    const d = freshDir('corpus');
    const r = await srh('corpus', 'check', join(root, 'corpus'), '--reporter', 'junit', '--output-file', join(d, 'c.xml'));
    expect(r.code).toBe(0);
    const entries = readdirSync(join(root, 'corpus')).filter((f) => f.endsWith('.json'));
    expect(junit(join(d, 'c.xml')).totals).toEqual({ tests: entries.length, failures: 0, errors: 0, skipped: 0 });
    // A corpus of the mutant's counterexample, replayed under its rules, fails; a misnamed copy of an entry that holds is an error.
    const corpus = join(d, 'mine');
    expect(await checkCommand({ runs: '300', seed: '7', corpus }, capture().io, { rules: countKilled.rules })).toBe(1);
    const [saved] = readdirSync(corpus);
    copyFileSync(join(corpus, saved), join(corpus, 'renamed-failing.json'));
    copyFileSync(join(root, 'corpus', entries[0]), join(corpus, 'renamed-holding.json'));
    const bad = await withMutantRules(() => srh('corpus', 'check', corpus, '--reporter', 'json', '--output-file', join(d, 'c.json')));
    expect(bad.code).toBe(2);
    const cases = json(join(d, 'c.json')).suites[0].cases;
    const byName = new Map(cases.map((c) => [c.name.slice(corpus.length + 1), c]));
    expect(byName.get(saved)!.status).toBe('failed');
    expect(byName.get('renamed-failing.json')!.status).toBe('failed');
    expect(byName.get('renamed-failing.json')!.message).toMatch(/\nname: /);
    expect(byName.get('renamed-holding.json')).toMatchObject({ status: 'error', message: expect.stringMatching(/^name: /) });
  });
});

describe('srh eventlog check --reporter', () => {
  const log = join(logs, 'app-20161115172038-0000');

  it('a case per trace invariant: all pass on a real log, three fail at --max-failures 1', async () => {
    const d = freshDir('eventlog');
    expect((await srh('eventlog', 'check', log, '--reporter', 'junit', '--output-file', join(d, 'ok.xml'))).code).toBe(0);
    const ok = junit(join(d, 'ok.xml'));
    expect(ok.totals.failures + ok.totals.errors).toBe(0);
    expect(ok.totals.tests).toBeGreaterThan(10);
    expect(ok.cases.every((c) => c.attrs.classname === log)).toBe(true);
    expect((await srh('eventlog', 'check', log, '--max-failures', '1', '--reporter', 'junit', '--output-file', join(d, 'bad.xml'))).code).toBe(1);
    const bad = junit(join(d, 'bad.xml'));
    expect(bad.totals.failures).toBe(3);
    expect(elements(bad.root, 'failure').map((f) => f.attrs.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/violation\(s\): in a stage attempt, the counted failures/)]),
    );
    expect((await srh('eventlog', 'check', log, '--max-failures', '1', '--reporter', 'json', '--output-file', join(d, 'bad.json'))).code).toBe(1);
    expect(statuses(join(d, 'bad.json')).filter((s) => s === 'failed')).toHaveLength(3);
  });

  it('an unreadable log is an error case', async () => {
    const d = freshDir('eventlog-missing');
    expect((await srh('eventlog', 'check', join(d, 'nothing-here'), '--reporter', 'json', '--output-file', join(d, 'r.json'))).code).toBe(2);
    expect(statuses(join(d, 'r.json'))).toEqual(['error']);
  });
});

describe('srh mutants --reporter', () => {
  it('a case per mutant: caught ones pass, the ones a tiny budget misses fail', async () => {
    const d = freshDir('mutants');
    const r = await srh('mutants', '--runs', '1', '--json', '--reporter', 'junit', '--output-file', join(d, 'm.xml'));
    expect(r.code).toBe(1);
    const rows = JSON.parse(r.out).mutants as { id: string; caught: number }[];
    const { totals, cases } = junit(join(d, 'm.xml'));
    expect(totals.tests).toBe(MUTANTS.length);
    expect(totals.failures).toBe(rows.filter((x) => x.caught === 0).length);
    expect(totals.failures).toBeGreaterThan(0);
    expect(totals.failures).toBeLessThan(MUTANTS.length);
    expect(cases.map((c) => c.attrs.name)).toEqual(rows.map((x) => x.id));
    expect((await srh('mutants', '--runs', '1', '--reporter', 'json', '--output-file', join(d, 'm.json'))).code).toBe(1);
    expect(statuses(join(d, 'm.json'))).toEqual(rows.map((x) => (x.caught > 0 ? 'passed' : 'failed')));
  });
});

describe('bad flags: one line, exit 2, nothing written', () => {
  const commands: string[][] = [
    ['check', '--runs', '5', '--seed', '1'],
    ['replay', 'corpus/none.json'],
    ['corpus', 'check', 'corpus'],
    ['eventlog', 'check', join(logs, 'app-20161115172038-0000')],
    ['mutants', '--runs', '1'],
  ];
  for (const args of commands) {
    it(`srh ${args.slice(0, args[0] === 'corpus' || args[0] === 'eventlog' ? 2 : 1).join(' ')}`, async () => {
      const d = freshDir('bad');
      const extra = args[0] === 'check' ? ['--corpus', join(d, 'corpus')] : [];
      const cases: [string[], RegExp][] = [
        [['--reporter', 'junit'], /--reporter junit: needs --output-file FILE/],
        [['--output-file', join(d, 'r.xml')], /--output-file: needs --reporter junit or --reporter json/],
        [['--reporter', 'tap', '--output-file', join(d, 'r.xml')], /--reporter: unknown reporter "tap"; expected junit or json/],
        [['--reporter', 'junit', '--output-file', join(d, 'missing', 'r.xml')], /--output-file .*: the directory .* does not exist/],
      ];
      for (const [flags, message] of cases) {
        const r = await srh(...args, ...extra, ...flags);
        expect(r.code).toBe(2);
        expect(r.err).toMatch(message);
        expect(r.err.trimEnd().split('\n')).toHaveLength(1);
        expect(r.out).toBe('');
      }
      expect(readdirSync(d)).toEqual([]);
    });
  }
});

describe('srh --version', () => {
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version as string;

  it('prints the package version and exits 0', async () => {
    expect(await srh('--version')).toEqual({ code: 0, out: `${version}\n`, err: '' });
  });

  it('from the built CLI too', () => {
    if (!existsSync(join(root, 'dist/src/cli/main.js'))) return;
    const r = spawnSync(process.execPath, [join(root, 'bin/srh.js'), '--version'], { cwd: tmp, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${version}\n`);
  });
});
