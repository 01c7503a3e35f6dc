// `srh eventlog check` as a Spark user runs it (issue 12): the per-application report, the retry
// limit from the log's environment (edited copies of real logs that must now fail), a directory of
// logs with one line each and a total, and bad input. The vendored logs are never edited: every
// variant is a copy in a temp directory.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { decompress } from 'fzstd';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const logs = join(root, 'test/fixtures/spark-event-logs');
const tmp = mkdtempSync(join(tmpdir(), 'srh-eventlog-check-'));
const srh = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(root, 'bin/srh.js'), 'eventlog', 'check', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const json = (...args: string[]) => {
  const r = srh(...args, '--json');
  return { code: r.code, reports: JSON.parse(r.out) as Record<string, any>[], err: r.err };
};

/** A log's lines, decompressed when it is a zstd file. */
const linesOf = (name: string): string[] => {
  const bytes = readFileSync(join(logs, name));
  const text = name.endsWith('.zstd') ? Buffer.from(decompress(bytes)).toString('utf8') : bytes.toString('utf8');
  return text.split('\n').filter((l) => l !== '');
};

/** A copy of a real log whose Spark properties are edited. */
const withProperties = (name: string, out: string, edit: (props: Record<string, string>) => void): string => {
  const lines = linesOf(name).map((l) => {
    if (!l.includes('"Event":"SparkListenerEnvironmentUpdate"')) return l;
    const e = JSON.parse(l);
    edit(e['Spark Properties']);
    return JSON.stringify(e);
  });
  const f = join(tmp, out);
  writeFileSync(f, lines.join('\n') + '\n');
  return f;
};

describe('the per-application report', () => {
  it("tells a real log's retries: limit and where it came from, retried indices, the abort to the character", () => {
    const { code, reports } = json(join(logs, 'gpu_oom_eventlog.zstd'));
    expect(code).toBe(0);
    const r = reports[0];
    expect(r.application).toEqual({
      id: 'app-20250305192829-0000',
      name: 'NDS - Power Run',
      sparkVersion: '3.3.1',
      master: 'spark://rl-r7525-d32-u38.raplab.nvidia.com:7077',
    });
    expect(r.maxTaskFailures).toEqual({ value: 4, source: 'spark.task.maxFailures default (master spark://rl-r7525-d32-u38.raplab.nvidia.com:7077)' });
    expect(r.jobs).toMatchObject({ total: 37, succeeded: 32, failed: 5, withoutStart: [] });
    const endLine = linesOf('gpu_oom_eventlog.zstd').findIndex((l) => l.includes('"SparkListenerJobEnd"') && l.includes('failed 4 times'));
    const message = JSON.parse(linesOf('gpu_oom_eventlog.zstd')[endLine])['Job Result'].Exception.Message;
    expect(r.aborts).toEqual([{ job: 32, message, line: endLine + 1 }]);
    expect(r.retriedIndices).toContainEqual({
      stage: 34,
      stageAttempt: 0,
      index: 51,
      attempts: 4,
      reasons: ['ExceptionFailure', 'ExceptionFailure', 'ExceptionFailure', 'ExceptionFailure'],
    });
    expect(r.tasks.ends).toEqual({ Success: 12303, ExceptionFailure: 112, TaskKilled: 1 });
    expect(r.holds).toBe(true);
    expect(r.violations).toEqual([]);
  });

  it('counts a job that has a JobEnd but no JobStart, and says so', () => {
    const r = json(join(logs, 'tasks_executors_fail_compressed_eventlog.zstd')).reports[0];
    expect(r.jobs.withoutStart).toEqual([20, 22, 47, 51, 70]);
    expect(r.jobs.total).toBe(80);
    const human = srh(join(logs, 'tasks_executors_fail_compressed_eventlog.zstd')).out;
    expect(human).toMatch(/\n {2}jobs +80: 79 succeeded, 1 failed; 5 with a JobEnd but no JobStart \(20, 22, 47, 51, 70\)\n/);
  });

  it('prints a compact table, one labelled row per subject', () => {
    const r = srh(join(logs, 'local-1422981780767'));
    expect(r.code).toBe(0);
    const labels = r.out
      .split('\n')
      .slice(1)
      .filter((l) => /^ {2}\S/.test(l))
      .map((l) => l.trim().split(/ {2,}/)[0]);
    expect(labels).toEqual(['application', 'maxTaskFailures', 'jobs', 'stages', 'task attempts', 'retried indices', 'aborts', 'executor losses', 'checks']);
    expect(r.out).toContain('maxTaskFailures  1 (spark.master local[*])');
  });
});

