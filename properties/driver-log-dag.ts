// The DAGScheduler's driver log lines against the trace (issue 11 §1; properties/driver-log.ts
// checks the TaskSetManager's). A pure function of the trace and the log lines: each line below is
// the one Spark 3.2.0 logs, formats read from core/.../scheduler/DAGScheduler.scala (3.2.0-src)
// and written again here, not imported from src/spark:
// - per JobStart "Got job <id> (<callSite>) with <n> output partitions" (handleJobSubmitted),
//   the call site being the result stage's name and n its number of tasks;
// - per stage attempt submitted with tasks "Submitting <n> missing tasks from <stage> (<rdd>)
//   (first 15 tasks are for partitions Vector(<p>, …))" (submitMissingTasks): the partitions
//   ascending, distinct, min(n, 15) of them, and each launched index < 15 on its partition. The
//   simulator writes the stage's name where Spark writes the RDD's toString (README, "Driver log");
// - per StageCompleted "<stage> (<name>) finished in <t> s", or "… failed in <t> s due to <failure
//   reason>" (markStageAsFinished), t the attempt's service time to the millisecond ("%.03f"), or
//   "Unknown" without a submission time; a repeat completion with its earlier reason is a success;
// - per JobEnd "Job <id> finished: <callSite>, took <t> s" or "Job <id> failed: …" (runJob, "%f"):
//   the simulator measures t in simulated time from the job's submission;
// - per FetchFailed TaskEnd from an attempt older than its stage's latest, while the stage is
//   still some running job's, "Ignoring fetch failure from <task> as it's from <stage> attempt <a>
//   and there is a more recent attempt for that stage (attempt <latest>) running"; no such line
//   for any other FetchFailed;
// - per map task success the DAGScheduler ignores because its executor failed at or after the
//   task's epoch, "Ignoring possibly bogus ShuffleMapTask(<s>, <p>) completion from executor <id>",
//   and per executor marked failed at a later epoch, "Executor lost: <id> (epoch <n>)"
//   (handleTaskCompletion, removeExecutorAndUnregisterOutputs), as I38's ledger decides them.
// Every line at its event's time, at INFO. The resubmission lines are not checked.
import { stageString } from '../models/spark-messages.js';
import type { StageInfoJson, TaskEndEvent, TraceEvent } from '../src/trace/events.js';
import type { DriverLogLine } from './driver-log.js';
import { mapOutputDecisions } from './invariants/map-outputs.js';
import { resultStageId, RunningJobs } from './invariants/running-jobs.js';

const DAG = 'DAGScheduler';
type StageKind = 'result' | 'shuffleMap';

/** One kind of line, matched in order against the events that log it. */
class OrderedLines {
  private next = 0;
  /** How many lines the trace's events asked for. */
  private wanted = 0;
  private readonly lines: DriverLogLine[];

  constructor(
    all: readonly DriverLogLine[],
    private readonly what: string,
    isOne: (message: string) => boolean,
  ) {
    this.lines = all.filter((l) => l.source === DAG && isOne(l.message));
  }

  /** Takes the next line; a violation unless it is INFO `want` (or passes `test`) at `timeMs`. */
  expect(want: string, timeMs: number, event: number, out: string[], test?: (message: string) => boolean): void {
    this.wanted++;
    const got = this.lines[this.next++];
    if (got !== undefined && got.level === 'INFO' && got.timeMs === timeMs && (test === undefined ? got.message === want : test(got.message))) return;
    const seen = got === undefined ? 'missing' : `${got.level} "${clip(got.message)}" at ${got.timeMs} ms`;
    out.push(`event ${event} wants the DAGScheduler's next ${this.what} line to be INFO "${clip(want)}" at ${timeMs} ms; it is ${seen}`);
  }

  finish(out: string[]): void {
    if (this.next < this.lines.length) out.push(`the log has ${this.lines.length} DAGScheduler ${this.what} lines, the trace's events want ${this.wanted}`);
  }
}

/** What the trace tells about the stages: kind (a job's result stage has its highest id), launches. */
interface StageFacts {
  kind: Map<number, StageKind>;
  /** Per stage attempt ("s.a"), the partition of each launched index. */
  partitions: Map<string, Map<number, number>>;
}

