// I33, TaskInfo against the end reason: it holds on simulated traces of every reason, and each
// rule flags a trace edited to break it (Spark 3.2.0's TaskInfo.markFinished, TaskResultGetter).
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_INVARIANTS, type InvariantContext } from '../../properties/invariants/index.js';
import { readEventLog } from '../../src/trace/event-log-reader.js';
import { writeEventLog } from '../../src/trace/event-log-writer.js';
import type { TraceEvent } from '../../src/trace/events.js';
import { exception, run } from '../support/run.js';

type Ev = TraceEvent & Record<string, unknown>;
const i33 = ALL_INVARIANTS.find((i) => i.id === 'I33')!;
const info = (e: Ev) => e['Task Info'] as Record<string, unknown>;
const reasonOf = (e: Ev) => (e['Task End Reason'] as { Reason: string }).Reason;
const isEnd = (reason: string) => (e: Ev) => e.Event === 'SparkListenerTaskEnd' && reasonOf(e) === reason;

/** One task set on two executors: index 0 fails with `fail` once, then succeeds. */
function traceWith(fail: Record<string, unknown>): Ev[] {
  const r = run({
    scenario: 1,
    seed: 3,
    cluster: {
      master: 'cluster',
      executors: [
        { id: '1', host: 'host-a', cores: 1 },
        { id: '2', host: 'host-b', cores: 1 },
      ],
    },
    workload: { mode: 'batch', rdds: [{ id: 0, partitions: 2 }], jobs: [{ rdd: 0 }] },
    faults: [{ task: { partition: 0, attempt: 0 }, fail }],
    taskDurationMs: 100,
  });
  return r.result.trace.events as Ev[];
}

const edited = (events: Ev[], edit: (ev: Ev[]) => void): InvariantContext => {
  const copy = structuredClone(events);
  edit(copy);
  return { events: copy };
};
const messages = (ctx: InvariantContext) => i33.check(ctx).map((v) => v.message);

