// The driver-log check (properties/driver-log.ts): it holds on the simulator's logs of generated
// runs of every mode, and each kind of wrong line (missing, wrong level, wrong time, wrong
// duplicate count, an extra one) is a violation naming the attempt.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioArbitrary } from '../../properties/arbitraries/scenario.js';
import { driverLogViolations, type DriverLogLine } from '../../properties/driver-log.js';
import { validatedScenario } from '../../src/harness/scenario-run.js';
import type { ScenarioInput } from '../../src/scenario/schema.js';
import { simulate } from '../../src/simulate.js';

function logged(input: ScenarioInput) {
  const r = simulate(validatedScenario(input), { log: true });
  return { events: r.trace.events, lines: r.log as DriverLogLine[] };
}

/** A batch job whose one task fails `failures` times with the same exception, in local[2,4]. */
function repeatedFailure(failures: number): ScenarioInput {
  return {
    scenario: 1,
    seed: 1,
    cluster: { master: 'local[2,4]' },
    workload: { mode: 'batch', rdds: [{ id: 0, partitions: 1 }], jobs: [{ rdd: 0 }] },
    faults: Array.from({ length: failures }, (_, attempt) => ({
      task: { stage: 0, partition: 0, attempt },
      fail: { reason: 'ExceptionFailure', className: 'java.io.IOException', description: 'disk' },
    })),
  } as ScenarioInput;
}

describe('driver-log', () => {
  it('holds on the logs of 300 generated runs of every mode (fixed seed)', () => {
    fc.assert(
      fc.property(scenarioArbitrary(), (input) => {
        const { events, lines } = logged(input);
        expect(driverLogViolations(events, lines)).toEqual([]);
      }),
      { seed: 17, numRuns: 300 },
    );
  });

  const { events, lines } = logged(repeatedFailure(4));
  const lineOf = (start: string) => lines.findIndex((l) => l.message.startsWith(start));

  it("reads Spark's lines of a task failed four times: one full WARN, then duplicates, then the abort", () => {
    expect(lines.filter((l) => l.message.startsWith('Lost task 0.0 in stage 0.0 (TID 0) (') && l.level === 'WARN')).toHaveLength(1);
    expect(lines.some((l) => l.message.endsWith('(disk) [duplicate 3]'))).toBe(true);
    expect(lines.some((l) => l.level === 'ERROR' && l.message === 'Task 0 in stage 0.0 failed 4 times; aborting job')).toBe(true);
    expect(driverLogViolations(events, lines)).toEqual([]);
  });

  it('flags a missing launch line, a moved end line, a wrong duplicate count and a missing abort line', () => {
    const without = (i: number) => lines.filter((_, k) => k !== i);
    expect(driverLogViolations(events, without(lineOf('Starting task 0.2 ')))[0]).toMatch(
      /task 0\.2 in stage 0\.0 \(TID 2\) started at \d+ ms \(event \d+\) but the log's next launch line is/,
    );
    const moved = lines.map((l) => (l.message.startsWith('Lost task 0.0 ') ? { ...l, timeMs: l.timeMs + 1 } : l));
    expect(driverLogViolations(events, moved).join('\n')).toMatch(
      /the ExceptionFailure end of task 0\.0 in stage 0\.0 \(TID 0\) at \d+ ms has no WARN "Lost task 0\.0/,
    );
    const miscounted = lines.map((l) => ({ ...l, message: l.message.replace('[duplicate 2]', '[duplicate 1]') }));
    expect(driverLogViolations(events, miscounted).join('\n')).toMatch(/has no INFO "Lost task 0\.2 .*\[duplicate 2\]" line/);
    expect(driverLogViolations(events, without(lineOf('Task 0 in stage 0.0 failed 4 times')))).toEqual([
      expect.stringMatching(
        /^job 0 failed by a task set's abort \(event \d+\) but the log has no ERROR TaskSetManager line "Task 0 in stage 0\.0 failed 4 times; aborting job"$/,
      ),
    ]);
  });

  it('flags a line about a task end the trace does not have, and a task set the trace did not submit', () => {
    const extra = [...lines, { ...lines[lineOf('Lost task 0.0 ')], message: lines[lineOf('Lost task 0.0 ')].message.replace('TID 0', 'TID 9') }];
    expect(driverLogViolations(events, extra).join('\n')).toMatch(/is about a task end the trace does not have/);
    const added = [...lines, { timeMs: 0, level: 'INFO', source: 'TaskSchedulerImpl', message: 'Adding task set 7.0 with 1 tasks resource profile 0' }];
    expect(driverLogViolations(events, added)).toEqual(['the log adds 2 task sets, the trace submits 1 stage attempts']);
  });
});
