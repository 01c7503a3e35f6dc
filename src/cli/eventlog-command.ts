// `srh eventlog check PATH... [--max-failures N] [--json]` (ARCHITECTURE §5, issue 12): the
// invariants that need only a trace, run on real Spark event logs, with a per-application report.
// A PATH is one log (a file, a rolling log directory) or a directory of logs (spark.eventLog.dir),
// checked log by log with one line each and a total. Exit 0 when every log holds every check, 1
// when one is violated, 2 when a log cannot be read (the others are still checked and reported),
// 70 when a check threw (a checker error, reported apart from the violations; the others still ran).
import { isUnreadable, resolveEventLogPath, type EventLogSource, type UnreadableLog } from '../trace/event-log-source.js';
import { checkEventLog, type LogCheck, type LogCheckerError } from '../trace/log-check.js';
import { EXIT, type Io } from './io.js';
import { finishTestReport, refuseReporterOptions, type ReporterOptions, type TestCase, type TestSuite } from './test-reporter.js';

export interface EventlogOptions extends ReporterOptions {
  json?: boolean;
  maxFailures?: string;
}

type Outcome = ({ log: LogCheck; directory: string | null } | { unreadable: UnreadableLog; directory: string | null }) & { timeMs?: number };

export async function eventlogCheckCommand(paths: string[], opts: EventlogOptions, io: Io): Promise<number> {
  if (refuseReporterOptions('srh eventlog check', opts, io)) return EXIT.badInput;
  const maxFailures = parseMaxFailures(opts.maxFailures);
  if (typeof maxFailures === 'string') {
    io.err(`srh eventlog check: ${maxFailures}\n`);
    return EXIT.badInput;
  }
  const outcomes: Outcome[] = [];
  for (const path of paths) {
    const resolved = resolveEventLogPath(path);
    const logs = resolved.kind === 'log' ? [resolved.log] : resolved.logs;
    const directory = resolved.kind === 'directory' ? resolved.path : null;
    const mine: Outcome[] = [];
    for (const log of logs) {
      const started = performance.now();
      const outcome = { ...(await checkOne(log, maxFailures, directory)), timeMs: performance.now() - started };
      if ('unreadable' in outcome) io.err(`srh eventlog check: ${outcome.unreadable.error}\n`);
      if (!opts.json && directory === null && 'log' in outcome) io.out(humanReport(outcome.log));
      if (!opts.json && directory !== null) io.out(oneLine(outcome));
      mine.push(outcome);
    }
    if (!opts.json && directory !== null) io.out(totalLine(directory, mine));
    outcomes.push(...mine);
  }
  if (opts.json) io.out(JSON.stringify(outcomes.map(jsonOf), null, 2) + '\n');
  const unreadable = outcomes.filter((o) => 'unreadable' in o).length;
  const violated = outcomes.filter((o) => 'log' in o && violationCount(o.log) > 0).length;
  const broken = outcomes.filter((o) => 'log' in o && checkerErrors(o.log).length > 0).length;
  const code = unreadable > 0 ? EXIT.badInput : violated > 0 ? EXIT.failed : broken > 0 ? EXIT.internalError : EXIT.ok;
  return finishTestReport(opts, { command: 'srh eventlog check', suites: outcomes.map(logSuite) }, code, io);
}

/** One log as a test suite: a case per trace invariant (an unreadable log: one case, an error). */
export function logSuite(o: Outcome): TestSuite {
  if ('unreadable' in o)
    return {
      name: o.unreadable.path,
      timeMs: o.timeMs,
      cases: [{ name: 'read the event log', classname: o.unreadable.path, status: 'error', message: o.unreadable.error }],
    };
  const c = o.log;
  const cases = c.invariants.map((i): TestCase => {
    const base = { name: `${i.id} ${i.name}`, classname: c.path };
    if (i.error !== undefined)
      return {
        ...base,
        status: 'error',
        message: `CHECKER ERROR: the check threw ${i.error.error}${i.error.line === undefined ? " at the log's end" : ` at ${i.error.file ?? c.path} line ${i.error.line}`}\n${i.error.stack.join('\n')}`,
      };
    if (i.violations.length > 0)
      return {
        ...base,
        status: 'failed',
        message: [
          `${i.violations.length} violation(s): ${i.violations[0].statement}`,
          ...i.violations.map((v) => `  - ${v.message}${v.line === undefined ? '' : ` (${v.file ?? c.path} line ${v.line})`}`),
        ].join('\n'),
      };
    const notRun = c.notRun.find((x) => x.id === i.id);
    if (notRun !== undefined || i.verdict === 'unknown') return { ...base, status: 'skipped', message: notRun?.reason ?? 'not run on this log' };
    return { ...base, status: 'passed' };
  });
  return { name: c.path, cases, timeMs: o.timeMs };
}

