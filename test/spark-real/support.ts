// Helpers of the real-Spark suite (npm run test:spark): the backend, opened once per file, and
// the CLI run as a user runs it.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SparkBackend } from '../../src/backend/spark/spark-backend.js';
import type { Scenario } from '../../src/scenario/types.js';
import { scenarioOf } from '../support/run.js';

export const root = resolve(import.meta.dirname, '../..');

export function openBackend(): SparkBackend {
  const b = SparkBackend.open();
  if (typeof b === 'string') throw new Error(`the real-Spark suite needs the runner: ${b}`);
  return b;
}

export function scenarioFile(path: string): Scenario {
  return scenarioOf(JSON.parse(readFileSync(join(root, path), 'utf8')));
}

export function srh(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [join(root, 'bin/srh.js'), ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
