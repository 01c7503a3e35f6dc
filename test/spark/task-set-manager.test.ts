// Unit tests of the TaskSetManager rules (spec §7.1–7.6), one test per rule, against a recording
// DAGScheduler stand-in.
import { describe, expect, it } from 'vitest';
import { buildLineage } from '../../src/spark/lineage.js';
import { DriverLogBuffer } from '../../src/spark/log.js';
import type { DagSchedulerEvents } from '../../src/spark/scheduler-interfaces.js';
import { SPARK_RULES } from '../../src/spark/scheduler-rules.js';
import { newResultStage, newShuffleMapStage } from '../../src/spark/stage.js';
import type { TaskEndReason } from '../../src/spark/task-end-reason.js';
import { TaskSetManager } from '../../src/spark/task-set-manager.js';
import type { TaskAttempt, TaskSet } from '../../src/spark/task.js';

type Recorded =
  | { kind: 'start'; tid: number }
  | { kind: 'end'; tid: number; reason: TaskEndReason['kind'] }
  | { kind: 'taskSetFailed'; reason: string; cause: string | null };

function fixture(numTasks: number, maxTaskFailures: number, opts: { shuffleMap?: boolean; partitions?: number[] } = {}) {
  const lineage = buildLineage([
    { id: 0, partitions: 8, deps: [] },
    { id: 1, partitions: 8, deps: [{ rdd: 0, type: 'shuffle' }] },
  ]);
  const stage = opts.shuffleMap ? newShuffleMapStage(3, lineage.shuffles[0], [], 0) : newResultStage(3, lineage.rdds.get(1)!, [], 0);
  const partitions = opts.partitions ?? Array.from({ length: numTasks }, (_, i) => i);
  const job = { jobId: 0, batch: null, run: null, shuffleIdOffset: 0, properties: {} };
  const taskSet: TaskSet = {
    stage,
    stageAttemptId: 1,
    priority: 0,
    tasks: partitions.map((partition, index) => ({ index, partition, kind: stage.kind, stage, stageAttemptId: 1, job, epoch: 0 })),
  };
  const events: Recorded[] = [];
  const dag: DagSchedulerEvents = {
    taskStarted: (a) => events.push({ kind: 'start', tid: a.tid }),
    taskGettingResult: () => undefined,
    taskEnded: (a, r) => events.push({ kind: 'end', tid: a.tid, reason: r.kind }),
    taskSetFailed: (_ts, reason, cause) => events.push({ kind: 'taskSetFailed', reason, cause }),
    executorLost: () => undefined,
  };
  let tid = 0;
  let finished = false;
  const host = { rules: SPARK_RULES, newTaskId: () => tid++, now: () => 1000, taskSetFinished: () => (finished = true) };
  const tsm = new TaskSetManager(taskSet, maxTaskFailures, host, dag, new DriverLogBuffer(false, () => 0));
  const offer = (exec = 'driver', h = 'localhost'): TaskAttempt | null =>
    tsm.resourceOffer({ executorId: exec, host: h, cores: 1, blockManager: { executorId: exec, host: h, port: 1 } });
  return { tsm, events, offer, isFinished: () => finished };
}

const boom: TaskEndReason = { kind: 'ExceptionFailure', className: 'java.lang.RuntimeException', description: 'boom', stackTrace: [] };

describe('TaskSetManager §7.1 launch', () => {
  it('pops index 0 first, then ascending, taking one TID per launch', () => {
    const { offer } = fixture(3, 4);
    const launched = [offer()!, offer()!, offer()!];
    expect(launched.map((a) => [a.task.index, a.tid, a.attempt])).toEqual([
      [0, 0, 0],
      [1, 1, 0],
      [2, 2, 0],
    ]);
    expect(offer()).toBeNull();
  });

  it('numbers attempts per index in launch order', () => {
    const { tsm, offer } = fixture(1, 4);
    const a0 = offer()!;
    tsm.handleFailedTask(a0, 'FAILED', boom);
    const a1 = offer()!;
    expect([a1.task.index, a1.attempt, a1.tid]).toEqual([0, 1, 1]);
  });

  it('records no-preference tasks as PROCESS_LOCAL', () => {
    const { offer } = fixture(1, 4);
    expect(offer()!.startInfo.Locality).toBe('PROCESS_LOCAL');
  });
});

