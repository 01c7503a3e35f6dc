// Nothing lost (issue 13 §3): the interruptible campaign finds what runCampaign finds; a stop
// request ends generation or shrinking with the report so far; the first counterexample is saved
// at once and replaced by the shrunk one. Real signals to a `bin/srh.js check` child that runs a
// planted bug: the report so far is printed and the corpus keeps the failure.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCampaign, type CampaignFailure } from '../../src/harness/campaign.js';
import { loadCorpus } from '../../src/harness/corpus-store.js';
import { CounterexampleSaver } from '../../src/harness/counterexample-saver.js';
import { runInterruptibleCampaign } from '../../src/harness/interruptible-campaign.js';
import { MUTANTS } from '../../src/harness/mutants.js';
import { ALL_PROPERTIES } from '../../src/harness/property-catalogue.js';

const root = resolve(import.meta.dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'srh-interrupt-'));
const countKilled = MUTANTS.find((m) => m.id === 'count-killed')!.rules;

describe('the interruptible campaign', () => {
  it('finds and shrinks what runCampaign does, on the same scenarios', async () => {
    const o = { seed: 7, runs: 500, timeLimitMs: 120_000, properties: ALL_PROPERTIES, rules: countKilled };
    const sync = runCampaign(o);
    const async = await runInterruptibleCampaign(o, { requested: null });
    expect(async.stoppedBy).toBeNull();
    expect(async.failure).toEqual(sync.failure);
    expect(async.runs).toBe(sync.runs);
  });

  it('a stop while shrinking ends with the counterexample as it was found', async () => {
    const stop = { requested: null as string | null };
    const r = await runInterruptibleCampaign(
      { seed: 7, runs: 500, timeLimitMs: 120_000, properties: ALL_PROPERTIES, rules: countKilled, onCounterexample: () => void (stop.requested = 'TEST') },
      stop,
    );
    expect(r.stoppedBy).toBe('TEST');
    expect(r.failure?.shrinks).toBe(0);
    const full = runCampaign({ seed: 7, runs: 500, timeLimitMs: 120_000, properties: ALL_PROPERTIES, rules: countKilled });
    expect(r.failure?.property).toBe(full.failure?.property);
    expect(r.failure?.path).toBe(full.failure?.path.split(':')[0]);
  });

  it('a stop from the event loop (a timer, as a signal handler) ends generation with the scenarios run so far', async () => {
    const stop = { requested: null as string | null };
    setTimeout(() => (stop.requested = 'TEST'), 300);
    const r = await runInterruptibleCampaign({ seed: 7, runs: 100_000, timeLimitMs: 120_000, properties: [] }, stop);
    expect(r.stoppedBy).toBe('TEST');
    expect(r.failure).toBeNull();
    expect(r.interrupted).toBe(true);
    expect(r.runs).toBeGreaterThan(0);
    expect(r.runs).toBeLessThan(100_000);
  });
});

describe('CounterexampleSaver', () => {
  const failure = (path: string, partitions: number): CampaignFailure => ({
    property: 'I5',
    scenario: { scenario: 1, seed: 1, cluster: { master: 'local' }, workload: { mode: 'batch', rdds: [{ id: 0, partitions }], jobs: [{ rdd: 0 }] } } as never,
    violations: ['boom'],
    seed: 7,
    path,
    shrinks: 0,
  });

  it('saves the first counterexample at once, then replaces it by the shrunk one', () => {
    const dir = join(tmp, 'replace');
    const saver = new CounterexampleSaver(dir, (l) => expect.fail(l));
    saver.found(failure('12', 5));
    const [early] = loadCorpus(dir);
    expect('entry' in early && early.entry.note).toBe('unshrunk (saved when found): boom');
    const said = saver.final(failure('12:0:3', 1), null);
    const entries = loadCorpus(dir);
    expect(entries).toHaveLength(1);
    expect(said).toBe(entries[0].file);
    expect('entry' in entries[0] && [entries[0].entry.path, entries[0].entry.note]).toEqual(['12:0:3', 'boom']);
  });

  it('keeps an unshrunk entry the corpus held before, and keeps the unshrunk one when the shrunk cannot be saved', () => {
    const dir = join(tmp, 'keep');
    new CounterexampleSaver(dir, () => {}).found(failure('12', 5));
    const before = readdirSync(dir);
    const saver = new CounterexampleSaver(dir, () => {});
    saver.found(failure('12', 5));
    saver.final(failure('12:1', 2), null);
    expect(readdirSync(dir)).toHaveLength(2);
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(before));

    const blockedDir = join(tmp, 'blocked');
    const warnings: string[] = [];
    const blocking = new CounterexampleSaver(blockedDir, (l) => warnings.push(l));
    blocking.found(failure('3', 4));
    const shrunk = failure('3:0', 1);
    // A file that is not an entry sits where the shrunk one would go: it is kept, and so is the unshrunk one.
    new CounterexampleSaver(join(tmp, 'probe'), () => {}).final(shrunk, null);
    const name = readdirSync(join(tmp, 'probe'))[0];
    writeFileSync(join(blockedDir, name), 'not json');
    const said = blocking.final(shrunk, null);
    expect(said).toMatch(/ \(unshrunk: the shrunk one could not be saved\)$/);
    expect(readdirSync(blockedDir)).toHaveLength(2);
    expect(readFileSync(join(blockedDir, name), 'utf8')).toBe('not json');
    expect(warnings[0]).toMatch(/exists and is not a readable corpus entry/);
  });
});

