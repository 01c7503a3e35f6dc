// A check that throws is a checker error, not a violation (issue 11 §3): on a real event log the
// other checks still run and the report says which check threw, where and why (exit 70); a
// streaming check that throws is left out from then on, and a throw in the shared facts makes
// every streaming check a checker error. The planted check is preloaded into a `bin/srh.js` child.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StreamingRun, streamingInvariant } from '../../properties/invariants/streaming.js';
import { run } from '../support/run.js';

const root = resolve(import.meta.dirname, '../..');
const log = join(root, 'test/fixtures/spark-event-logs/app-20161115172038-0000');
const plant = './test/fixtures/planted/throwing-check.mjs';
const srh = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['--enable-source-maps', '--import', plant, join(root, 'bin/srh.js'), 'eventlog', 'check', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('srh eventlog check with a check that throws', () => {
  it('reports the checker error apart from violations, runs every other check, and exits 70', () => {
    const r = srh(log, '--json');
    expect(r.code).toBe(70);
    const [report] = JSON.parse(r.out);
    expect(report.violations).toEqual([]);
    expect(report.holds).toBe(false);
    expect(report.checkerErrors).toEqual([
      {
        invariant: 'P1',
        name: 'planted-throw',
        error: "TypeError: planted: cannot read properties of undefined (reading 'Reason')",
        stack: expect.any(Array),
        file: log,
        line: 31,
      },
    ]);
    expect(report.checkerErrors[0].stack[0]).toMatch(/test\/fixtures\/planted\/throwing-check\.mjs:\d+/);
    const verdicts = new Map<string, string>(report.invariants.map((i: { id: string; verdict: string }) => [i.id, i.verdict]));
    expect(verdicts.get('P1')).toBe('checker-error');
    expect([...verdicts.values()].filter((v) => v === 'holds')).toHaveLength(verdicts.size - 1);
  });

  it('the text report names the check, the line and the error, and says the others ran', () => {
    const r = srh(log);
    expect(r.code).toBe(70);
    expect(r.out).toContain('64 events; 1 checker error(s)\n');
    expect(r.out).toMatch(/checks +\d+\/\d+ trace invariants hold; 1 checker error\(s\): P1\n/);
    expect(r.out).toContain(
      "P1 planted-throw: CHECKER ERROR, the check threw TypeError: planted: cannot read properties of undefined (reading 'Reason') at line 31 (a bug of the check, not of the log; the other checks ran)",
    );
  });

  it('a violation still wins the exit code (1) over a checker error', () => {
    const r = srh(log, '--max-failures', '1', '--json');
    expect(r.code).toBe(1);
    const [report] = JSON.parse(r.out);
    expect(report.violations.length).toBeGreaterThan(0);
    expect(report.checkerErrors.map((e: { invariant: string }) => e.invariant)).toEqual(['P1']);
  });
});

describe('StreamingRun keeps running the other checks', () => {
  const events = run({
    scenario: 1,
    seed: 1,
    cluster: { master: 'local[2]' },
    workload: { mode: 'batch', rdds: [{ id: 0, partitions: 3 }], jobs: [{ rdd: 0 }] },
  }).result.trace.events;
  let seen = 0;
  const thrower = streamingInvariant('T1', 'throws-at-second-task-end', 'trace', 'test only', () => ({
    event(e) {
      if (e.Event === 'SparkListenerTaskEnd' && ++seen === 2) throw new Error('second end');
    },
  }));

  it('a throwing check: its error and event are kept, it sees nothing more, the others hold', () => {
    seen = 0;
    const r = new StreamingRun({ finished: true });
    events.forEach((e, i) => r.event(e, i));
    const results = r.finish();
    const second = events.map((e, i) => [e, i] as const).filter(([e]) => e.Event === 'SparkListenerTaskEnd')[1][1];
    expect([...r.errors.keys()]).toEqual(['T1']);
    expect(r.errors.get('T1')).toMatchObject({ eventIndex: second });
    expect(seen).toBe(2);
    expect([...results.values()].flat()).toEqual([]);
    // Over an in-memory trace the check rethrows, so a campaign sees the crash as no-crash.
    seen = 0;
    expect(() => thrower.check({ events, finished: true })).toThrow('second end');
  });

  it('a throw in the shared facts: every streaming check gets a checker error at that event', () => {
    const broken = structuredClone(events) as unknown as Record<string, unknown>[];
    const k = broken.findIndex((e) => e.Event === 'SparkListenerTaskEnd');
    broken[k]['Task Info'] = null;
    const r = new StreamingRun({ finished: true });
    broken.forEach((e, i) => r.event(e as never, i));
    const results = r.finish();
    expect(r.errors.size).toBe(results.size);
    for (const e of r.errors.values()) expect(e).toMatchObject({ eventIndex: k, error: expect.any(TypeError) });
  });
});