describe('the retry limit comes from the environment', () => {
  it('one counted failure past the limit fails (I4, I5; and I8, at a limit of 1), with the line of the failure', () => {
    // An index of this log fails twice and succeeds on its third attempt; a limit of 1 makes the second failure one too many.
    const f = withProperties('app-20161115172038-0000', 'limit-1', (p) => (p['spark.task.maxFailures'] = '1'));
    expect(srh(join(logs, 'app-20161115172038-0000')).code).toBe(0);
    const { code, reports } = json(f);
    expect(code).toBe(1);
    const ids = new Set(reports[0].violations.map((v: { invariant: string }) => v.invariant));
    expect(ids).toEqual(new Set(['I4', 'I5', 'I8']));
    const i4 = reports[0].violations.find((v: { invariant: string }) => v.invariant === 'I4');
    expect(i4.file).toBe(f);
    expect(readFileSync(f, 'utf8').split('\n')[i4.line - 1]).toContain('"Reason":"ExceptionFailure"');
    expect(i4.statement).toMatch(/^in a stage attempt, the counted failures of an index never exceed maxTaskFailures/);
  });

  it('a relaunch after a counted failure under local[*] fails (I8)', () => {
    const f = withProperties('application_1516285256255_0012', 'local-star', (p) => (p['spark.master'] = 'local[*]'));
    const { code, reports } = json(f);
    expect(code).toBe(1);
    expect(reports[0].maxTaskFailures).toEqual({ value: 1, source: 'spark.master local[*]' });
    expect(reports[0].violations.filter((v: { invariant: string }) => v.invariant === 'I8').length).toBeGreaterThan(0);
  });

  it("an abort message that disagrees with the environment's limit is a violation", () => {
    const f = withProperties('gpu_oom_eventlog.zstd', 'limit-8', (p) => (p['spark.task.maxFailures'] = '8'));
    const { code, reports } = json(f);
    expect(code).toBe(1);
    expect(reports[0].violations.map((v: { message: string }) => v.message)).toContain(
      'job 32 aborted "failed 4 times" in stage 34.0, but maxTaskFailures is 8',
    );
  });

  it('--max-failures overrides the environment', () => {
    expect(srh(join(logs, 'app-20161115172038-0000'), '--max-failures', '1').code).toBe(1);
    expect(json(join(logs, 'app-20161115172038-0000'), '--max-failures', '4').reports[0].maxTaskFailures).toEqual({ value: 4, source: '--max-failures' });
    const bad = srh(join(logs, 'app-20161115172038-0000'), '--max-failures', 'many');
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('srh eventlog check: --max-failures: expected a whole number (Spark\'s spark.task.maxFailures), got "many"\n');
  });

  it('without an environment the limit is unknown: it says so and runs what needs no limit', () => {
    const f = join(tmp, 'no-env');
    writeFileSync(
      f,
      linesOf('app-20161115172038-0000')
        .filter((l) => !l.includes('SparkListenerEnvironmentUpdate'))
        .join('\n') + '\n',
    );
    const { code, reports } = json(f);
    expect(code).toBe(0);
    expect(reports[0].maxTaskFailures.value).toBeNull();
    expect(reports[0].notRun.map((x: { id: string }) => x.id)).toEqual(['I4', 'I5', 'I8', 'CP3']);
    expect(srh(f).out).toContain('not run (maxTaskFailures unknown): I4, I5, I8, CP3');
  });
});

