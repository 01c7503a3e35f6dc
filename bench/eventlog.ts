// `npm run bench`, event logs (issue 12 §4): `srh eventlog check` on large logs built for the
// purpose in a temp directory (never committed): Spark 3.2 event lines, TaskEnds carrying the
// metrics of a real Spark 3.2.1 log, 2% of the tasks failing once and retried. Each measure runs
// in a fresh child process, so its peak RSS is its own:
//  - the floor: a plain loop reading the file in chunks, splitting lines and JSON.parse-ing each;
//  - the check: checkEventLog (streaming read, report, every trace invariant), at two sizes;
//  - the whole-trace API (readEventLog + every trace invariant's check) at the smaller size.
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_INVARIANTS } from '../properties/invariants/index.js';
import { readEventLog } from '../src/trace/event-log-reader.js';
import { resolveEventLogPath, isUnreadable } from '../src/trace/event-log-source.js';
import { checkEventLog } from '../src/trace/log-check.js';

const EXECUTORS = 8;
const CORES = 4;
const TASKS_PER_STAGE = 2000;
const EVENTS_PER_JOB = 8170;

/** The metrics of a real TaskEnd (Spark 3.2.1, aqeshuffle_eventlog), reused on every generated one. */
function metricsTemplate(): string {
  const log = resolve(fileURLToPath(import.meta.url), '../../../test/fixtures/spark-event-logs/aqeshuffle_eventlog');
  const line = readFileSync(log, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('{"Event":"SparkListenerTaskEnd"'))!;
  const e = JSON.parse(line);
  return `,"Task Executor Metrics":${JSON.stringify(e['Task Executor Metrics'] ?? {})},"Task Metrics":${JSON.stringify(e['Task Metrics'])}`;
}

const stageInfo = (stage: number, time: number, extra = ''): string =>
  `{"Stage ID":${stage},"Stage Attempt ID":0,"Stage Name":"map at Bench.scala:${stage}","Number of Tasks":${TASKS_PER_STAGE},"RDD Info":[],"Parent IDs":[${stage % 2 === 1 ? stage - 1 : ''}],"Details":"","Submission Time":${time}${extra},"Accumulables":[],"Resource Profile Id":0}`;

const taskInfo = (tid: number, index: number, attempt: number, exec: number, launch: number, finish: number, failed: boolean): string =>
  `{"Task ID":${tid},"Index":${index},"Attempt":${attempt},"Launch Time":${launch},"Executor ID":"${exec}","Host":"host-${exec}","Locality":"PROCESS_LOCAL","Speculative":false,"Getting Result Time":0,"Finish Time":${finish},"Failed":${failed},"Killed":false,"Accumulables":[]}`;

const FAILURE =
  '{"Reason":"ExceptionFailure","Class Name":"java.lang.RuntimeException","Description":"transient","Stack Trace":[],"Full Stack Trace":"java.lang.RuntimeException: transient\\n","Accumulator Updates":[]}';

