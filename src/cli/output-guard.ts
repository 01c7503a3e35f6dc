// What `--eventlog OUT` and `--timeline OUT` may replace (issue 13 §3): nothing there yet, or a
// previous output of the same flag, known by its content (an event log of an application with our
// marker property in its environment's Spark properties, an SVG with our marker comment after its
// opening tag). Any other file (a
// corpus entry, a real Spark event log, a scenario, a directory or a pipe) is kept unless --force
// is given.
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { TIMELINE_MARKER } from '../harness/timeline-svg.js';
import { WRITTEN_BY, WRITTEN_BY_PROPERTY } from '../trace/event-log-writer.js';

export type OutputKind = 'eventlog' | 'timeline';

/** Enough for the first lines of a log up to its EnvironmentUpdate's Spark properties. */
const HEAD_BYTES = 256 * 1024;

/** Why `path` cannot take the output of `--<kind>`, or null when it can. */
export function outputProblem(kind: OutputKind, path: string, force: boolean): string | null {
  if (force) return null;
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? null : `cannot look at ${path} (${(e as Error).message}); choose another path`;
  }
  if (!isFile) return `${path} is not a regular file (a directory, pipe or device); choose a file path, or add --force to replace it`;
  const head = readHead(path);
  if (head === null)
    return `${path} exists and cannot be read to tell whether it is a previous output of --${kind}; choose another path, or add --force to replace it`;
  if (isOwnOutput(kind, head)) return null;
  const what = looksLikeCorpusEntry(head) ? 'a corpus entry' : `a file that is no previous output of --${kind}`;
  return `${path} is ${what}; it is kept: choose another path, or add --force to replace it`;
}

/** Whether the start of a file is one that `--<kind>` wrote. */
export function isOwnOutput(kind: OutputKind, head: string): boolean {
  if (kind === 'timeline') return head.startsWith('<svg ') && head.slice(0, 400).includes(TIMELINE_MARKER);
  // A Spark event log (LogStart first) whose environment carries the marker property.
  const lines = head.split('\n');
  try {
    if ((JSON.parse(lines[0]) as Record<string, unknown>).Event !== 'SparkListenerLogStart') return false;
  } catch {
    return false;
  }
  return head.includes(`${JSON.stringify(WRITTEN_BY_PROPERTY)}:${JSON.stringify(WRITTEN_BY)}`);
}

function looksLikeCorpusEntry(head: string): boolean {
  return /^\s*\{\s*"corpus"\s*:\s*1\b/.test(head);
}

/** The first `bytes` bytes of a regular file (opened without blocking), or null when it cannot be read. */
export function readHead(path: string, bytes = HEAD_BYTES): string | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch {
    return null;
  }
  try {
    if (!fstatSync(fd).isFile()) return null;
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n).toString('utf8');
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** Whether two paths name one file, through symlinks too (a path not there yet is compared as written). */
export function samePath(a: string, b: string): boolean {
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  return real(a) === real(b);
}