async function checkOne(log: EventLogSource | UnreadableLog, maxFailures: number | null, directory: string | null): Promise<Outcome> {
  if (isUnreadable(log)) return { unreadable: log, directory };
  const r = await checkEventLog(log, { maxFailures });
  return isUnreadable(r) ? { unreadable: r, directory } : { log: r, directory };
}

function parseMaxFailures(s: string | undefined): number | null | string {
  if (s === undefined) return null;
  if (!/^[0-9]+$/.test(s.trim())) return `--max-failures: expected a whole number (Spark's spark.task.maxFailures), got "${s}"`;
  return Number(s);
}

const holds = (c: LogCheck): boolean => c.invariants.every((i) => i.holds);
const violationCount = (c: LogCheck): number => c.invariants.reduce((n, i) => n + i.violations.length, 0);
const checkerErrors = (c: LogCheck): LogCheckerError[] => c.invariants.flatMap((i) => (i.error === undefined ? [] : [i.error]));

function jsonOf(o: Outcome): unknown {
  const dir = o.directory === null ? {} : { directory: o.directory };
  if ('unreadable' in o) return { path: o.unreadable.path, ...dir, error: o.unreadable.error };
  const c = o.log;
  return {
    path: c.path,
    ...dir,
    files: c.files,
    events: c.events,
    ...c.report,
    maxTaskFailures: c.maxTaskFailures,
    fragment: c.fragment,
    cutOff: c.cutOff,
    holds: holds(c),
    violations: c.invariants.flatMap((i) => i.violations),
    checkerErrors: checkerErrors(c),
    notRun: c.notRun,
    readWhole: c.readWhole,
    invariants: c.invariants.map((i) => ({
      id: i.id,
      holds: i.holds,
      verdict: i.verdict,
      violations: i.violations,
      ...(i.error === undefined ? {} : { error: i.error }),
    })),
  };
}

function oneLine(o: Outcome): string {
  if ('unreadable' in o)
    return `${o.unreadable.path}: UNREADABLE (${o.unreadable.error.startsWith(o.unreadable.path) ? o.unreadable.error.slice(o.unreadable.path.length + 2) : o.unreadable.error})\n`;
  const c = o.log;
  const r = c.report;
  const violatedIds = c.invariants.filter((i) => i.violations.length > 0).map((i) => i.id);
  const brokenIds = checkerErrors(c).map((e) => e.invariant);
  const verdict = holds(c)
    ? 'ok'
    : [
        violatedIds.length > 0 ? `VIOLATED ${violationCount(c)} (${violatedIds.join(', ')})` : '',
        brokenIds.length > 0 ? `CHECKER ERROR (${brokenIds.join(', ')})` : '',
      ]
        .filter((x) => x !== '')
        .join(', ');
  const limit = c.maxTaskFailures.value === null ? 'maxTaskFailures unknown' : `maxTaskFailures ${c.maxTaskFailures.value}`;
  return `${c.path}: ${verdict}; ${r.application.sparkVersion === null ? 'Spark ?' : `Spark ${r.application.sparkVersion}`}, ${limit}, ${r.jobs.total} jobs, ${r.tasks.attempts} task attempts, ${r.retriedIndices.length} retried indices, ${r.aborts.length} aborts\n`;
}

function totalLine(dir: string, outcomes: readonly Outcome[]): string {
  const logs = outcomes.filter((o): o is Extract<Outcome, { log: LogCheck }> => 'log' in o);
  const ok = logs.filter((o) => holds(o.log)).length;
  const broken = logs.filter((o) => checkerErrors(o.log).length > 0).length;
  return `${dir}: ${outcomes.length} logs: ${ok} hold every check, ${logs.filter((o) => violationCount(o.log) > 0).length} violated, ${outcomes.length - logs.length} unreadable${broken > 0 ? `, ${broken} with a checker error` : ''}\n`;
}

const firstLine = (s: string): string => s.split('\n')[0];

