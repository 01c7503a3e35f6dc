// The options every command that can run on real Spark shares (--backend, --spark-jars,
// --spark-timeout), parsed once, and the one-line reports of a real run that did not happen.
import { SparkBackend, type RealRunResult } from '../backend/spark/spark-backend.js';
import { formatScenarioError } from '../scenario/validate.js';
import { EXIT, type Io } from './io.js';

export type BackendName = 'sim' | 'spark';

export interface BackendOptions {
  backend?: BackendName;
  sparkJars?: string;
  sparkTimeout?: string;
}

export const BACKENDS: readonly BackendName[] = ['sim', 'spark'];

/** The real backend, or null after printing why it cannot run (exit 2). */
export function openSparkBackend(command: string, opts: BackendOptions, io: Io): SparkBackend | null {
  let timeoutMs: number | undefined;
  if (opts.sparkTimeout !== undefined) {
    const s = Number(opts.sparkTimeout);
    if (!Number.isFinite(s) || s <= 0) {
      io.err(`${command}: --spark-timeout ${opts.sparkTimeout} is not a positive number of seconds; give, say, --spark-timeout 120\n`);
      return null;
    }
    timeoutMs = Math.round(s * 1000);
  }
  const backend = SparkBackend.open({ sparkJars: opts.sparkJars, timeoutMs });
  if (typeof backend === 'string') {
    io.err(`${command} --backend spark: ${backend}\n`);
    return null;
  }
  return backend;
}

/** A refused scenario is bad input (exit 2); a runner failure is reported with the driver log's tail (exit 2). */
export function reportRealFailure(command: string, file: string, result: Exclude<RealRunResult, { ok: true }>, io: Io): number {
  if ('refused' in result) {
    for (const e of result.refused) io.err(`${formatScenarioError(file, e)} (not expressible on real Spark)\n`);
    return EXIT.badInput;
  }
  io.err(`${command}: ${file}: the real run failed: ${result.error}\n`);
  if (result.driverLogTail) io.err(`--- the driver log's last lines:\n${tailLines(result.driverLogTail, 20)}\n`);
  return EXIT.badInput;
}

function tailLines(text: string, n: number): string {
  return text.trimEnd().split('\n').slice(-n).join('\n');
}
