// Whether `srh` would run an old build (issue 13 §1): in a source checkout (src/ beside bin/, which
// an installed package does not ship), dist/ must be newer than every TypeScript source it is
// built from; otherwise the user is told, in one line, to rebuild. Plain JavaScript, so it runs
// before (and without) any build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_DIRS = ['src', 'models', 'properties'];

/** The newest .ts file below `dir`, as { file, mtimeMs }, or null when there is none. */
function newestSource(dir) {
  let newest = null;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const candidate = entry.isDirectory() ? newestSource(path) : entry.name.endsWith('.ts') ? { file: path, mtimeMs: statSync(path).mtimeMs } : null;
    if (candidate !== null && (newest === null || candidate.mtimeMs > newest.mtimeMs)) newest = candidate;
  }
  return newest;
}

/** Why dist/ cannot be run as it is, or null (an installed package, or a build at least as new as its sources). */
export function staleBuildProblem(projectRoot = root) {
  if (!existsSync(join(projectRoot, 'src', 'cli', 'main.ts')) || !existsSync(join(projectRoot, 'tsconfig.json'))) return null;
  const built = join(projectRoot, 'dist', 'src', 'cli', 'main.js');
  if (!existsSync(built)) return 'dist/ is missing (the TypeScript was never built); run `npm run build` first';
  const builtAt = statSync(built).mtimeMs;
  let newest = null;
  for (const d of SOURCE_DIRS) {
    if (!existsSync(join(projectRoot, d))) continue;
    const n = newestSource(join(projectRoot, d));
    if (n !== null && (newest === null || n.mtimeMs > newest.mtimeMs)) newest = n;
  }
  if (newest === null || newest.mtimeMs <= builtAt) return null;
  return `dist/ is older than the sources (${relative(projectRoot, newest.file)} changed after the last build); run \`npm run build\` first`;
}
