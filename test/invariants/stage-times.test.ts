// I37, a stage attempt's StageInfo times: it holds on simulated traces (a fetch failure, so a map
// stage is resubmitted; and a skipped attempt), and each rule flags a trace edited to break it
// (Spark 3.2.0's DAGScheduler.submitMissingTasks and markStageAsFinished).
import { describe, expect, it } from 'vitest';
import { ALL_INVARIANTS, type InvariantContext } from '../../properties/invariants/index.js';
import type { TraceEvent } from '../../src/trace/events.js';
import { run } from '../support/run.js';
import { RESULT_FETCH_FAILURE } from '../support/scenarios.js';

type Ev = TraceEvent & Record<string, unknown>;
const i37 = ALL_INVARIANTS.find((i) => i.id === 'I37')!;
const stageInfo = (e: Ev) => e['Stage Info'] as Record<string, unknown>;
const isStage = (event: string, key: string) => (e: Ev) => e.Event === event && `${stageInfo(e)['Stage ID']}.${stageInfo(e)['Stage Attempt ID']}` === key;

/** A map stage and a result stage; the result task's first attempt fails fetching map output 0. */
const events = run(RESULT_FETCH_FAILURE).result.trace.events as Ev[];

const edited = (edit: (ev: Ev[]) => void): string[] => {
  const copy = structuredClone(events);
  edit(copy);
  return i37.check({ events: copy } as InvariantContext).map((v) => v.message);
};

describe('I37: stage attempt times', () => {
  it('holds on the simulated trace, whose map stage ran twice', () => {
    expect(events.filter((e) => e.Event === 'SparkListenerStageSubmitted').length).toBeGreaterThanOrEqual(4);
    expect(i37.check({ events })).toEqual([]);
  });

  it('flags a launched attempt with no Submission Time, and a skipped one with one', () => {
    expect(
      edited((ev) => {
        for (const e of ev.filter((e) => isStage('SparkListenerStageSubmitted', '0.0')(e) || isStage('SparkListenerStageCompleted', '0.0')(e)))
          delete stageInfo(e)['Submission Time'];
      }),
    ).toEqual(['stage attempt 0.0 launched tasks (TID 0 first) but completes with no Submission Time']);
    expect(
      edited((ev) => {
        const s = stageInfo(ev.find(isStage('SparkListenerStageSubmitted', '0.0'))!);
        s['Number of Tasks'] = 0;
      }),
    ).toEqual([expect.stringMatching(/^stage attempt 0\.0 has no task to run but a Submission Time \(\d+\); Spark sets none for a skipped attempt$/)]);
  });

  it("flags a task launched before its attempt was submitted, and a completion before a TaskEnd's finish", () => {
    expect(
      edited((ev) => {
        stageInfo(ev.find(isStage('SparkListenerStageSubmitted', '1.0'))!)['Submission Time'] = 10_000;
      }).join('\n'),
    ).toMatch(/launches at \d+, before the attempt's Submission Time 10000[^]*completes with Submission Time \d+, though it was submitted with 10000/);
    expect(
      edited((ev) => {
        const c = stageInfo(ev.find(isStage('SparkListenerStageCompleted', '0.0'))!);
        c['Completion Time'] = (c['Submission Time'] as number) + 1;
      }),
    ).toEqual([expect.stringMatching(/^stage attempt 0\.0 completes at \d+, before TID \d of it finished \(\d+\)$/)]);
  });
});
