// The real-Spark backend (ARCHITECTURE §7): runs validated scenarios on Spark 3.2.0 (or a user's
// build) through one long-lived runner JVM and gives each run's trace, read from the event log
// Spark wrote. A scenario it cannot express is refused before any JVM starts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Scenario } from '../../scenario/types.js';
import type { ScenarioError } from '../../scenario/validate.js';
import type { Trace } from '../../trace/events.js';
import { realBackendProblems } from './expressible.js';
import { realTrace } from './real-trace.js';
import { locateRunner } from './runner-location.js';
import { RunnerProcess } from './runner-process.js';

export interface SparkBackendOptions {
  /** A user's Spark build: its jars/ folder, instead of the Maven Spark 3.2.0 jars. */
  sparkJars?: string;
  /** Wall-clock bound of one real run (default 120 s). */
  timeoutMs?: number;
}

export type RealRunResult =
  { ok: true; trace: Trace; wallMs: number } | { ok: false; refused: ScenarioError[] } | { ok: false; error: string; driverLogTail?: string };

export const DEFAULT_REAL_TIMEOUT_MS = 120_000;

/** What a real campaign needs of a backend: a scenario in, a run (or why not) out. */
export interface RealBackend {
  run(scenario: Scenario): Promise<RealRunResult>;
}

export class SparkBackend implements RealBackend {
  private readonly process: RunnerProcess;
  private readonly timeoutMs: number;

  private constructor(process: RunnerProcess, timeoutMs: number) {
    this.process = process;
    this.timeoutMs = timeoutMs;
  }

  /** The backend, or a one-line problem (no Java, runner not built, bad --spark-jars). */
  static open(options: SparkBackendOptions = {}): SparkBackend | string {
    const location = locateRunner(options.sparkJars);
    if (typeof location === 'string') return location;
    return new SparkBackend(new RunnerProcess(location), options.timeoutMs ?? DEFAULT_REAL_TIMEOUT_MS);
  }

  get jvmStartUpMs(): number | null {
    return this.process.startUpMs;
  }

  get sparkVersion(): string | null {
    return this.process.sparkVersion;
  }

  async run(scenario: Scenario): Promise<RealRunResult> {
    const refused = realBackendProblems(scenario);
    if (refused.length > 0) return { ok: false, refused };
    const workDir = mkdtempSync(join(tmpdir(), 'srh-real-run-'));
    try {
      const answer = await this.process.run({ scenario, workDir, timeoutMs: this.timeoutMs });
      if (!answer.ok) return 'refused' in answer ? { ok: false, refused: [refusalOf(answer.refused)] } : answer;
      if (answer.eventLog === null) return { ok: false, error: `Spark wrote no event log into ${workDir}` };
      const trace = realTrace(answer.eventLog, { timedOut: answer.timedOut, timeoutMs: this.timeoutMs });
      if (typeof trace === 'string') return { ok: false, error: `the real run's event log cannot be read: ${trace}` };
      return { ok: true, trace, wallMs: answer.wallMs };
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  }

  close(): Promise<void> {
    return this.process.close();
  }
}

/** The runner's "faults[i].fail: why" as a scenario error. */
function refusalOf(text: string): ScenarioError {
  const colon = text.indexOf(': ');
  return colon < 0 ? { path: '', message: text } : { path: text.slice(0, colon), message: text.slice(colon + 2) };
}
