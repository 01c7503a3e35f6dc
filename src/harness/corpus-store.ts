// The regression corpus (ARCHITECTURE §6): one JSON file per counterexample, named by a short
// content hash so the same counterexample is stored once. Writes are atomic (temp file +
// rename); an unreadable entry is reported by name and never overwritten or deleted.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioInput } from '../scenario/schema.js';

export interface CorpusEntry {
  corpus: 1;
  property: string;
  scenario: ScenarioInput;
  seed: number;
  path: string;
  found: string;
  note: string;
}

export function entryFileName(property: string, scenario: ScenarioInput): string {
  const hash = createHash('sha256').update(`${property}\n${JSON.stringify(scenario)}`).digest('hex').slice(0, 12);
  return `${property.replace(/[^A-Za-z0-9_-]/g, '_')}-${hash}.json`;
}

/** Saves the entry unless the same counterexample is already there; returns its path. */
export function saveEntry(dir: string, entry: CorpusEntry): { file: string; created: boolean } {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, entryFileName(entry.property, entry.scenario));
  if (existsSync(file)) return { file, created: false };
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(entry, null, 2) + '\n');
  renameSync(tmp, file);
  return { file, created: true };
}

export type LoadedEntry = { file: string; entry: CorpusEntry } | { file: string; error: string };

/** Every entry in `dir`, in file-name order; a bad file gives an error naming it and the fix. */
export function loadCorpus(dir: string): LoadedEntry[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => loadEntry(join(dir, f)));
}

export function loadEntry(file: string): LoadedEntry {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return { file, error: `not a readable JSON corpus entry (${(e as Error).message}); fix or remove the file` };
  }
  const o = json as Partial<CorpusEntry>;
  if (o === null || typeof o !== 'object' || o.corpus !== 1) return { file, error: 'missing "corpus": 1; this is not a corpus entry of format 1' };
  if (typeof o.property !== 'string') return { file, error: 'missing "property" (the property the scenario failed)' };
  if (o.scenario === null || typeof o.scenario !== 'object') return { file, error: 'missing "scenario" (the scenario JSON)' };
  return { file, entry: o as CorpusEntry };
}
