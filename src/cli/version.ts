// `srh --version`: the version in the package's own package.json, found at run time from this
// module's file (src/cli/ in a checkout, dist/src/cli/ when built or installed).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'spark-retry-harness';

/** The version of the nearest package.json above this module that is srh's own ("unknown" if none). */
export function packageVersion(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
        if (pkg.name === PACKAGE_NAME && typeof pkg.version === 'string') return pkg.version;
      } catch {
        // Not readable JSON: keep looking further up.
      }
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}
