// The streaming reader (issue 12 §3, §4): the same events as readEventLog on every real log, gzip
// and zstd decoded as streams, Spark's rolling-log rules, and one clear line for each kind of bad
// input. The shared logs are read-only: broken variants are copies in a temp directory.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/trace/events.js';
import { readEventLog } from '../../src/trace/event-log-reader.js';
import { isUnreadable, resolveEventLogPath, type EventLogSource } from '../../src/trace/event-log-source.js';
import { streamEventLog, type EventRef } from '../../src/trace/event-log-stream.js';

const logs = resolve(import.meta.dirname, '../fixtures/spark-event-logs');
const tmp = mkdtempSync(join(tmpdir(), 'srh-stream-'));
const names = readdirSync(logs)
  .filter((f) => f !== 'README.md')
  .sort();

function sourceOf(path: string): EventLogSource {
  const r = resolveEventLogPath(path);
  if (r.kind !== 'log' || isUnreadable(r.log)) throw new Error(`not one readable log: ${path}`);
  return r.log;
}

async function streamAll(path: string, reads?: (n: string) => boolean): Promise<{ events: TraceEvent[]; refs: EventRef[]; error?: string; cutOff?: unknown }> {
  const events: TraceEvent[] = [];
  const refs: EventRef[] = [];
  const r = await streamEventLog(sourceOf(path), (e, ref) => (events.push(e), refs.push({ ...ref })), reads === undefined ? {} : { reads });
  return r.ok ? { events, refs, cutOff: r.cutOffLine } : { events, refs, error: r.error };
}

/** A TaskEnd as the stream gives it: without the metrics, which no check reads. */
const withoutMetrics = (e: TraceEvent): unknown => {
  if (e.Event !== 'SparkListenerTaskEnd') return e;
  const { 'Task Metrics': _m, 'Task Executor Metrics': _x, ...rest } = e as unknown as Record<string, unknown>;
  return rest;
};

const write = (name: string, text: string | Buffer): string => {
  const f = join(tmp, name);
  writeFileSync(f, text);
  return f;
};
const lines = readFileSync(join(logs, 'local-1430917381534'), 'utf8')
  .split('\n')
  .filter((l) => l !== '');

describe('streamEventLog on the real logs', () => {
  it.each(names)("%s gives readEventLog's events, TaskEnd metrics aside", async (name) => {
    const whole = readEventLog(join(logs, name));
    if (!whole.ok) throw new Error(whole.error);
    const s = await streamAll(join(logs, name));
    expect(s.error).toBeUndefined();
    expect(s.events.map(withoutMetrics)).toEqual(whole.events.map(withoutMetrics));
  });

  it('skips the JSON of events the caller does not read, and counts every line', async () => {
    const s = await streamAll(join(logs, 'local-1430917381534'), (n) => n === 'SparkListenerJobStart');
    expect(s.events.map((e) => e.Event)).toEqual(['SparkListenerJobStart']);
    expect(s.refs[0].line).toBe(lines.findIndex((l) => l.includes('"SparkListenerJobStart"')) + 1);
  });

  it('decodes gzip as a stream, with line numbers of the decoded text', async () => {
    const f = write('app.gz', gzipSync(lines.join('\n') + '\n'));
    const s = await streamAll(f);
    expect(s.events).toHaveLength(lines.length);
    expect(s.refs.at(-1)!.line).toBe(lines.length);
  });
});

describe('streamEventLog on logs in parts', () => {
  it('reads a Databricks directory as readEventLog does: dated parts oldest first (gzip too), then the current eventlog', async () => {
    const d = join(tmp, 'databricks');
    mkdirSync(d);
    writeFileSync(join(d, 'eventlog-2024-01-02--10-00.gz'), gzipSync(lines.slice(10, 20).join('\n') + '\n'));
    writeFileSync(join(d, 'eventlog-2024-01-01--09-00'), lines.slice(0, 10).join('\n') + '\n');
    writeFileSync(join(d, 'eventlog'), lines.slice(20).join('\n') + '\n');
    const whole = readEventLog(d);
    if (!whole.ok) throw new Error(whole.error);
    const s = await streamAll(d);
    expect(s.events.map(withoutMetrics)).toEqual(whole.events.map(withoutMetrics));
    expect(s.events).toHaveLength(lines.length);
    expect(s.refs[10]).toEqual({ index: 10, part: 1, line: 1 });
  });
});

