#!/usr/bin/env node
// The `srh` command: runs the compiled CLI (built by `npm run build`, which `npm ci` runs via `prepare`).
// In a source checkout it first makes sure dist/ is not older than the TypeScript it is built from.
import { staleBuildProblem } from './stale-build.js';

const stale = staleBuildProblem();
if (stale !== null) {
  process.stderr.write(`srh: ${stale}\n`);
  process.exit(2);
}

// Source maps are on before the CLI loads, so a crash's stack (a no-crash counterexample, a
// checker error, an internal error) names the TypeScript sources; a deeper stack reaches past the
// simulator's event loop to the harness frame that caught it.
process.setSourceMapsEnabled(true);
Error.stackTraceLimit = 40;
const { main } = await import('../dist/src/cli/main.js');

// A reader that stops early (`srh check | head`) closes the pipe: stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`srh: internal error: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 70;
  },
);