/** `node bin/srh.js check` with the planted throwing rule, each throw taking `delayMs` (so shrinking is slow). */
function plantedCheck(corpus: string, delayMs: number) {
  const child = spawn(
    process.execPath,
    ['--import', './test/fixtures/planted/throwing-rule.mjs', 'bin/srh.js', 'check', '--seed', '7', '--time-limit', '120', '--corpus', corpus],
    {
      cwd: root,
      env: { ...process.env, SRH_PLANTED_DELAY_MS: String(delayMs) },
    },
  );
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const done = new Promise<{ code: number | null; out: string }>((res) => child.on('close', (code) => res({ code, out })));
  return { child, done };
}

/** Until an entry is in place (its temp file, written first, does not count). */
async function untilAnEntry(dir: string): Promise<void> {
  for (let i = 0; i < 600 && !(existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.json'))); i++) await new Promise((r) => setTimeout(r, 50));
}

describe('srh check under a real signal', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('%s while shrinking: the report so far, exit 1, and the failure kept in the corpus', async (signal) => {
    const corpus = join(tmp, `corpus-${signal}`);
    mkdirSync(corpus);
    const { child, done } = plantedCheck(corpus, 150);
    await untilAnEntry(corpus);
    // The unshrunk entry is there before shrinking ends.
    const early = loadCorpus(corpus);
    expect(early.map((e) => 'entry' in e && e.entry.note)).toEqual([
      'unshrunk (saved when found): the simulator threw RangeError: planted: no failure count for a lost result',
    ]);
    child.kill(signal);
    const r = await done;
    expect(r.code).toBe(1);
    expect(r.out).toMatch(new RegExp(`FAILED: property no-crash after \\d+ scenarios; shrunk \\d+ times \\(shrinking stopped by ${signal}\\) to:`));
    expect(r.out).toContain('  - the simulator threw RangeError: planted: no failure count for a lost result\n');
    expect(r.out).toMatch(/at TaskSetManager\.handleFailedTask \(src\/spark\/task-set-manager\.ts:\d+:\d+\)/);
    const entries = loadCorpus(corpus);
    expect(entries).toHaveLength(1);
    const saved = entries[0];
    expect('entry' in saved && saved.entry.property).toBe('no-crash');
    expect(r.out).toContain(`corpus entry: ${saved.file}`);
    expect(r.out).toMatch(/^replay: npx srh replay --seed 7 --path [\d:]+ --property no-crash$/m);
  });

  it('without a signal the unshrunk entry is replaced by the shrunk one', async () => {
    const corpus = join(tmp, 'corpus-whole');
    const r = await plantedCheck(corpus, 0).done;
    expect(r.code).toBe(1);
    const entries = loadCorpus(corpus);
    expect(entries).toHaveLength(1);
    expect('entry' in entries[0] && entries[0].entry.note).toBe('the simulator threw RangeError: planted: no failure count for a lost result');
    expect(r.out).not.toContain('stopped by');
    // The entry replays: it fails while the bug is planted, and holds without it.
    const replay = (plant: string[]) =>
      spawnSync(process.execPath, [...plant, 'bin/srh.js', 'replay', entries[0].file], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    const planted = replay(['--import', './test/fixtures/planted/throwing-rule.mjs']);
    expect(planted.status).toBe(1);
    expect(planted.stdout).toContain('property no-crash FAILS:\n  - the simulator threw RangeError: planted: no failure count for a lost result\n');
    expect(replay([]).status).toBe(0);
  });
});
