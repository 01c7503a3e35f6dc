// Reading real Spark event logs: plain JSON lines, zstd, rolling directories; and clear errors
// for truncated or foreign files. The shared logs are read-only: broken variants are copies.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ALL_INVARIANTS } from '../../properties/invariants/index.js';
import { isFragment, leaveOutEarlierEntities } from '../../src/trace/event-log-fragment.js';
import { readEventLog } from '../../src/trace/event-log-reader.js';
import { simulate } from '../../src/simulate.js';
import { scenarioOf } from '../support/run.js';

// The shared real logs, vendored as fixtures so a clean clone (CI) checks them too.
const logs = resolve(import.meta.dirname, '../fixtures/spark-event-logs');
const tmp = mkdtempSync(join(tmpdir(), 'srh-eventlog-'));

describe('readEventLog on the shared real logs', () => {
  it('reads a plain JSON-lines log', () => {
    const r = readEventLog(join(logs, 'local-1422981780767'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.events.some((e) => e.Event === 'SparkListenerApplicationStart')).toBe(true);
    expect(r.events.some((e) => e.Event === 'SparkListenerJobEnd')).toBe(true);
  });

  it('reads a zstd-compressed log', () => {
    const r = readEventLog(join(logs, 'gpu_oom_eventlog.zstd'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.events.length).toBeGreaterThan(1000);
    expect(r.events.filter((e) => e.Event === 'SparkListenerTaskEnd').length).toBeGreaterThan(100);
  });

  it('reads a rolling event log directory in order of its parts', () => {
    const r = readEventLog(join(logs, 'eventlog_v2_local-1766844910796'));
    expect(r.ok && r.files.map((f) => f.split('/').at(-1))).toEqual(['events_1_local-1766844910796']);
  });

  it('names the file and line of a truncated log', () => {
    const text = readFileSync(join(logs, 'local-1430917381534'), 'utf8');
    const cut = join(tmp, 'truncated');
    writeFileSync(cut, text.slice(0, Math.floor(text.length / 2)));
    const r = readEventLog(cut);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(new RegExp(`^${cut}: line \\d+: the last event is cut off \\(truncated log\\)`));
  });

  it('orders rolling parts by number, not by name', () => {
    const dir = join(tmp, 'eventlog_v2_app');
    mkdirSync(dir);
    writeFileSync(join(dir, 'events_10_app'), '{"Event":"SparkListenerApplicationEnd","Timestamp":2}\n');
    writeFileSync(join(dir, 'events_2_app'), '{"Event":"SparkListenerLogStart","Spark Version":"3.2.0"}\n');
    writeFileSync(join(dir, 'appstatus_app'), '');
    const r = readEventLog(dir);
    expect(r.ok && r.events.map((e) => e.Event)).toEqual(['SparkListenerLogStart', 'SparkListenerApplicationEnd']);
  });
});

describe('logs in parts: gzip, Databricks directories and fragments', () => {
  // A real log cut in two in the middle of a stage, as a rolling writer cuts it.
  const lines = readFileSync(join(logs, 'local-1430917381534'), 'utf8')
    .split('\n')
    .filter((l) => l !== '');
  const cut = Math.floor(lines.length / 2);
  const head = lines.slice(0, cut).join('\n') + '\n';
  const tail = lines.slice(cut).join('\n') + '\n';
  const whole = readEventLog(join(logs, 'local-1430917381534'));
  const traceInvariants = ALL_INVARIANTS.filter((i) => i.needs === 'trace');
  const violationsOf = (events: Parameters<(typeof traceInvariants)[number]['check']>[0]['events']) =>
    traceInvariants.flatMap((inv) => inv.check({ events }).map((v) => v.invariant));

  it('reads a gzip-compressed log', () => {
    const f = join(tmp, 'app.gz');
    writeFileSync(f, gzipSync(head + tail));
    const r = readEventLog(f);
    expect(r.ok && whole.ok && r.events).toEqual(whole.ok && whole.events);
  });

  it('reads a Databricks directory: dated parts oldest first, then the current eventlog', () => {
    const dir = join(tmp, 'databricks');
    mkdirSync(dir);
    writeFileSync(join(dir, 'eventlog'), tail.split('\n').slice(10).join('\n'));
    writeFileSync(join(dir, 'eventlog-2021-06-15--15-10'), tail.split('\n').slice(0, 10).join('\n') + '\n');
    writeFileSync(join(dir, 'eventlog-2021-06-15--15-00.gz'), gzipSync(head));
    const r = readEventLog(dir);
    expect(r.ok && r.files.map((f) => f.split('/').at(-1))).toEqual(['eventlog-2021-06-15--15-00.gz', 'eventlog-2021-06-15--15-10', 'eventlog']);
    expect(r.ok && whole.ok && r.events).toEqual(whole.ok && whole.events);
  });

  it('a later part alone is a fragment: what began before it is left out, the rest is checked', () => {
    const f = join(tmp, 'events_2_app');
    writeFileSync(f, tail);
    const r = readEventLog(f);
    if (!r.ok) throw new Error(r.error);
    expect(isFragment(r.events)).toBe(true);
    expect(whole.ok && isFragment(whole.events)).toBe(false);
    // Judged as it stands, the fragment shows TaskEnds without their TaskStarts.
    expect(violationsOf(r.events)).toContain('L3');
    const trimmed = leaveOutEarlierEntities(r.events);
    expect(trimmed.leftOut).toBeGreaterThan(0);
    expect(trimmed.events.some((e) => e.Event === 'SparkListenerTaskEnd')).toBe(true);
    expect(violationsOf(trimmed.events)).toEqual([]);
  });
});

describe('readEventLog errors', () => {
  it('a missing path', () => {
    const r = readEventLog(join(tmp, 'nope'));
    expect(!r.ok && r.error).toContain('no such file or directory');
  });

  // The one-line case is not taken for a truncated log, even in progress.
  it.each([
    ['notes.txt', 'hello\nworld\n'],
    ['one-line.inprogress', 'hello'],
  ])('a file that is not an event log (%s)', (name, text) => {
    const f = join(tmp, name);
    writeFileSync(f, text);
    const r = readEventLog(f);
    expect(!r.ok && r.error).toBe(`${f}: line 1: not a JSON event; an event log has one JSON object per line`);
  });

  it('JSON without "Event"', () => {
    const f = join(tmp, 'plain.json');
    writeFileSync(f, '{"a": 1}\n');
    expect(readEventLog(f)).toEqual({ ok: false, error: `${f}: line 1: a JSON value without an "Event" field; this is not a Spark event log` });
  });

  it('an lz4 log, which only Spark can frame', () => {
    const f = join(tmp, 'app.lz4');
    writeFileSync(f, 'x');
    expect(!readEventLog(f).ok && (readEventLog(f) as { error: string }).error).toContain('lz4-compressed event logs are framed by Spark itself');
  });

  it('a corrupt zstd frame', () => {
    const f = join(tmp, 'corrupt.zstd');
    writeFileSync(f, Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3]));
    const r = readEventLog(f);
    expect(!r.ok && r.error).toContain('a zstd frame that does not decompress');
  });

  it('corrupt gzip data', () => {
    const f = join(tmp, 'corrupt.gz');
    writeFileSync(f, Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]));
    const r = readEventLog(f);
    expect(!r.ok && r.error).toMatch(new RegExp(`^${f}: gzip data that does not decompress .*; the file is corrupt or truncated`));
  });

  it('a directory without event files', () => {
    const d = join(tmp, 'empty-dir');
    mkdirSync(d);
    expect(!readEventLog(d).ok).toBe(true);
  });
});

