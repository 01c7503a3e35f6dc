// The driver log against the trace (issue 11 §1: the TaskSetManager's and TaskSchedulerImpl's
// log lines are an output of `srh run --log` that no check read). A pure function of the trace
// and the log lines: each task set added, each launch and each task end has the one line Spark
// 3.2 logs for it, at the event's time, in the formats of scheduler facts §4 (the table of
// TSM log lines) written again here from the spec, not imported from src/spark:
// - "Adding task set <s>.<a> with <n> tasks" per StageSubmitted with tasks (TaskSchedulerImpl.submitTasks);
// - "Starting <taskName> (<host>, executor <id>, partition <p>, …" per TaskStart, in TID order;
// - per Success TaskEnd "Finished <taskName> in <ms> ms on <host> (executor <id>) (<k>/<n>)",
//   or "Ignoring task-finished event for <taskName> …" when the index had already succeeded;
// - per failed TaskEnd (not Resubmitted) one of: WARN "Lost <taskName> (<host> executor <id>): …";
//   for an ExceptionFailure instead INFO "Lost <taskName> on <host>, executor <id>: <class>
//   (<description>) [duplicate <n>]" when it repeats a description of its task set within
//   spark.logging.exceptionPrintInterval, n counted as Spark counts it; for an
//   ExecutorLostFailure the app did not cause, instead, INFO "<taskName> failed because while it
//   was being computed, its executor exited for a reason unrelated to the task. …";
// - per FetchFailed TaskEnd also "… failed, but the task will not be re-executed …" (TSM step 7);
// - per job that a task set's abort failed, the TSM's ERROR line: "Task <i> in stage <s>.<a>
//   failed <n> times; aborting job", or "<reason>; not retrying" for an immediate abort.
// The DAGScheduler's lines are checked in driver-log-dag.ts; streaming sources' are not checked.
import { taskName } from '../models/spark-messages.js';
import { dagLogViolations } from './driver-log-dag.js';
import type { TaskEndEvent, TaskStartEvent, TraceEvent } from '../src/trace/events.js';

/** A driver log line as the simulator records it (src/spark/log.ts's LogLine). */
export interface DriverLogLine {
  timeMs: number;
  level: string;
  source: string;
  message: string;
}

const TSM = 'TaskSetManager';
const TSI = 'TaskSchedulerImpl';
/** spark.logging.exceptionPrintInterval's default (scheduler facts §1); scenarios cannot set it. */
const EXCEPTION_PRINT_INTERVAL_MS = 10_000;
const NOT_COUNTED_LOSS =
  ' failed because while it was being computed, its executor exited for a reason unrelated to the task. Not counting this failure towards the maximum number of failures for the task.';
const NOT_RE_EXECUTED =
  ' failed, but the task will not be re-executed (either because the task failed with a shuffle data fetch failure, so the previous stage needs to be re-run, or because a different copy of the task has already succeeded).';
const TOO_MANY_TIMES = /^Job aborted due to stage failure: (Task \d+ in stage \d+\.\d+ failed \d+ times), most recent failure: /;
const IMMEDIATE =
  /^Job aborted due to stage failure: ((?:task \d+\.\d+ in stage \d+\.\d+ \(TID \d+\) had a not serializable result|Task \d+\.\d+ in stage \d+\.\d+ \(TID \d+\) can not write to output file): [^]*?)(?:\nDriver stacktrace:)?$/;

/** The lines of one source, by the attempt name they are about ("task 1.0 in stage 2.0 (TID 5)"). */
class LinesByTask {
  private readonly byName = new Map<string, DriverLogLine[]>();

  constructor(lines: readonly DriverLogLine[], nameOf: (l: DriverLogLine) => string | null) {
    for (const l of lines) {
      const name = nameOf(l);
      if (name === null) continue;
      const list = this.byName.get(name);
      if (list === undefined) this.byName.set(name, [l]);
      else list.push(l);
    }
  }

  /** Takes the first line about `name` that `matches`; undefined when there is none. */
  take(name: string, matches: (l: DriverLogLine) => boolean): DriverLogLine | undefined {
    const list = this.byName.get(name);
    const i = list === undefined ? -1 : list.findIndex(matches);
    return i < 0 ? undefined : list!.splice(i, 1)[0];
  }

  leftovers(): DriverLogLine[] {
    return [...this.byName.values()].flat();
  }
}

const TASK_NAME = /[Tt]ask \d+\.\d+ in stage \d+\.\d+ \(TID \d+\)/;

/** The attempt name a message holds, as taskName writes it (lower-case "task"); null when none. */
function nameIn(message: string): string | null {
  const m = TASK_NAME.exec(message);
  return m === null ? null : 't' + m[0].slice(1);
}