function stageFacts(events: readonly TraceEvent[]): StageFacts {
  const kind = new Map<number, StageKind>();
  const partitions = new Map<string, Map<number, number>>();
  for (const e of events) {
    if (e.Event === 'SparkListenerJobStart') {
      const resultId = resultStageId(e);
      for (const id of e['Stage IDs']) if (!kind.has(id)) kind.set(id, id === resultId ? 'result' : 'shuffleMap');
    } else if (e.Event === 'SparkListenerTaskStart') {
      const partition = e['Task Info']['Partition ID'];
      if (partition === undefined) continue;
      const key = `${e['Stage ID']}.${e['Stage Attempt ID']}`;
      const byIndex = partitions.get(key) ?? new Map<number, number>();
      partitions.set(key, byIndex);
      byIndex.set(e['Task Info'].Index, partition);
    }
  }
  return { kind, partitions };
}

/** Violations of the DAGScheduler's lines against the trace. */
export function dagLogViolations(events: readonly TraceEvent[], lines: readonly DriverLogLine[]): string[] {
  const out: string[] = [];
  const facts = stageFacts(events);
  const gotJob = new OrderedLines(lines, '"Got job"', (m) => m.startsWith('Got job '));
  const submitting = new OrderedLines(lines, '"Submitting … missing tasks"', (m) => m.startsWith('Submitting ') && m.includes(' missing tasks from '));
  const stageEnd = new OrderedLines(
    lines,
    'stage-end',
    (m) => / \(.*\) (?:finished|failed) in (?:\d+\.\d{3}|Unknown) s/.test(m) && /^(?:Result|ShuffleMap)Stage \d+ /.test(m),
  );
  const jobEnd = new OrderedLines(lines, 'job-end', (m) => /^Job \d+ (?:finished|failed): /.test(m));
  const ignoredFetch = new OrderedLines(lines, '"Ignoring fetch failure"', (m) => m.startsWith('Ignoring fetch failure from '));
  const bogus = new OrderedLines(lines, '"Ignoring possibly bogus"', (m) => m.startsWith('Ignoring possibly bogus '));
  const executorLost = new OrderedLines(lines, '"Executor lost"', (m) => m.startsWith('Executor lost: '));
  const decisions = mapOutputDecisions(events);
  const bogusAt = new Set(decisions.bogus);
  const failedAt = new Map<number, { executorId: string; epoch: number }[]>();
  for (const f of decisions.executorsFailed) (failedAt.get(f.eventIndex) ?? failedAt.set(f.eventIndex, []).get(f.eventIndex)!).push(f);
  const jobs = new Map<number, { submittedMs: number; name: string }>();
  const running = new RunningJobs();
  const latestAttempt = new Map<number, number>();
  /** Stage attempt ("stage.attempt") → the Failure Reason of its last StageCompleted. */
  const completedReasons = new Map<string, string | undefined>();
  events.forEach((e, i) => {
    const timeMs = e.Event === 'SparkListenerTaskEnd' ? e['Task Info']['Finish Time'] : e.Event === 'SparkListenerExecutorRemoved' ? e.Timestamp : -1;
    if (bogusAt.has(i) && e.Event === 'SparkListenerTaskEnd') {
      bogus.expect(
        `Ignoring possibly bogus ShuffleMapTask(${e['Stage ID']}, ${e['Task Info']['Partition ID']}) completion from executor ${e['Task Info']['Executor ID']}`,
        timeMs,
        i,
        out,
      );
    }
    for (const f of failedAt.get(i) ?? []) executorLost.expect(`Executor lost: ${f.executorId} (epoch ${f.epoch})`, timeMs, i, out);
    switch (e.Event) {
      case 'SparkListenerJobStart': {
        running.event(e);
        const result = e['Stage Infos'].find((s) => s['Stage ID'] === resultStageId(e));
        if (result === undefined) return;
        jobs.set(e['Job ID'], { submittedMs: e['Submission Time'], name: result['Stage Name'] });
        gotJob.expect(`Got job ${e['Job ID']} (${result['Stage Name']}) with ${result['Number of Tasks']} output partitions`, e['Submission Time'], i, out);
        return;
      }
      case 'SparkListenerStageSubmitted': {
        const info = e['Stage Info'];
        latestAttempt.set(info['Stage ID'], Math.max(latestAttempt.get(info['Stage ID']) ?? -1, info['Stage Attempt ID']));
        if (info['Number of Tasks'] === 0 || info['Submission Time'] === undefined) return;
        const prefix = `Submitting ${info['Number of Tasks']} missing tasks from ${stageName(info, facts)} (first 15 tasks are for partitions Vector(`;
        const launched = facts.partitions.get(`${info['Stage ID']}.${info['Stage Attempt ID']}`);
        submitting.expect(`${prefix}…))`, info['Submission Time'], i, out, (m) => firstPartitionsAgree(m, prefix, info['Number of Tasks'], launched));
        return;
      }
      case 'SparkListenerStageCompleted': {
        const info = e['Stage Info'];
        const key = `${info['Stage ID']}.${info['Stage Attempt ID']}`;
        const stale = completedReasons.has(key) && completedReasons.get(key) === info['Failure Reason'];
        completedReasons.set(key, info['Failure Reason']);
        stageEnd.expect(stageEndLine(info, facts, stale), info['Completion Time'] ?? -1, i, out);
        return;
      }
      case 'SparkListenerJobEnd': {
        running.event(e);
        const job = jobs.get(e['Job ID']);
        if (job === undefined) return;
        jobs.delete(e['Job ID']);
        const how = e['Job Result'].Result === 'JobSucceeded' ? 'finished' : 'failed';
        jobEnd.expect(`Job ${e['Job ID']} ${how}: ${job.name}, took ${seconds(e['Completion Time'] - job.submittedMs, 6)} s`, e['Completion Time'], i, out);
        return;
      }
      case 'SparkListenerTaskEnd': {
        const want = staleFetchFailureLine(e, facts, latestAttempt, running);
        if (want === null) return;
        ignoredFetch.expect(want, e['Task Info']['Finish Time'], i, out);
        return;
      }
    }
  });
  gotJob.finish(out);
  submitting.finish(out);
  stageEnd.finish(out);
  jobEnd.finish(out);
  ignoredFetch.finish(out);
  bogus.finish(out);
  executorLost.finish(out);
  return out;
}

