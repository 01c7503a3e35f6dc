// srh check's first step: the corpus entries that apply, replayed before anything is generated.
import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCampaign } from '../../src/harness/campaign.js';
import { corpusReplayLine, replayCorpus } from '../../src/harness/corpus-replay.js';
import { loadEntry, saveEntry } from '../../src/harness/corpus-store.js';
import { MUTANTS } from '../../src/harness/mutants.js';
import { ALL_PROPERTIES, selectProperties } from '../../src/harness/property-catalogue.js';

const shipped = join(resolve(import.meta.dirname, '../..'), 'corpus');
const shippedFiles = readdirSync(shipped).filter((f) => f.endsWith('.json'));

/** A copy of the shipped corpus, plus an unreadable file and an entry found on real Spark. */
function corpusCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'srh-replay-'));
  for (const f of shippedFiles) copyFileSync(join(shipped, f), join(dir, f));
  writeFileSync(join(dir, 'broken.json'), '{"corpus": 1,');
  const first = loadEntry(join(shipped, shippedFiles[0]));
  if (!('entry' in first)) throw new Error(first.error);
  saveEntry(dir, { ...first.entry, backend: 'spark' });
  return dir;
}

describe('corpus replay before a campaign', () => {
  it('replays every entry of the simulator; leaves out real-Spark entries; reports unreadable ones', () => {
    const dir = corpusCopy();
    const r = replayCorpus(dir, ALL_PROPERTIES, undefined);
    expect(r).toMatchObject({ replayed: shippedFiles.length, held: shippedFiles.length, notChecked: 0, skipped: 1, failure: null });
    expect(r.unreadable.map((u) => u.file)).toEqual([join(dir, 'broken.json')]);
    expect(corpusReplayLine(r)).toBe(
      `corpus: ${shippedFiles.length} entries in ${dir} replayed first: ${shippedFiles.length} hold, 1 unreadable (1 left out: other properties or modes, or found on real Spark)`,
    );
  });

  it("only the entries of the campaign's properties and modes", () => {
    const dir = corpusCopy();
    expect(replayCorpus(dir, selectProperties('I19'), undefined).replayed).toBe(1);
    const batchOnly = replayCorpus(dir, ALL_PROPERTIES, ['batch']);
    expect(batchOnly.replayed).toBe(shippedFiles.length - 1); // one entry is a micro-batch query
    expect(replayCorpus(dir, ALL_PROPERTIES, ['continuous']).replayed).toBe(0);
  });

  it('an entry that fails again is the result, with its run', () => {
    const mutant = MUTANTS.find((m) => m.id === 'count-killed')!;
    const found = runCampaign({ seed: 7, runs: 300, timeLimitMs: 60_000, properties: ALL_PROPERTIES, rules: mutant.rules }).failure!;
    const dir = mkdtempSync(join(tmpdir(), 'srh-replay-'));
    const { file } = saveEntry(dir, {
      corpus: 1,
      property: found.property,
      scenario: found.scenario,
      seed: found.seed,
      path: found.path,
      found: '2026-12-01T00:00:00.000Z',
      note: '',
    });
    const again = replayCorpus(dir, ALL_PROPERTIES, undefined, mutant.rules);
    expect(again.failure?.file).toBe(file);
    expect(again.failure?.violations).toEqual(found.violations);
    expect(corpusReplayLine(again)).toContain('0 hold, 1 fail again');
    // On Spark's rules the same entry holds.
    expect(replayCorpus(dir, ALL_PROPERTIES, undefined).failure).toBeNull();
  });

  it('a missing or empty corpus has nothing to replay, and says so', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'srh-replay-')), 'none');
    expect(corpusReplayLine(replayCorpus(dir, ALL_PROPERTIES, undefined))).toBe(`corpus: no entries in ${dir} yet`);
  });
});
