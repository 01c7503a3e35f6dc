// A continuous query stopped by its user: its tasks end TaskKilled, or ExceptionFailure when the
// stop removed the EpochCoordinator before the job group's cancel reached them
// (models/continuous.ts stoppedByUser); no other reason.
import { describe, expect, it } from 'vitest';
import { compareWithModel } from '../../models/compare.js';
import { predict } from '../../models/predict.js';
import { simulate } from '../../src/simulate.js';
import { summarize } from '../../src/trace/summary.js';
import { continuous, localMaster, scenario } from './helpers.js';

describe('the user stop of a continuous query', () => {
  // maxFailures 2, as in the real run that showed a fake retry at the stop (local[7,2]).
  const s = scenario({ master: localMaster(2, 2), workload: continuous(2, 3), faults: [] });
  const run = summarize(simulate(s).trace);
  const endedAs = (reason: string) => ({
    ...run,
    tasks: run.tasks.map((t, i) => (i === 0 ? { ...t, reason, error: 'org.apache.spark.SparkException: Epoch poll failed' } : t)),
  });

  it('kills every task, as simulated', () => {
    expect(run.tasks.map((t) => t.reason)).toEqual(['TaskKilled', 'TaskKilled']);
    expect(compareWithModel(predict(s), run)).toEqual([]);
  });
  it('may instead see a task fail as the coordinator goes away', () => {
    expect(compareWithModel(predict(s), endedAs('ExceptionFailure'))).toEqual([]);
  });
  it('may see a fake retry launched and killed before the cancellation lands', () => {
    const retried = {
      ...run,
      tasks: [{ ...run.tasks[0], reason: 'ExceptionFailure', error: 'x' }, { ...run.tasks[0], tid: 2, attempt: 1, reason: 'TaskKilled' }, run.tasks[1]],
    };
    expect(compareWithModel(predict(s), retried)).toEqual([]);
  });

  it('allows no other end', () => {
    expect(compareWithModel(predict(s), endedAs('TaskCommitDenied'))).not.toEqual([]);
  });
});
