// Crashes (issue 11 §3) with the corpus-first check and the failure report (issue 13 §2), and the
// early save (issue 13 §3): a no-crash entry, shrunk or saved unshrunk by a campaign that was
// stopped, is replayed before the next campaign generates anything and fails it again; a throw in
// a property is told in the report's words, the throw its violation; checkRun reports a throw
// instead of throwing; srh replay --json of a simulator crash carries the crash.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCommand } from '../../src/cli/check-command.js';
import { runCampaign, type CampaignFailure } from '../../src/harness/campaign.js';
import { checkRun } from '../../src/harness/check-run.js';
import { NO_CRASH_ID } from '../../src/harness/crash.js';
import { replayCorpus } from '../../src/harness/corpus-replay.js';
import { loadCorpus, saveEntry } from '../../src/harness/corpus-store.js';
import { CounterexampleSaver } from '../../src/harness/counterexample-saver.js';
import { explainFailure, explanationText } from '../../src/harness/failure-report.js';
import { ALL_PROPERTIES, type HarnessProperty } from '../../src/harness/property-catalogue.js';
import { runScenario } from '../../src/harness/scenario-run.js';
import type { ScenarioInput } from '../../src/scenario/schema.js';
import type { SimulationRules } from '../../src/simulate.js';
import { countsTowardsTaskFailures } from '../../src/spark/task-end-reason.js';

const root = resolve(import.meta.dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'srh-crash-corpus-'));

/** A scheduler rule that throws on a lost result: a crash inside the simulator. */
const throwingRules: Partial<SimulationRules> = {
  countsTowardsTaskFailures: (r) => {
    if (r.kind === 'TaskResultLost') throw new RangeError('planted: no failure count for a lost result');
    return countsTowardsTaskFailures(r);
  },
};

/** A property that throws on any run with a FetchFailed: a crash in a checker. */
const throwingProperty: HarnessProperty = {
  id: 'planted-check',
  statement: 'planted: throws on a fetch failure',
  check: (run) => {
    if (run.summary.tasks.some((t) => t.reason === 'FetchFailed')) throw new TypeError('planted: cannot read the fetch failure');
    return [];
  },
};

function capture() {
  const o = { out: '', err: '' };
  return { o, io: { out: (t: string) => void (o.out += t), err: (t: string) => void (o.err += t) } };
}

