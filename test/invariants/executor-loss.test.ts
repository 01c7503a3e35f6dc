// I34–I36 (properties/invariants/executor-loss.ts) hold on simulated executor losses and flag a
// trace where a loss's resubmission, a resubmitted partition's re-run, or the unregistering of the
// lost outputs is taken out.
import { describe, expect, it } from 'vitest';
import { ALL_INVARIANTS, type InvariantContext } from '../../properties/invariants/index.js';
import { maxTaskFailuresOf } from '../../properties/invariants/invariant.js';
import type { TraceEvent } from '../../src/trace/events.js';
import { run } from '../support/run.js';

type Ev = TraceEvent & Record<string, unknown>;
const check = (id: string, ctx: InvariantContext) =>
  ALL_INVARIANTS.find((i) => i.id === id)!
    .check(ctx)
    .map((v) => v.message);

function base(json: unknown): InvariantContext {
  const r = run(json);
  return {
    events: r.result.trace.events,
    scenario: r.scenario,
    maxTaskFailures: maxTaskFailuresOf(r.scenario),
    finished: r.result.trace.status === 'finished',
  };
}
const without = (ctx: InvariantContext, drop: (e: Ev) => boolean): InvariantContext => ({ ...ctx, events: (ctx.events as Ev[]).filter((e) => !drop(e)) });
const cluster = {
  master: 'cluster',
  executors: [
    { id: '1', host: 'a', cores: 2 },
    { id: '2', host: 'b', cores: 2 },
  ],
};
const shuffled = {
  mode: 'batch',
  rdds: [
    { id: 0, partitions: 4 },
    { id: 1, partitions: 2, deps: [{ rdd: 0, type: 'shuffle' }] },
  ],
};
const end = (e: Ev) => (e.Event === 'SparkListenerTaskEnd' ? (e as Extract<TraceEvent, { Event: 'SparkListenerTaskEnd' }>) : null);

// Executor 1 is lost while map stage 0.0 still runs its slow index 3: its finished index 1 is resubmitted.
const whileMapping = base({
  scenario: 1,
  seed: 3,
  cluster,
  workload: { ...shuffled, jobs: [{ rdd: 1 }, { rdd: 1 }] },
  faults: [{ task: { stage: 0, partition: 3 }, durationMs: 400 }, { executorLost: { executor: '1', atMs: 250, exitCausedByApp: false } }],
  taskDurationMs: 100,
});
// Executor 1 is lost after map stage 0 finished: its outputs are gone, and the stage runs them again.
const afterMapping = base({
  scenario: 1,
  seed: 3,
  cluster,
  workload: { ...shuffled, jobs: [{ rdd: 1 }, { rdd: 1 }] },
  faults: [{ task: { stage: 1 }, durationMs: 1000 }, { executorLost: { executor: '1', atMs: 300, exitCausedByApp: false } }],
  taskDurationMs: 100,
});

describe('executor losses and map outputs', () => {
  it('hold on simulated losses', () => {
    for (const ctx of [whileMapping, afterMapping]) for (const id of ['I34', 'I35', 'I36']) expect(check(id, ctx)).toEqual([]);
    expect(whileMapping.events.some((e) => end(e as Ev)?.['Task End Reason'].Reason === 'Resubmitted')).toBe(true);
  });

  it('I34: a loss that resubmits nothing', () => {
    const noResubmit = without(whileMapping, (e) => end(e)?.['Task End Reason'].Reason === 'Resubmitted');
    expect(check('I34', noResubmit).join('\n')).toMatch(
      /index 0\.0\/1 had succeeded, and TID 1 had ended on executor 1, lost at event \d+ while that stage attempt still ran, but the index is never resubmitted/,
    );
  });

  it('I35: a stage that completes without running its resubmitted partition again', () => {
    const rerun = (e: Ev) => {
      const x = end(e) ?? (e.Event === 'SparkListenerTaskStart' ? (e as Extract<TraceEvent, { Event: 'SparkListenerTaskStart' }>) : null);
      return x !== null && x['Stage ID'] === 0 && x['Task Info']['Task ID'] === 5;
    };
    expect(check('I35', without(whileMapping, rerun)).join('\n')).toMatch(
      /stage 0\.0 completes successfully, but partition 1, resubmitted at event \d+, has not succeeded since/,
    );
  });

  it('I36: a later job that skips the stage whose outputs the loss took', () => {
    // Without the re-run of the lost partitions (stage 0 attempt 1), job 1 skips stage 2 with them missing.
    const noRerun = without(afterMapping, (e) => {
      const x = end(e);
      return x !== null && x['Stage ID'] === 0 && x['Stage Attempt ID'] === 1 && x['Task End Reason'].Reason === 'Success';
    });
    expect(check('I36', noRerun).join('\n')).toMatch(
      /stage 3 runs with its parent stage 2 skipped, though partition \d's output was on executor 1, lost at event \d+/,
    );
  });
});

