// `srh corpus merge DIR... [--into OUT]` (issue 13 §4): the corpora of a sharded campaign's
// machines, merged into one. Entry names are content hashes (corpus-store.ts), so the same
// counterexample from two shards is one file and two different ones never share a name: an entry
// already in OUT is left as it is, a new one is written atomically. An entry that cannot be read,
// or whose name is not the one its content gives, is reported by name and not merged; nothing in
// OUT is ever overwritten or removed.
import { resolve } from 'node:path';
import { corpusDirProblem, entryNameProblem, loadCorpus, saveEntry } from '../harness/corpus-store.js';
import { EXIT, type Io } from './io.js';

export interface MergeOptions {
  into?: string;
  json?: boolean;
}

type MergeStatus = 'added' | 'already' | 'unreadable' | 'misnamed' | 'blocked';

export interface MergedEntry {
  source: string;
  target: string | null;
  status: MergeStatus;
  error?: string;
}

export function corpusMergeCommand(dirs: string[], o: MergeOptions, io: Io): number {
  const into = o.into ?? 'corpus';
  const problem = mergeProblem(dirs, into);
  if (problem !== null) {
    io.err(`srh corpus merge: ${problem}\n`);
    return EXIT.badInput;
  }
  const merged = dirs.flatMap((dir) => mergeDir(dir, into));
  for (const m of merged) if (m.error !== undefined) io.err(`${m.source}: ${m.error}\n`);
  const count = (s: MergeStatus) => merged.filter((m) => m.status === s).length;
  const totals = { added: count('added'), already: count('already'), unreadable: count('unreadable'), misnamed: count('misnamed'), blocked: count('blocked') };
  if (o.json) io.out(JSON.stringify({ into, sources: dirs, entries: merged, ...totals }, null, 2) + '\n');
  else io.out(mergeText(dirs, into, totals));
  return totals.unreadable + totals.misnamed + totals.blocked > 0 ? EXIT.badInput : EXIT.ok;
}

/** Why the directories cannot be merged (checked before anything is written), or null. */
function mergeProblem(dirs: string[], into: string): string | null {
  for (const dir of dirs) {
    const p = corpusDirProblem(dir, true);
    if (p !== null) return p;
    if (resolve(dir) === resolve(into)) return `${dir} is the directory merged into (--into ${into}); give the shards' corpora and another --into`;
  }
  return corpusDirProblem(into, false) === null ? null : `--into ${corpusDirProblem(into, false)}`;
}

function mergeDir(dir: string, into: string): MergedEntry[] {
  return loadCorpus(dir).map((loaded): MergedEntry => {
    if ('error' in loaded) return { source: loaded.file, target: null, status: 'unreadable', error: `${loaded.error} (not merged)` };
    const nameProblem = entryNameProblem(loaded.file, loaded.entry);
    if (nameProblem !== null) return { source: loaded.file, target: null, status: 'misnamed', error: `${nameProblem} (not merged)` };
    const saved = saveEntry(into, loaded.entry);
    if (saved.status === 'blocked')
      return {
        source: loaded.file,
        target: saved.file,
        status: 'blocked',
        error: `not merged: ${saved.file} is there and is not a readable corpus entry (kept as it is); move it away and merge again`,
      };
    return { source: loaded.file, target: saved.file, status: saved.status === 'created' ? 'added' : 'already' };
  });
}

function mergeText(dirs: string[], into: string, t: Record<'added' | 'already' | 'unreadable' | 'misnamed' | 'blocked', number>): string {
  const bad = [
    t.unreadable > 0 ? `${t.unreadable} unreadable` : '',
    t.misnamed > 0 ? `${t.misnamed} misnamed` : '',
    t.blocked > 0 ? `${t.blocked} blocked by an unreadable file in ${into}` : '',
  ].filter((x) => x !== '');
  return `merged ${dirs.length} ${dirs.length === 1 ? 'corpus' : 'corpora'} into ${into}: ${t.added} added, ${t.already} already there${bad.length === 0 ? '' : `, ${bad.join(', ')} (not merged)`}\n`;
}