describe('I33: TaskInfo agrees with the end reason', () => {
  const lost = traceWith({ reason: 'TaskResultLost' });
  const killed = traceWith({ reason: 'TaskKilled', killReason: 'test' });
  const denied = traceWith({ reason: 'TaskCommitDenied' });
  const failed = traceWith(exception('boom'));

  it.each([
    ['TaskResultLost', lost, false, false],
    ['TaskKilled', killed, false, true],
    ['TaskCommitDenied', denied, false, true],
    ['ExceptionFailure', failed, true, false],
  ])('the simulator records %s as Spark 3.2 does, and I33 holds', (reason, events, wantFailed, wantKilled) => {
    const end = events.find(isEnd(reason))!;
    expect([info(end).Failed, info(end).Killed]).toEqual([wantFailed, wantKilled]);
    expect(events.filter(isEnd('Success')).every((e) => info(e).Failed === false && info(e).Killed === false)).toBe(true);
    expect(messages({ events })).toEqual([]);
  });

  it('the event log srh writes carries the TaskInfo fields, and I33 holds on it read back', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'srh-task-info-')), 'lost.log');
    writeEventLog(file, lost);
    const ends = readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((e) => e.Event === 'SparkListenerTaskEnd');
    for (const e of ends)
      expect(Object.keys(e['Task Info'])).toEqual(expect.arrayContaining(['Launch Time', 'Getting Result Time', 'Finish Time', 'Failed', 'Killed']));
    const back = readEventLog(file);
    if (!back.ok) throw new Error(back.error);
    expect(messages({ events: back.events })).toEqual([]);
  });

  it('a lost result comes after a TaskGettingResult, with a Getting Result Time', () => {
    const end = lost.find(isEnd('TaskResultLost'))!;
    const tid = info(end)['Task ID'];
    expect(lost.some((e) => e.Event === 'SparkListenerTaskGettingResult' && info(e)['Task ID'] === tid)).toBe(true);
    expect(info(end)['Getting Result Time']).toBeGreaterThan(0);
  });

  it('flags a TaskResultLost recorded as Killed, or as Failed', () => {
    expect(messages(edited(lost, (ev) => void (info(ev.find(isEnd('TaskResultLost'))!).Killed = true)))).toEqual([
      'TID 0 ends TaskResultLost but its TaskInfo says Killed, though its state is FINISHED',
    ]);
    expect(messages(edited(lost, (ev) => void (info(ev.find(isEnd('TaskResultLost'))!).Failed = true)))).toEqual([
      'TID 0 ends TaskResultLost but its TaskInfo says Failed, though its state is FINISHED',
    ]);
  });

  it('flags a TaskResultLost with no result being fetched', () => {
    const noFetch = edited(lost, (ev) => {
      ev.splice(
        ev.findIndex((e) => e.Event === 'SparkListenerTaskGettingResult'),
        1,
      );
      info(ev.find(isEnd('TaskResultLost'))!)['Getting Result Time'] = 0;
    });
    expect(messages(noFetch)).toEqual([
      'TID 0 ends TaskResultLost but it has no Getting Result Time, though a result is lost only while the driver fetches it',
      'TID 0 ends TaskResultLost but no TaskGettingResult came before it',
    ]);
  });

  it('flags a kill not marked Killed, a failure not marked Failed, both flags, a success marked failed', () => {
    expect(messages(edited(killed, (ev) => void (info(ev.find(isEnd('TaskKilled'))!).Killed = false)))).toEqual([
      'TID 0 ends TaskKilled but its TaskInfo says neither Failed nor Killed, not Killed (state KILLED)',
    ]);
    expect(messages(edited(denied, (ev) => Object.assign(info(ev.find(isEnd('TaskCommitDenied'))!), { Killed: false, Failed: true })))).toEqual([
      'TID 0 ends TaskCommitDenied but its TaskInfo says Failed, not Killed (state KILLED)',
    ]);
    expect(messages(edited(failed, (ev) => void (info(ev.find(isEnd('ExceptionFailure'))!).Killed = true)))).toEqual([
      'TID 0 ends ExceptionFailure but its TaskInfo says both Failed and Killed',
    ]);
    expect(messages(edited(failed, (ev) => void (info(ev.find(isEnd('Success'))!).Failed = true)))[0]).toMatch(
      /^TID \d ends Success but its TaskInfo says Failed, though its state is FINISHED$/,
    );
  });

  it('flags a Finish Time missing or before the launch, and a failure with a fetched result', () => {
    const end = (ev: Ev[]) => info(ev.find(isEnd('ExceptionFailure'))!);
    const late = failed.filter(isEnd('Success')).find((e) => (info(e)['Launch Time'] as number) > 0)!;
    const tid = info(late)['Task ID'];
    expect(
      messages(edited(failed, (ev) => void (info(ev.find((e) => e.Event === 'SparkListenerTaskEnd' && info(e)['Task ID'] === tid)!)['Finish Time'] = 0))),
    ).toEqual([`TID ${tid} ends Success but it has no Finish Time (0)`]);
    expect(messages(edited(failed, (ev) => void (end(ev)['Finish Time'] = -1)))).toEqual([
      'TID 0 ends ExceptionFailure but its Finish Time -1 is before its Launch Time 0',
    ]);
    expect(messages(edited(failed, (ev) => void (end(ev)['Getting Result Time'] = 50)))).toEqual([
      'TID 0 ends ExceptionFailure but it has a Getting Result Time (50), which only a fetched result has',
    ]);
  });

  it('holds Spark 1.x logs (no Killed field) to markFailed: every failure Failed', () => {
    const old = (events: Ev[]) =>
      edited(events, (ev) => {
        for (const e of ev) if (e['Task Info'] !== undefined) delete info(e).Killed;
      });
    const oldKill = edited(killed, (ev) => {
      for (const e of ev) if (e['Task Info'] !== undefined) delete info(e).Killed;
      Object.assign(info(ev.find(isEnd('TaskKilled'))!), { Failed: true });
    });
    expect(messages(oldKill)).toEqual([]);
    expect(messages(old(killed))).toEqual(['TID 0 ends TaskKilled but its TaskInfo says neither Failed nor Killed, not Failed (state FAILED)']);
  });

  it('accepts the late end of SPARK-37300 (Failed kept from the ExecutorLostFailure), and only with Failed', () => {
    const lateEnd = (flagFailed: boolean) =>
      edited(failed, (ev) => {
        const i = ev.findIndex(isEnd('ExceptionFailure'));
        const loss = structuredClone(ev[i]);
        loss['Task End Reason'] = { Reason: 'ExecutorLostFailure', 'Executor ID': '1', 'Exit Caused By App': true, 'Loss Reason': 'Executor Process Lost' };
        Object.assign(ev[i], { 'Task End Reason': { Reason: 'Success' } });
        Object.assign(info(ev[i]), { Failed: flagFailed });
        ev.splice(i, 0, loss);
      });
    expect(messages(lateEnd(true))).toEqual([]);
    expect(messages(lateEnd(false))).toEqual([
      'TID 0 ends Success (late, after its ExecutorLostFailure) but its TaskInfo says neither Failed nor Killed, not Failed (state FAILED)',
    ]);
  });

  it('is not vacuous on the real fixture logs: they carry Failed and Killed flags of failures and kills', () => {
    const dir = resolve(import.meta.dirname, '../fixtures/spark-event-logs');
    const flagged = new Set<string>();
    for (const name of readdirSync(dir).filter((f) => f !== 'README.md')) {
      const r = readEventLog(join(dir, name));
      if (!r.ok) throw new Error(r.error);
      for (const e of r.events as Ev[]) if (e.Event === 'SparkListenerTaskEnd') flagged.add(`${reasonOf(e)} Failed=${info(e).Failed} Killed=${info(e).Killed}`);
      expect(messages({ events: r.events }), name).toEqual([]);
    }
    for (const k of [
      'Success Failed=false Killed=false',
      'ExceptionFailure Failed=true Killed=false',
      'TaskKilled Failed=false Killed=true',
      'FetchFailed Failed=true Killed=false',
      'ExecutorLostFailure Failed=true Killed=false',
      'Resubmitted Failed=false Killed=false',
      'ExceptionFailure Failed=true Killed=undefined',
    ])
      expect(flagged, k).toContain(k);
  });
});