describe('readEventLog refuses events the checker cannot read, naming the line and the field', () => {
  // Line 2 of a copy of a real log is replaced by a damaged variant of one of its own events.
  const real = readFileSync(join(logs, 'local-1430917381534'), 'utf8')
    .split('\n')
    .filter((l) => l !== '');
  const taskEnd = real.find((l) => l.includes('"Event":"SparkListenerTaskEnd"'))!;
  const damaged = (name: string, edit: (e: Record<string, unknown>) => void): ReturnType<typeof readEventLog> => {
    const event = JSON.parse(taskEnd) as Record<string, unknown>;
    edit(event);
    const f = join(tmp, name);
    writeFileSync(f, [real[0], JSON.stringify(event), ...real.slice(1)].join('\n') + '\n');
    return readEventLog(f);
  };

  it('a TaskEnd without "Task Info"', () => {
    const r = damaged('no-task-info', (e) => delete e['Task Info']);
    expect(!r.ok && r.error).toBe(
      `${join(tmp, 'no-task-info')}: line 2: SparkListenerTaskEnd without "Task Info"; this line is not as Spark writes it — check that the log was not edited or cut, or leave the line out`,
    );
  });

  it('a TaskEnd whose "Task Info" is null', () => {
    const r = damaged('null-task-info', (e) => (e['Task Info'] = null));
    expect(!r.ok && r.error).toContain('line 2: SparkListenerTaskEnd has "Task Info" of the wrong type');
  });

  it('a TID that is not a number', () => {
    const r = damaged('string-tid', (e) => ((e['Task Info'] as Record<string, unknown>)['Task ID'] = 'abc'));
    expect(!r.ok && r.error).toContain('line 2: SparkListenerTaskEnd has "Task Info" → "Task ID" of the wrong type');
  });

  it('the untouched log reads', () => {
    expect(damaged('untouched', () => {}).ok).toBe(true);
  });
});

