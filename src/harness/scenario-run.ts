// One generated scenario, run: validated, simulated, summarised. What every property looks at.
import type { ScenarioInput } from '../scenario/schema.js';
import type { Scenario } from '../scenario/types.js';
import { validateScenario } from '../scenario/validate.js';
import { simulate, type SimulationRules } from '../simulate.js';
import type { Trace } from '../trace/events.js';
import { summarize, type RunSummary } from '../trace/summary.js';

export interface ScenarioRun {
  input: ScenarioInput;
  scenario: Scenario;
  trace: Trace;
  summary: RunSummary;
  /** The rules the run used (a mutant's, or Spark's when undefined). */
  rules?: Partial<SimulationRules>;
}

export class InvalidGeneratedScenario extends Error {}

export function runScenario(input: ScenarioInput, rules?: Partial<SimulationRules>): ScenarioRun {
  const v = validateScenario(input);
  if (!v.ok) throw new InvalidGeneratedScenario(v.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  const trace = simulate(v.scenario, rules ? { rules } : {}).trace;
  return { input, scenario: v.scenario, trace, summary: summarize(trace), ...(rules ? { rules } : {}) };
}
