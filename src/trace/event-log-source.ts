// What a path given to `srh eventlog check` holds (issue 12 §3): one event log (a file, a Spark
// rolling log `eventlog_v2_<appId>/`, a Databricks log directory), or a log directory such as
// Spark's `spark.eventLog.dir`, as the History Server reads it: every entry not hidden is a log
// (a file, or a rolling-log folder). A rolling log is refused as Spark's
// RollingEventLogFilesFileReader refuses it: no event file, no appstatus file, or a missing part.
import { readdirSync, statSync, type Stats } from 'node:fs';
import { basename, join } from 'node:path';

/** One event log: its parts, oldest first, and whether it may still be being written. */
export interface EventLogSource {
  path: string;
  kind: 'file' | 'spark-rolling' | 'databricks';
  parts: string[];
  /** An `.inprogress` file, or a rolling log whose appstatus file is `.inprogress` (ReplayListenerBus maybeTruncated). */
  inProgress: boolean;
}

/** A path that cannot be read as a log, with the one-line reason naming it. */
export interface UnreadableLog {
  path: string;
  error: string;
}

export type ResolvedPath = { kind: 'log'; log: EventLogSource | UnreadableLog } | { kind: 'directory'; path: string; logs: (EventLogSource | UnreadableLog)[] };

export function isUnreadable<T extends object>(x: T | UnreadableLog): x is UnreadableLog {
  return 'error' in x && typeof (x as UnreadableLog).error === 'string';
}

/** What a path holds: one log, or a directory of logs (each entry checked on its own). */
export function resolveEventLogPath(path: string): ResolvedPath {
  const stat = statOf(path);
  if (typeof stat === 'string') return { kind: 'log', log: { path, error: stat } };
  if (!stat.isDirectory()) return { kind: 'log', log: fileLog(path, stat) };
  const names = listDir(path);
  if (typeof names === 'string') return { kind: 'log', log: { path, error: names } };
  if (isRollingLogDir(path, names)) return { kind: 'log', log: rollingLog(path, names) };
  const entries = names.filter((n) => !n.startsWith('.')).sort();
  if (entries.length === 0)
    return {
      kind: 'log',
      log: {
        path,
        error: `${path}: an empty directory; give an event log, a rolling event log directory (eventlog_v2_<appId>) or a directory of event logs (spark.eventLog.dir)`,
      },
    };
  return { kind: 'directory', path, logs: entries.map((n) => entryLog(join(path, n))) };
}

/** One entry of a log directory: a file is a log; a folder is a log only when it is a rolling one. */
function entryLog(path: string): EventLogSource | UnreadableLog {
  const stat = statOf(path);
  if (typeof stat === 'string') return { path, error: stat };
  if (!stat.isDirectory()) return fileLog(path, stat);
  const names = listDir(path);
  if (typeof names === 'string') return { path, error: names };
  if (isRollingLogDir(path, names)) return rollingLog(path, names);
  return {
    path,
    error: `${path}: a directory inside a log directory that is not a rolling event log (no events_<N>_<appId> or eventlog files); move it out, or give it as a path of its own`,
  };
}

function statOf(path: string): Stats | string {
  try {
    return statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      return `${path}: no such file or directory; give the path of a Spark event log, a rolling event log directory or a directory of event logs`;
    return `${path}: cannot read it (${(e as Error).message}); check its permissions`;
  }
}

function listDir(path: string): string[] | string {
  try {
    return readdirSync(path);
  } catch (e) {
    return `${path}: cannot list the directory (${(e as Error).message}); check its permissions`;
  }
}

/** A regular file is a log; a FIFO, socket or device is refused before it is opened (opening a FIFO waits for a writer). */
function fileLog(path: string, stat: Stats): EventLogSource | UnreadableLog {
  if (!stat.isFile()) {
    const what = stat.isFIFO() ? 'a FIFO (named pipe)' : stat.isSocket() ? 'a socket' : 'a device or special file';
    return { path, error: `${path}: ${what}, not a regular file; an event log is read from a file — copy the stream into a file first` };
  }
  return { path, kind: 'file', parts: [path], inProgress: path.endsWith('.inprogress') };
}

const SPARK_PART = /^events_(\d+)_.*?(\.compact)?(\.[a-z0-9]+)?$/;
const DATABRICKS_DATED = /^eventlog-\d{4}-\d{2}-\d{2}--\d{2}-\d{2}(\.gz)?$/;

/** A folder is one rolling log when Spark (eventlog_v2_*, events_<N>_*, appstatus_*) or Databricks (eventlog*) wrote it. */
function isRollingLogDir(path: string, names: readonly string[]): boolean {
  if (basename(path).startsWith('eventlog_v2_')) return true;
  return names.some((n) => SPARK_PART.test(n) || n.startsWith('appstatus_') || n === 'eventlog' || DATABRICKS_DATED.test(n));
}

function rollingLog(path: string, names: readonly string[]): EventLogSource | UnreadableLog {
  const visible = names.filter((n) => !n.startsWith('.') && !n.endsWith('.crc'));
  const spark = visible.filter((n) => SPARK_PART.test(n));
  if (spark.length > 0 || basename(path).startsWith('eventlog_v2_')) return sparkRolling(path, visible, spark);
  const dated = visible.filter((n) => DATABRICKS_DATED.test(n)).sort();
  const parts = visible.includes('eventlog') ? [...dated, 'eventlog'] : dated;
  return { path, kind: 'databricks', parts: parts.map((n) => join(path, n)), inProgress: false };
}

/** Spark's rolling log (EventLogFileReaders.scala, 3.x): parts by index, from the last compacted one, with no gap. */
function sparkRolling(path: string, names: readonly string[], spark: readonly string[]): EventLogSource | UnreadableLog {
  if (spark.length === 0)
    return {
      path,
      error: `${path}: Log directory must contain at least one event log file! (Spark's message); give a rolling log with its events_<N>_<appId> files`,
    };
  const status = names.find((n) => n.startsWith('appstatus_'));
  if (status === undefined)
    return {
      path,
      error: `${path}: Log directory must contain an appstatus file! (Spark's message); a rolling log has an appstatus_<appId> file — copy the whole directory`,
    };
  const parsed = spark.map((n) => {
    const m = SPARK_PART.exec(n)!;
    return { n, index: Number(m[1]), compact: m[2] !== undefined };
  });
  parsed.sort((a, b) => a.index + (a.compact ? 0.1 : 0) - (b.index + (b.compact ? 0.1 : 0)));
  const lastCompact = parsed.map((p) => p.compact).lastIndexOf(true);
  const toRead = lastCompact < 0 ? parsed : parsed.slice(lastCompact);
  const indices = toRead.map((p) => p.index);
  const expected = Array.from({ length: indices[indices.length - 1] - indices[0] + 1 }, (_, k) => indices[0] + k);
  if (expected.length !== indices.length || expected.some((x, k) => x !== indices[k])) {
    return {
      path,
      error: `${path}: Found missing event log file, expected indices: ${expected.join(', ')}, actual: ${indices.join(', ')} (Spark's reader refuses it too); copy the missing events_<N> parts`,
    };
  }
  return { path, kind: 'spark-rolling', parts: toRead.map((p) => join(path, p.n)), inProgress: status.endsWith('.inprogress') };
}
