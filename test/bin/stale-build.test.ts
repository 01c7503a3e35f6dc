// bin/srh.js in a source checkout refuses a dist/ older than the TypeScript it is built from, in
// one line; an installed package (no sources) runs whatever its dist/ is. Checked on a small copy
// of the layout, whose dist/ stands in for the CLI, with file times set by hand.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const T0 = new Date('2026-01-01T00:00:00Z');
const later = (s: number) => new Date(T0.getTime() + s * 1000);

function put(base: string, file: string, text: string, at: Date): void {
  mkdirSync(dirname(join(base, file)), { recursive: true });
  writeFileSync(join(base, file), text);
  utimesSync(join(base, file), at, at);
}

/** bin/ as shipped, a dist/ whose CLI prints "ran", and (for a checkout) sources at the given times. */
function layout(sources: Record<string, Date> | null, builtAt: Date | null): string {
  const base = mkdtempSync(join(tmpdir(), 'srh-stale-'));
  mkdirSync(join(base, 'bin'));
  for (const f of ['srh.js', 'stale-build.js']) copyFileSync(join(root, 'bin', f), join(base, 'bin', f));
  writeFileSync(join(base, 'package.json'), '{"type": "module"}');
  if (builtAt !== null) put(base, 'dist/src/cli/main.js', "export async function main() { process.stdout.write('ran\\n'); return 0; }\n", builtAt);
  if (sources !== null) {
    writeFileSync(join(base, 'tsconfig.json'), '{}');
    put(base, 'src/cli/main.ts', '', T0);
    for (const [file, at] of Object.entries(sources)) put(base, file, '', at);
  }
  return base;
}

const srh = (base: string) => {
  const r = spawnSync(process.execPath, [join(base, 'bin', 'srh.js'), 'run', 'x.json'], { cwd: base, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('srh and a stale build', () => {
  it('runs a build newer than every source', () => {
    expect(srh(layout({ 'models/predict.ts': T0 }, later(10)))).toEqual({ code: 0, out: 'ran\n', err: '' });
  });

  it('refuses, in one line naming the file, when a source changed after the build', () => {
    for (const file of ['src/spark/dag-scheduler.ts', 'models/predict.ts', 'properties/invariants/index.ts']) {
      const r = srh(layout({ [file]: later(20) }, later(10)));
      expect(r).toEqual({
        code: 2,
        out: '',
        err: `srh: dist/ is older than the sources (${file} changed after the last build); run \`npm run build\` first\n`,
      });
    }
  });

  it('refuses a checkout that was never built', () => {
    expect(srh(layout({}, null)).err).toBe('srh: dist/ is missing (the TypeScript was never built); run `npm run build` first\n');
  });

  it('an installed package has no sources: its dist/ runs, however old', () => {
    expect(srh(layout(null, T0))).toEqual({ code: 0, out: 'ran\n', err: '' });
  });
});
