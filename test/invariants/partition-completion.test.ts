// I39, completed-partition-skipped: a zombie attempt's success of a map partition tells the
// stage's latest attempt to skip it (notifyPartitionCompletion). It holds on a simulated fetch
// failure whose old map attempt finishes late, and flags the same run under the
// zombie-success-unknown mutant (SPARK-27474's rule turned off), where only map stages show it
// (the result stage's case is I31's too).
import { describe, expect, it } from 'vitest';
import { ALL_INVARIANTS } from '../../properties/invariants/index.js';
import { scenarioOf } from '../support/run.js';
import { ZOMBIE_MAP_SUCCESS } from '../support/scenarios.js';
import { simulate } from '../../src/simulate.js';
import type { TraceEvent } from '../../src/trace/events.js';

const i39 = ALL_INVARIANTS.find((i) => i.id === 'I39')!;

/** Map stage 1 (two partitions, 1.2 s tasks) reads stage 0; its partition 0 fails fetching, so stage 1 runs again while its partition 1 still runs in the old attempt. */
const scenario = scenarioOf(ZOMBIE_MAP_SUCCESS);

describe('I39: completed-partition-skipped', () => {
  it("holds on Spark's rules, where the old attempt's late success is passed on", () => {
    const events = simulate(scenario).trace.events;
    expect(events.filter((e) => e.Event === 'SparkListenerStageSubmitted' && e['Stage Info']['Stage ID'] === 1).length).toBeGreaterThanOrEqual(2);
    expect(i39.check({ events, scenario })).toEqual([]);
  });

  it('flags the new attempt launching the partition when the success is not passed on', () => {
    const events = simulate(scenario, { rules: { notifiesPartitionCompletion: false } }).trace.events;
    expect(
      i39
        .check({ events, scenario })
        .map((v) => v.message)
        .join('\n'),
    ).toMatch(/TID \d+ launches partition \d in stage 1 attempt \d+, which that attempt counts successful since event \d+/);
  });
});

describe('a task set completed by an older attempt is a zombie: its later failures are not counted', () => {
  // Found by `srh check --seed 202` (I5 said an index reached 5 counted failures with no abort):
  // stage 1.1's partition 1 fails again and again while stage 1.0's copy of it still runs; that
  // copy's success completes 1.1 (markPartitionCompleted), the job succeeds, and 1.1's fifth
  // failure, arriving after, is not counted (TaskSetManager.handleFailedTask: a zombie counts none).
  const fifthFailureAfterCompletion = scenarioOf({
    scenario: 1,
    seed: 0,
    cluster: { master: 'local[3,5]' },
    workload: {
      mode: 'batch',
      rdds: [
        { id: 0, partitions: 7 },
        { id: 1, partitions: 2, deps: [{ rdd: 0, type: 'shuffle' }] },
      ],
      jobs: [{ rdd: 1 }],
    },
    faults: [
      { task: { stageAttempt: 0, partition: 0 }, fail: { reason: 'FetchFailed', shuffle: 0, mapIndex: 0 } },
      { task: { stageAttempt: 0 }, durationMs: 1200 },
      { task: { stage: 1, partition: 1 }, fail: { reason: 'ExceptionFailure', className: 'java.lang.RuntimeException', description: 'injected 0' } },
    ],
  });

  it('every invariant holds on it', () => {
    const r = simulate(fifthFailureAfterCompletion);
    const events = r.trace.events;
    const failuresIn11 = events.filter(
      (e) => e.Event === 'SparkListenerTaskEnd' && e['Stage ID'] === 1 && e['Stage Attempt ID'] === 1 && e['Task End Reason'].Reason === 'ExceptionFailure',
    );
    expect(failuresIn11).toHaveLength(5);
    expect(events.findIndex((e) => e.Event === 'SparkListenerJobEnd')).toBeLessThan(events.indexOf(failuresIn11[4]));
    const ctx = { events, scenario: fifthFailureAfterCompletion, maxTaskFailures: 5, finished: true };
    expect(ALL_INVARIANTS.flatMap((i) => i.check(ctx))).toEqual([]);
  });
});

describe("I10 lets a failed result stage attempt complete again by its job's success", () => {
  // Found by `srh check --seed 11`: result stage 1.1 fails on a fetch failure, then stage 1.0's
  // copy of its last partition succeeds and finishes the job, and the DAGScheduler posts 1.1's
  // StageCompleted a second time (markStageAsFinished on the job's success, Spark 3.2.0).
  const i10 = ALL_INVARIANTS.find((i) => i.id === 'I10')!;
  const twice = (events: readonly TraceEvent[]) =>
    events.filter((e) => e.Event === 'SparkListenerStageCompleted' && e['Stage Info']['Stage ID'] === 1 && e['Stage Info']['Stage Attempt ID'] === 1);

  it('holds when the repeat comes right before the job succeeds, and flags it otherwise', () => {
    const events: TraceEvent[] = [];
    const job = {
      Event: 'SparkListenerJobStart',
      'Job ID': 0,
      'Submission Time': 0,
      'Stage Infos': [],
      'Stage IDs': [0, 1],
      Properties: {},
    } as unknown as TraceEvent;
    const info = (attempt: number, failed: boolean) => ({
      'Stage ID': 1,
      'Stage Attempt ID': attempt,
      'Stage Name': 's',
      'Number of Tasks': 1,
      'RDD Info': [],
      'Parent IDs': [0],
      Details: '',
      Accumulables: [],
      'Resource Profile Id': 0,
      ...(failed ? { 'Failure Reason': 'fetch' } : {}),
    });
    const submitted = { Event: 'SparkListenerStageSubmitted', 'Stage Info': info(1, false), Properties: {} } as unknown as TraceEvent;
    const failed = { Event: 'SparkListenerStageCompleted', 'Stage Info': info(1, true) } as unknown as TraceEvent;
    const success = { Event: 'SparkListenerJobEnd', 'Job ID': 0, 'Completion Time': 1, 'Job Result': { Result: 'JobSucceeded' } } as unknown as TraceEvent;
    events.push(job, submitted, failed, failed, success);
    expect(twice(events)).toHaveLength(2);
    expect(i10.check({ events, finished: true })).toEqual([]);
    const notByJob = [
      job,
      submitted,
      failed,
      failed,
      { ...success, 'Job Result': { Result: 'JobFailed', Exception: { Message: 'x', 'Stack Trace': [] } } } as unknown as TraceEvent,
    ];
    expect(i10.check({ events: notByJob, finished: true }).map((v) => v.message)).toEqual(['stage 1.1 completes twice']);
    expect(i10.check({ events: [job, submitted, failed, failed, failed, success], finished: true }).map((v) => v.message)).toEqual([
      'stage 1.1 completes twice',
    ]);
  });
});
