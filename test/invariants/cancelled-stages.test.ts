// I40, cancelled-stage-tasks-killed: a job's end cancels its running stages, and the cancel kills
// the tasks of every attempt of each, the zombie ones included (TaskSchedulerImpl.cancelTasks).
// The scenario is the shrunk counterexample of a bug planted in a copy of src/ (cancelTasks
// killing only the newest attempt's tasks), which 114,000 scenarios passed before I40.
import { describe, expect, it } from 'vitest';
import { ALL_INVARIANTS } from '../../properties/invariants/index.js';
import { simulate } from '../../src/simulate.js';
import type { TraceEvent } from '../../src/trace/events.js';
import { scenarioOf } from '../support/run.js';

const i40 = ALL_INVARIANTS.find((i) => i.id === 'I40')!;

/**
 * Stage 1's first attempt loses partition 0 to a fetch failure while partition 1 runs 600 ms; its
 * second attempt's partition 0 throws, and with one allowed failure the job aborts while the
 * zombie attempt's partition 1 still runs.
 */
const scenario = scenarioOf({
  scenario: 1,
  seed: 0,
  cluster: { master: 'local[3]' },
  workload: {
    mode: 'batch',
    rdds: [
      { id: 0, partitions: 1 },
      { id: 1, partitions: 2, deps: [{ rdd: 0, type: 'shuffle' }] },
    ],
    jobs: [{ rdd: 1 }],
  },
  faults: [
    { task: { stageAttempt: 0, partition: 0 }, fail: { reason: 'FetchFailed', shuffle: 0, mapIndex: 0 } },
    { task: { partition: 1 }, durationMs: 600 },
    { task: { stage: 1 }, fail: { reason: 'ExceptionFailure', className: 'java.lang.RuntimeException', description: 'injected 0' } },
  ],
});

type TaskEnd = Extract<TraceEvent, { Event: 'SparkListenerTaskEnd' }>;

/** The zombie attempt's partition-1 task and the job's end. */
function zombieAndJobEnd(events: readonly TraceEvent[]): { zombie: TaskEnd; jobEndAt: number } {
  const ends = events.filter((e): e is TaskEnd => e.Event === 'SparkListenerTaskEnd');
  const zombie = ends.find((e) => e['Stage ID'] === 1 && e['Stage Attempt ID'] === 0 && e['Task Info'].Index === 1);
  const jobEnd = events.find((e) => e.Event === 'SparkListenerJobEnd');
  if (zombie === undefined || jobEnd === undefined || jobEnd.Event !== 'SparkListenerJobEnd') throw new Error('test setup: no zombie task or job end');
  return { zombie, jobEndAt: jobEnd['Completion Time'] };
}

describe('I40: cancelled-stage-tasks-killed', () => {
  it("holds on Spark's rules: the abort kills the zombie attempt's task too", () => {
    const events = simulate(scenario).trace.events;
    const { zombie, jobEndAt } = zombieAndJobEnd(events);
    expect(jobEndAt).toBeLessThan(zombie['Task Info']['Launch Time'] + 600);
    expect(zombie['Task End Reason']).toMatchObject({ Reason: 'TaskKilled', 'Kill Reason': 'Stage cancelled' });
    expect(i40.check({ events, scenario })).toEqual([]);
  });

  it('flags the zombie task running on to its own end', () => {
    const events = structuredClone(simulate(scenario).trace.events);
    const { zombie } = zombieAndJobEnd(events);
    zombie['Task End Reason'] = {
      Reason: 'ExceptionFailure',
      'Class Name': 'java.lang.RuntimeException',
      Description: 'injected 0',
      'Stack Trace': [],
      'Full Stack Trace': '',
      'Accumulator Updates': [],
    };
    const ownEnd = zombie['Task Info']['Launch Time'] + 600;
    zombie['Task Info']['Finish Time'] = ownEnd;
    const messages = i40.check({ events, scenario }).map((v) => v.message);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(
      new RegExp(`^TID \\d+ of stage 1, running when event \\d+ cancelled the stage at \\d+ ms, ends ExceptionFailure at ${ownEnd} ms$`),
    );
  });
});
