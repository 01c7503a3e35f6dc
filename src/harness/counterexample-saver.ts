// Nothing lost (issue 13 §3): a campaign's first counterexample is saved to the corpus the moment
// it is found, unshrunk, so a campaign killed while it shrinks still leaves it behind; when
// shrinking ends (or is stopped) the shrunk one is saved and only then is the unshrunk entry this
// campaign wrote removed. Both writes are atomic (corpus-store.ts); an entry that was in the
// corpus before the campaign is never removed.
import { rmSync } from 'node:fs';
import type { CampaignFailure } from './campaign.js';
import { saveEntry, type CorpusEntry } from './corpus-store.js';

type Saved = { file: string; status: 'created' | 'exists' };

export class CounterexampleSaver {
  private unshrunk: Saved | null = null;

  /** `warn` gets one line per entry that could not be saved. */
  constructor(
    private readonly dir: string,
    private readonly warn: (line: string) => void,
  ) {}

  /** The first counterexample, as found (CampaignOptions.onCounterexample). */
  found(f: CampaignFailure): void {
    this.unshrunk = this.save(f, 'unshrunk (saved when found): ');
  }

  /** The final counterexample: saved in place of the unshrunk one. What the report says of it (null: not saved). */
  final(f: CampaignFailure, shrinkingStoppedBy: string | null): string | null {
    const saved = this.save(f, shrinkingStoppedBy === null ? '' : `partly shrunk (stopped by ${shrinkingStoppedBy}): `);
    if (saved === null) return this.unshrunk === null ? null : `${this.unshrunk.file} (unshrunk: the shrunk one could not be saved)`;
    if (this.unshrunk?.status === 'created' && this.unshrunk.file !== saved.file) rmSync(this.unshrunk.file, { force: true });
    return saved.status === 'exists' ? `${saved.file} (already in the corpus)` : saved.file;
  }

  private save(f: CampaignFailure, notePrefix: string): Saved | null {
    const entry: CorpusEntry = {
      corpus: 1,
      property: f.property,
      scenario: f.scenario,
      seed: f.seed,
      path: f.path,
      found: new Date().toISOString(),
      note: notePrefix + (f.violations[0]?.split('\n')[0] ?? ''),
    };
    try {
      const r = saveEntry(this.dir, entry);
      if (r.status !== 'blocked') return { file: r.file, status: r.status };
      this.warn(
        `the corpus entry was not saved: ${r.file} exists and is not a readable corpus entry (kept as it is); move it away and replay to save this one`,
      );
    } catch (e) {
      this.warn(`the corpus entry was not saved: ${(e as Error).message}; check that ${this.dir} is writable`);
    }
    return null;
  }
}
