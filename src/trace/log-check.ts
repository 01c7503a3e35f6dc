// Checks one real event log (issue 12 §1, §2, §4): reads it as a stream, leaves out what a
// fragment's earlier part began, folds the per-application report, takes maxTaskFailures from the
// environment (or --max-failures), and runs every `trace` invariant, each violation pointing at
// the file and line of its event. A check that throws is a checker error of that check, not a
// violation (checker-errors.ts): each invariant's verdict is holds, violated, unknown (it could not
// run: maxTaskFailures unknown) or checker-error, and the other checks still run.
import type { Verdict } from '../../properties/invariants/checker-errors.js';
import { ALL_INVARIANTS, type Invariant } from '../../properties/invariants/index.js';
import { errorHeadline, stackFrames } from '../harness/crash.js';
import type { TraceEvent } from './events.js';
import { FragmentFilter } from './event-log-fragment.js';
import type { EventLogSource, UnreadableLog } from './event-log-source.js';
import { refOf, streamEventLog, type EventRef } from './event-log-stream.js';
import { ReportBuilder, type ApplicationReport } from './log-report.js';
import { PartitionIdRestorer } from './partition-ids.js';
import { retryLimitOf, sparkProperties, type RetryLimit } from './retry-limit.js';
import { TraceChecker, type PlacedCheckerError } from './trace-checker.js';

export interface LogViolation {
  invariant: string;
  name: string;
  statement: string;
  message: string;
  /** Where its event is, when it has one. */
  file?: string;
  line?: number;
}

/** An invariant that threw on the log: the error, its stack, and the event it was handling. */
export interface LogCheckerError {
  invariant: string;
  name: string;
  error: string;
  stack: string[];
  file?: string;
  line?: number;
}

export interface LogCheck {
  path: string;
  files: string[];
  /** Lines holding an event. */
  events: number;
  report: ApplicationReport;
  maxTaskFailures: RetryLimit;
  fragment: { leftOut: number } | null;
  cutOff: { file: string; line: number } | null;
  /** Every trace invariant, in catalogue order, with its verdict and violations (holds: no violation and no checker error). */
  invariants: { id: string; name: string; holds: boolean; verdict: Verdict; violations: LogViolation[]; error?: LogCheckerError }[];
  /** Invariants that could not run on this log, and why. */
  notRun: { id: string; reason: string }[];
  /** Invariants for which the log was read a second time, whole (not streaming checks; trace-checker.ts). */
  readWhole: string[];
}

export const TRACE_INVARIANTS: readonly Invariant[] = ALL_INVARIANTS.filter((i) => i.needs === 'trace');
/** The invariants that need maxTaskFailures: they do not run when it is unknown. */
const NEEDS_LIMIT = new Set(['I4', 'I5', 'I8', 'CP3']);

export interface CheckOptions {
  maxFailures: number | null;
}

