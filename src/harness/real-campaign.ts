// A property campaign on real Spark (issue 10 §6): scenarios generated as for the simulator, less
// what the real backend cannot express (properties/arbitraries/real-backend.ts), each run on the
// real scheduler and held to every trace invariant and the reference model. A failure is shrunk
// with real runs, within a budget (past it, fast-check is told the candidates pass, so it keeps
// the smallest failure found so far). A runner that crashes or hangs on a scenario is reported for
// that scenario and the campaign goes on (the next run starts a fresh JVM).
import fc from 'fast-check';
import { realScenarioArbitrary } from '../../properties/arbitraries/real-backend.js';
import { SMALL, type Mode } from '../../properties/arbitraries/scenario.js';
import { realRunViolations, type RealViolation } from '../backend/conformance.js';
import type { RealBackend } from '../backend/spark/spark-backend.js';
import type { ScenarioInput } from '../scenario/schema.js';
import type { CampaignFailure } from './campaign.js';
import { validateScenario } from '../scenario/validate.js';

export interface RealCampaignOptions {
  seed: number;
  runs?: number;
  timeLimitMs: number;
  modes?: readonly Mode[];
  /** Real runs shrinking may spend. */
  shrinkBudget: number;
  backend: RealBackend;
  /** Replays one counterexample: fast-check's path to it. */
  path?: string;
  onProgress?: (runs: number) => void;
}

/** A simulated campaign's failure, and what shrinking it on real Spark cost. */
export interface RealCampaignFailure extends CampaignFailure {
  /** Real runs spent shrinking, and whether the budget stopped it. */
  shrinkRuns: number;
  budgetReached: boolean;
}

export interface RealCampaignResult {
  seed: number;
  runs: number;
  elapsedMs: number;
  interrupted: boolean;
  failure: RealCampaignFailure | null;
  runnerErrors: { scenario: ScenarioInput; error: string; driverLogTail?: string }[];
}

export async function runRealCampaign(o: RealCampaignOptions): Promise<RealCampaignResult> {
  const runnerErrors: RealCampaignResult['runnerErrors'] = [];
  let runs = 0;
  let shrinkRuns = 0;
  let focus: string | null = null;
  const seen = new Map<string, RealViolation[]>();
  const property = async (input: ScenarioInput): Promise<boolean> => {
    if (focus !== null && shrinkRuns >= o.shrinkBudget) return true;
    const violations = await check(o.backend, input, runnerErrors);
    if (focus === null) {
      runs++;
      o.onProgress?.(runs);
    } else shrinkRuns++;
    const relevant = violations.filter((v) => focus === null || v.property === focus);
    if (relevant.length === 0) return true;
    focus ??= relevant[0].property;
    seen.set(JSON.stringify(input), relevant);
    return false;
  };
  const started = performance.now();
  const params: fc.Parameters<[ScenarioInput]> = {
    seed: o.seed,
    numRuns: o.runs ?? 1_000_000,
    interruptAfterTimeLimit: o.timeLimitMs,
    markInterruptAsFailure: false,
  };
  if (o.path !== undefined) {
    params.path = o.path;
    params.endOnFailure = true;
  }
  const details = await fc.check(fc.asyncProperty(realScenarioArbitrary({ ...SMALL, modes: o.modes }), property), params);
  const result: RealCampaignResult = {
    seed: o.seed,
    runs,
    elapsedMs: performance.now() - started,
    interrupted: details.interrupted,
    failure: null,
    runnerErrors,
  };
  if (details.failed && details.counterexample !== null) {
    const scenario = details.counterexample[0];
    const violations = seen.get(JSON.stringify(scenario)) ?? [];
    result.failure = {
      property: focus ?? violations[0]?.property ?? 'unknown',
      scenario,
      violations: violations.map((v) => `${v.property} ${v.message}`),
      seed: o.seed,
      path: details.counterexamplePath ?? '',
      shrinks: details.numShrinks,
      shrinkRuns,
      budgetReached: shrinkRuns >= o.shrinkBudget,
    };
  }
  return result;
}

/** One scenario on real Spark, held to the invariants and the model; a runner failure is recorded, not a violation. */
async function check(backend: RealBackend, input: ScenarioInput, errors: RealCampaignResult['runnerErrors']): Promise<RealViolation[]> {
  const v = validateScenario(input);
  if (!v.ok) throw new Error(`a generated scenario does not validate: ${v.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  const real = await backend.run(v.scenario);
  if (!real.ok) {
    if ('refused' in real)
      throw new Error(`a generated scenario is refused by the real backend: ${real.refused.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    errors.push({ scenario: input, error: real.error, driverLogTail: real.driverLogTail });
    return [];
  }
  return realRunViolations(v.scenario, real.trace);
}