describe('readEventLog refuses our own streaming events when a field the checks read is damaged', () => {
  // A simulated continuous run written as an event log, with one of its events edited.
  const log = () => {
    const r = simulate(scenarioOf({ scenario: 1, seed: 1, cluster: { master: 'local[2]' }, workload: { mode: 'continuous', partitions: 2, epochs: 2 } }));
    return r.trace.events.map((e) => JSON.parse(JSON.stringify(e)) as Record<string, unknown>);
  };
  const damaged = (name: string, event: string, edit: (e: Record<string, unknown>) => void): ReturnType<typeof readEventLog> => {
    const events = log();
    edit(events.find((e) => e.Event === event)!);
    const f = join(tmp, name);
    writeFileSync(f, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    return readEventLog(f);
  };

  it('a partition commit without its records', () => {
    const r = damaged('no-records', 'SparkRetryHarnessPartitionEpochCommitted', (e) => delete e.records);
    expect(!r.ok && r.error).toMatch(
      /line \d+: SparkRetryHarnessPartitionEpochCommitted without "records"; this line is not as `srh run --eventlog` writes it/,
    );
  });

  it('a sink commit whose records are null', () => {
    const r = damaged('null-records', 'SparkRetryHarnessSinkCommitted', (e) => (e.records = null));
    expect(!r.ok && r.error).toMatch(/SparkRetryHarnessSinkCommitted has "records" of the wrong type/);
  });

  it('a termination without its causes', () => {
    const r = damaged('no-causes', 'SparkRetryHarnessQueryTerminated', (e) => delete e.causes);
    expect(!r.ok && r.error).toMatch(/SparkRetryHarnessQueryTerminated without "causes"/);
  });

  it('the untouched log reads, and every trace invariant holds on it', () => {
    const r = damaged('untouched-ours', 'SparkRetryHarnessQueryStarted', () => {});
    expect(r.ok).toBe(true);
    if (r.ok) expect(ALL_INVARIANTS.filter((i) => i.needs === 'trace').flatMap((i) => i.check({ events: r.events }))).toEqual([]);
  });
});

describe('a cut-off last line', () => {
  const real = readFileSync(join(logs, 'local-1430917381534'), 'utf8')
    .split('\n')
    .filter((l) => l !== '');
  const cutText = [...real.slice(0, 20), real[20].slice(0, 30)].join('\n') + '\n';

  it('is refused as truncated in a finished log, trailing newline or not', () => {
    const f = join(tmp, 'cut-finished');
    writeFileSync(f, cutText);
    const r = readEventLog(f);
    expect(!r.ok && r.error).toBe(
      `${f}: line 21: the last event is cut off (truncated log); let Spark finish writing it, or drop the incomplete last line to check the rest`,
    );
  });

  it("is left out of an .inprogress log, as Spark's replay does (maybeTruncated)", () => {
    const f = join(tmp, 'app-1.inprogress');
    writeFileSync(f, cutText);
    const r = readEventLog(f);
    expect(r.ok && r.events.length).toBe(20);
    expect(r.ok && r.cutOffLine).toEqual({ file: f, line: 21 });
  });

  it('is left out of the last part of a rolling log whose appstatus says in progress', () => {
    const dir = join(tmp, 'eventlog_v2_app-2');
    mkdirSync(dir);
    writeFileSync(join(dir, 'events_1_app-2'), real.slice(0, 10).join('\n') + '\n');
    writeFileSync(join(dir, 'events_2_app-2'), cutText.split('\n').slice(10).join('\n'));
    writeFileSync(join(dir, 'appstatus_app-2.inprogress'), '');
    const r = readEventLog(dir);
    expect(r.ok && r.cutOffLine).toEqual({ file: join(dir, 'events_2_app-2'), line: 11 });
  });
});

describe('logs of Spark before 1.2', () => {
  it('are refused with the reason: they have no attempt numbers, which the checks count', () => {
    const lines = readFileSync(join(logs, 'local-1430917381534'), 'utf8')
      .split('\n')
      .filter((l) => l !== '');
    const old = lines.map((l) => {
      const e = JSON.parse(l) as Record<string, Record<string, unknown>>;
      delete e['Stage Attempt ID'];
      if (e['Task Info']) delete e['Task Info'].Attempt;
      if (e['Stage Info']) delete e['Stage Info']['Stage Attempt ID'];
      return JSON.stringify(e);
    });
    const f = join(tmp, 'spark-1.1-style');
    writeFileSync(f, old.join('\n') + '\n');
    const r = readEventLog(f);
    expect(!r.ok && r.error).toMatch(
      /^.*: line \d+: SparkListener\w+ without .*"Stage Attempt ID", as Spark before 1\.2 wrote it; the checks count attempts, so they cannot run on a log without attempt numbers$/,
    );
  });
});
