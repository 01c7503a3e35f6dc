// Reads a real Spark event log: a plain JSON-lines file, a zstd-compressed one (Spark's
// `spark.eventLog.compress` with codec zstd writes a standard zstd frame), a gzip-compressed one
// (Databricks rolls its logs into `.gz` files), or a directory of parts: a Spark rolling event
// log (`eventlog_v2_<appId>/events_<N>_<appId>`, read in order of N) or a Databricks one
// (`eventlog-<yyyy-MM-dd--HH-mm>[.gz]` parts, oldest first, then the current `eventlog`). A
// problem gives one clear error naming the file and line and what to do.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decompress } from 'fzstd';
import type { TraceEvent } from './events.js';
import { eventShapeProblem } from './event-log-shape.js';
import { PartitionIdRestorer } from './partition-ids.js';

export type EventLogReadResult =
  | {
      ok: true;
      events: TraceEvent[];
      files: string[];
      /** An in-progress log's cut-off last line, left out as Spark's replay leaves it out. */
      cutOffLine?: { file: string; line: number };
    }
  | { ok: false; error: string };

const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];
const GZIP_MAGIC = [0x1f, 0x8b];
const UNSUPPORTED_CODECS = ['.lz4', '.lzf', '.snappy'];

export function readEventLog(path: string): EventLogReadResult {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return { ok: false, error: `${path}: no such file or directory; give the path of a Spark event log or a rolling event log directory` };
  }
  const files = stat.isDirectory() ? rollingFiles(path) : [path];
  if (typeof files === 'string') return { ok: false, error: files };
  // Spark's replay forgives a bad last line only in a log that may still be being written
  // (ReplayListenerBus maybeTruncated): an .inprogress file, or the last part of a rolling
  // log whose appstatus file says in progress.
  const inProgress = stat.isDirectory() ? readdirSync(path).some((n) => /^appstatus_.*\.inprogress$/.test(n)) : path.endsWith('.inprogress');
  const events: TraceEvent[] = [];
  let cutOffLine: { file: string; line: number } | undefined;
  // A log `srh run --eventlog` wrote in Spark 3.2's form gets its tasks' partitions back.
  const partitions = new PartitionIdRestorer();
  for (const [i, f] of files.entries()) {
    const r = readOneFile(f, inProgress && i === files.length - 1);
    if (typeof r === 'string') return { ok: false, error: r };
    for (const e of r.events) events.push(partitions.event(e));
    if (r.cutOffLine !== null) cutOffLine = { file: f, line: r.cutOffLine };
  }
  return cutOffLine === undefined ? { ok: true, events, files } : { ok: true, events, files, cutOffLine };
}

interface FileEvents {
  events: TraceEvent[];
  /** The line left out because it was cut off, or null. */
  cutOffLine: number | null;
}

/** The parts of an event log directory, oldest first. */
function rollingFiles(dir: string): string[] | string {
  const names = readdirSync(dir).filter((f) => !f.endsWith('.crc'));
  const spark = sparkRollingParts(names);
  const parts = spark.length > 0 ? spark : databricksParts(names);
  if (parts.length === 0)
    return `${dir}: a directory without events_<N>_<appId> or eventlog files; give an event log file or a rolling event log directory (eventlog_v2_<appId>)`;
  return parts.map((f) => join(dir, f));
}

/** Spark's `events_<N>_<appId>[.codec]` parts, in order of N. */
function sparkRollingParts(names: readonly string[]): string[] {
  return names
    .map((f) => ({ f, m: /^events_(\d+)_/.exec(f) }))
    .filter((x) => x.m !== null)
    .sort((a, b) => Number(a.m![1]) - Number(b.m![1]))
    .map((x) => x.f);
}

/** Databricks' parts: `eventlog-<yyyy-MM-dd--HH-mm>[.gz]` (the dated name sorts by time), then `eventlog`. */
function databricksParts(names: readonly string[]): string[] {
  const dated = names.filter((f) => /^eventlog-\d{4}-\d{2}-\d{2}--\d{2}-\d{2}(\.gz)?$/.test(f)).sort();
  return names.includes('eventlog') ? [...dated, 'eventlog'] : dated;
}

function readOneFile(file: string, maybeTruncated: boolean): FileEvents | string {
  const name = basename(file);
  const codec = UNSUPPORTED_CODECS.find((c) => name.endsWith(c));
  if (codec !== undefined)
    return `${file}: ${codec.slice(1)}-compressed event logs are framed by Spark itself and cannot be read here; decompress it with Spark (or write the log with zstd or no compression)`;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    return `${file}: cannot read it (${(e as Error).message})`;
  }
  if (ZSTD_MAGIC.every((b, i) => bytes[i] === b)) {
    try {
      bytes = decompress(bytes);
    } catch (e) {
      return `${file}: a zstd frame that does not decompress (${(e as Error).message}); the file is corrupt or truncated — copy it again`;
    }
  } else if (GZIP_MAGIC.every((b, i) => bytes[i] === b)) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      return `${file}: gzip data that does not decompress (${(e as Error).message}); the file is corrupt or truncated — copy it again`;
    }
  }
  return parseLines(file, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), maybeTruncated);
}

/**
 * The events of a log's bytes, decoded a line at a time: a log can exceed the longest string
 * JavaScript can hold (about 512 MB), while each of its lines is small.
 */
function parseLines(file: string, bytes: Buffer, maybeTruncated: boolean): FileEvents | string {
  const events: TraceEvent[] = [];
  let cutOffLine: number | null = null;
  let lineNo = 0;
  for (let pos = 0; pos < bytes.length;) {
    const nl = bytes.indexOf(10, pos);
    const end = nl < 0 ? bytes.length : nl;
    const line = bytes.toString('utf8', pos, end).trim();
    pos = end + 1;
    lineNo++;
    if (line === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      const isLast = !hasContent(bytes, pos);
      if (!isLast || events.length === 0) return `${file}: line ${lineNo}: not a JSON event; an event log has one JSON object per line`;
      if (maybeTruncated) {
        cutOffLine = lineNo;
        continue;
      }
      return `${file}: line ${lineNo}: the last event is cut off (truncated log); let Spark finish writing it, or drop the incomplete last line to check the rest`;
    }
    if (json === null || typeof json !== 'object' || typeof (json as { Event?: unknown }).Event !== 'string') {
      return `${file}: line ${lineNo}: a JSON value without an "Event" field; this is not a Spark event log`;
    }
    const problem = eventShapeProblem(json as { Event: string });
    if (problem !== null) return `${file}: line ${lineNo}: ${problem}`;
    events.push(json as TraceEvent);
  }
  if (events.length === 0) return `${file}: no events; an event log has one JSON object per line`;
  return { events, cutOffLine };
}

/** Whether anything but whitespace follows `from`. */
function hasContent(bytes: Buffer, from: number): boolean {
  for (let i = from; i < bytes.length; i++) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return true;
  }
  return false;
}
