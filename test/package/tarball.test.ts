// The package as a user installs it (issue 13 §1): `npm pack`, the tarball installed into a
// temporary project, the README's @fast-check/vitest example type-checked with tsc and run with
// vitest there, and `npx srh` run from it. `npm run test:package` (it builds first).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const consumer = mkdtempSync(join(tmpdir(), 'srh-consumer-'));
const npm = (args: string[], cwd: string) => spawnSync('npm', args, { cwd, encoding: 'utf8', timeout: 240_000 });
const npx = (args: string[]) => spawnSync('npx', ['--no-install', ...args], { cwd: consumer, encoding: 'utf8', timeout: 120_000 });
const versionOf = (name: string) => (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

/** The README's example: the ```ts block that imports @fast-check/vitest. */
function readmeExample(): string {
  const blocks = [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  const example = blocks.find((b) => b.includes("from '@fast-check/vitest'"));
  if (example === undefined) throw new Error('README.md has no ```ts block importing @fast-check/vitest');
  return example;
}

// Wrong uses the types must refuse: were the declarations missing (every import `any`), tsc would
// report each directive as unused.
const TYPE_PROBES = `import { checkRun, invariants, predict, runCampaign, scenarioArbitrary, simulate, type RunCheck, type ScenarioInput } from 'spark-retry-harness';
import scenario from './scenario.json' with { type: 'json' };

const check: RunCheck = checkRun(scenario as ScenarioInput, simulate(scenario as ScenarioInput).trace);
const ids: string[] = invariants.map((i) => i.id);
const jobs: number = predict(scenario as ScenarioInput).jobs.length;
// @ts-expect-error a trace is not a number
checkRun(scenario as ScenarioInput, 42);
// @ts-expect-error runCampaign needs its options
runCampaign();
// @ts-expect-error the limits have fields of their own
scenarioArbitrary({ partitions: 3 });
export { check, ids, jobs };
`;

// A run with its last TaskEnd taken out must fail, the report saying what went wrong.
const DOCTORED = `import { expect, test } from 'vitest';
import { checkRun, simulate, type ScenarioInput } from 'spark-retry-harness';
import scenario from './scenario.json' with { type: 'json' };

test('a trace that lost a TaskEnd fails, told in words', () => {
  const { trace } = simulate(scenario as ScenarioInput);
  const last = trace.events.findLastIndex((e) => e.Event === 'SparkListenerTaskEnd');
  const doctored = { ...trace, events: trace.events.filter((_, i) => i !== last) };
  expect(checkRun(scenario as ScenarioInput, trace).holds).toBe(true);
  const result = checkRun(scenario as ScenarioInput, doctored);
  expect(result.holds).toBe(false);
  expect(result.report).toContain('what went wrong: property');
  expect(result.report).toContain("the model's expectation beside the run:");
});
`;

let packed: { filename: string; files: { path: string }[] };

beforeAll(() => {
  const pack = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', consumer], root);
  expect(pack.status, pack.stderr).toBe(0);
  packed = (JSON.parse(pack.stdout) as (typeof packed)[])[0];
  const dev: Record<string, string> = { 'spark-retry-harness': `file:./${packed.filename}` };
  for (const name of ['vitest', '@fast-check/vitest', 'fast-check', 'typescript', '@types/node']) dev[name] = versionOf(name);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'srh-consumer', private: true, type: 'module', devDependencies: dev }, null, 2));
  writeFileSync(
    join(consumer, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2023'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        resolveJsonModule: true,
        types: ['node'],
      },
      include: ['*.ts'],
    }),
  );
  writeFileSync(join(consumer, 'retries.test.ts'), readmeExample());
  writeFileSync(join(consumer, 'doctored.test.ts'), DOCTORED);
  writeFileSync(join(consumer, 'probes.ts'), TYPE_PROBES);
  writeFileSync(join(consumer, 'scenario.json'), readFileSync(join(root, 'examples', 'batch-abort.json')));
  // The cache first (npm ci filled it); the registry only for what it lacks, such as package metadata.
  const install = npm(['install', '--prefer-offline', '--no-audit', '--no-fund'], consumer);
  expect(install.status, `npm install in ${consumer}: ${install.stderr}`).toBe(0);
});

describe('the installed tarball', () => {
  it('ships the build, its declarations, the command and the examples; no sources, tests or maps', () => {
    const paths = packed.files.map((f) => f.path);
    for (const p of [
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'dist/src/cli/main.js',
      'dist/models/predict.d.ts',
      'bin/srh.js',
      'bin/stale-build.js',
      'examples/batch-abort.json',
    ])
      expect(paths).toContain(p);
    expect(paths.filter((p) => /^(src|test|bench|corpus|spark-runner)\/|^dist\/(test|bench)\/|\.map$/.test(p))).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(consumer, 'node_modules/spark-retry-harness/package.json'), 'utf8')) as {
      peerDependencies: Record<string, string>;
      dependencies: Record<string, string>;
    };
    expect(manifest.peerDependencies['fast-check']).toBeDefined();
    expect(manifest.dependencies['fast-check']).toBeUndefined();
  });

  it('exports the public API at run time', () => {
    const keys = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', "const m = await import('spark-retry-harness'); console.log(Object.keys(m).sort().join(' '))"],
      { cwd: consumer, encoding: 'utf8' },
    )
      .trim()
      .split(' ');
    for (const name of ['simulate', 'scenarioArbitrary', 'invariants', 'predict', 'checkRun', 'runCampaign']) expect(keys).toContain(name);
  });

  it('type-checks the README example against the declarations (tsc), and refuses wrong uses', () => {
    const tsc = npx(['tsc', '-p', '.']);
    expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);
  });

  it('runs the README example and a failing run with vitest', () => {
    const vitest = npx(['vitest', 'run', '--reporter=verbose']);
    const out = vitest.stdout + vitest.stderr;
    expect(vitest.status, out).toBe(0);
    expect(out).toContain('Spark 3.2 task retries keep every invariant and the model');
    expect(out).toContain('a trace that lost a TaskEnd fails, told in words');
    expect(out).toMatch(/Tests\s+.*2 passed/);
  });

  it('runs npx srh from the installed package', () => {
    const run = npx(['srh', 'run', 'node_modules/spark-retry-harness/examples/batch-abort.json', '--json']);
    expect(run.status, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { jobs: { result: string }[] }).jobs[0].result).toBe('JobFailed');
  });
});
