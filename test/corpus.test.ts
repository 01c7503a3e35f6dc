// The shipped regression corpus: every counterexample the harness once found must now hold.
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../src/harness/corpus-store.js';
import { selectProperties } from '../src/harness/property-catalogue.js';
import { runScenario } from '../src/harness/scenario-run.js';

const entries = loadCorpus(join(resolve(import.meta.dirname, '..'), 'corpus'));

describe('regression corpus', () => {
  it('has readable entries', () => {
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) expect('error' in e ? `${e.file}: ${e.error}` : null).toBeNull();
  });

  it.each(entries.filter((e): e is Extract<typeof e, { entry: unknown }> => 'entry' in e).map((e) => [e.file.split('/').at(-1)!, e] as const))(
    '%s holds',
    (_name, e) => {
      const [p] = selectProperties(e.entry.property);
      expect(p, `unknown property ${e.entry.property}`).toBeDefined();
      expect(p.check(runScenario(e.entry.scenario))).toEqual([]);
    },
  );
});
