// checkRun(scenario, trace): a run checked exactly as a campaign checks it — the same properties,
// the same invariant context (the scenario's limit, whether the run finished), the same verdicts.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCampaign } from '../../src/harness/campaign.js';
import { checkRun } from '../../src/harness/check-run.js';
import { MUTANTS } from '../../src/harness/mutants.js';
import { ALL_PROPERTIES } from '../../src/harness/property-catalogue.js';
import { runScenario } from '../../src/harness/scenario-run.js';
import type { ScenarioInput } from '../../src/scenario/schema.js';
import { simulate } from '../../src/simulate.js';
import type { Trace } from '../../src/trace/events.js';

const root = resolve(import.meta.dirname, '../..');
const example = (name: string) => JSON.parse(readFileSync(join(root, 'examples', name), 'utf8')) as ScenarioInput;
const examples = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.json'));
const traceOf = (input: ScenarioInput): Trace => runScenario(input).trace;

/** The trace without its last TaskEnd: a task that started and never ended. */
function withoutLastTaskEnd(trace: Trace): Trace {
  const last = trace.events.findLastIndex((e) => e.Event === 'SparkListenerTaskEnd');
  return { ...trace, events: trace.events.filter((_, i) => i !== last) };
}

describe('checkRun', () => {
  it.each(examples)("%s: every property holds on the simulator's run, each one listed", (name) => {
    const input = example(name);
    const r = checkRun(input, traceOf(input));
    expect(r.failures.map((f) => f.property)).toEqual([]);
    expect(r.holds).toBe(true);
    expect(r.report).toBe('');
    expect(r.properties.map((p) => p.id)).toEqual(ALL_PROPERTIES.map((p) => p.id));
  });

  it('says which properties did not look at the run (MB4 on a batch job; determinism outside its sample)', () => {
    const input = example('batch-abort.json');
    const r = checkRun(input, traceOf(input));
    expect(r.properties.find((p) => p.id === 'MB4')!.checked).toBe(false);
    expect(r.properties.find((p) => p.id === 'I5')!.checked).toBe(true);
  });

  it("gives the invariants the scenario's limit: local[2,4] allows 4 failures, so its abort after 4 holds", () => {
    const input = example('batch-abort.json');
    const trace = traceOf(input);
    expect(checkRun(input, trace, { properties: ['I5'] }).holds).toBe(true);
    // The same trace claimed by a local[2] scenario (limit 1) aborts too late.
    const strict = { ...input, cluster: { master: 'local[2]' } };
    const r = checkRun(strict, trace, { properties: ['I5'] });
    expect(r.holds).toBe(false);
    expect(r.failures[0].violations[0].message).toMatch(/failed 4 times/);
  });

  it('tells the invariants whether the run finished: a missing TaskEnd fails only a finished run', () => {
    const input = example('batch-abort.json');
    const doctored = withoutLastTaskEnd(traceOf(input));
    const finished = checkRun(input, doctored, { properties: ['I17b'] });
    expect(finished.holds).toBe(false);
    expect(finished.failures[0].violations[0]).toEqual({ message: expect.stringMatching(/^TID \d+ never ended$/), event: expect.any(Number) });
    expect(finished.report).toContain('what went wrong: property I17b fails');
    expect(checkRun(input, { ...doctored, status: 'did-not-terminate', stopReason: 'cut' }, { properties: ['I17b'] }).holds).toBe(true);
  });

  it("finds what the campaign found, with the same violations, on a broken scheduler's run", () => {
    const mutant = MUTANTS.find((m) => m.id === 'count-killed')!;
    const campaign = runCampaign({ seed: 7, runs: 300, timeLimitMs: 60_000, properties: ALL_PROPERTIES, rules: mutant.rules });
    const f = campaign.failure!;
    const trace = runScenario(f.scenario, mutant.rules).trace;
    const r = checkRun(f.scenario, trace, { rules: mutant.rules });
    const same = r.properties.find((p) => p.id === f.property)!;
    expect(same.violations).toEqual(f.violations);
    expect(r.failures.map((x) => x.property)).toContain(f.property);
  });

  it('takes a validated scenario as well as its JSON, and refuses a bad one or an unknown property by name', () => {
    const input = example('micro-batch-restart.json');
    const run = runScenario(input);
    expect(checkRun(run.scenario, run.trace).holds).toBe(true);
    expect(() => checkRun({ ...input, seed: 'x' } as never, run.trace)).toThrow(/seed: /);
    expect(() => checkRun(input, run.trace, { properties: ['I5', 'X9'] })).toThrow('checkRun: options.properties: unknown property "X9"');
  });

  it('re-runs determinism with the trace it is given: a trace the scenario did not make fails it when sampled', () => {
    // Scenario seeds are sampled by a hash; find one in the 5% sample.
    const base = example('batch-abort.json');
    const sampled = Array.from({ length: 200 }, (_, seed) => ({ ...base, seed })).find(
      (s) => checkRun(s, traceOf(s), { properties: ['determinism'] }).properties[0].checked,
    )!;
    const other = simulate(runScenario({ ...sampled, seed: sampled.seed + 1, taskDurationJitter: 0.5 }).scenario).trace;
    const r = checkRun(sampled, other, { properties: ['determinism'] });
    expect(r.holds).toBe(false);
    expect(r.failures[0].violations[0].message).toMatch(/^the re-run differs first at event \d+/);
  });
});
