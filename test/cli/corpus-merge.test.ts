// srh corpus merge (issue 13 §4): shards' corpora joined by their content-hash names. A new entry
// is added, one already there is kept as it is, and an unreadable or misnamed entry is reported
// by name and not merged; a file in the target is never overwritten.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const srh = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(root, 'bin/srh.js'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const entries = readdirSync(join(root, 'corpus'))
  .filter((f) => f.endsWith('.json'))
  .sort();
const base = mkdtempSync(join(tmpdir(), 'srh-merge-'));
let n = 0;
function corpusOf(files: string[]): string {
  const d = join(base, `c${n++}`);
  mkdirSync(d);
  for (const f of files) copyFileSync(join(root, 'corpus', f), join(d, f));
  return d;
}

describe('srh corpus merge DIR... --into OUT', () => {
  it('adds what is new, keeps what is there, and counts both', () => {
    const a = corpusOf(entries.slice(0, 2));
    const b = corpusOf(entries.slice(1));
    const into = join(base, 'merged');
    const r = srh('corpus', 'merge', a, b, '--into', into);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe(`merged 2 corpora into ${into}: ${entries.length} added, 1 already there\n`);
    expect(readdirSync(into).sort()).toEqual(entries);
    const again = srh('corpus', 'merge', a, '--into', into, '--json');
    expect(JSON.parse(again.out)).toMatchObject({ added: 0, already: 2 });
    expect(srh('corpus', 'check', into).code).toBe(0);
  });

  it('an unreadable or misnamed entry is named, not merged, and the exit is 2; the rest is merged', () => {
    const a = corpusOf(entries.slice(0, 1));
    writeFileSync(join(a, 'broken.json'), '{"corpus": 1,');
    const misnamed = join(a, 'model-000000000000.json');
    copyFileSync(join(root, 'corpus', entries[1]), misnamed);
    const into = join(base, 'merged-bad');
    const r = srh('corpus', 'merge', a, '--into', into);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/broken\.json: not a readable JSON corpus entry .*\(not merged\)$/m);
    expect(r.err).toMatch(/model-000000000000\.json: name: .*\(not merged\)$/m);
    expect(readdirSync(into)).toEqual([entries[0]]);
  });

  it('a file in the target that is not a corpus entry is kept, and the entry of its name is not merged', () => {
    const a = corpusOf(entries.slice(0, 1));
    const into = join(base, 'merged-blocked');
    mkdirSync(into);
    writeFileSync(join(into, entries[0]), 'not json');
    const r = srh('corpus', 'merge', a, '--into', into);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/kept as it is/);
    expect(readFileSync(join(into, entries[0]), 'utf8')).toBe('not json');
  });

  it.each([
    [['corpus', 'merge', '/nonexistent/shard-1'], /^srh corpus merge: \/nonexistent\/shard-1: no such directory/],
    [['corpus', 'merge', 'corpus', '--into', 'corpus'], /^srh corpus merge: corpus is the directory merged into/],
  ])('%j is refused on one line', (args, message) => {
    const r = srh(...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  });
});
