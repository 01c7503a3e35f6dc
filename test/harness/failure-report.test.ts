// A counterexample told in words: the violations with their events, the model's expectation
// beside the run, and the events around the violation.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainFailure, explanationText } from '../../src/harness/failure-report.js';
import { selectProperties } from '../../src/harness/property-catalogue.js';
import { runScenario, scenarioRunOf } from '../../src/harness/scenario-run.js';
import type { ScenarioInput } from '../../src/scenario/schema.js';
import type { JobEndEvent } from '../../src/trace/events.js';

const root = resolve(import.meta.dirname, '../..');
const input = JSON.parse(readFileSync(join(root, 'examples', 'batch-abort.json'), 'utf8')) as ScenarioInput;
const property = (id: string) => selectProperties(id)[0];

describe('failure report', () => {
  const run = runScenario(input);
  // The job's end says it succeeded although a task failed 4 times: the abort is gone.
  const jobEnd = run.trace.events.findIndex((e) => e.Event === 'SparkListenerJobEnd');
  const events = run.trace.events.map((e, i) => (i === jobEnd ? ({ ...e, 'Job Result': { Result: 'JobSucceeded' } } as JobEndEvent) : e));
  const doctored = scenarioRunOf(input, run.scenario, { ...run.trace, events });

  it('an invariant: its violation with its event, and the events around it', () => {
    const x = explainFailure(doctored, property('I5'));
    expect(x.violations.length).toBeGreaterThan(0);
    expect(x.focusEvent).toBe(x.violations.find((v) => v.event !== undefined)!.event);
    expect(x.events.map((l) => l.event)).toContain(x.focusEvent);
    const text = explanationText(x).join('\n');
    expect(text).toContain('what went wrong: property I5 fails (abort-at-limit:');
    expect(text).toMatch(new RegExp(`> event ${x.focusEvent}  `));
  });

  it("the model's expectation beside the run, the differing row marked", () => {
    const x = explainFailure(doctored, property('model'));
    const job = x.expectation.find((r) => r.what === 'job 0')!;
    expect(job).toMatchObject({ run: 'succeeded', agrees: false });
    expect(job.model).toMatch(/^failure with "Job aborted due to stage failure: Task 1 in stage 0\.0 failed 4 times/);
    expect(x.expectation.find((r) => r.what === 'run')).toMatchObject({ run: 'finished', agrees: true });
    expect(x.modelDifferences[0]).toMatch(/^job 0 \(job 0\): succeeded; the model allows failure with/);
    // The model names no event: the report centres on the job's end.
    expect(x.focusEvent).toBe(jobEnd);
    const text = explanationText(x);
    expect(text).toContain('  job 0  run:   succeeded');
    expect(text.find((l) => l.includes('model: failure with'))).toMatch(/<- differs$/);
  });

  it('a run the model allows says so', () => {
    const x = explainFailure(run, property('model'));
    expect(x.modelDifferences).toEqual([]);
    expect(explanationText(x)).toContain('  the model allows what the run did');
    expect(x.expectation.every((r) => r.agrees)).toBe(true);
  });
});
