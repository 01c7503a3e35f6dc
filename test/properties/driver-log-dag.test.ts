// The DAGScheduler's lines in the driver-log check (properties/driver-log-dag.ts): generated runs
// log every kind it checks, the simulator's logs pass, and each kind of wrong line (missing, moved
// in time, wrong figure, wrong partitions, an extra one) is a violation naming the event.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioArbitrary } from '../../properties/arbitraries/scenario.js';
import { dagLogViolations } from '../../properties/driver-log-dag.js';
import type { DriverLogLine } from '../../properties/driver-log.js';
import { validatedScenario } from '../../src/harness/scenario-run.js';
import type { ScenarioInput } from '../../src/scenario/schema.js';
import { simulate } from '../../src/simulate.js';
import type { TraceEvent } from '../../src/trace/events.js';

interface Logged {
  events: readonly TraceEvent[];
  lines: DriverLogLine[];
}

const KINDS: Record<string, RegExp> = {
  'Got job': /^Got job \d+ \(.*\) with \d+ output partitions$/,
  Submitting: /^Submitting \d+ missing tasks from /,
  'stage finished': / finished in \d+\.\d{3} s$/,
  'stage failed': / failed in (?:\d+\.\d{3}|Unknown) s due to /,
  'job finished': /^Job \d+ finished: .*, took \d+\.\d{6} s$/,
  'job failed': /^Job \d+ failed: /,
  'Ignoring fetch failure': /^Ignoring fetch failure from /,
  'Executor lost': /^Executor lost: \S+ \(epoch \d+\)$/,
  'Ignoring possibly bogus': /^Ignoring possibly bogus ShuffleMapTask/,
};

const SECOND_COMPLETION = {
  scenario: 1,
  seed: 768543,
  cluster: {
    master: 'cluster',
    executors: [
      { id: '1', host: 'host-1', cores: 2 },
      { id: '2', host: 'host-0', cores: 1 },
    ],
  },
  conf: { 'spark.task.maxFailures': 3 },
  workload: {
    mode: 'batch',
    rdds: [
      { id: 0, partitions: 4 },
      { id: 1, partitions: 4, deps: [{ rdd: 0, type: 'shuffle' }] },
    ],
    jobs: [{ rdd: 1 }],
  },
  faults: [
    { task: { partition: 0, stageAttempt: 0 }, fail: { reason: 'FetchFailed', shuffle: 0, mapIndex: 2 } },
    { task: { stageAttempt: 1, partition: 3 }, fail: { reason: 'FetchFailed', shuffle: 0, mapIndex: 0 } },
    { task: { partition: 3 }, durationMs: 900 },
  ],
  limits: { maxEvents: 500, maxTimeMs: 600000 },
  taskDurationJitter: 0.3,
};

const runs: Logged[] = fc.sample(scenarioArbitrary(), { seed: 17, numRuns: 600 }).map((input) => {
  const r = simulate(validatedScenario(input), { log: true });
  return { events: r.trace.events, lines: r.log as DriverLogLine[] };
});
const dag = (l: DriverLogLine) => l.source === 'DAGScheduler';
/** The first generated run whose log has a line of `kind`. */
const runWith = (kind: string): Logged => runs.find((r) => r.lines.some((l) => dag(l) && KINDS[kind].test(l.message)))!;