describe('streamEventLog refuses bad input with one line naming the file and line', () => {
  it('a corrupt line in the middle', async () => {
    const bad = [...lines];
    bad[5] = bad[5].slice(0, 40);
    const s = await streamAll(write('corrupt-middle', bad.join('\n') + '\n'));
    expect(s.error).toBe(`${join(tmp, 'corrupt-middle')}: line 6: not a JSON event; an event log has one JSON object per line`);
  });

  it('a corrupt middle line of an event no check reads is still caught when it is cut short', async () => {
    const bad = [...lines];
    const i = bad.findIndex((l) => l.includes('SparkListenerBlockManagerAdded'));
    bad[i] = bad[i].slice(0, 40);
    const s = await streamAll(write('corrupt-skipped', bad.join('\n') + '\n'), (n) => n !== 'SparkListenerBlockManagerAdded');
    expect(s.error).toBe(`${join(tmp, 'corrupt-skipped')}: line ${i + 1}: not a JSON event; an event log has one JSON object per line`);
  });

  it('a truncated last line, unless the log is in progress', async () => {
    const cut = [...lines.slice(0, 20), lines[20].slice(0, 30)].join('\n');
    expect((await streamAll(write('cut', cut))).error).toBe(
      `${join(tmp, 'cut')}: line 21: the last event is cut off (truncated log); let Spark finish writing it, or drop the incomplete last line to check the rest`,
    );
    const inProgress = await streamAll(write('cut.inprogress', cut));
    expect(inProgress.events).toHaveLength(20);
    expect(inProgress.cutOff).toEqual({ file: join(tmp, 'cut.inprogress'), line: 21 });
  });

  it('a pretty-printed file, and a log of another tool', async () => {
    const pretty = write('pretty.json', JSON.stringify(JSON.parse(lines[0]), null, 2) + '\n');
    expect((await streamAll(pretty)).error).toBe(
      `${pretty}: line 1: not a JSON event; the file looks pretty-printed (one JSON value over many lines), while an event log has one JSON object per line, as Spark writes it`,
    );
    const other = write('driver.log', '24/01/01 12:00:00 INFO SparkContext: Running Spark version 3.2.0\n');
    expect((await streamAll(other)).error).toBe(`${other}: line 1: not a JSON event; an event log has one JSON object per line`);
    const json = write('other.jsonl', '{"level":"info","msg":"hi"}\n');
    expect((await streamAll(json)).error).toBe(`${json}: line 1: a JSON value without an "Event" field; this is not a Spark event log`);
  });

  it('corrupt gzip and zstd data', async () => {
    expect((await streamAll(write('bad.gz', Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3])))).error).toMatch(
      /: gzip data that does not decompress \(.*\); the file is corrupt or truncated — copy it again$/,
    );
    expect((await streamAll(write('bad.zstd', Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3])))).error).toMatch(
      /: a zstd frame that does not decompress \(.*\); the file is corrupt or truncated — copy it again$/,
    );
  });
});

describe('resolveEventLogPath: one log, or a directory of logs', () => {
  const rolling = (name: string, parts: number[], status: string | null): string => {
    const d = join(tmp, name);
    mkdirSync(d);
    for (const n of parts) writeFileSync(join(d, `events_${n}_app`), lines.slice((n - 1) * 10, n * 10).join('\n') + '\n');
    if (status !== null) writeFileSync(join(d, status), '');
    return d;
  };

  it('a rolling log with a missing part is refused as Spark refuses it', () => {
    const d = rolling('eventlog_v2_gap', [1, 3], 'appstatus_app');
    const r = resolveEventLogPath(d);
    expect(r.kind === 'log' && isUnreadable(r.log) && r.log.error).toBe(
      `${d}: Found missing event log file, expected indices: 1, 2, 3, actual: 1, 3 (Spark's reader refuses it too); copy the missing events_<N> parts`,
    );
  });

  it('a rolling log without its appstatus file is refused as Spark refuses it', () => {
    const d = rolling('eventlog_v2_nostatus', [1, 2], null);
    const r = resolveEventLogPath(d);
    expect(r.kind === 'log' && isUnreadable(r.log) && r.log.error).toContain('Log directory must contain an appstatus file!');
  });

  it('reads a rolling log from its last compacted part, in order of the part number', () => {
    const d = rolling('eventlog_v2_compact', [3, 1, 2], 'appstatus_app.inprogress');
    writeFileSync(join(d, 'events_2_app.compact'), '');
    const log = sourceOf(d);
    expect(log.parts).toEqual([join(d, 'events_2_app.compact'), join(d, 'events_3_app')]);
    expect(sourceOf(rolling('eventlog_v2_order', [10, 9, 8], 'appstatus_app')).parts).toEqual(
      [8, 9, 10].map((n) => join(tmp, 'eventlog_v2_order', `events_${n}_app`)),
    );
    expect(log.inProgress).toBe(true);
  });

  it('a directory of logs lists every entry but hidden ones; a folder that is no rolling log is named', () => {
    const d = join(tmp, 'event-dir');
    mkdirSync(d);
    writeFileSync(join(d, 'app-1'), lines.join('\n') + '\n');
    writeFileSync(join(d, '.app-1.crc'), '');
    mkdirSync(join(d, 'notes'));
    rolling('event-dir/eventlog_v2_app-2', [1, 2], 'appstatus_app');
    const r = resolveEventLogPath(d);
    if (r.kind !== 'directory') throw new Error('not a directory of logs');
    expect(r.logs.map((l) => l.path)).toEqual([join(d, 'app-1'), join(d, 'eventlog_v2_app-2'), join(d, 'notes')]);
    expect(isUnreadable(r.logs[2]) && r.logs[2].error).toContain('not a rolling event log');
  });

  it('a FIFO is refused before it is opened, so nothing waits for a writer', () => {
    const fifo = join(tmp, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const r = resolveEventLogPath(fifo);
    expect(r.kind === 'log' && isUnreadable(r.log) && r.log.error).toBe(
      `${fifo}: a FIFO (named pipe), not a regular file; an event log is read from a file — copy the stream into a file first`,
    );
  });
});
