#!/usr/bin/env node
// The `srh` command: runs the compiled CLI (built by `npm run build`, which `npm ci` runs via `prepare`).
import { main } from '../dist/src/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`srh: internal error: ${err && err.stack ? err.stack : err}\n`); process.exitCode = 70; },
);
