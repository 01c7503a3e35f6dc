// Test helpers: validate a scenario written as JSON (so tests use the public format), simulate it
// and summarise the trace.
import { validateScenario } from '../../src/scenario/validate.js';
import type { Scenario } from '../../src/scenario/types.js';
import { simulate, type SimulationResult } from '../../src/simulate.js';
import { summarize, type RunSummary } from '../../src/trace/summary.js';

export function scenarioOf(json: unknown): Scenario {
  const r = validateScenario(json);
  if (!r.ok) throw new Error(`test scenario is invalid: ${r.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return r.scenario;
}

export interface Run {
  scenario: Scenario;
  result: SimulationResult;
  summary: RunSummary;
}

export function run(json: unknown, options: { log?: boolean } = {}): Run {
  const scenario = scenarioOf(json);
  const result = simulate(scenario, options);
  return { scenario, result, summary: summarize(result.trace) };
}

export const exception = (description: string, className = 'java.lang.RuntimeException') => ({
  reason: 'ExceptionFailure',
  className,
  description,
});

/** A batch scenario: one job per entry of `jobs` over `rdds`. */
export function batch(master: string, rdds: unknown[], jobs: number[], faults: unknown[] = [], extra: Record<string, unknown> = {}) {
  return {
    scenario: 1,
    seed: 7,
    cluster: { master },
    workload: { mode: 'batch', rdds, jobs: jobs.map((rdd) => ({ rdd })) },
    faults,
    ...extra,
  };
}
