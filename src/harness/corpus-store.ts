// The regression corpus (ARCHITECTURE §6): one JSON file per counterexample, named by a short
// content hash so the same counterexample is stored once. Writes are atomic (temp file +
// rename); an unreadable entry (not a regular file, not strict JSON: a duplicate key is an error)
// is reported by name and never overwritten or deleted.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { readRegularFile } from '../scenario/input-file.js';
import type { ScenarioInput } from '../scenario/schema.js';
import { duplicateKeyMessage, parseStrictJson } from '../scenario/strict-json.js';
import { formatPath } from '../scenario/validate.js';

export interface CorpusEntry {
  corpus: 1;
  property: string;
  scenario: ScenarioInput;
  seed: number;
  path: string;
  found: string;
  note: string;
  /** Extension: "spark" for a counterexample found on real Spark (replayed there); absent: the simulator. */
  backend?: 'spark';
}

export function entryFileName(property: string, scenario: ScenarioInput, backend?: 'spark'): string {
  const key = backend === undefined ? `${property}\n${JSON.stringify(scenario)}` : `${backend}\n${property}\n${JSON.stringify(scenario)}`;
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 12);
  return `${backend === undefined ? '' : `${backend}-`}${property.replace(/[^A-Za-z0-9_-]/g, '_')}-${hash}.json`;
}

/**
 * Saves the entry unless a file of its name is there: `exists` when that file is this
 * counterexample already, `blocked` when it is unreadable (it is kept, never overwritten).
 */
export function saveEntry(dir: string, entry: CorpusEntry): { file: string; status: 'created' | 'exists' | 'blocked' } {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, entryFileName(entry.property, entry.scenario, entry.backend));
  if (existsSync(file)) return { file, status: 'entry' in loadEntry(file) ? 'exists' : 'blocked' };
  writeFileAtomic(file, JSON.stringify(entry, null, 2) + '\n');
  return { file, status: 'created' };
}

/** Why `dir` cannot be a corpus directory, or null when it can (it may not exist yet). */
export function corpusDirProblem(dir: string, mustExist: boolean): string | null {
  if (!existsSync(dir)) return mustExist ? `${dir}: no such directory; give the corpus directory (default: corpus)` : null;
  if (!statSync(dir).isDirectory()) return `${dir}: a file, not a directory; give the corpus directory (default: corpus)`;
  try {
    readdirSync(dir);
  } catch (e) {
    return `${dir}: cannot read the directory (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); check its permissions`;
  }
  return null;
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

/** One entry: a regular file of strict JSON (no duplicate key), then the envelope's fields. */
export function loadEntry(file: string): LoadedEntry {
  const read = readRegularFile(file);
  if (!read.ok) return { file, error: `cannot read the corpus entry (${read.why}); give the path of a corpus entry JSON file` };
  const parsed = parseStrictJson(read.text);
  if ('syntax' in parsed) return { file, error: `not a readable JSON corpus entry (${parsed.syntax.message.split('\n')[0]}); fix or remove the file` };
  if ('duplicate' in parsed) return { file, error: `${formatPath(parsed.duplicate.path)}: ${duplicateKeyMessage(parsed.duplicate)}` };
  const o = parsed.value as Partial<CorpusEntry>;
  if (o === null || typeof o !== 'object' || Array.isArray(o))
    return { file, error: 'not a JSON object; a corpus entry is {"corpus": 1, "property": ..., "scenario": {...}, ...}' };
  if (o.corpus === undefined) return { file, error: 'missing "corpus": 1; this is not a corpus entry of format 1' };
  if (o.corpus !== 1) return { file, error: `unsupported corpus format version ${JSON.stringify(o.corpus)}; this srh reads version 1` };
  if (typeof o.property !== 'string') return { file, error: 'missing "property" (the property the scenario failed)' };
  if (o.scenario === null || typeof o.scenario !== 'object') return { file, error: 'missing "scenario" (the scenario JSON)' };
  if (o.backend !== undefined && o.backend !== 'spark')
    return {
      file,
      error: `backend: ${JSON.stringify(o.backend)} is no backend; an entry found on real Spark says "spark", one found on the simulator says nothing`,
    };
  return { file, entry: o as CorpusEntry };
}

/**
 * Why the entry's file name is not the one its content gives (property, backend and the hash of
 * its scenario), or null: a renamed entry, or one whose scenario was edited, would not be found
 * again as the same counterexample, and a second save of it would store a duplicate.
 */
export function entryNameProblem(file: string, entry: CorpusEntry): string | null {
  const want = entryFileName(entry.property, entry.scenario, entry.backend);
  const have = basename(file);
  if (have === want) return null;
  const prefix = want.slice(0, want.lastIndexOf('-') + 1);
  const why = have.startsWith(prefix)
    ? 'its scenario does not have the content hash its name says (edited after it was saved?)'
    : `its name does not say its property ${JSON.stringify(entry.property)}${entry.backend ? ` and backend ${entry.backend}` : ''}`;
  return `name: ${why}; its content gives the name ${want}: rename the file to that (or restore the scenario it was saved with)`;
}