/** The report of one log as a compact table: one labelled row per subject. */
export function humanReport(c: LogCheck): string {
  const r = c.report;
  const a = r.application;
  const rows: [string, string][] = [];
  rows.push([
    'application',
    `${a.id ?? '?'}${a.name === null ? '' : ` ${JSON.stringify(a.name)}`}, Spark ${a.sparkVersion ?? '? (no SparkListenerLogStart)'}, master ${a.master ?? '?'}`,
  ]);
  rows.push(['maxTaskFailures', c.maxTaskFailures.value === null ? c.maxTaskFailures.source : `${c.maxTaskFailures.value} (${c.maxTaskFailures.source})`]);
  const j = r.jobs;
  rows.push([
    'jobs',
    `${j.total}: ${j.succeeded} succeeded, ${j.failed} failed${j.running > 0 ? `, ${j.running} without an end` : ''}${j.withoutStart.length > 0 ? `; ${j.withoutStart.length} with a JobEnd but no JobStart (${list(j.withoutStart.map(String))})` : ''}`,
  ]);
  rows.push(['stages', `${r.stages.total} stages, ${r.stages.attempts} attempts, ${r.stages.failedAttempts.length} failed`]);
  for (const f of r.stages.failedAttempts.slice(0, 10)) rows.push(['', `stage ${f.stage}.${f.attempt}: ${clip(firstLine(f.reason))}`]);
  if (r.stages.failedAttempts.length > 10) rows.push(['', `… ${r.stages.failedAttempts.length - 10} more (--json lists them all)`]);
  rows.push([
    'task attempts',
    `${r.tasks.attempts}; ends: ${
      Object.entries(r.tasks.ends)
        .sort((x, y) => y[1] - x[1])
        .map(([k, n]) => `${k} ${n}`)
        .join(', ') || 'none'
    }`,
  ]);
  rows.push(['retried indices', String(r.retriedIndices.length)]);
  for (const x of r.retriedIndices.slice(0, 10))
    rows.push(['', `stage ${x.stage}.${x.stageAttempt} index ${x.index}: ${x.attempts} attempts: ${x.reasons.join(', ')}`]);
  if (r.retriedIndices.length > 10) rows.push(['', `… ${r.retriedIndices.length - 10} more (--json lists them all)`]);
  rows.push(['aborts', String(r.aborts.length)]);
  for (const x of r.aborts) rows.push(['', `job ${x.job} (line ${x.line}): ${firstLine(x.message)}`]);
  rows.push([
    'executor losses',
    `${r.executorLosses.length}${r.executorLosses.length === 0 ? '' : `: ${list(r.executorLosses.map((x) => `${x.executor}${x.reason === null ? '' : ` (${clip(firstLine(x.reason), 60)})`}`))}`}`,
  ]);
  rows.push(['checks', checksRow(c)]);
  for (const e of checkerErrors(c)) {
    rows.push([
      '',
      `${e.invariant} ${e.name}: CHECKER ERROR, the check threw ${e.error}${e.line === undefined ? " at the log's end" : ` at ${e.file === c.path ? '' : `${e.file} `}line ${e.line}`} (a bug of the check, not of the log; the other checks ran)`,
    ]);
    for (const f of e.stack.slice(0, 5)) rows.push(['', `    ${f}`]);
  }
  for (const inv of c.invariants.filter((i) => i.violations.length > 0)) {
    rows.push(['', `${inv.id} ${inv.name}: ${inv.violations[0].statement}`]);
    for (const v of inv.violations.slice(0, 10))
      rows.push(['', `  - ${firstLine(v.message)}${v.line === undefined ? '' : ` (${v.file === c.path ? '' : `${v.file} `}line ${v.line})`}`]);
    if (inv.violations.length > 10) rows.push(['', `  … ${inv.violations.length - 10} more (--json lists them all)`]);
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  const notes = [
    c.cutOff
      ? `  line ${c.cutOff.line} of ${c.cutOff.file} is cut off, as in a log still being written; it is left out, as Spark's replay leaves it out\n`
      : '',
    c.fragment
      ? `  a fragment (no SparkListenerApplicationStart before its first job; for a rolling log give its directory): ${c.fragment.leftOut} events of tasks, stages and jobs begun before it are left out\n`
      : '',
  ].join('');
  const broken = checkerErrors(c).length;
  const verdict = holds(c)
    ? 'every check holds'
    : [violationCount(c) > 0 ? `${violationCount(c)} violation(s)` : '', broken > 0 ? `${broken} checker error(s)` : ''].filter((x) => x !== '').join(', ');
  return `${c.path}: ${c.events} events; ${verdict}\n${notes}${rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}\n`).join('')}`;
}

function checksRow(c: LogCheck): string {
  const bad = c.invariants.filter((i) => !i.holds).length;
  const ran = c.invariants.length - c.notRun.length;
  const skipped = c.notRun.length === 0 ? '' : `; not run (maxTaskFailures unknown): ${c.notRun.map((x) => x.id).join(', ')}`;
  const broken = checkerErrors(c);
  return `${ran - bad}/${ran} trace invariants hold${broken.length === 0 ? '' : `; ${broken.length} checker error(s): ${broken.map((e) => e.invariant).join(', ')}`}${skipped}`;
}

function list(items: readonly string[], max = 8): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')}, … ${items.length - max} more`;
}

function clip(s: string, max = 140): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