/** The attempt a TaskSetManager line about a task end names; null for other lines. */
function endLineName(l: DriverLogLine): string | null {
  if (l.source !== TSM) return null;
  const m = l.message;
  if (!(m.startsWith('Finished ') || m.startsWith('Ignoring task-finished event for ') || m.startsWith('Lost ') || m.endsWith(NOT_COUNTED_LOSS))) return null;
  return nameIn(m);
}

function nameOf(e: TaskStartEvent | TaskEndEvent): string {
  const info = e['Task Info'];
  return taskName(info.Index, info.Attempt, e['Stage ID'], e['Stage Attempt ID'], info['Task ID']);
}

/** Violations of the driver log against the trace: one message per missing, wrong or extra line. */
export function driverLogViolations(events: readonly TraceEvent[], lines: readonly DriverLogLine[]): string[] {
  const out: string[] = [];
  const tasksOfStageAttempt = new Map<string, number>();
  checkTaskSetsAdded(events, lines, tasksOfStageAttempt, out);
  checkLaunches(events, lines, out);
  const ends = new LinesByTask(lines, endLineName);
  const notReExecuted = new LinesByTask(lines, (l) =>
    l.source === TSM && l.level === 'INFO' && l.message.endsWith(NOT_RE_EXECUTED) ? nameIn(l.message) : null,
  );
  const printed = new Map<string, PrintedException>();
  events.forEach((e, i) => {
    if (e.Event !== 'SparkListenerTaskEnd' || e['Task End Reason'].Reason === 'Resubmitted') return;
    const problem = endLineProblem(e, ends, tasksOfStageAttempt, printed);
    if (problem !== null) out.push(`${problem} (event ${i})`);
    if (e['Task End Reason'].Reason === 'FetchFailed' && notReExecuted.take(nameOf(e), () => true) === undefined) {
      out.push(`the FetchFailed end of ${nameOf(e)} has no INFO "…${NOT_RE_EXECUTED.slice(0, 48)}…" line (event ${i})`);
    }
  });
  for (const l of ends.leftovers()) out.push(`the log line "${clip(l.message)}" at ${l.timeMs} ms is about a task end the trace does not have`);
  checkAbortLines(events, lines, out);
  out.push(...dagLogViolations(events, lines));
  return out;
}

function checkTaskSetsAdded(events: readonly TraceEvent[], lines: readonly DriverLogLine[], tasks: Map<string, number>, out: string[]): void {
  const added = lines.filter((l) => l.source === TSI && l.level === 'INFO' && l.message.startsWith('Adding task set '));
  let k = 0;
  events.forEach((e, i) => {
    if (e.Event !== 'SparkListenerStageSubmitted') return;
    const info = e['Stage Info'];
    const key = `${info['Stage ID']}.${info['Stage Attempt ID']}`;
    tasks.set(key, info['Number of Tasks']);
    // A stage attempt with no missing partition completes at once: no task set (DAGScheduler.submitMissingTasks).
    if (info['Number of Tasks'] === 0) return;
    const want = `Adding task set ${key} with ${info['Number of Tasks']} tasks resource profile 0`;
    const got = added[k++];
    if (got === undefined || got.message !== want)
      out.push(
        `stage attempt ${key} was submitted (event ${i}) but the log's next "Adding task set" line is ${got === undefined ? 'missing' : `"${got.message}"`}; want "${want}"`,
      );
  });
  if (k < added.length) out.push(`the log adds ${added.length} task sets, the trace submits ${k} stage attempts`);
}

function checkLaunches(events: readonly TraceEvent[], lines: readonly DriverLogLine[], out: string[]): void {
  const starting = lines.filter((l) => l.source === TSM && l.message.startsWith('Starting task '));
  let k = 0;
  events.forEach((e, i) => {
    if (e.Event !== 'SparkListenerTaskStart') return;
    const info = e['Task Info'];
    const want = `Starting ${nameOf(e)} (${info.Host}, executor ${info['Executor ID']}, partition ${info['Partition ID']}, ${info.Locality}, `;
    const got = starting[k++];
    if (
      got === undefined ||
      got.level !== 'INFO' ||
      !got.message.startsWith(want) ||
      !got.message.endsWith(' bytes) taskResourceAssignments Map()') ||
      got.timeMs !== info['Launch Time']
    ) {
      out.push(
        `${nameOf(e)} started at ${info['Launch Time']} ms (event ${i}) but the log's next launch line is ${got === undefined ? 'missing' : `${got.level} "${clip(got.message)}" at ${got.timeMs} ms`}; want INFO "${want}…" at its launch time`,
      );
    }
  });
  if (k < starting.length) out.push(`the log starts ${starting.length} tasks, the trace ${k}`);
}