function stageName(info: StageInfoJson, facts: StageFacts): string {
  return `${stageString(facts.kind.get(info['Stage ID']) ?? 'shuffleMap', info['Stage ID'])} (${info['Stage Name']})`;
}

/**
 * A stage attempt's end line. markStageAsFinished logs the error it is given, not the StageInfo's:
 * an attempt a fetch failure ended that completes again when a zombie task finishes its job's
 * last partition is logged "finished", while its StageInfo keeps the earlier failure reason
 * (`staleReason`: the same reason its previous completion carried).
 */
function stageEndLine(info: StageInfoJson, facts: StageFacts, staleReason: boolean): string {
  const submitted = info['Submission Time'];
  const completed = info['Completion Time'];
  const serviceTime = submitted === undefined || completed === undefined ? 'Unknown' : seconds(completed - submitted, 3);
  const failure = staleReason ? undefined : info['Failure Reason'];
  return `${stageName(info, facts)} ${failure === undefined ? 'finished' : 'failed'} in ${serviceTime} s${failure === undefined ? '' : ` due to ${failure}`}`;
}

/** The "Ignoring fetch failure" line a FetchFailed end wants: from an older attempt of a stage still some running job's. */
function staleFetchFailureLine(e: TaskEndEvent, facts: StageFacts, latestAttempt: Map<number, number>, running: RunningJobs): string | null {
  if (e['Task End Reason'].Reason !== 'FetchFailed') return null;
  const stageId = e['Stage ID'];
  const latest = latestAttempt.get(stageId);
  if (latest === undefined || latest === e['Stage Attempt ID']) return null;
  if (!running.runs(stageId)) return null;
  const kind = facts.kind.get(stageId) ?? 'shuffleMap';
  const task = `${kind === 'result' ? 'ResultTask' : 'ShuffleMapTask'}(${stageId}, ${e['Task Info']['Partition ID']})`;
  return `Ignoring fetch failure from ${task} as it's from ${stageString(kind, stageId)} attempt ${e['Stage Attempt ID']} and there is a more recent attempt for that stage (attempt ${latest}) running`;
}

/** Whether the line lists min(n, 15) ascending distinct partitions, each launched index < 15 on its own. */
function firstPartitionsAgree(message: string, prefix: string, n: number, launched: Map<number, number> | undefined): boolean {
  if (!message.startsWith(prefix) || !message.endsWith('))')) return false;
  const list = message.slice(prefix.length, -2);
  const partitions = list === '' ? [] : list.split(', ').map(Number);
  if (partitions.length !== Math.min(n, 15) || partitions.some((p, k) => !Number.isInteger(p) || p < 0 || (k > 0 && p <= partitions[k - 1]))) return false;
  for (const [index, partition] of launched ?? []) if (index < 15 && partitions[index] !== partition) return false;
  return true;
}

/** Milliseconds as seconds with `decimals` (3 or 6) digits, computed in integers: "%.03f" and "%f" of an exact value. */
function seconds(ms: number, decimals: 3 | 6): string {
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  const whole = Math.floor(abs / 1000);
  const frac = String(abs % 1000).padStart(3, '0');
  return `${sign}${whole}.${decimals === 3 ? frac : `${frac}000`}`;
}

function clip(s: string): string {
  return s.length > 160 ? `${s.slice(0, 157)}…` : s;
}
