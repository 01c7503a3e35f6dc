// `--report OUT.html` on `srh run`, `srh replay` and `srh check`: where the HTML report may be
// written, checked before any work is done, and the write itself. OUT may be a new file or an
// earlier report of ours (known by the marker comment on its second line); any other file is
// kept unless --force is given, and a FIFO, device, socket or directory is always refused, with
// one line, before anything opens it for writing.
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { htmlReport, REPORT_HEAD, type HtmlReportOptions } from '../harness/html-report.js';
import type { Trace } from '../trace/events.js';
import type { Io } from './io.js';
import { readHead, samePath } from './output-guard.js';

export interface ReportOptions {
  report?: string;
  force?: boolean;
}

/** Why `--report` cannot write its path, or null when it can (or is not given). */
export function reportOptionProblem(opts: ReportOptions, others: readonly (readonly [flag: string, path: string | null | undefined])[]): string | null {
  const out = opts.report;
  if (out === undefined) return null;
  for (const [flag, path] of others) {
    if (path !== undefined && path !== null && samePath(out, path)) return `--report ${out} is the same file as ${flag}; give the report its own path`;
  }
  const problem = reportPathProblem(out, opts.force === true);
  return problem === null ? null : `--report: ${problem}`;
}

/** Why `path` cannot take a report: not a regular file, or a file that is no earlier report (without force). */
export function reportPathProblem(path: string, force: boolean): string | null {
  let stat;
  try {
    stat = statSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return `cannot look at ${path} (${(e as Error).message}); choose another path`;
    return directoryProblem(path);
  }
  if (!stat.isFile()) return `${path} is not a regular file (a directory, FIFO, socket or device); give the path of a file`;
  if (force) return null;
  const head = readHead(path, REPORT_HEAD.length);
  if (head === null) return `${path} exists and cannot be read to tell whether it is an earlier report; choose another path, or add --force to replace it`;
  if (isReport(head)) return null;
  return `${path} exists and is not an earlier srh report; it is kept: choose another path, or add --force to replace it`;
}

/** Whether a file's first bytes are those of a report srh wrote. */
export function isReport(head: string): boolean {
  return head.startsWith(REPORT_HEAD);
}

function directoryProblem(path: string): string | null {
  const dir = dirname(resolve(path));
  try {
    if (statSync(dir).isDirectory()) return null;
    return `${dir} is not a directory; give a path in an existing directory`;
  } catch {
    return `the directory ${dir} does not exist; create it or give a path in an existing directory`;
  }
}

/** Writes the report when --report was given; false after printing why it could not be written. */
export function writeReport(command: string, opts: ReportOptions, trace: Trace, options: HtmlReportOptions, io: Io): boolean {
  if (opts.report === undefined) return true;
  // Checked again at the write: the path may have changed during a long campaign.
  const problem = reportPathProblem(opts.report, opts.force === true);
  try {
    if (problem !== null) throw new Error(problem);
    writeFileAtomic(opts.report, htmlReport(trace, options));
    return true;
  } catch (e) {
    io.err(`${command}: the report was not written: ${(e as Error).message}\n`);
    return false;
  }
}