/** What is wrong with the log line of one task end; null when it has exactly the line Spark logs. */
function endLineProblem(e: TaskEndEvent, ends: LinesByTask, tasksOfStageAttempt: Map<string, number>, printed: Map<string, PrintedException>): string | null {
  const info = e['Task Info'];
  const name = nameOf(e);
  const reason = e['Task End Reason'];
  const at = info['Finish Time'];
  const atEnd = (l: DriverLogLine) => l.timeMs === at;
  if (reason.Reason === 'Success') {
    const n = tasksOfStageAttempt.get(`${e['Stage ID']}.${e['Stage Attempt ID']}`);
    const finished = `Finished ${name} in ${at - info['Launch Time']} ms on ${info.Host} (executor ${info['Executor ID']}) (`;
    const line = ends.take(
      name,
      (l) =>
        atEnd(l) &&
        l.level === 'INFO' &&
        (finishedCount(l.message, finished, n) || l.message === `Ignoring task-finished event for ${name} because it has already completed successfully`),
    );
    return line === undefined ? `the success of ${name} at ${at} ms has no INFO "${finished}k/${n})" line` : null;
  }
  const lost = `Lost ${name} (${info.Host} executor ${info['Executor ID']}): `;
  const notCounted = reason.Reason === 'ExecutorLostFailure' && !reason['Exit Caused By App'];
  const dup = reason.Reason === 'ExceptionFailure' ? duplicateNumber(printed, `${e['Stage ID']}.${e['Stage Attempt ID']}`, String(reason.Description), at) : 0;
  const duplicateLine =
    reason.Reason === 'ExceptionFailure'
      ? `Lost ${name} on ${info.Host}, executor ${info['Executor ID']}: ${reason['Class Name']} (${reason.Description}) [duplicate ${dup}]`
      : '';
  const matches = (l: DriverLogLine) => {
    if (!atEnd(l)) return false;
    if (notCounted) return l.level === 'INFO' && l.message === name + NOT_COUNTED_LOSS;
    return dup > 0 ? l.level === 'INFO' && l.message === duplicateLine : l.level === 'WARN' && l.message.startsWith(lost);
  };
  if (ends.take(name, matches) !== undefined) return null;
  const want = notCounted ? `INFO "${name}${NOT_COUNTED_LOSS.slice(0, 40)}…"` : dup > 0 ? `INFO "${duplicateLine}"` : `WARN "${lost}…"`;
  return `the ${reason.Reason} end of ${name} at ${at} ms has no ${want} line`;
}

/** When an exception description was last logged in full in a stage attempt, and how many duplicates since. */
interface PrintedException {
  printTime: number;
  duplicates: number;
}

/**
 * Spark's rule for repeated exceptions (TaskSetManager.handleFailedTask, scheduler facts §1
 * spark.logging.exceptionPrintInterval, 10 s): per task set and description, the first one and
 * any more than the interval after the last full one are logged in full (0 here), the others as
 * "[duplicate n]", n counting since that full one.
 */
function duplicateNumber(printed: Map<string, PrintedException>, stageAttempt: string, description: string, now: number): number {
  const key = `${stageAttempt}\u0000${description}`;
  const seen = printed.get(key);
  if (seen === undefined || now - seen.printTime > EXCEPTION_PRINT_INTERVAL_MS) {
    printed.set(key, { printTime: now, duplicates: 0 });
    return 0;
  }
  return ++seen.duplicates;
}

/** Whether `message` is `prefix` then "k/n)" with 1 <= k <= n: the set's successes so far, of its n tasks. */
function finishedCount(message: string, prefix: string, n: number | undefined): boolean {
  if (n === undefined || !message.startsWith(prefix)) return false;
  const m = /^(\d+)\/(\d+)\)$/.exec(message.slice(prefix.length));
  if (m === null || Number(m[2]) !== n) return false;
  const k = Number(m[1]);
  return k >= 1 && k <= n;
}

/** Each job a task set's abort failed names it in an ERROR line of the TaskSetManager. */
function checkAbortLines(events: readonly TraceEvent[], lines: readonly DriverLogLine[], out: string[]): void {
  const errors = new Set(lines.filter((l) => l.source === TSM && l.level === 'ERROR').map((l) => l.message));
  events.forEach((e, i) => {
    if (e.Event !== 'SparkListenerJobEnd' || e['Job Result'].Result !== 'JobFailed') return;
    const message = e['Job Result'].Exception.Message;
    const tooMany = TOO_MANY_TIMES.exec(message);
    const immediate = IMMEDIATE.exec(message);
    const want = tooMany !== null ? `${tooMany[1]}; aborting job` : immediate !== null ? `${immediate[1]}; not retrying` : null;
    if (want !== null && !errors.has(want))
      out.push(`job ${e['Job ID']} failed by a task set's abort (event ${i}) but the log has no ERROR TaskSetManager line "${clip(want)}"`);
  });
}

function clip(s: string): string {
  return s.length > 160 ? `${s.slice(0, 157)}…` : s;
}