describe('I35 waits only for what the stage attempt resubmitted', () => {
  // Found by `srh check --seed 303`: a loss resubmits partition 1 of stage 1.0 through a failed
  // attempt's TaskInfo on the lost executor, while its output from another executor stays
  // registered; a fetch failure then starts stage 1.1, whose submission clears the pending
  // partitions, so 1.1 runs only the missing partition 0 and completes without partition 1
  // (DAGScheduler.submitMissingTasks). I35 used to wait for partition 1 across attempts.
  const r = run({
    scenario: 1,
    seed: 0,
    cluster: { master: 'cluster', executors: ['1', '2', '3', '4'].map((id) => ({ id, host: 'host-0', cores: 1 })) },
    conf: { 'spark.task.maxFailures': 1 },
    workload: {
      mode: 'batch',
      rdds: [
        { id: 0, partitions: 1 },
        { id: 1, partitions: 3, deps: [{ rdd: 0, type: 'shuffle' }] },
        { id: 2, partitions: 1, deps: [{ rdd: 1, type: 'shuffle' }] },
      ],
      jobs: [{ rdd: 2 }],
    },
    faults: [
      { task: { stage: 1, attempt: 0 }, fail: { reason: 'TaskCommitDenied' } },
      { task: { partition: 0 }, durationMs: 652 },
      { executorLost: { executor: '1', atMs: 1400, exitCausedByApp: true } },
    ],
  });
  const events = r.result.trace.events;

  it('holds, and the trace is the case: a Resubmitted in 1.0, then 1.1 of one task completing', () => {
    expect(
      events.some(
        (e) => e.Event === 'SparkListenerTaskEnd' && e['Stage ID'] === 1 && e['Stage Attempt ID'] === 0 && e['Task End Reason'].Reason === 'Resubmitted',
      ),
    ).toBe(true);
    const second = events.find(
      (e) => e.Event === 'SparkListenerStageCompleted' && e['Stage Info']['Stage ID'] === 1 && e['Stage Info']['Stage Attempt ID'] === 1,
    );
    expect(second?.Event === 'SparkListenerStageCompleted' && second['Stage Info']['Number of Tasks']).toBe(1);
    const ctx: InvariantContext = { events, scenario: r.scenario, maxTaskFailures: maxTaskFailuresOf(r.scenario), finished: true };
    expect(ALL_INVARIANTS.flatMap((i) => i.check(ctx))).toEqual([]);
  });
});

describe('I14 counts a fetch failure from an attempt that had already completed', () => {
  // Found by `srh check --seed 707`: stage 1.2 completes once an older attempt's copy of its
  // partition succeeds, its own task then fails fetching, which adds attempt 2 to the failed
  // attempts after the success cleared them (DAGScheduler.handleTaskCompletion checks only that
  // the attempt is the latest), so 1.3's failure reaches the limit of 2.
  const r = run({
    scenario: 1,
    seed: 469415,
    cluster: {
      master: 'cluster',
      executors: [
        { id: '1', host: 'host-0', cores: 1 },
        { id: '2', host: 'host-0', cores: 2 },
      ],
    },
    conf: { 'spark.task.maxFailures': 1, 'spark.stage.maxConsecutiveAttempts': 2 },
    workload: {
      mode: 'batch',
      rdds: [
        { id: 0, partitions: 2 },
        { id: 1, partitions: 2, deps: [{ rdd: 0, type: 'shuffle' }] },
        { id: 2, partitions: 1, deps: [{ rdd: 1, type: 'shuffle' }] },
      ],
      jobs: [{ rdd: 2 }],
    },
    faults: [
      { task: { stageAttempt: 0, partition: 0 }, fail: { reason: 'FetchFailed', shuffle: 0, mapIndex: 0 } },
      { task: {}, fail: { reason: 'FetchFailed', shuffle: 1, mapIndex: 0 } },
      { task: { stageAttempt: 2 }, fail: { reason: 'FetchFailed', shuffle: 0, mapIndex: 0 } },
      { executorLost: { executor: '1', atMs: 1302, exitCausedByApp: false } },
      { task: { stage: 1 }, durationMs: 401 },
    ],
  });
  const events = r.result.trace.events;

  it('holds on the run, which aborts stage 1 for failing 2 times', () => {
    expect(r.summary.jobs[0].message).toMatch(/ShuffleMapStage 1 .* has failed the maximum allowable number of times: 2\./);
    const ctx: InvariantContext = { events, scenario: r.scenario, maxTaskFailures: maxTaskFailuresOf(r.scenario), finished: true };
    expect(ALL_INVARIANTS.flatMap((i) => i.check(ctx))).toEqual([]);
  });
});
