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
