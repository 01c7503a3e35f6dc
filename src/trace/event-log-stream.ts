// Reads an event log in one pass over its lines, in constant memory (issue 12 §4): each part is
// read in chunks, zstd and gzip decoded as streams (fzstd's Decompress, node:zlib's gunzip), and
// split into lines without ever holding the log. The JSON of events no check reads is not parsed,
// as the History Server's replay skips lines its event filter rejects (ReplayListenerBus
// eventsFilter); such a line is still checked to be one whole JSON object line. Errors are the
// ones `readEventLog` gives (event-log-reader.ts), one line naming the file and line.
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';
import type { TraceEvent } from './events.js';
import type { EventLogSource } from './event-log-source.js';
import { eventShapeProblem } from './event-log-shape.js';
import { fastShapeOk } from './event-log-fast-shape.js';
import { collectGarbage } from './gc-hint.js';

/**
 * Where an event is: its index in the log (every line counts, across parts) and its file and line.
 * The reader hands the same object to every call: copy it to keep it.
 */
export interface EventRef {
  index: number;
  part: number;
  line: number;
}

export interface StreamOptions {
  /** Whether the checks read events of this name: others are not parsed (default: all are). */
  reads?: (eventName: string) => boolean;
}

export type StreamResult =
  | {
      ok: true;
      /** Lines read, every part's counted. */
      lines: number;
      /** The index of each part's first line: an event's line is its index minus its part's start, plus 1. */
      partStarts: number[];
      cutOffLine?: { file: string; line: number };
    }
  | { ok: false; error: string };

const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];
const GZIP_MAGIC = [0x1f, 0x8b];
const UNSUPPORTED_CODECS = ['.lz4', '.lzf', '.snappy'];
const CHUNK = 1 << 20;
/** Decoded bytes between two garbage-collection hints (gc-hint.ts). */
const COLLECT_EVERY = 64 << 20;

/** Where the event at a line index is, from the parts' first indexes. */
export function refOf(index: number, partStarts: readonly number[]): EventRef {
  let part = 0;
  while (part + 1 < partStarts.length && partStarts[part + 1] <= index) part++;
  return { index, part, line: index - partStarts[part] + 1 };
}

/** Streams a log's events to `onEvent` in order; stops at the first unreadable line. */
export async function streamEventLog(log: EventLogSource, onEvent: (e: TraceEvent, ref: EventRef) => void, opts: StreamOptions = {}): Promise<StreamResult> {
  const splitter = new LineSplitter(onEvent, opts.reads ?? (() => true));
  let cutOffLine: { file: string; line: number } | undefined;
  const partStarts: number[] = [];
  for (const [part, file] of log.parts.entries()) {
    const last = part === log.parts.length - 1;
    partStarts.push(splitter.index);
    splitter.startPart(file, part, log.inProgress && last);
    const r = await readPart(file, (chunk) => splitter.push(chunk));
    if (r !== null) return { ok: false, error: r };
    const end = splitter.endPart();
    if (typeof end === 'string') return { ok: false, error: end };
    if (end !== null) cutOffLine = { file, line: end };
  }
  return cutOffLine === undefined ? { ok: true, lines: splitter.index, partStarts } : { ok: true, lines: splitter.index, partStarts, cutOffLine };
}

