// Determinism (issue 2): the same scenario gives a byte-identical trace; another seed may
// interleave tasks differently but never changes what counts as a failure.
import { describe, expect, it } from 'vitest';
import { eventLogText } from '../../src/trace/event-log-writer.js';
import { exception, run } from '../support/run.js';

const scenario = (seed: number) => ({
  scenario: 1,
  seed,
  cluster: {
    master: 'cluster',
    executors: [
      { id: '1', cores: 2 },
      { id: '2', cores: 2 },
      { id: '3', cores: 1 },
    ],
  },
  conf: { 'spark.task.maxFailures': 3 },
  workload: {
    mode: 'batch',
    rdds: [
      { id: 0, partitions: 6 },
      { id: 1, partitions: 4, deps: [{ rdd: 0, type: 'shuffle' }] },
    ],
    jobs: [{ rdd: 1 }],
  },
  faults: [
    { task: { stage: 0, partition: 4, attempt: 0 }, fail: { reason: 'TaskKilled' } },
    { task: { stage: 1, partition: 2 }, fail: exception('always') },
  ],
  taskDurationJitter: 0.5,
});

describe('determinism', () => {
  it('the same scenario twice gives a byte-identical trace', () => {
    expect(eventLogText(run(scenario(9)).result.trace.events)).toBe(eventLogText(run(scenario(9)).result.trace.events));
  });

  it('other seeds change the interleaving but never the counted-failure rules', () => {
    const traces = new Set<string>();
    for (let seed = 1; seed <= 25; seed++) {
      const r = run(scenario(seed));
      traces.add(eventLogText(r.result.trace.events));
      // The killed map attempt is not counted, so it is retried; index 2 of the result stage is
      // counted three times and aborts the job, whatever the order.
      expect(r.summary.tasks.filter((t) => t.stageId === 0 && t.index === 4).map((t) => t.reason)).toEqual(['TaskKilled', 'Success']);
      expect(r.summary.jobs[0].message).toMatch(
        /^Job aborted due to stage failure: Task 2 in stage 1\.0 failed 3 times, most recent failure: Lost task 2\.2 in stage 1\.0 \(TID \d+\) \(host-[123] executor [123]\): java\.lang\.RuntimeException: always\n\nDriver stacktrace:$/,
      );
    }
    expect(traces.size).toBeGreaterThan(5);
  });
});