describe('TaskSetManager §7.3 handleFailedTask', () => {
  it('step 1: a duplicate update for an ended attempt is ignored', () => {
    const { tsm, offer, events } = fixture(2, 4);
    const a = offer()!;
    tsm.handleFailedTask(a, 'FAILED', boom);
    tsm.handleFailedTask(a, 'FAILED', boom);
    expect(events.filter((e) => e.kind === 'end')).toHaveLength(1);
    expect(tsm.numFailures[0]).toBe(1);
  });

  it('step 3 FetchFailed: the index becomes successful and the set a zombie; nothing is counted', () => {
    const { tsm, offer } = fixture(2, 4);
    const a = offer()!;
    tsm.handleFailedTask(a, 'FAILED', { kind: 'FetchFailed', bm: null, shuffleId: 0, mapId: -1, mapIndex: -1, reduceId: 0, message: 'x' });
    expect(tsm.isZombie).toBe(true);
    expect(tsm.isIndexSuccessful(0)).toBe(true);
    expect(tsm.numFailures[0]).toBe(0);
    expect(offer()).toBeNull();
  });

  it('step 3 NotSerializableException: aborts at once with no TaskEnd and no count', () => {
    const { tsm, offer, events } = fixture(1, 4);
    const a = offer()!;
    tsm.handleFailedTask(a, 'FAILED', { kind: 'ExceptionFailure', className: 'java.io.NotSerializableException', description: 'Foo', stackTrace: [] });
    expect(events.filter((e) => e.kind === 'end')).toHaveLength(0);
    expect(events.at(-1)).toEqual({ kind: 'taskSetFailed', reason: 'task 0.0 in stage 3.1 (TID 0) had a not serializable result: Foo', cause: null });
    expect(tsm.numFailures[0]).toBe(0);
  });

  it('step 5: the TaskEnd is posted before the abort', () => {
    const { tsm, offer, events } = fixture(1, 1);
    const a = offer()!;
    tsm.handleFailedTask(a, 'FAILED', boom);
    expect(events.slice(-2).map((e) => e.kind)).toEqual(['end', 'taskSetFailed']);
  });

  it('step 6: counted failures abort exactly at maxTaskFailures with the exact message', () => {
    const { tsm, offer, events } = fixture(2, 3, { partitions: [5, 7] });
    offer(); // index 0 keeps running
    for (let i = 0; i < 3; i++) {
      const a = offer()!;
      expect(a.task.index).toBe(1);
      expect(events.some((e) => e.kind === 'taskSetFailed')).toBe(false);
      tsm.handleFailedTask(a, 'FAILED', boom);
    }
    const abort = events.find((e) => e.kind === 'taskSetFailed');
    // "Task N" is the index, not the partition (surprising fact 3).
    expect(abort).toEqual({
      kind: 'taskSetFailed',
      reason:
        'Task 1 in stage 3.1 failed 3 times, most recent failure: Lost task 1.2 in stage 3.1 (TID 3) (localhost executor driver): java.lang.RuntimeException: boom\n\nDriver stacktrace:',
      // The exception goes with the abort, to become the job failure's cause (§7.3, §7.4).
      cause: 'java.lang.RuntimeException: boom',
    });
    expect(tsm.isZombie).toBe(true);
  });

  it('step 6: maxTaskFailures 0 behaves like 1 and the message says 0', () => {
    const { tsm, offer, events } = fixture(1, 0);
    tsm.handleFailedTask(offer()!, 'FAILED', boom);
    const abort = events.find((e) => e.kind === 'taskSetFailed') as { reason: string };
    expect(abort.reason.startsWith('Task 0 in stage 3.1 failed 0 times, most recent failure: ')).toBe(true);
  });

  it('step 6: non-counting reasons never raise the count (TaskKilled, TaskCommitDenied, unrelated executor loss)', () => {
    const { tsm, offer } = fixture(1, 1);
    const reasons: TaskEndReason[] = [
      { kind: 'TaskKilled', reason: 'killed via SparkContext.killTaskAttempt' },
      { kind: 'TaskCommitDenied', jobId: 3, partitionId: 0, attemptNumber: 1 },
      { kind: 'ExecutorLostFailure', executorId: '1', exitCausedByApp: false, reason: 'Executor Process Lost' },
    ];
    for (const r of reasons) tsm.handleFailedTask(offer()!, r.kind === 'TaskKilled' || r.kind === 'TaskCommitDenied' ? 'KILLED' : 'FAILED', r);
    expect(tsm.numFailures[0]).toBe(0);
    expect(tsm.isZombie).toBe(false);
    expect(offer()!.attempt).toBe(3);
  });

  it('step 6: a zombie counts nothing', () => {
    const { tsm, offer } = fixture(2, 1);
    const a = offer()!;
    const b = offer()!;
    tsm.handleFailedTask(a, 'FAILED', { kind: 'FetchFailed', bm: null, shuffleId: 0, mapId: -1, mapIndex: -1, reduceId: 0, message: 'x' });
    tsm.handleFailedTask(b, 'FAILED', boom);
    expect(tsm.numFailures[1]).toBe(0);
  });

  it('step 7: a failed index is pushed on top and is the next one launched', () => {
    const { tsm, offer } = fixture(4, 4);
    const a0 = offer()!;
    offer();
    tsm.handleFailedTask(a0, 'FAILED', boom);
    expect(offer()!.task.index).toBe(0);
    expect(offer()!.task.index).toBe(2);
  });

  it('step 8: a zombie set finishes once nothing runs', () => {
    const { tsm, offer, isFinished } = fixture(2, 1);
    const a = offer()!;
    const b = offer()!;
    tsm.handleFailedTask(a, 'FAILED', boom);
    expect(isFinished()).toBe(false);
    tsm.handleFailedTask(b, 'KILLED', { kind: 'TaskKilled', reason: 'Stage cancelled' });
    expect(isFinished()).toBe(true);
  });
});