/** The first bytes of a file, to tell its codec by magic number. */
function headOf(file: string): Buffer | string {
  try {
    const fd = openSync(file, 'r');
    try {
      const b = Buffer.alloc(4);
      const n = readSync(fd, b, 0, 4, 0);
      return b.subarray(0, n);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    return `${file}: cannot read it (${(e as Error).message}); check that it exists and is readable`;
  }
}

/** Feeds a part's decoded bytes to `push`; null when it was read whole, else the error. */
async function readPart(file: string, push: (chunk: Buffer) => string | null): Promise<string | null> {
  const codec = UNSUPPORTED_CODECS.find((c) => basename(file).endsWith(c));
  if (codec !== undefined)
    return `${file}: ${codec.slice(1)}-compressed event logs are framed by Spark itself and cannot be read here; decompress it with Spark (or write the log with zstd or no compression)`;
  const head = headOf(file);
  if (typeof head === 'string') return head;
  const isZstd = ZSTD_MAGIC.every((b, i) => head[i] === b);
  const isGzip = GZIP_MAGIC.every((b, i) => head[i] === b);
  const source = createReadStream(file, { highWaterMark: CHUNK });
  let lineError: string | null = null;
  try {
    if (isGzip) {
      const gunzip = createGunzip({ chunkSize: CHUNK });
      source.on('error', (e) => gunzip.destroy(e));
      source.pipe(gunzip);
      for await (const chunk of gunzip) if ((lineError = push(chunk as Buffer)) !== null) break;
    } else if (isZstd) {
      let failed: string | null = null;
      const z = new Decompress((data) => {
        if (failed === null) failed = push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      });
      for await (const chunk of source) {
        z.push(chunk as Buffer);
        if ((lineError = failed) !== null) break;
      }
      if (lineError === null) z.push(new Uint8Array(0), true);
      lineError ??= failed;
    } else {
      for await (const chunk of source) if ((lineError = push(chunk as Buffer)) !== null) break;
    }
  } catch (e) {
    const msg = (e as Error).message;
    if (isGzip) return `${file}: gzip data that does not decompress (${msg}); the file is corrupt or truncated — copy it again`;
    if (isZstd) return `${file}: a zstd frame that does not decompress (${msg}); the file is corrupt or truncated — copy it again`;
    return `${file}: cannot read it (${msg}); check that it exists and is readable`;
  } finally {
    source.destroy();
  }
  return lineError;
}

const EVENT_PREFIX = Buffer.from('{"Event":"');
const CUTS = [Buffer.from(',"Task Executor Metrics":'), Buffer.from(',"Task Metrics":')];

/**
 * Splits decoded bytes into lines and turns each into an event. A line that does not parse is
 * held back: it is an error unless it is the last line of a log still being written.
 */
class LineSplitter {
  index = 0;
  private carry: Buffer | null = null;
  private file = '';
  private part = 0;
  private line = 0;
  private maybeTruncated = false;
  private eventsInPart = 0;
  private badLine: number | null = null;
  private badText = '';
  private readonly ref: EventRef = { index: 0, part: 0, line: 0 };
  private bytes = 0;

  constructor(
    private readonly onEvent: (e: TraceEvent, ref: EventRef) => void,
    private readonly reads: (eventName: string) => boolean,
  ) {}

  startPart(file: string, part: number, maybeTruncated: boolean): void {
    this.file = file;
    this.part = part;
    this.line = 0;
    this.maybeTruncated = maybeTruncated;
    this.eventsInPart = 0;
    this.carry = null;
  }

  /** Null, or the error of a line this chunk completed. */
  push(chunk: Buffer): string | null {
    this.bytes += chunk.length;
    if (this.bytes >= COLLECT_EVERY) {
      this.bytes = 0;
      collectGarbage();
    }
    let start = 0;
    if (this.carry !== null) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        this.carry = Buffer.concat([this.carry, chunk]);
        return null;
      }
      const err = this.takeLine(Buffer.concat([this.carry, chunk.subarray(0, nl)]), 0, this.carry.length + nl);
      this.carry = null;
      if (err !== null) return err;
      start = nl + 1;
    }
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) break;
      const err = this.takeLine(chunk, start, nl);
      if (err !== null) return err;
      start = nl + 1;
    }
    if (start < chunk.length) this.carry = Buffer.from(chunk.subarray(start));
    return null;
  }

  /** At the end of a part: null, the cut-off line left out, or the error. */
  endPart(): number | null | string {
    if (this.carry !== null) {
      const c = this.carry;
      this.carry = null;
      const err = this.takeLine(c, 0, c.length);
      if (err !== null) return err;
    }
    if (this.badLine !== null) {
      const line = this.badLine;
      this.badLine = null;
      if (this.eventsInPart === 0) return this.notJson(line, this.badText);
      if (this.maybeTruncated) return line;
      return `${this.file}: line ${line}: the last event is cut off (truncated log); let Spark finish writing it, or drop the incomplete last line to check the rest`;
    }
    if (this.eventsInPart === 0) return `${this.file}: no events; an event log has one JSON object per line`;
    return null;
  }

  private notJson(line: number, text: string): string {
    const t = text.trim();
    if (line === 1 && (t === '{' || t === '[' || t === '[{'))
      return `${this.file}: line 1: not a JSON event; the file looks pretty-printed (one JSON value over many lines), while an event log has one JSON object per line, as Spark writes it`;
    return `${this.file}: line ${line}: not a JSON event; an event log has one JSON object per line`;
  }

  private takeLine(buf: Buffer, start: number, end: number): string | null {
    this.line++;
    const index = this.index++;
    let s = start;
    let e = end;
    while (s < e && isSpace(buf[s])) s++;
    while (e > s && isSpace(buf[e - 1])) e--;
    if (s === e) return null;
    // A bad line followed by another line was not the last one: the log is corrupt there.
    if (this.badLine !== null) return this.notJson(this.badLine, this.badText);
    const name = eventNameOf(buf, s, e);
    if (name !== null && !this.reads(name)) {
      if (buf[e - 1] !== 0x7d) return this.holdBad(buf, s, e);
      this.eventsInPart++;
      return null;
    }
    const json = parseEvent(buf, s, e, name);
    if (json === undefined) return this.holdBad(buf, s, e);
    if (json === null || typeof json !== 'object' || typeof (json as { Event?: unknown }).Event !== 'string') {
      return `${this.file}: line ${this.line}: a JSON value without an "Event" field; this is not a Spark event log`;
    }
    if (!fastShapeOk(json as TraceEvent)) {
      const problem = eventShapeProblem(json as { Event: string });
      if (problem !== null) return `${this.file}: line ${this.line}: ${problem}`;
    }
    this.eventsInPart++;
    this.ref.index = index;
    this.ref.part = this.part;
    this.ref.line = this.line;
    this.onEvent(json as TraceEvent, this.ref);
    return null;
  }

  private holdBad(buf: Buffer, s: number, e: number): null {
    this.badLine = this.line;
    this.badText = this.line === 1 ? buf.toString('utf8', s, Math.min(e, s + 16)) : '';
    return null;
  }
}

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0d || b === 0x09;
}

