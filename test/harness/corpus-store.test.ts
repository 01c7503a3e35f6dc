// The regression corpus store: content-hash names, atomic writes, no duplicates, and bad
// entries reported by name and never touched.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDirProblem, entryFileName, loadCorpus, saveEntry, type CorpusEntry } from '../../src/harness/corpus-store.js';

const entry = (property: string, seed: number): CorpusEntry => ({
  corpus: 1,
  property,
  scenario: { scenario: 1, seed, cluster: { master: 'local[1]' }, workload: { mode: 'batch', rdds: [{ id: 0, partitions: 1 }], jobs: [{ rdd: 0 }] } },
  seed: 3,
  path: '0:1',
  found: '2026-11-24T00:00:00.000Z',
  note: 'example',
});

describe('corpus store', () => {
  it('stores the same counterexample once, under a content-hash name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'srh-corpus-'));
    const a = saveEntry(dir, entry('I5', 1));
    const b = saveEntry(dir, { ...entry('I5', 1), found: '2027-01-01T00:00:00.000Z' });
    expect(a.status).toBe('created');
    expect(b).toEqual({ file: a.file, status: 'exists' });
    expect(JSON.parse(readFileSync(a.file, 'utf8')).found).toBe('2026-11-24T00:00:00.000Z');
    expect(saveEntry(dir, entry('I5', 2)).status).toBe('created');
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(a.file.endsWith(entryFileName('I5', entry('I5', 1).scenario))).toBe(true);
  });

  it('reports an unreadable entry by name and leaves it as it is', () => {
    const dir = mkdtempSync(join(tmpdir(), 'srh-corpus-'));
    saveEntry(dir, entry('model', 1));
    const bad = join(dir, 'broken.json');
    writeFileSync(bad, '{"corpus": 1, "prop');
    const loaded = loadCorpus(dir);
    expect(loaded).toHaveLength(2);
    const err = loaded.find((l) => l.file === bad)!;
    expect('error' in err && err.error).toContain('not a readable JSON corpus entry');
    expect(readFileSync(bad, 'utf8')).toBe('{"corpus": 1, "prop');
  });

  it('never overwrites an unreadable file that has the entry\'s name: the save is "blocked"', () => {
    const dir = mkdtempSync(join(tmpdir(), 'srh-corpus-'));
    const file = join(dir, entryFileName('I5', entry('I5', 1).scenario));
    writeFileSync(file, 'garbage');
    expect(saveEntry(dir, entry('I5', 1))).toEqual({ file, status: 'blocked' });
    expect(readFileSync(file, 'utf8')).toBe('garbage');
  });

  it('a duplicate key in an entry, in its envelope or its scenario, is an error naming the path; the file is kept', () => {
    const dir = mkdtempSync(join(tmpdir(), 'srh-corpus-'));
    const text = JSON.stringify(entry('I5', 1)).replace('"seed":1,', '"seed":1,"seed":9,');
    writeFileSync(join(dir, 'dup.json'), text);
    writeFileSync(join(dir, 'dup2.json'), JSON.stringify(entry('I5', 1)).replace('"property":"I5",', '"property":"I5","property":"model",'));
    const [a, b] = loadCorpus(dir);
    const first = text.indexOf('"seed":1,') + 1;
    expect('error' in a && a.error).toBe(
      `scenario.seed: duplicate key "seed" (line 1, column ${first}, again at line 1, column ${first + 9}); JSON would keep only the last value: remove one of them`,
    );
    expect('error' in b && b.error).toMatch(/^property: duplicate key "property" /);
    expect(readFileSync(join(dir, 'dup.json'), 'utf8')).toBe(text);
  });

  it('names the version it reads when an entry has another', () => {
    const dir = mkdtempSync(join(tmpdir(), 'srh-corpus-'));
    writeFileSync(join(dir, 'v2.json'), JSON.stringify({ ...entry('I5', 1), corpus: 2 }));
    const [l] = loadCorpus(dir);
    expect('error' in l && l.error).toBe('unsupported corpus format version 2; this srh reads version 1');
  });

  it('a corpus directory must be a directory; it must exist only to be read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'srh-corpus-'));
    const file = join(dir, 'f');
    writeFileSync(file, '');
    expect(corpusDirProblem(file, false)).toBe(`${file}: a file, not a directory; give the corpus directory (default: corpus)`);
    expect(corpusDirProblem(join(dir, 'none'), true)).toContain('no such directory');
    expect(corpusDirProblem(join(dir, 'none'), false)).toBeNull();
    expect(corpusDirProblem(dir, true)).toBeNull();
  });
});
