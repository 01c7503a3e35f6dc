// checkRun(scenario, trace): one run checked exactly as a campaign checks each generated scenario
// (issue 13 §1): the same properties (every invariant, the model, determinism, MB4), the same
// invariant context (the scenario's maxTaskFailures, whether the run finished), the same rule for
// which properties look at a run. A user's own suite calls it on the simulator's trace. As in a
// campaign, a property that throws fails (no-crash, issue 11 §3): the throw, with its stack, is its
// violation; checkRun itself throws only for an invalid scenario or an unknown property id.
import type { ScenarioInput } from '../scenario/schema.js';
import type { SimulationRules } from '../simulate.js';
import type { Trace } from '../trace/events.js';
import { explainFailure, explanationText, type FailureExplanation } from './failure-report.js';
import { ALL_PROPERTIES, checkRunOf, NO_CRASH, type HarnessProperty } from './property-catalogue.js';
import { asScenario, scenarioRunOf, type ScenarioLike } from './scenario-run.js';

export interface PropertyOutcome {
  id: string;
  statement: string;
  /** false: the property does not look at this run (another mode's, or outside its sample). */
  checked: boolean;
  violations: string[];
}

export interface RunCheck {
  /** Every property that looked at the run holds. */
  holds: boolean;
  properties: PropertyOutcome[];
  /** The properties that failed, each told in words. */
  failures: FailureExplanation[];
  /** The failures as text (the report `srh check` prints); "" when the run holds. */
  report: string;
}

export interface CheckRunOptions {
  /** Only these property ids (default: every property a campaign checks; "no-crash": every property, for crashes only). */
  properties?: readonly string[];
  /** The rules the trace was made with (a mutant's): determinism and MB4 re-run with them. */
  rules?: Partial<SimulationRules>;
}

function selected(ids: readonly string[] | undefined): readonly HarnessProperty[] {
  if (ids === undefined) return ALL_PROPERTIES;
  const known = [...ALL_PROPERTIES, NO_CRASH];
  const unknown = ids.filter((id) => !known.some((p) => p.id === id));
  if (unknown.length > 0)
    throw new Error(
      `checkRun: options.properties: unknown property ${unknown.map((u) => JSON.stringify(u)).join(', ')}; expected ids among ${known.map((p) => p.id).join(', ')}`,
    );
  return known.filter((p) => ids.includes(p.id));
}

/** Checks `trace`, a run of `scenario`, with every property of a campaign. Throws on an invalid scenario. */
export function checkRun(scenario: ScenarioLike, trace: Trace, options: CheckRunOptions = {}): RunCheck {
  const properties = selected(options.properties);
  const run = scenarioRunOf(scenario as ScenarioInput, asScenario(scenario), trace, options.rules);
  const outcomes: PropertyOutcome[] = [];
  const failures: FailureExplanation[] = [];
  for (const p of properties) {
    const { violations, crash } = checkRunOf(p, run);
    outcomes.push({ id: p.id, statement: p.statement, checked: violations !== null, violations: violations ?? [] });
    if (violations !== null && violations.length > 0) failures.push(explainFailure(run, p, crash !== undefined ? violations : undefined));
  }
  return { holds: failures.length === 0, properties: outcomes, failures, report: failures.map((f) => explanationText(f).join('\n')).join('\n\n') };
}