/** The event's name when the line starts as Spark writes it (`{"Event":"Name"`), else null. */
function eventNameOf(buf: Buffer, s: number, e: number): string | null {
  if (e - s < EVENT_PREFIX.length + 2 || buf.compare(EVENT_PREFIX, 0, EVENT_PREFIX.length, s, s + EVENT_PREFIX.length) !== 0) return null;
  const from = s + EVENT_PREFIX.length;
  const q = buf.indexOf(0x22, from);
  return q < 0 || q >= e ? null : buf.toString('latin1', from, q);
}

/**
 * The line's JSON, or undefined when it does not parse. A TaskEnd is parsed without its metrics
 * (the largest part of it, read by no check): the cut is taken only where it leaves valid JSON,
 * since `,"` cannot occur inside a JSON string; otherwise the whole line is parsed.
 */
function parseEvent(buf: Buffer, s: number, e: number, name: string | null): unknown {
  if (name === 'SparkListenerTaskEnd' && buf[e - 1] === 0x7d) {
    // Spark writes "Task Executor Metrics" (3.0+) before "Task Metrics": the first found is the earliest.
    const line = buf.subarray(s, e);
    let cut = -1;
    for (const c of CUTS) {
      cut = line.indexOf(c);
      if (cut > 0) break;
    }
    if (cut > 0) {
      try {
        return JSON.parse(buf.toString('utf8', s, s + cut) + '}');
      } catch {
        // the cut was not at the top level: parse the whole line below
      }
    }
  }
  try {
    return JSON.parse(buf.toString('utf8', s, e));
  } catch {
    return undefined;
  }
}