describe('I33: a Resubmitted reposts the TaskInfo of the attempt it names', () => {
  // Found by srh check --seed 11 (14,334 scenarios): index 1 fails once (TID 2), then succeeds
  // (TID 3), both on executor 1; its loss walks taskInfos and resubmits the index through the first
  // finished attempt, the failed TID 2, whose TaskInfo says Failed (TaskSetManager.executorLost 3.2.0).
  const events = run({
    scenario: 1,
    seed: 0,
    cluster: { master: 'cluster', executors: [{ id: '1', host: 'host-2', cores: 4 }] },
    conf: { 'spark.task.maxFailures': 3 },
    workload: {
      mode: 'batch',
      rdds: [
        { id: 0, partitions: 2 },
        { id: 1, partitions: 1, deps: [{ rdd: 0, type: 'shuffle' }] },
      ],
      jobs: [{ rdd: 1 }],
    },
    faults: [
      { task: { attempt: 2 }, durationMs: 0 },
      { task: { partition: 0 }, durationMs: 400 },
      { task: {}, fail: { reason: 'ExceptionFailure', className: 'java.lang.RuntimeException', description: 'injected 0' } },
      { executorLost: { executor: '1', atMs: 250, exitCausedByApp: false } },
    ],
    limits: { maxEvents: 500, maxTimeMs: 600000 },
  }).result.trace.events as Ev[];
  const resubmitted = events.find(isEnd('Resubmitted'))!;

  it('the simulator resubmits through the failed attempt, with its Failed flag, and I33 holds', () => {
    expect(info(resubmitted)['Task ID']).toBe(2);
    expect([info(resubmitted).Failed, info(resubmitted).Killed]).toEqual([true, false]);
    expect(messages({ events })).toEqual([]);
  });

  it("a Resubmitted whose flags differ from its attempt's own end is flagged", () => {
    const cleared = edited(events, (ev) => {
      info(ev.find(isEnd('Resubmitted'))!).Failed = false;
    });
    expect(messages(cleared).join('\n')).toMatch(/TID 2 ends Resubmitted but its TaskInfo says neither Failed nor Killed, not Failed/);
  });
});