describe('no-crash and the corpus replayed first', () => {
  it('a shrunk no-crash entry fails the next check before it generates anything', async () => {
    const d = join(tmp, 'shrunk');
    const first = capture();
    expect(await checkCommand({ runs: '500', seed: '7', corpus: d }, first.io, { rules: throwingRules })).toBe(1);
    expect(first.o.out).toContain('FAILED: property no-crash after');
    expect(first.o.out).toContain('  - the simulator threw RangeError: planted: no failure count for a lost result\n');
    const saved = readdirSync(d);
    expect(saved).toHaveLength(1);

    const again = capture();
    expect(await checkCommand({ runs: '500', seed: '8', corpus: d }, again.io, { rules: throwingRules })).toBe(1);
    expect(again.o.out).toContain(`FAILED: corpus entry ${join(d, saved[0])} fails again (property no-crash); nothing was generated:`);
    expect(again.o.out).toContain('  - the simulator threw RangeError: planted: no failure count for a lost result\n');
    expect(again.o.out).toContain(`replay: npx srh replay ${join(d, saved[0])}`);
    // Spark's rules: the same entry holds, and the campaign goes on.
    const fixed = capture();
    expect(await checkCommand({ runs: '20', seed: '8', corpus: d }, fixed.io)).toBe(0);
    expect(fixed.o.out).toContain(`corpus: 1 entries in ${d} replayed first: 1 hold`);
  });

  it('an entry saved unshrunk, as a campaign stopped while shrinking leaves it, is replayed first too', async () => {
    const found: CampaignFailure[] = [];
    runCampaign({ seed: 7, runs: 500, timeLimitMs: 120_000, properties: ALL_PROPERTIES, rules: throwingRules, onCounterexample: (f) => found.push(f) });
    const d = join(tmp, 'unshrunk');
    new CounterexampleSaver(d, (l) => expect.fail(l)).found(found[0]);
    const [entry] = loadCorpus(d);
    expect('entry' in entry && entry.entry.note).toMatch(/^unshrunk \(saved when found\): the simulator threw RangeError/);
    const c = capture();
    expect(await checkCommand({ runs: '500', seed: '8', corpus: d, json: true }, c.io, { rules: throwingRules })).toBe(1);
    const report = JSON.parse(c.o.out);
    expect(report.runs).toBe(0);
    expect(report.corpus).toMatchObject({ replayed: 1, failed: entry.file });
    expect(report.failure).toMatchObject({ property: NO_CRASH_ID, replay: `npx srh replay ${entry.file}`, explanation: null });
    expect(report.failure.violations[0]).toMatch(/^the simulator threw RangeError/);
    expect(report.failure.crash).toMatchObject({ site: 'simulator', error: 'RangeError: planted: no failure count for a lost result' });
  });

  it('a no-crash entry is replayed whichever --property the campaign checks', () => {
    const found: CampaignFailure[] = [];
    runCampaign({ seed: 7, runs: 500, timeLimitMs: 120_000, properties: ALL_PROPERTIES, rules: throwingRules, onCounterexample: (f) => found.push(f) });
    const d = join(tmp, 'any-property');
    new CounterexampleSaver(d, () => {}).found(found[0]);
    const r = replayCorpus(
      d,
      ALL_PROPERTIES.filter((p) => p.id === 'I5'),
      undefined,
      throwingRules,
    );
    expect(r.replayed).toBe(1);
    expect(r.failure).toMatchObject({ crashed: true, run: null });
  });

  it("a throw in a property: the entry fails again with its run, told in the report's words", () => {
    const r0 = runCampaign({ seed: 3, runs: 1000, timeLimitMs: 120_000, properties: [...ALL_PROPERTIES, throwingProperty] });
    const f = r0.failure!;
    expect(f.crash?.site).toBe('planted-check');
    const d = join(tmp, 'property-throw');
    saveEntry(d, { corpus: 1, property: throwingProperty.id, scenario: f.scenario, seed: f.seed, path: f.path, found: new Date().toISOString(), note: '' });
    const r = replayCorpus(d, [throwingProperty], undefined);
    expect(r.failure).toMatchObject({ crashed: true });
    expect(r.failure!.run).not.toBeNull();
    const text = explanationText(explainFailure(r.failure!.run!, r.failure!.property, r.failure!.violations)).join('\n');
    expect(text).toMatch(
      /^what went wrong: property planted-check fails \(planted: throws on a fetch failure\)\n {2}- property planted-check threw TypeError: planted: cannot read the fetch failure\n/,
    );
    expect(text).toContain("the model's expectation beside the run:");
    // Without `known`, the report checks the property itself and tells the throw the same way.
    expect(explainFailure(r.failure!.run!, throwingProperty).violations[0].message).toMatch(/^property planted-check threw TypeError/);
  });
});

describe('checkRun and replay with a crash', () => {
  it('checkRun takes "no-crash", which holds on a clean run', () => {
    const input = runScenario({
      scenario: 1,
      seed: 3,
      cluster: { master: 'local[2]' },
      workload: { mode: 'batch', rdds: [{ id: 0, partitions: 2 }], jobs: [{ rdd: 0 }] },
    } as ScenarioInput);
    const r = checkRun(input.input, input.trace, { properties: [NO_CRASH_ID] });
    expect(r.properties.map((p) => [p.id, p.checked, p.violations])).toEqual([[NO_CRASH_ID, true, []]]);
    expect(r.holds).toBe(true);
  });

  it('srh replay --json of an entry on which the simulator throws: the crash, no explanation and no summary, exit 1', async () => {
    const d = join(tmp, 'replay-json');
    await checkCommand({ runs: '500', seed: '7', corpus: d }, capture().io, { rules: throwingRules });
    const [file] = readdirSync(d);
    const r = spawnSync(process.execPath, ['--import', './test/fixtures/planted/throwing-rule.mjs', 'bin/srh.js', 'replay', join(d, file), '--json'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({
      property: NO_CRASH_ID,
      checked: true,
      holds: false,
      explanation: null,
      summary: null,
      crash: { site: 'simulator', error: 'RangeError: planted: no failure count for a lost result' },
    });
    expect(report.crash.stack.some((frame: string) => /src\/spark\/task-set-manager\.ts:\d+/.test(frame))).toBe(true);
  });
});
