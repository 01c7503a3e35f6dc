// The reference model is a second statement of the semantics: it may read the scenario format
// (src/scenario) and the run summary's types (src/trace/summary), never the simulator itself.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const models = resolve(import.meta.dirname, '../../models');
const ALLOWED = [/^\.\/[a-z-]+\.js$/, /^\.\.\/src\/scenario\/[a-z-]+\.js$/, /^\.\.\/src\/trace\/summary\.js$/];

describe('models/ is independent of the simulator', () => {
  const files = readdirSync(models).filter((f) => f.endsWith('.ts'));

  it.each(files)('%s imports only the model, the scenario format and the summary types', (file) => {
    const text = readFileSync(join(models, file), 'utf8');
    const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports.filter((i) => !ALLOWED.some((re) => re.test(i)))).toEqual([]);
  });
});
