// The runner's JVM (issue 10 §1): started once for many scenarios, one JSON line per request and
// per answer. A request that outlives its timeout, or a JVM that dies, is reported for that
// scenario with the tail of the driver's log, and the next request starts a fresh JVM.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { JAVA_MODULE_OPTIONS, type RunnerLocation } from './runner-location.js';

export type RunnerAnswer =
  | { ok: true; eventLog: string | null; checkpoint: string | null; timedOut: boolean; wallMs: number }
  | { ok: false; refused: string }
  | { ok: false; error: string; driverLogTail?: string };

export interface RunnerRequest {
  scenario: unknown;
  workDir: string;
  timeoutMs: number;
}

const STDERR_TAIL_BYTES = 16_384;
/** Set-up and tear-down of a SparkContext on top of the scenario's own timeout, and the JVM's start. */
export interface RunnerTimeouts {
  graceMs: number;
  startMs: number;
}
const DEFAULT_TIMEOUTS: RunnerTimeouts = { graceMs: 60_000, startMs: 120_000 };

type Jvm = ChildProcessByStdio<Writable, Readable, Readable>;

export class RunnerProcess {
  private jvm: Jvm | null = null;
  private lines: AsyncIterator<string> | null = null;
  private stderrTail = '';
  private sparkHome: string | null = null;
  private nextId = 0;
  /** Seconds the last JVM took from spawn to its ready line. */
  startUpMs: number | null = null;
  sparkVersion: string | null = null;

  constructor(
    private readonly location: RunnerLocation,
    private readonly timeouts: RunnerTimeouts = DEFAULT_TIMEOUTS,
  ) {}

  async run(request: RunnerRequest): Promise<RunnerAnswer> {
    const started = await this.ensureStarted();
    if (started !== null) return { ok: false, error: started, driverLogTail: this.stderrTail };
    const id = this.nextId++;
    this.jvm!.stdin.write(JSON.stringify({ id, ...request, sparkHome: this.sparkHome }) + '\n');
    const line = await this.nextLine(request.timeoutMs + this.timeouts.graceMs);
    if (line === null) {
      const tail = this.stderrTail;
      this.kill();
      return {
        ok: false,
        error: `the runner did not answer within ${Math.round((request.timeoutMs + this.timeouts.graceMs) / 1000)} s (it was stopped; the next scenario starts a fresh JVM)`,
        driverLogTail: tail,
      };
    }
    return parseAnswer(line, this.stderrTail);
  }

  private async ensureStarted(): Promise<string | null> {
    if (this.jvm !== null && this.jvm.exitCode === null) return null;
    const t0 = Date.now();
    this.sparkHome ??= makeSparkHome(this.location);
    const { java, runnerJar, sparkJars } = this.location;
    const jvm = spawn(java, [...JAVA_MODULE_OPTIONS, '-cp', `${runnerJar}:${join(sparkJars, '*')}`, 'org.sparkretryharness.runner.Runner'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, SPARK_HOME: this.sparkHome, SPARK_SCALA_VERSION: '2.12', SPARK_LOCAL_HOSTNAME: 'localhost', SPARK_LOCAL_IP: '127.0.0.1' },
    });
    this.jvm = jvm;
    this.stderrTail = '';
    jvm.stderr.setEncoding('utf8');
    jvm.stderr.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL_BYTES);
    });
    jvm.on('error', () => undefined);
    this.lines = createInterface({ input: jvm.stdout })[Symbol.asyncIterator]();
    const ready = await this.nextLine(this.timeouts.startMs);
    if (ready === null) {
      this.kill();
      return `the Spark runner's JVM did not start (${java}); its log ends: ${lastLine(this.stderrTail)}`;
    }
    try {
      this.sparkVersion = (JSON.parse(ready) as { sparkVersion?: string }).sparkVersion ?? null;
    } catch {
      this.kill();
      return `the Spark runner's JVM printed ${JSON.stringify(ready.slice(0, 200))} instead of its ready line`;
    }
    this.startUpMs = Date.now() - t0;
    return null;
  }

  private async nextLine(timeoutMs: number): Promise<string | null> {
    const lines = this.lines;
    if (lines === null) return null;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((res) => {
      timer = setTimeout(() => res(null), timeoutMs);
    });
    const next = lines.next().then((r) => (r.done ? null : r.value));
    const line = await Promise.race([next, timeout]);
    clearTimeout(timer);
    return line;
  }

  private kill(): void {
    this.jvm?.kill('SIGKILL');
    this.jvm = null;
    this.lines = null;
  }

  async close(): Promise<void> {
    const jvm = this.jvm;
    this.jvm = null;
    this.lines = null;
    if (jvm !== null && jvm.exitCode === null) {
      const exited = new Promise<void>((res) => jvm.once('exit', () => res()));
      jvm.stdin.end();
      const timer = setTimeout(() => jvm.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    if (this.sparkHome !== null) rmSync(this.sparkHome, { recursive: true, force: true });
    this.sparkHome = null;
  }
}

function parseAnswer(line: string, stderrTail: string): RunnerAnswer {
  try {
    const a = JSON.parse(line) as RunnerAnswer & { error?: string };
    if (!a.ok && 'error' in a) return { ok: false, error: a.error ?? 'the runner failed', driverLogTail: stderrTail };
    return a;
  } catch {
    return { ok: false, error: `the runner answered with a line that is not JSON: ${line.slice(0, 200)}`, driverLogTail: stderrTail };
  }
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1] || '(nothing)';
}

/**
 * A SPARK_HOME for local-cluster masters: Spark's launcher builds executor commands from
 * SPARK_HOME/jars when a RELEASE file is there (AbstractCommandBuilder), so the folder links every
 * Spark jar and the runner's jar (the executors load the scenario RDDs and the loss plugin).
 */
function makeSparkHome(location: RunnerLocation): string {
  const home = mkdtempSync(join(tmpdir(), 'srh-spark-home-'));
  const jars = join(home, 'jars');
  mkdirSync(jars);
  for (const name of readdirSync(location.sparkJars)) if (name.endsWith('.jar')) symlinkSync(join(location.sparkJars, name), join(jars, name));
  symlinkSync(location.runnerJar, join(jars, basename(location.runnerJar)));
  writeFileSync(join(home, 'RELEASE'), 'Spark 3.2.0 (jars linked by spark-retry-harness)\n');
  return home;
}
