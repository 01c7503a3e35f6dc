// The TaskEndReason table (spec §5): what counts, the error strings, and the event-log JSON.
import { describe, expect, it } from 'vitest';
import {
  countsTowardsTaskFailures,
  loggedReasonCounts,
  taskEndReasonFromJson,
  taskEndReasonToJson,
  toErrorString,
  type TaskEndReason,
} from '../../src/spark/task-end-reason.js';

const bm = { executorId: '3', host: 'host-c', port: 40002 };
const cases: { name: string; reason: TaskEndReason; counts: boolean; error: string }[] = [
  { name: 'Resubmitted', reason: { kind: 'Resubmitted' }, counts: false, error: 'Resubmitted (resubmitted due to lost executor)' },
  { name: 'TaskResultLost', reason: { kind: 'TaskResultLost' }, counts: true, error: 'TaskResultLost (result lost from block manager)' },
  { name: 'UnknownReason', reason: { kind: 'UnknownReason' }, counts: true, error: 'UnknownReason' },
  {
    name: 'ExceptionFailure',
    reason: {
      kind: 'ExceptionFailure',
      className: 'java.io.IOException',
      description: 'disk',
      stackTrace: [{ declaringClass: 'a.B', methodName: 'c', fileName: 'B.java', lineNumber: 9 }],
    },
    counts: true,
    error: 'java.io.IOException: disk\n\tat a.B.c(B.java:9)\n',
  },
  {
    name: 'ExceptionFailure without a message',
    reason: { kind: 'ExceptionFailure', className: 'java.lang.NullPointerException', description: null, stackTrace: [] },
    counts: true,
    error: 'java.lang.NullPointerException\n',
  },
  { name: 'TaskKilled', reason: { kind: 'TaskKilled', reason: 'Stage cancelled' }, counts: false, error: 'TaskKilled (Stage cancelled)' },
  {
    name: 'FetchFailed',
    reason: { kind: 'FetchFailed', bm, shuffleId: 1, mapId: 17, mapIndex: 2, reduceId: 0, message: 'boom\n' },
    counts: false,
    error: 'FetchFailed(BlockManagerId(3, host-c, 40002, None), shuffleId=1, mapIndex=2, mapId=17, reduceId=0, message=\nboom\n\n)',
  },
  {
    name: 'FetchFailed without a block manager',
    reason: { kind: 'FetchFailed', bm: null, shuffleId: 1, mapId: -1, mapIndex: -1, reduceId: 3, message: 'm' },
    counts: false,
    error: 'FetchFailed(null, shuffleId=1, mapIndex=-1, mapId=-1, reduceId=3, message=\nm\n)',
  },
  {
    name: 'ExecutorLostFailure caused by the app',
    reason: { kind: 'ExecutorLostFailure', executorId: '2', exitCausedByApp: true, reason: 'Executor Process Lost' },
    counts: true,
    error: 'ExecutorLostFailure (executor 2 exited caused by one of the running tasks) Reason: Executor Process Lost',
  },
  {
    name: 'ExecutorLostFailure unrelated to the app',
    reason: { kind: 'ExecutorLostFailure', executorId: '2', exitCausedByApp: false, reason: null },
    counts: false,
    error: 'ExecutorLostFailure (executor 2 exited unrelated to the running tasks)',
  },
  {
    name: 'TaskCommitDenied',
    reason: { kind: 'TaskCommitDenied', jobId: 4, partitionId: 1, attemptNumber: 2 },
    counts: false,
    error: 'TaskCommitDenied (Driver denied task commit) for job: 4, partition: 1, attemptNumber: 2',
  },
];

describe('TaskEndReason (spec §5)', () => {
  it.each(cases)('$name: counts = $counts and its toErrorString is exact', ({ reason, counts, error }) => {
    expect(countsTowardsTaskFailures(reason)).toBe(counts);
    expect(toErrorString(reason)).toBe(error);
  });

  it.each(cases)('$name: survives the event-log JSON round trip', ({ reason, error }) => {
    const back = taskEndReasonFromJson(JSON.parse(JSON.stringify(taskEndReasonToJson(reason))));
    expect(toErrorString(back)).toBe(error);
  });

  it.each(cases)('$name: read from a log, it counts exactly when the reason does', ({ reason, counts }) => {
    expect(loggedReasonCounts(JSON.parse(JSON.stringify(taskEndReasonToJson(reason))))).toBe(counts);
  });

  it('a logged ExecutorLostFailure without "Exit Caused By App" counts, as Spark reads it (default true)', () => {
    const j = { Reason: 'ExecutorLostFailure', 'Executor ID': '1' } as never;
    expect(loggedReasonCounts(j)).toBe(countsTowardsTaskFailures(taskEndReasonFromJson(j)));
    expect(loggedReasonCounts(j)).toBe(true);
  });

  it('writes Spark 3.2 JsonProtocol field names', () => {
    expect(taskEndReasonToJson(cases[6].reason)).toEqual({
      Reason: 'FetchFailed',
      'Block Manager Address': { 'Executor ID': '3', Host: 'host-c', Port: 40002 },
      'Shuffle ID': 1,
      'Map ID': 17,
      'Map Index': 2,
      'Reduce ID': 0,
      Message: 'boom\n',
    });
    expect(taskEndReasonToJson(cases[8].reason)).toEqual({
      Reason: 'ExecutorLostFailure',
      'Executor ID': '2',
      'Exit Caused By App': true,
      'Loss Reason': 'Executor Process Lost',
    });
  });
});