export async function checkEventLog(log: EventLogSource, opts: CheckOptions): Promise<LogCheck | UnreadableLog> {
  const fragment = new FragmentFilter();
  const report = new ReportBuilder();
  const checker = new TraceChecker(TRACE_INVARIANTS);
  let props: Map<string, string> | null = null;
  let events = 0;
  const partitions = new PartitionIdRestorer();
  const onEvent = (raw: TraceEvent, ref: EventRef): void => {
    events++;
    const e = partitions.event(raw);
    if ((e.Event as string) === 'SparkListenerEnvironmentUpdate') props ??= sparkProperties(e as unknown as Record<string, unknown>);
    if (!fragment.keep(e)) return;
    report.event(e, ref.line);
    checker.event(e, ref.index);
  };
  const read = await streamEventLog(log, onEvent, { reads: checker.reads });
  if (!read.ok) return { path: log.path, error: read.error };
  const limit = retryLimitOf(props, opts.maxFailures);
  const whole = checker.needsWholeTrace ? await wholeTraceOf(log, checker.reads) : undefined;
  if (typeof whole === 'string') return { path: log.path, error: whole };
  const partStarts = read.partStarts;
  const streamed = new Set(TRACE_INVARIANTS.filter((i) => i.streaming).map((i) => i.id));
  const results = checker.finish(limit.value, (i) => refOf(i, partStarts), whole);
  // Messages name other events by index ("a zombie since event 812"): in a log, by line.
  const lineOf = (i: number): EventRef => refOf(i, partStarts);
  const notRun = limit.value === null ? [...NEEDS_LIMIT].map((id) => ({ id, reason: 'needs maxTaskFailures, which the log does not give' })) : [];
  return {
    path: log.path,
    files: log.parts,
    events,
    report: report.finish(),
    maxTaskFailures: limit,
    fragment: fragment.fragment === true ? { leftOut: fragment.leftOut } : null,
    cutOff: read.cutOffLine ?? null,
    invariants: TRACE_INVARIANTS.map((inv) => {
      // In log order: streaming checks find some violations only when a task's end comes in.
      const placed = [...(results.get(inv.id) ?? [])].sort((a, b) => (a.ref?.index ?? Number.MAX_SAFE_INTEGER) - (b.ref?.index ?? Number.MAX_SAFE_INTEGER));
      const violations = placed.map((v) => locate(inv, v, log.parts, streamed.has(inv.id) ? lineOf : null));
      const failed = checker.checkerErrors.get(inv.id);
      const error = failed === undefined ? undefined : checkerErrorOf(inv, failed, log.parts);
      const verdict: Verdict =
        error !== undefined ? 'checker-error' : violations.length > 0 ? 'violated' : notRun.some((x) => x.id === inv.id) ? 'unknown' : 'holds';
      return {
        id: inv.id,
        name: inv.name,
        holds: violations.length === 0 && error === undefined,
        verdict,
        violations,
        ...(error === undefined ? {} : { error }),
      };
    }),
    notRun: notRun.filter((x) => TRACE_INVARIANTS.some((i) => i.id === x.id)),
    readWhole: whole === undefined ? [] : checker.readWholeFor(),
  };
}

/** The log's events, whole, for the checks of our own streaming-query events (a second read). */
async function wholeTraceOf(log: EventLogSource, reads: (name: string) => boolean): Promise<{ events: TraceEvent[]; refs: EventRef[] } | string> {
  const fragment = new FragmentFilter();
  const partitions = new PartitionIdRestorer();
  const events: TraceEvent[] = [];
  const refs: EventRef[] = [];
  const r = await streamEventLog(
    log,
    (raw, ref) => {
      const e = partitions.event(raw);
      if (!fragment.keep(e)) return;
      events.push(e);
      refs.push({ ...ref });
    },
    { reads },
  );
  return r.ok ? { events, refs } : r.error;
}

function checkerErrorOf(inv: Invariant, e: PlacedCheckerError, parts: readonly string[]): LogCheckerError {
  const out: LogCheckerError = { invariant: inv.id, name: inv.name, error: errorHeadline(e.error), stack: stackFrames(e.error) };
  if (e.ref !== undefined) {
    out.file = parts[e.ref.part];
    out.line = e.ref.line;
  }
  return out;
}

function locate(inv: Invariant, v: { message: string; ref?: EventRef }, parts: readonly string[], lineOf: ((i: number) => EventRef) | null): LogViolation {
  const message =
    lineOf === null
      ? v.message
      : v.message.replace(/\bevent (\d+)\b/g, (_, i: string) => {
          const r = lineOf(Number(i));
          return r.part === (v.ref?.part ?? r.part) ? `line ${r.line}` : `line ${r.line} of ${parts[r.part]}`;
        });
  const out: LogViolation = { invariant: inv.id, name: inv.name, statement: inv.statement, message };
  if (v.ref !== undefined) {
    out.file = parts[v.ref.part];
    out.line = v.ref.line;
  }
  return out;
}