describe('driver-log: the DAGScheduler lines', () => {
  it('600 generated runs (fixed seed) log every kind checked, and every run passes', () => {
    for (const [kind, pattern] of Object.entries(KINDS)) {
      expect(
        runs.some((r) => r.lines.some((l) => dag(l) && pattern.test(l.message))),
        kind,
      ).toBe(true);
    }
    const failing = runs.map((r, i) => ({ i, v: dagLogViolations(r.events, r.lines) })).filter((x) => x.v.length > 0);
    expect(failing).toEqual([]);
  });

  /** The run's violations once the first line of `kind` is changed by `edit` (null: removed). */
  const edited = (kind: string, edit: (l: DriverLogLine) => DriverLogLine | null): string[] => {
    const r = runWith(kind);
    const i = r.lines.findIndex((l) => dag(l) && KINDS[kind].test(l.message));
    const changed = edit(r.lines[i]);
    const lines = changed === null ? r.lines.filter((_, k) => k !== i) : r.lines.map((l, k) => (k === i ? changed : l));
    return dagLogViolations(r.events, lines);
  };

  it.each(Object.keys(KINDS))('a missing or moved "%s" line is a violation', (kind) => {
    expect(edited(kind, () => null).join('\n')).toMatch(/^event \d+ wants the DAGScheduler's next .* line to be INFO/);
    expect(edited(kind, (l) => ({ ...l, timeMs: l.timeMs + 1 })).join('\n')).toMatch(/it is INFO ".*" at \d+ ms/);
    expect(edited(kind, (l) => ({ ...l, level: 'WARN' }))).not.toEqual([]);
  });

  it('a result stage attempt a fetch failure ended, completed again by a zombie task, logs "finished" (its StageInfo keeps the reason)', () => {
    // Found by a campaign (seed 6262): stage 1.1 fails on a fetch failure, then stage 1.0's slow
    // zombie task finishes the job's last partition; markStageAsFinished(resultStage) logs success.
    const r = simulate(validatedScenario(SECOND_COMPLETION as unknown as ScenarioInput), { log: true });
    const completions = r.trace.events.filter((e) => e.Event === 'SparkListenerStageCompleted' && e['Stage Info']['Stage ID'] === 1);
    const last = completions[completions.length - 1];
    if (last.Event !== 'SparkListenerStageCompleted') throw new Error('test setup: no stage completion');
    expect(last['Stage Info']['Failure Reason']).toMatch(/^org\.apache\.spark\.shuffle\.FetchFailedException/);
    expect((r.log as DriverLogLine[]).filter(dag).some((l) => /^ResultStage 1 \(.*\) finished in /.test(l.message))).toBe(true);
    expect(dagLogViolations(r.trace.events, r.log as DriverLogLine[])).toEqual([]);
  });

  it('a wrong figure in a line is a violation: output partitions, service time, duration, attempt', () => {
    expect(edited('Got job', (l) => ({ ...l, message: l.message.replace(/with (\d+)/, (_, n) => `with ${Number(n) + 1}`) }))).not.toEqual([]);
    expect(edited('stage finished', (l) => ({ ...l, message: l.message.replace(/in (\d+)\./, (_, n) => `in ${Number(n) + 1}.`) }))).not.toEqual([]);
    expect(edited('job finished', (l) => ({ ...l, message: l.message.replace(/took (\d+)\./, (_, n) => `took ${Number(n) + 1}.`) }))).not.toEqual([]);
    expect(
      edited('Ignoring fetch failure', (l) => ({ ...l, message: l.message.replace(/\(attempt (\d+)\)/, (_, n) => `(attempt ${Number(n) + 1})`) })),
    ).not.toEqual([]);
    expect(edited('job finished', (l) => ({ ...l, message: l.message.replace(' finished: ', ' failed: ') }))).not.toEqual([]);
  });

  it('partitions out of order, or not those the indices launched on, are a violation', () => {
    const reversed = (l: DriverLogLine) => ({
      ...l,
      message: l.message.replace(/Vector\((.*)\)\)$/, (_, list: string) => `Vector(${list.split(', ').reverse().join(', ')}))`),
    });
    const r = runs.find((x) => x.lines.some((l) => dag(l) && /Vector\(\d+, \d+/.test(l.message)))!;
    const i = r.lines.findIndex((l) => dag(l) && /Vector\(\d+, \d+/.test(l.message));
    expect(
      dagLogViolations(
        r.events,
        r.lines.map((l, k) => (k === i ? reversed(l) : l)),
      ),
    ).not.toEqual([]);
    const shifted = (l: DriverLogLine) => ({ ...l, message: l.message.replace(/Vector\((\d+)/, (_, p) => `Vector(${Number(p) + 100}`) });
    expect(
      dagLogViolations(
        r.events,
        r.lines.map((l, k) => (k === i ? shifted(l) : l)),
      ),
    ).not.toEqual([]);
  });

  it('an extra line of a kind is a violation', () => {
    const r = runWith('stage finished');
    const extra = r.lines.find((l) => dag(l) && KINDS['stage finished'].test(l.message))!;
    expect(dagLogViolations(r.events, [...r.lines, extra]).join('\n')).toMatch(/the log has \d+ DAGScheduler stage-end lines, the trace's events want \d+/);
  });
});
