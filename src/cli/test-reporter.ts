// `--reporter junit|json --output-file F` (issue 13 §4): a command's verdicts as test cases for CI
// systems. A small data model (suites of cases), the JUnit XML and JSON serializers, the check of
// the two flags, and the write of the file (atomic, through src/fs/atomic-write.ts).
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { EXIT, type Io } from './io.js';

export type CaseStatus = 'passed' | 'failed' | 'error' | 'skipped';

export interface TestCase {
  name: string;
  classname: string;
  status: CaseStatus;
  /** The violation, the throw or why it was skipped; its first line is JUnit's message attribute. */
  message?: string;
  timeMs?: number;
}

export interface TestSuite {
  name: string;
  cases: TestCase[];
  timeMs?: number;
}

export interface TestReport {
  command: string;
  suites: TestSuite[];
}

export const REPORTERS = ['junit', 'json'] as const;
export type Reporter = (typeof REPORTERS)[number];

export interface ReporterOptions {
  reporter?: string;
  outputFile?: string;
}

/** Why --reporter and --output-file cannot be used as given, or null when they can (or are absent). */
export function reporterOptionProblem(o: ReporterOptions): string | null {
  if (o.reporter === undefined && o.outputFile === undefined) return null;
  if (o.reporter === undefined) return '--output-file: needs --reporter junit or --reporter json to say what to write';
  if (!(REPORTERS as readonly string[]).includes(o.reporter)) return `--reporter: unknown reporter "${o.reporter}"; expected ${REPORTERS.join(' or ')}`;
  if (o.outputFile === undefined || o.outputFile === '') return `--reporter ${o.reporter}: needs --output-file FILE, where the report is written`;
  const dir = dirname(o.outputFile);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) return `--output-file ${o.outputFile}: the directory ${dir} does not exist; create it first or choose another path`;
  return null;
}

/** Counts over cases, as JUnit's attributes carry them. */
export function tally(cases: readonly TestCase[]): { tests: number; failures: number; errors: number; skipped: number; timeMs: number } {
  const n = (s: CaseStatus) => cases.filter((c) => c.status === s).length;
  const timeMs = cases.reduce((t, c) => t + (c.timeMs ?? 0), 0);
  return { tests: cases.length, failures: n('failed'), errors: n('error'), skipped: n('skipped'), timeMs };
}

/** Drops what XML 1.0 cannot hold: control characters (but tab, newline, return), lone surrogates, U+FFFE/U+FFFF. */
export function xmlClean(s: string): string {
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}

export function xmlText(s: string): string {
  return xmlClean(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

const seconds = (ms: number): string => (ms / 1000).toFixed(3);
const firstLine = (s: string): string => s.split('\n')[0];

function junitCase(c: TestCase): string {
  const open = `    <testcase name="${xmlAttr(c.name)}" classname="${xmlAttr(c.classname)}" time="${seconds(c.timeMs ?? 0)}"`;
  const msg = c.message ?? '';
  if (c.status === 'passed') return `${open}/>`;
  if (c.status === 'skipped') return `${open}>\n      <skipped${msg === '' ? '' : ` message="${xmlAttr(firstLine(msg))}"`}/>\n    </testcase>`;
  const tag = c.status === 'failed' ? 'failure' : 'error';
  return `${open}>\n      <${tag} message="${xmlAttr(firstLine(msg))}">${xmlText(msg)}</${tag}>\n    </testcase>`;
}

function counts(cases: readonly TestCase[], timeMs?: number): string {
  const t = tally(cases);
  return `tests="${t.tests}" failures="${t.failures}" errors="${t.errors}" skipped="${t.skipped}" time="${seconds(timeMs ?? t.timeMs)}"`;
}

/** The report as JUnit XML: testsuites > testsuite (one per suite) > testcase. */
export function junitXml(r: TestReport): string {
  const all = r.suites.flatMap((s) => s.cases);
  const total = r.suites.reduce((t, s) => t + (s.timeMs ?? tally(s.cases).timeMs), 0);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="${xmlAttr(r.command)}" ${counts(all, total)}>`];
  for (const s of r.suites) {
    lines.push(`  <testsuite name="${xmlAttr(s.name)}" ${counts(s.cases, s.timeMs)}>`, ...s.cases.map(junitCase), '  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}

/** The report as JSON: { tool, command, suites: [{ name, cases: [{ name, classname, status, message?, timeMs? }] }] }. */
export function jsonTestReport(r: TestReport): string {
  const cases = (s: TestSuite) =>
    s.cases.map((c) => ({
      name: c.name,
      classname: c.classname,
      status: c.status,
      ...(c.message === undefined ? {} : { message: c.message }),
      ...(c.timeMs === undefined ? {} : { timeMs: Math.round(c.timeMs) }),
    }));
  const suites = r.suites.map((s) => ({ name: s.name, ...tally(s.cases), timeMs: Math.round(s.timeMs ?? tally(s.cases).timeMs), cases: cases(s) }));
  return JSON.stringify({ tool: 'srh', command: r.command, suites }, null, 2) + '\n';
}

/**
 * Writes the report when --reporter was given and returns the exit code: `code`, or a bad-input
 * code when the file cannot be written. A command that stopped at bad input before it checked
 * anything (no case) writes nothing.
 */
export function finishTestReport(o: ReporterOptions, report: TestReport, code: number, io: Io): number {
  if (o.reporter === undefined || o.outputFile === undefined) return code;
  if (code === EXIT.badInput && report.suites.every((s) => s.cases.length === 0)) return code;
  const text = o.reporter === 'junit' ? junitXml(report) : jsonTestReport(report);
  try {
    writeFileAtomic(o.outputFile, text);
  } catch (e) {
    io.err(`${report.command}: --output-file ${o.outputFile}: not written: ${(e as Error).message}; choose a writable path\n`);
    return code === EXIT.ok ? EXIT.badInput : code;
  }
  return code;
}

/** Checks the two flags for `command`; prints the one-line error and returns true when they are wrong. */
export function refuseReporterOptions(command: string, o: ReporterOptions, io: Io): boolean {
  const problem = reporterOptionProblem(o);
  if (problem === null) return false;
  io.err(`${command}: ${problem}\n`);
  return true;
}
