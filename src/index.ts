// The package's public API (`import … from 'spark-retry-harness'`, issue 13 §1): the simulator,
// the generators, the invariants, the reference model, one call that checks a run as a campaign
// does, and the campaign itself. Each function takes a scenario as JSON (what scenarioArbitrary
// generates, what a scenario file holds) or validated; an invalid one throws, naming each problem.
import { predict as predictValidated, type Prediction } from '../models/predict.js';
import { ALL_INVARIANTS } from '../properties/invariants/index.js';
import { asScenario, InvalidGeneratedScenario, type ScenarioLike } from './harness/scenario-run.js';
import { simulate as simulateValidated, type SimulateOptions, type SimulationResult } from './simulate.js';

export { scenarioArbitrary, SMALL, type Mode, type ScenarioLimits } from '../properties/arbitraries/scenario.js';
export { checkRun, type CheckRunOptions, type PropertyOutcome, type RunCheck } from './harness/check-run.js';
export { explanationText, type ExplainedViolation, type FailureExplanation } from './harness/failure-report.js';
export { runCampaign, type CampaignFailure, type CampaignOptions, type CampaignResult, type PropertyStats } from './harness/campaign.js';
export { ALL_PROPERTIES as properties, type HarnessProperty } from './harness/property-catalogue.js';
export { compareWithModel, expectationBesideRun, type ExpectationRow } from '../models/compare.js';
export type { Prediction } from '../models/predict.js';
export { maxTaskFailuresOf, type Invariant, type InvariantContext, type Violation } from '../properties/invariants/index.js';
export { validateScenario, loadScenarioFile, type ScenarioError, type ValidationResult } from './scenario/validate.js';
export type { ScenarioInput } from './scenario/schema.js';
export type { Scenario } from './scenario/types.js';
export type { ScenarioLike } from './harness/scenario-run.js';
export type { SimulateOptions, SimulationResult, SimulationRules } from './simulate.js';
export type { Trace, TraceEvent } from './trace/events.js';
export { summarize, type RunSummary } from './trace/summary.js';
export { readEventLog } from './trace/event-log-reader.js';
export { eventLogText, writeEventLog } from './trace/event-log-writer.js';

/** Thrown for a scenario that does not validate: its message names each JSON path and problem. */
export { InvalidGeneratedScenario as InvalidScenarioError };

/** Every invariant of the catalogue (I1–I23, MB, CP, G, L): `inv.check({ events, scenario, maxTaskFailures, finished })`. */
export const invariants = ALL_INVARIANTS;

/** Runs the scenario on the simulator: same scenario (seed included), byte-identical trace. */
export function simulate(scenario: ScenarioLike, options: SimulateOptions = {}): SimulationResult {
  return simulateValidated(asScenario(scenario), options);
}

/** What the reference model says must happen, from the scenario alone. */
export function predict(scenario: ScenarioLike): Prediction {
  return predictValidated(asScenario(scenario));
}
