// Written event logs replayed by Spark 3.2.0's own History Server code (issue 12 §5): every
// example and generated scenarios of all three modes are simulated, written by `srh run
// --eventlog`'s writer, and handed to FsHistoryProvider (and a strict ReplayListenerBus pass) from
// the real jars. Spark must read every one of its events, log no problem but the project's own
// events it drops, and rebuild the application, jobs, stages, tasks, executors and streaming
// queries the run summary describes.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMALL, scenarioArbitrary, type Mode } from '../../properties/arbitraries/scenario.js';
import { runScenario, type ScenarioRun } from '../../src/harness/scenario-run.js';
import { DEFAULT_START_TIME_MS } from '../../src/scenario/types.js';
import type { TraceEvent } from '../../src/trace/events.js';
import { writeSparkEventLog } from '../../src/trace/spark-log-writer.js';
import type { TaskSummary } from '../../src/trace/summary.js';
import { historyReplay, type HistoryReport } from './history-support.js';
import { root } from './support.js';

const tmp = mkdtempSync(join(tmpdir(), 'srh-history-replay-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const exampleFiles = [
  ...readdirSync(join(root, 'examples')).map((f) => `examples/${f}`),
  ...readdirSync(join(root, 'test/spark-real/scenarios')).map((f) => `test/spark-real/scenarios/${f}`),
].filter((f) => f.endsWith('.json'));

/** Six generated scenarios per mode, fixed seed; every third one starts at a time of its own. */
function generated(mode: Mode): [string, unknown][] {
  const inputs = fc.sample(scenarioArbitrary({ ...SMALL, modes: [mode] }), { seed: 1205, numRuns: 6 });
  return inputs.map((input, i) => [`${mode} ${i}`, i % 3 === 2 ? { ...input, startTimeMs: 1_700_000_000_000 + i } : input]);
}

const cases: [string, unknown][] = [
  ...exampleFiles.map((f): [string, unknown] => [f, JSON.parse(readFileSync(join(root, f), 'utf8'))]),
  ...(['batch', 'microBatch', 'continuous'] as const).flatMap(generated),
];

const runs = new Map<string, ScenarioRun>();
const reports = new Map<string, HistoryReport>();

beforeAll(() => {
  const dirs: string[] = [];
  cases.forEach(([name, input], i) => {
    const run = runScenario(input as Parameters<typeof runScenario>[0]);
    runs.set(name, run);
    const dir = join(tmp, `log-${i}`);
    mkdirSync(dir);
    // As the History Server expects: a log still being written (a run stopped by a limit) is .inprogress.
    const appId = appIdOf(run.trace.events);
    writeSparkEventLog(join(dir, run.trace.status === 'finished' ? appId : `${appId}.inprogress`), run.trace, run.scenario);
    dirs.push(dir);
  });
  historyReplay(dirs).forEach((r, i) => reports.set(cases[i][0], r));
}, 600_000);

function appIdOf(events: readonly TraceEvent[]): string {
  const start = events.find((e) => e.Event === 'SparkListenerApplicationStart');
  return start?.Event === 'SparkListenerApplicationStart' ? start['App ID'] : 'app';
}

describe("Spark 3.2.0's History Server code replays every written log", () => {
  it('covers the examples and every mode, with failures, aborts, skipped stages and streaming queries', () => {
    expect(cases.length).toBe(exampleFiles.length + 18);
    const summaries = [...runs.values()].map((r) => r.summary);
    expect(summaries.some((s) => s.jobs.some((j) => j.result === 'JobFailed'))).toBe(true);
    expect(summaries.some((s) => s.stages.some((st) => st.status === 'skipped'))).toBe(true);
    expect(summaries.some((s) => s.query?.committedBatches !== undefined && s.query.committedBatches.length > 0)).toBe(true);
    expect(summaries.some((s) => s.tasks.some((t) => t.reason === 'ExecutorLostFailure'))).toBe(true);
  });

  it.each(cases.map(([name]) => name))('%s: Spark reads every event and logs no problem', (name) => {
    const report = reports.get(name)!;
    const events = runs.get(name)!.trace.events;
    expect(report.replay.ok).toBe(true);
    const lines = report.replay.lines;
    const oursWritten = readdirSync(report.dir).length === 1 ? countOurs(report.dir) : NaN;
    expect(report.replay.posted).toBe(lines - oursWritten);
    expect(oursWritten).toBeGreaterThan(0);
    expect(events.length).toBeGreaterThan(0);
    expect(
      report.problems.filter((p) => !/^WARN org\.apache\.spark\.scheduler\.ReplayListenerBus: Drop unrecognized event: SparkRetryHarness\w+$/.test(p)),
    ).toEqual([]);
  });

  it.each(cases.map(([name]) => name))("%s: the application, jobs and stages are the run summary's", (name) => {
    const report = reports.get(name)!;
    const run = runs.get(name)!;
    const finished = run.trace.status === 'finished';
    const origin = run.scenario.startTimeMs ?? DEFAULT_START_TIME_MS;
    expect(report.applications).toHaveLength(1);
    const [app] = report.applications;
    expect(app.id).toBe(appIdOf(run.trace.events));
    const attempt = app.attempts[0];
    expect({
      attemptId: attempt.attemptId,
      completed: attempt.completed,
      sparkUser: attempt.sparkUser,
      version: attempt.appSparkVersion,
      start: attempt.startTime,
    }).toEqual({ attemptId: null, completed: finished, sparkUser: 'srh', version: '3.2.0', start: origin });
    if (finished) expect(attempt.endTime).toBe(origin + run.trace.endTimeMs);
    const jobStatus = { JobSucceeded: 'SUCCEEDED', JobFailed: 'FAILED', Running: 'RUNNING' } as const;
    expect(
      sortBy(
        report.jobs!.map((j) => ({ jobId: j.jobId, status: j.status })),
        'jobId',
      ),
    ).toEqual(run.summary.jobs.map((j) => ({ jobId: j.jobId, status: jobStatus[j.result] })));
    const stageStatus = { succeeded: 'COMPLETE', failed: 'FAILED', skipped: finished ? 'SKIPPED' : '(SKIPPED|PENDING)', running: 'ACTIVE' } as const;
    const stages = [...report.stages!].sort((a, b) => a.stageId - b.stageId || a.attemptId - b.attemptId);
    expect(stages.map((s) => [s.stageId, s.attemptId])).toEqual(run.summary.stages.map((s) => [s.stageId, s.attemptId]));
    // A stage attempt with no task to run is posted without a submission time (DAGScheduler
    // submitMissingTasks, 3.2.0), which Spark's AppStatusListener shows as SKIPPED when it completes.
    const unsubmitted = new Set(
      run.trace.events.flatMap((e) =>
        e.Event === 'SparkListenerStageCompleted' && e['Stage Info']['Submission Time'] === undefined
          ? [`${e['Stage Info']['Stage ID']}.${e['Stage Info']['Stage Attempt ID']}`]
          : [],
      ),
    );
    run.summary.stages.forEach((s, i) => {
      const want = s.status === 'succeeded' && unsubmitted.has(`${s.stageId}.${s.attemptId}`) ? 'SKIPPED' : stageStatus[s.status];
      expect(stages[i].status, `stage ${s.stageId}.${s.attemptId}`).toMatch(new RegExp(`^${want}$`));
      expect(stages[i].failureReason).toBe(s.failureReason ?? null);
    });
  });

  it.each(cases.map(([name]) => name))("%s: every task attempt is the run summary's", (name) => {
    const report = reports.get(name)!;
    const run = runs.get(name)!;
    const origin = run.scenario.startTimeMs ?? DEFAULT_START_TIME_MS;
    const killReasons = killReasonsOf(run.trace.events);
    const launches = new Map(
      run.trace.events.flatMap((e) => (e.Event === 'SparkListenerTaskStart' ? [[e['Task Info']['Task ID'], e['Task Info']['Launch Time']] as const] : [])),
    );
    const tasks = sortBy([...report.tasks!], 'taskId');
    expect(tasks.map((t) => t.taskId)).toEqual(run.summary.tasks.map((t) => t.tid));
    run.summary.tasks.forEach((t, i) => {
      const got = tasks[i];
      expect({ index: got.index, attempt: got.attempt, executor: got.executorId, host: got.host, launch: got.launchTime }, `TID ${t.tid}`).toEqual({
        index: t.index,
        attempt: t.attempt,
        executor: t.executorId,
        host: t.host,
        launch: origin + launches.get(t.tid)!,
      });
      expect(got.status, `TID ${t.tid}`).toMatch(expectedStatus(t));
      expect(got.errorMessage, `TID ${t.tid}`).toBe(t.reason === 'TaskKilled' ? killReasons.get(t.tid) : (t.error ?? null));
      // The ends whose status update carries metrics have them in the History Server (it marks
      // other ended tasks as having metrics too, for Spark's own logs as well).
      if (['Success', 'ExceptionFailure', 'TaskKilled'].includes(t.reason)) expect(got.hasMetrics, `TID ${t.tid}`).toBe(true);
    });
  });

  it.each(cases.map(([name]) => name))('%s: the executors, and the streaming query runs and batches', (name) => {
    const report = reports.get(name)!;
    const run = runs.get(name)!;
    const removed = new Map(
      run.trace.events.flatMap((e) => (e.Event === 'SparkListenerExecutorRemoved' ? [[e['Executor ID'], e['Removed Reason']] as const] : [])),
    );
    const executorIds = run.scenario.cluster.parsedMaster.kind === 'local' ? ['driver'] : [...run.scenario.cluster.executors.map((e) => e.id), 'driver'];
    expect(report.executors!.map((e) => e.id).sort()).toEqual([...executorIds].sort());
    for (const e of report.executors!)
      expect({ id: e.id, active: e.isActive, reason: e.removeReason }).toEqual({ id: e.id, active: !removed.has(e.id), reason: removed.get(e.id) ?? null });
    const started = run.trace.events.flatMap((e) => (e.Event === 'SparkRetryHarnessQueryStarted' ? [e] : []));
    const runIds = [...new Set(started.map((e) => e.runId))];
    expect(report.queries!.map((q) => q.runId).sort()).toEqual([...runIds].sort());
    const streaming = report.replay.streaming;
    expect(streaming.filter((s) => s.event === 'started').map((s) => s.runId)).toEqual(runIds);
    const committed = run.trace.events.flatMap((e) => (e.Event === 'SparkRetryHarnessCommitLogWritten' ? [`${e.runId}/${e.batch}`] : []));
    const progress = streaming.filter((s) => s.event === 'progress').map((s) => `${s.runId}/${s.batchId}`);
    expect(progress).toEqual(run.scenario.workload.mode === 'microBatch' ? committed : []);
    const terminated = run.trace.events.flatMap((e) => (e.Event === 'SparkRetryHarnessQueryTerminated' ? [e] : []));
    const sparkTerminated = streaming.filter((s) => s.event === 'terminated');
    expect(sparkTerminated.map((s) => s.runId)).toEqual([...new Set(terminated.map((e) => e.runId))]);
    for (const s of sparkTerminated) {
      const mine = terminated.find((e) => e.runId === s.runId)!;
      expect(s.exception === null, s.runId).toBe(mine.exception === null);
      if (mine.exception !== null) expect(s.exception!.split('\n')[0]).toContain(mine.causes[0].split('\n')[0]);
    }
  });
});

function countOurs(dir: string): number {
  const [file] = readdirSync(dir);
  return readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{"Event":"SparkRetryHarness')).length;
}

/** Spark's TaskInfo.status from the flags the scheduler sets (terminalState): a denied commit is KILLED, a lost result FINISHED. */
function expectedStatus(t: TaskSummary): RegExp {
  if (t.reason === 'Running') return /^(RUNNING|GET RESULT)$/;
  if (t.reason === 'TaskKilled' || t.reason === 'TaskCommitDenied') return /^KILLED$/;
  if (t.reason === 'Success' || t.reason === 'TaskResultLost') return /^SUCCESS$/;
  return /^FAILED$/;
}

/** AppStatusListener shows a killed task's kill reason, not its error string. */
function killReasonsOf(events: readonly TraceEvent[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const e of events)
    if (e.Event === 'SparkListenerTaskEnd' && e['Task End Reason'].Reason === 'TaskKilled')
      out.set(e['Task Info']['Task ID'], e['Task End Reason']['Kill Reason']);
  return out;
}

function sortBy<T, K extends keyof T>(xs: T[], key: K): T[] {
  return xs.sort((a, b) => (a[key] as number) - (b[key] as number));
}