describe('TaskSetManager §7.2 and §7.5–7.6', () => {
  it('§7.2: the set becomes a zombie when every index succeeded', () => {
    const { tsm, offer } = fixture(2, 4);
    const a = offer()!;
    const b = offer()!;
    tsm.handleSuccessfulTask(a);
    expect(tsm.isZombie).toBe(false);
    tsm.handleSuccessfulTask(b);
    expect(tsm.isZombie).toBe(true);
  });

  it('§7.5: executor loss resubmits finished map outputs and fails running attempts', () => {
    const { tsm, offer, events } = fixture(3, 4, { shuffleMap: true });
    const a = offer('1', 'h1')!;
    const b = offer('1', 'h1')!;
    const c = offer('2', 'h2')!;
    tsm.handleSuccessfulTask(a);
    tsm.executorLost('1', true, 'Executor Process Lost');
    const ends = events.filter((e) => e.kind === 'end');
    expect(ends).toEqual([
      { kind: 'end', tid: a.tid, reason: 'Success' },
      { kind: 'end', tid: a.tid, reason: 'Resubmitted' },
      { kind: 'end', tid: b.tid, reason: 'ExecutorLostFailure' },
    ]);
    expect(tsm.numFailures[1]).toBe(1); // caused by the app: counted
    expect(tsm.isIndexSuccessful(0)).toBe(false);
    expect(c.state).toBe('RUNNING');
  });

  it('§7.6: markPartitionCompleted marks the index running that partition as done', () => {
    const { tsm } = fixture(2, 4, { partitions: [4, 6] });
    tsm.markPartitionCompleted(6);
    expect(tsm.isIndexSuccessful(1)).toBe(true);
    expect(tsm.tasksSuccessful).toBe(1);
  });
});
