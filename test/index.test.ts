// The package's public API (src/index.ts): the functions a user's suite imports take a
// scenario's JSON or a validated scenario, and refuse a bad one naming the problem.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkRun,
  invariants,
  InvalidScenarioError,
  predict,
  properties,
  runCampaign,
  scenarioArbitrary,
  simulate,
  SMALL,
  validateScenario,
  type ScenarioInput,
} from '../src/index.js';

const root = resolve(import.meta.dirname, '..');
const input = JSON.parse(readFileSync(join(root, 'examples', 'batch-abort.json'), 'utf8')) as ScenarioInput;

describe('public API', () => {
  it('simulate and predict take the JSON or the validated scenario alike', () => {
    const v = validateScenario(input);
    if (!v.ok) throw new Error('example invalid');
    expect(simulate(input).trace).toEqual(simulate(v.scenario).trace);
    expect(predict(input)).toEqual(predict(v.scenario));
    expect(predict(input).jobs[0].outcomes[0].result).toBe('JobFailed');
  });

  it('an invalid scenario throws InvalidScenarioError naming the path', () => {
    expect(() => simulate({ ...input, cluster: { master: 'yarn' } })).toThrow(InvalidScenarioError);
    expect(() => simulate({ ...input, cluster: { master: 'yarn' } })).toThrow(/^cluster\.master: /);
  });

  it('the README example: generated scenarios, simulated and checked as a campaign checks them', () => {
    fc.assert(
      fc.property(scenarioArbitrary({ ...SMALL, modes: ['batch', 'continuous'] }), (scenario) => {
        const result = checkRun(scenario, simulate(scenario).trace);
        expect(result.holds, result.report).toBe(true);
      }),
      { seed: 42, numRuns: 100 },
    );
  });

  it('exports the catalogue and the campaign', () => {
    expect(invariants.length).toBeGreaterThan(50);
    expect(properties.map((p) => p.id)).toEqual(expect.arrayContaining(['I5', 'model', 'determinism', 'MB4']));
    expect(runCampaign({ seed: 1, runs: 20, timeLimitMs: 60_000, properties }).failure).toBeNull();
  });
});
