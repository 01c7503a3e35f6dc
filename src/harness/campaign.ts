// A property campaign: fast-check generates scenarios, each is run once and every selected
// property checks it. The first property to fail becomes the campaign's focus: fast-check then
// shrinks the scenario while that property still fails, and the result carries the seed and
// path that replay it exactly.
import fc from 'fast-check';
import { scenarioArbitrary, SMALL, type Mode } from '../../properties/arbitraries/scenario.js';
import type { ScenarioInput } from '../scenario/schema.js';
import type { SimulationRules } from '../simulate.js';
import { violationsOf, type HarnessProperty } from './property-catalogue.js';
import { InvalidGeneratedScenario, runScenario, type ScenarioRun } from './scenario-run.js';
import { GenerationStatistics } from './statistics.js';

export interface CampaignOptions {
  seed: number;
  /** Stop after this many scenarios (default: as many as the time limit allows). */
  runs?: number;
  timeLimitMs: number;
  modes?: readonly Mode[];
  properties: readonly HarnessProperty[];
  /** A mutant's rules; Spark's when absent. */
  rules?: Partial<SimulationRules>;
  /** Replay one counterexample: fast-check's path within `seed`. */
  path?: string;
  /** Called every so often with the scenarios run so far (progress display). */
  onProgress?: (runs: number) => void;
  /** Called with each generated scenario's run, before the properties check it (not while shrinking). */
  onRun?: (run: ScenarioRun) => void;
}

export interface PropertyStats {
  id: string;
  statement: string;
  runs: number;
  failed: number;
  timeMs: number;
}

export interface CampaignFailure {
  property: string;
  scenario: ScenarioInput;
  violations: string[];
  seed: number;
  path: string;
  shrinks: number;
}

export interface CampaignResult {
  seed: number;
  runs: number;
  elapsedMs: number;
  simulateMs: number;
  properties: PropertyStats[];
  statistics: GenerationStatistics;
  failure: CampaignFailure | null;
  interrupted: boolean;
}

export const VALID_GENERATION = 'valid-generation';

export function runCampaign(o: CampaignOptions): CampaignResult {
  const stats = new Map(o.properties.map((p) => [p.id, { id: p.id, statement: p.statement, runs: 0, failed: 0, timeMs: 0 }]));
  const statistics = new GenerationStatistics();
  let focus: string | null = null;
  let runs = 0;
  let simulateMs = 0;
  let shrinking = false;

  const predicate = (input: ScenarioInput): boolean => {
    const t0 = performance.now();
    let run;
    try {
      run = runScenario(input, o.rules);
    } catch (e) {
      if (!(e instanceof InvalidGeneratedScenario)) throw e;
      if (focus === null) focus = VALID_GENERATION;
      return focus !== VALID_GENERATION;
    }
    simulateMs += performance.now() - t0;
    if (!shrinking) {
      runs++;
      statistics.record(run.scenario, run.summary, run.trace.events);
      if (o.onProgress && runs % 500 === 0) o.onProgress(runs);
      o.onRun?.(run);
    }
    for (const p of o.properties) {
      if (focus !== null && p.id !== focus) continue;
      const s = stats.get(p.id)!;
      const t1 = performance.now();
      const violations = violationsOf(p, run);
      if (violations === null) continue;
      if (!shrinking) {
        s.runs++;
        s.timeMs += performance.now() - t1;
      }
      if (violations.length > 0) {
        if (focus === null) {
          focus = p.id;
          s.failed++;
          shrinking = true;
        }
        return false;
      }
    }
    return true;
  };

  const start = performance.now();
  const arbitrary = scenarioArbitrary(o.modes ? { ...SMALL, modes: o.modes } : SMALL);
  const params: fc.Parameters<[ScenarioInput]> = {
    seed: o.seed,
    numRuns: o.runs ?? 10_000_000,
    interruptAfterTimeLimit: o.timeLimitMs,
    markInterruptAsFailure: false,
  };
  if (o.path !== undefined) {
    params.path = o.path;
    params.endOnFailure = true;
  }
  const r = fc.check(fc.property(arbitrary, predicate), params);
  const elapsedMs = performance.now() - start;
  let failure: CampaignFailure | null = null;
  if (r.failed && r.counterexample !== null && focus !== null) {
    // fast-check reports the smallest failing scenario it found; its violations are recomputed.
    const scenario = r.counterexample[0];
    failure = { property: focus, scenario, violations: recheck(scenario, focus, o), seed: r.seed, path: r.counterexamplePath ?? '', shrinks: r.numShrinks };
  } else if (r.failed && r.errorInstance) {
    throw r.errorInstance;
  }
  return {
    seed: r.seed,
    runs,
    elapsedMs,
    simulateMs,
    properties: [...stats.values()],
    statistics,
    failure,
    interrupted: r.interrupted,
  };
}

/** The violations of `property` on the final (shrunk) scenario, computed afresh. */
function recheck(input: ScenarioInput, property: string, o: CampaignOptions): string[] {
  if (property === VALID_GENERATION) {
    try {
      runScenario(input, o.rules);
      return [];
    } catch (e) {
      return [(e as Error).message];
    }
  }
  const p = o.properties.find((x) => x.id === property)!;
  return violationsOf(p, runScenario(input, o.rules)) ?? [];
}