/** Writes a log of about `events` events; returns how many it wrote. */
export async function writeBenchLog(file: string, events: number): Promise<number> {
  const out = createWriteStream(file);
  const metrics = metricsTemplate();
  let buf: string[] = [];
  let n = 0;
  const emit = async (line: string) => {
    buf.push(line);
    n++;
    if (buf.length >= 2000) {
      if (!out.write(buf.join('\n') + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = [];
    }
  };
  let time = 1_700_000_000_000;
  await emit('{"Event":"SparkListenerLogStart","Spark Version":"3.2.0"}');
  await emit(
    '{"Event":"SparkListenerEnvironmentUpdate","JVM Information":{},"Spark Properties":{"spark.master":"yarn","spark.app.name":"bench"},"Hadoop Properties":{},"System Properties":{},"Classpath Entries":{}}',
  );
  await emit(`{"Event":"SparkListenerApplicationStart","App Name":"bench","App ID":"application_1_0001","Timestamp":${time},"User":"bench"}`);
  for (let e = 1; e <= EXECUTORS; e++)
    await emit(
      `{"Event":"SparkListenerExecutorAdded","Timestamp":${time},"Executor ID":"${e}","Executor Info":{"Host":"host-${e}","Total Cores":${CORES},"Log Urls":{},"Attributes":{},"Resources":{},"Resource Profile Id":0}}`,
    );
  let tid = 0;
  const jobs = Math.max(1, Math.round(events / EVENTS_PER_JOB));
  for (let job = 0; job < jobs; job++) {
    const stages = [2 * job, 2 * job + 1];
    await emit(
      `{"Event":"SparkListenerJobStart","Job ID":${job},"Submission Time":${time},"Stage Infos":[${stages.map((s) => stageInfo(s, time)).join(',')}],"Stage IDs":[${stages.join(',')}],"Properties":{}}`,
    );
    for (const stage of stages) {
      await emit(`{"Event":"SparkListenerStageSubmitted","Stage Info":${stageInfo(stage, time)},"Properties":{}}`);
      const running: { tid: number; index: number; attempt: number; exec: number; launch: number }[] = [];
      const todo: { index: number; attempt: number }[] = [];
      for (let i = TASKS_PER_STAGE - 1; i >= 0; i--) todo.push({ index: i, attempt: 0 });
      while (todo.length > 0 || running.length > 0) {
        while (running.length < EXECUTORS * CORES && todo.length > 0) {
          const t = todo.pop()!;
          const exec = 1 + (tid % EXECUTORS);
          running.push({ tid, ...t, exec, launch: ++time });
          await emit(
            `{"Event":"SparkListenerTaskStart","Stage ID":${stage},"Stage Attempt ID":0,"Task Info":${taskInfo(tid++, t.index, t.attempt, exec, time, 0, false)}}`,
          );
        }
        const t = running.shift()!;
        const fails = t.attempt === 0 && (t.index * 7919 + stage) % 50 === 0;
        await emit(
          `{"Event":"SparkListenerTaskEnd","Stage ID":${stage},"Stage Attempt ID":0,"Task Type":"${stage % 2 === 0 ? 'ShuffleMapTask' : 'ResultTask'}","Task End Reason":${fails ? FAILURE : '{"Reason":"Success"}'},"Task Info":${taskInfo(t.tid, t.index, t.attempt, t.exec, t.launch, ++time, fails)}${metrics}}`,
        );
        if (fails) todo.push({ index: t.index, attempt: 1 });
      }
      await emit(`{"Event":"SparkListenerStageCompleted","Stage Info":${stageInfo(stage, time, `,"Completion Time":${time}`)}}`);
    }
    await emit(`{"Event":"SparkListenerJobEnd","Job ID":${job},"Completion Time":${time},"Job Result":{"Result":"JobSucceeded"}}`);
  }
  await emit(`{"Event":"SparkListenerApplicationEnd","Timestamp":${time}}`);
  out.end(buf.join('\n') + '\n');
  await new Promise<void>((r) => out.once('finish', () => r()));
  return n;
}

/** The floor: read in chunks, split lines, JSON.parse each. */
async function floor(file: string): Promise<number> {
  let n = 0;
  let carry: Buffer | null = null;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    let buf = chunk as Buffer;
    if (carry !== null) buf = Buffer.concat([carry, buf]);
    let start = 0;
    for (let nl = buf.indexOf(10); nl >= 0; nl = buf.indexOf(10, start)) {
      if (nl > start) {
        JSON.parse(buf.toString('utf8', start, nl));
        n++;
      }
      start = nl + 1;
    }
    carry = start < buf.length ? buf.subarray(start) : null;
  }
  return n;
}

async function check(file: string): Promise<number> {
  const r = resolveEventLogPath(file);
  if (r.kind !== 'log' || isUnreadable(r.log)) throw new Error(`bench log unreadable: ${file}`);
  const c = await checkEventLog(r.log, { maxFailures: null });
  if (isUnreadable(c)) throw new Error(c.error);
  const bad = c.invariants.filter((i) => !i.holds);
  if (bad.length > 0) throw new Error(`bench log violates ${bad.map((i) => `${i.id}: ${i.violations[0].message}`).join('; ')}`);
  if (c.report.retriedIndices.length === 0) throw new Error('bench log: no retried index in the report');
  return c.events;
}

function whole(file: string): number {
  const r = readEventLog(file);
  if (!r.ok) throw new Error(r.error);
  const bad = ALL_INVARIANTS.filter((i) => i.needs === 'trace' && i.check({ events: r.events }).length > 0);
  if (bad.length > 0) throw new Error(`bench log violates ${bad.map((i) => i.id).join(', ')}`);
  return r.events.length;
}

/** In the child: one measure, printed as JSON. */
export async function eventlogChild(mode: string, file: string): Promise<void> {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const events = mode === 'floor' ? await floor(file) : mode === 'check' ? await check(file) : whole(file);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(c0);
  process.stdout.write(JSON.stringify({ events, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakMb: process.resourceUsage().maxRSS / 1024 }));
}

interface Measure {
  events: number;
  seconds: number;
  /** CPU time of the process (all its threads), a steadier measure on a shared machine. */
  cpuSeconds: number;
  peakMb: number;
}

function measure(mode: string, file: string): Measure {
  const out = execFileSync(process.execPath, [fileURLToPath(new URL('./run.js', import.meta.url)), '--eventlog-child', mode, file], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out) as Measure;
}

const rate = (m: Measure): string => `${Math.round(m.events / m.seconds).toLocaleString('en-US')} events/s`;
const line = (what: string, m: Measure): string =>
  `  ${what}: ${m.events.toLocaleString('en-US')} events in ${m.seconds.toFixed(2)} s = ${rate(m)}, peak RSS ${m.peakMb.toFixed(0)} MB`;

export async function eventlogBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'srh-bench-eventlog-'));
  try {
    const small = join(dir, 'small');
    const big = join(dir, 'big');
    await writeBenchLog(small, 800_000);
    await writeBenchLog(big, 1_600_000);
    console.log('srh eventlog check on generated Spark 3.2 logs (TaskEnds with real metrics, 2% of tasks retried once):');
    // Best of two alternating rounds on the large log: a busy neighbour in one round does not decide the ratio.
    const floors: Measure[] = [];
    const checks: Measure[] = [];
    for (let round = 0; round < 2; round++) {
      floors.push(measure('floor', big));
      checks.push(measure('check', big));
    }
    const best = (ms: Measure[]) => ms.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const f = best(floors);
    const c = best(checks);
    console.log(line('JSON.parse floor, large log', f));
    console.log(line('eventlog check, large log', c));
    console.log(line('eventlog check, small log', measure('check', small)));
    console.log(
      `  eventlog check runs at ${((100 * f.seconds) / c.seconds).toFixed(0)}% of the floor's speed (target >= 50%); peak memory target <= 200 MB at both sizes`,
    );
    console.log(line('whole-trace API (readEventLog + every check), small log', measure('whole', small)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
