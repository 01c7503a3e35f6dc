// I38, the map-output ledger: it holds on a simulated fetch failure (the map stage runs again for
// the outputs the failure dropped) and flags a trace edited to break each rule it reads (Spark
// 3.2.0's DAGScheduler.submitMissingTasks, submitStage and handleTaskCompletion).
import { describe, expect, it } from 'vitest';
import { ALL_INVARIANTS, type InvariantContext } from '../../properties/invariants/index.js';
import type { TraceEvent } from '../../src/trace/events.js';
import { run } from '../support/run.js';
import { RESULT_FETCH_FAILURE } from '../support/scenarios.js';

type Ev = TraceEvent & Record<string, unknown>;
const i38 = ALL_INVARIANTS.find((i) => i.id === 'I38')!;
const stageInfo = (e: Ev) => e['Stage Info'] as Record<string, unknown>;
const taskInfo = (e: Ev) => e['Task Info'] as Record<string, unknown>;
const isStage = (event: string, key: string) => (e: Ev) => e.Event === event && `${stageInfo(e)['Stage ID']}.${stageInfo(e)['Stage Attempt ID']}` === key;
const isTask = (event: string, stage: number, attempt: number) => (e: Ev) => e.Event === event && e['Stage ID'] === stage && e['Stage Attempt ID'] === attempt;

/** Map outputs 0 and 1 on two executors; the result task's first attempt fails fetching output 0 from executor 1. */
const events = run(RESULT_FETCH_FAILURE).result.trace.events as Ev[];

const edited = (edit: (ev: Ev[]) => void): string[] => {
  const copy = structuredClone(events);
  edit(copy);
  return i38.check({ events: copy } as InvariantContext).map((v) => v.message);
};
const at = (ev: Ev[], test: (e: Ev) => boolean) => ev.findIndex(test);

describe('I38: the map-output ledger', () => {
  it('holds on the simulated trace, whose map stage ran again for the dropped outputs', () => {
    const resubmitted = events.find(isStage('SparkListenerStageSubmitted', '0.1'));
    expect(resubmitted).toBeDefined();
    expect(i38.check({ events })).toEqual([]);
  });

  it('flags a map stage attempt submitted with more or fewer tasks than missing outputs', () => {
    const more = edited((ev) => {
      stageInfo(ev[at(ev, isStage('SparkListenerStageSubmitted', '0.1'))])['Number of Tasks'] = 2;
    });
    expect(more.join('\n')).toMatch(/stage 0 attempt 1 is submitted with 2 tasks; 1 of its outputs are missing \(partitions \d\)/);
    const first = edited((ev) => {
      stageInfo(ev[at(ev, isStage('SparkListenerStageSubmitted', '0.0'))])['Number of Tasks'] = 1;
    });
    expect(first.join('\n')).toMatch(/stage 0 attempt 0 is submitted with 1 tasks; 2 of its outputs are missing \(partitions 0, 1\)/);
  });

  it('flags a resubmitted map task on a partition that has its output', () => {
    const v = edited((ev) => {
      const start = ev[at(ev, isTask('SparkListenerTaskStart', 0, 1))];
      const p = taskInfo(start)['Partition ID'] as number;
      taskInfo(start)['Partition ID'] = 1 - p;
    });
    expect(v.join('\n')).toMatch(/task 0 of stage 0 attempt 1 \(TID \d+\) runs partition \d; index 0 of the partitions without an output, ascending, is \d/);
  });

  it('flags a child stage submitted while a map output is missing: a lost success, or an executor removed', () => {
    const lost = edited((ev) => {
      ev.splice(
        at(ev, (e) => isTask('SparkListenerTaskEnd', 0, 0)(e) && taskInfo(e).Index === 1),
        1,
      );
    });
    expect(lost.join('\n')).toMatch(/stage 1 attempt 0 is submitted while its parent stage 0 has no output for partitions \d/);
    const removed = edited((ev) => {
      const executor = taskInfo(ev[at(ev, isTask('SparkListenerTaskEnd', 0, 0))])['Executor ID'];
      ev.splice(at(ev, isStage('SparkListenerStageSubmitted', '1.0')), 0, {
        Event: 'SparkListenerExecutorRemoved',
        Timestamp: 0,
        'Executor ID': executor,
        'Removed Reason': 'test',
      } as Ev);
    });
    expect(removed.join('\n')).toMatch(/stage 1 attempt 0 is submitted while its parent stage 0 has no output for partitions \d/);
  });

  it('reads a fetch failure from an older stage attempt as changing nothing', () => {
    // The same failure, relabelled as from an attempt older than the latest: no output dropped, so attempt 0.1 would be one too many.
    const v = edited((ev) => {
      const end = ev[at(ev, (e) => isTask('SparkListenerTaskEnd', 1, 0)(e) && (e['Task End Reason'] as { Reason: string }).Reason === 'FetchFailed')];
      const submitted = structuredClone(ev[at(ev, isStage('SparkListenerStageSubmitted', '1.0'))]);
      stageInfo(submitted)['Stage Attempt ID'] = 1;
      ev.splice(ev.indexOf(end), 0, submitted);
    });
    expect(v.join('\n')).toMatch(/stage 0 attempt 1 is submitted with 1 tasks; 0 of its outputs are missing/);
  });
});