describe('a directory of logs (spark.eventLog.dir)', () => {
  const dir = join(tmp, 'event-logs');
  mkdirSync(dir);
  for (const name of ['local-1422981780767', 'gpu_oom_eventlog.zstd', 'eventlog_v2_local-1766844910796']) execFileSync('cp', ['-r', join(logs, name), dir]);
  const gap = join(dir, 'eventlog_v2_app-gap');
  mkdirSync(gap);
  const lines = linesOf('local-1430917381534');
  writeFileSync(join(gap, 'events_1_app-gap'), lines.slice(0, 10).join('\n') + '\n');
  writeFileSync(join(gap, 'events_3_app-gap'), lines.slice(10).join('\n') + '\n');
  writeFileSync(join(gap, 'appstatus_app-gap'), '');
  writeFileSync(join(dir, 'truncated'), [...lines.slice(0, 20), lines[20].slice(0, 30)].join('\n'));
  writeFileSync(join(dir, 'app-cut.inprogress'), [...lines.slice(0, 20), lines[20].slice(0, 30)].join('\n'));
  writeFileSync(join(dir, 'pretty.json'), JSON.stringify(JSON.parse(lines[0]), null, 2) + '\n');
  writeFileSync(join(dir, 'corrupt-middle'), [...lines.slice(0, 30), '{"Event":"SparkListenerTaskEnd","Stage ID":', ...lines.slice(30)].join('\n') + '\n');
  execFileSync('mkfifo', [join(dir, 'a-fifo')]);
  symlinkSync(join(tmp, 'gone'), join(dir, 'dangling'));
  const before = readdirSync(dir).sort();

  it('is checked log by log, one line each and a total; exit 2 for the unreadable ones only', () => {
    const r = srh(dir);
    expect(r.code).toBe(2);
    const out = r.out.trimEnd().split('\n');
    expect(out).toHaveLength(11);
    expect(out.slice(0, 10).map((l) => l.split(': ')[0].slice(dir.length + 1))).toEqual([
      'a-fifo',
      'app-cut.inprogress',
      'corrupt-middle',
      'dangling',
      'eventlog_v2_app-gap',
      'eventlog_v2_local-1766844910796',
      'gpu_oom_eventlog.zstd',
      'local-1422981780767',
      'pretty.json',
      'truncated',
    ]);
    expect(out[10]).toBe(`${dir}: 10 logs: 4 hold every check, 0 violated, 6 unreadable`);
    const err = r.err.trimEnd().split('\n');
    expect(err).toEqual([
      `srh eventlog check: ${join(dir, 'a-fifo')}: a FIFO (named pipe), not a regular file; an event log is read from a file — copy the stream into a file first`,
      `srh eventlog check: ${join(dir, 'corrupt-middle')}: line 31: not a JSON event; an event log has one JSON object per line`,
      `srh eventlog check: ${join(dir, 'dangling')}: no such file or directory; give the path of a Spark event log, a rolling event log directory or a directory of event logs`,
      `srh eventlog check: ${gap}: Found missing event log file, expected indices: 1, 2, 3, actual: 1, 3 (Spark's reader refuses it too); copy the missing events_<N> parts`,
      `srh eventlog check: ${join(dir, 'pretty.json')}: line 1: not a JSON event; the file looks pretty-printed (one JSON value over many lines), while an event log has one JSON object per line, as Spark writes it`,
      `srh eventlog check: ${join(dir, 'truncated')}: line 21: the last event is cut off (truncated log); let Spark finish writing it, or drop the incomplete last line to check the rest`,
    ]);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('--json lists every log, with its directory', () => {
    const { code, reports } = json(dir);
    expect(code).toBe(2);
    expect(reports).toHaveLength(10);
    expect(reports.every((x) => x.directory === dir)).toBe(true);
    expect(reports.filter((x) => x.error !== undefined).map((x) => x.path)).toEqual(
      ['a-fifo', 'corrupt-middle', 'dangling', 'eventlog_v2_app-gap', 'pretty.json', 'truncated'].map((n) => join(dir, n)),
    );
    expect(reports.find((x) => x.path === join(dir, 'app-cut.inprogress'))!.cutOff).toEqual({ file: join(dir, 'app-cut.inprogress'), line: 21 });
  });

  it('a rolling log directory given alone is still one log', () => {
    const { code, reports } = json(join(dir, 'eventlog_v2_local-1766844910796'));
    expect(code).toBe(0);
    expect(reports).toHaveLength(1);
    expect(reports[0].files).toEqual([join(dir, 'eventlog_v2_local-1766844910796', 'events_1_local-1766844910796')]);
  });
});

describe('a log `srh run --eventlog` wrote, with our own streaming-query events', () => {
  const out = join(tmp, 'continuous.log');
  spawnSync(process.execPath, [join(root, 'bin/srh.js'), 'run', join(root, 'examples/continuous-stale-offsets.json'), '--eventlog', out], { cwd: root });

  it('holds every check, the query checks read from the whole log', () => {
    const { code, reports } = json(out);
    expect(code).toBe(0);
    expect(reports[0].invariants.find((i: { id: string }) => i.id === 'CP5b').holds).toBe(true);
  });

  it('a commit logged twice fails CP5, pointing at its line', () => {
    const lines = readFileSync(out, 'utf8')
      .split('\n')
      .filter((l) => l !== '');
    const c = lines.findIndex((l) => l.includes('"SparkRetryHarnessCommitLogWritten"'));
    const bad = join(tmp, 'continuous-twice.log');
    writeFileSync(bad, [...lines, lines[c - 1], lines[c]].join('\n') + '\n');
    const { code, reports } = json(bad);
    expect(code).toBe(1);
    const cp5 = reports[0].violations.find((v: { invariant: string }) => v.invariant === 'CP5');
    expect(cp5.line).toBe(lines.length + 2);
  });
});

describe('violations point at lines', () => {
  it('a relaunch of an index that had succeeded names the line of the success and its own', () => {
    const lines = linesOf('local-1430917381534');
    const end = lines.findIndex((l) => l.includes('"Event":"SparkListenerTaskEnd"'));
    const tid = JSON.parse(lines[end])['Task Info']['Task ID'];
    const start = JSON.parse(lines.find((l) => l.includes('"Event":"SparkListenerTaskStart"') && l.includes(`"Task ID":${tid},`))!);
    start['Task Info']['Task ID'] = 99_999;
    start['Task Info'].Attempt = 1;
    const f = join(tmp, 'relaunch');
    writeFileSync(f, [...lines.slice(0, end + 1), JSON.stringify(start), ...lines.slice(end + 1)].join('\n') + '\n');
    const { code, reports } = json(f);
    expect(code).toBe(1);
    const i7 = reports[0].violations.find((v: { invariant: string }) => v.invariant === 'I7');
    expect(i7.message).toMatch(new RegExp(`^TID 99999 relaunches index \\d+\\.\\d+/\\d+, which had succeeded \\(line ${end + 1}\\)$`));
    expect(i7.line).toBe(end + 2);
  });
});
