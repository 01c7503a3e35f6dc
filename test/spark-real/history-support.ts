// Helpers of the History Server tests (issue 12 §5): Spark 3.2.0's own replay of written logs
// (the runner jar's HistoryReplay main), the real HistoryServer started from the same jars on a
// free port, and Debian's headless Chromium to render its pages.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { JAVA_MODULE_OPTIONS, locateRunner, type RunnerLocation } from '../../src/backend/spark/runner-location.js';

export interface ReplayedTask {
  taskId: number;
  stageId: number;
  stageAttemptId: number;
  index: number;
  attempt: number;
  executorId: string;
  host: string;
  status: string;
  errorMessage: string | null;
  hasMetrics: boolean;
  launchTime: number;
}

export interface StreamingEvent {
  event: 'started' | 'progress' | 'terminated';
  runId: string;
  id?: string;
  name?: string | null;
  batchId?: number;
  exception?: string | null;
}

/** What HistoryReplay.java reports for one log directory. */
export interface HistoryReport {
  dir: string;
  replay: { ok: boolean; lines: number; posted: number; streaming: StreamingEvent[] };
  applications: {
    id: string;
    name: string;
    attempts: { attemptId: string | null; startTime: number; endTime: number; completed: boolean; sparkUser: string; appSparkVersion: string }[];
  }[];
  jobs?: { jobId: number; status: string; stageIds: number[]; numFailedTasks: number; numKilledTasks: number }[];
  stages?: { stageId: number; attemptId: number; status: string; failureReason: string | null }[];
  tasks?: ReplayedTask[];
  executors?: { id: string; hostPort: string; isActive: boolean; totalCores: number; removeReason: string | null }[];
  queries?: { id: string; runId: string; name: string | null; isActive: boolean; batches: number[] }[];
  problems: string[];
}

export function runner(): RunnerLocation {
  const location = locateRunner();
  if (typeof location === 'string') throw new Error(`the History Server tests need the runner: ${location}`);
  return location;
}

const classpath = (l: RunnerLocation) => `${l.runnerJar}:${l.sparkJars}/*`;

/** Each directory (one log in each) through Spark's FsHistoryProvider and ReplayListenerBus, in one JVM. */
export function historyReplay(dirs: readonly string[]): HistoryReport[] {
  const l = runner();
  const r = spawnSync(l.java, [...JAVA_MODULE_OPTIONS, '-cp', classpath(l), 'org.sparkretryharness.runner.HistoryReplay', ...dirs], {
    encoding: 'utf8',
    maxBuffer: 256 << 20,
    timeout: 600_000,
  });
  if (r.status !== 0) throw new Error(`HistoryReplay exited ${r.status}: ${r.stderr.slice(-2000)}`);
  return r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as HistoryReport);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface HistoryServer {
  url: string;
  stop(): Promise<void>;
}

/** org.apache.spark.deploy.history.HistoryServer on `logDir`, once its REST API lists `appId`. */
export async function startHistoryServer(logDir: string, appId: string): Promise<HistoryServer> {
  const l = runner();
  const port = await freePort();
  const props = [`-Dspark.history.fs.logDirectory=${logDir}`, `-Dspark.history.ui.port=${port}`, '-Dspark.history.fs.update.interval=1s'];
  const jvm = spawn(l.java, [...JAVA_MODULE_OPTIONS, ...props, '-cp', classpath(l), 'org.apache.spark.deploy.history.HistoryServer'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  jvm.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-20_000)));
  const url = `http://127.0.0.1:${port}`;
  const stop = () => stopProcess(jvm);
  try {
    await waitFor(async () => ((await getJson(`${url}/api/v1/applications`)) as { id: string }[] | null)?.some((a) => a.id === appId) === true, 180_000);
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}; the History Server's log ends: ${log.slice(-3000)}`);
  }
  return { url, stop };
}

async function getJson(url: string): Promise<unknown> {
  try {
    const r = await fetch(url);
    return r.ok ? await r.json() : null;
  } catch {
    return null;
  }
}

async function waitFor(ready: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ready()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the History Server did not list the application within ${timeoutMs / 1000} s`);
}

function stopProcess(p: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) return resolve();
    p.once('exit', () => resolve());
    p.kill('SIGTERM');
  });
}

/** Debian's headless Chromium, no browser download: `args` after the fixed flags; stdout back. */
export function chromium(userDataDir: string, args: readonly string[]): string {
  const flags = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-dev-shm-usage',
    `--user-data-dir=${userDataDir}`,
  ];
  const r = spawnSync('chromium', [...flags, ...args], { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 180_000 });
  if (r.error !== undefined)
    throw new Error(`chromium could not run (${r.error.message}); install Debian's chromium (apt-get install -y chromium), as .ci/run does`);
  if (r.status !== 0) throw new Error(`chromium exited ${r.status}: ${r.stderr.slice(-2000)}`);
  return r.stdout;
}
