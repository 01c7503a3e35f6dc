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

/** The scenario validated, or InvalidGeneratedScenario with every problem by JSON path. */
export function validatedScenario(input: ScenarioInput): Scenario {
  const v = validateScenario(input);
  if (!v.ok) throw new InvalidGeneratedScenario(v.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return v.scenario;
}

export function runScenario(input: ScenarioInput, rules?: Partial<SimulationRules>): ScenarioRun {
  const scenario = validatedScenario(input);
  return scenarioRunOf(input, scenario, simulate(scenario, rules ? { rules } : {}).trace, rules);
}

/** A run of `scenario` whose trace is already there (the simulator's, or one a user made). */
export function scenarioRunOf(input: ScenarioInput, scenario: Scenario, trace: Trace, rules?: Partial<SimulationRules>): ScenarioRun {
  return { input, scenario, trace, summary: summarize(trace), ...(rules ? { rules } : {}) };
}

/** A validated scenario (validateScenario's output) or the scenario's JSON (what scenarioArbitrary generates). */
export type ScenarioLike = ScenarioInput | Scenario;

/** The scenario validated (a validated one as it is), or InvalidGeneratedScenario naming each problem. */
export function asScenario(s: ScenarioLike): Scenario {
  const validated = typeof (s.cluster as { parsedMaster?: unknown }).parsedMaster === 'object';
  return validated ? (s as Scenario) : validatedScenario(s as ScenarioInput);
}
