// The conformance suite (issue 10, "Conformance suite and figures"): a fixed-seed set of generated
// scenarios that the real backend can express, each run on the simulator and on real Spark and
// judged by compareBackends; the tally gives the README's agreement table. A scenario the
// simulator stops at a limit (a livelock the generators' 500-event bound cuts) has no real
// counterpart to compare with, so it is counted as skipped, not run for two minutes on Spark.
import fc from 'fast-check';
import { realScenarioArbitrary } from '../../properties/arbitraries/real-backend.js';
import { SMALL, type Mode } from '../../properties/arbitraries/scenario.js';
import type { ScenarioInput } from '../scenario/schema.js';
import type { Scenario } from '../scenario/types.js';
import type { Trace } from '../trace/events.js';
import { validateScenario } from '../scenario/validate.js';
import { simulate } from '../simulate.js';
import { compareBackends, type ConformanceResult } from './conformance.js';
import type { SparkBackend } from './spark/spark-backend.js';

export interface SuiteOptions {
  runs: number;
  seed: number;
  modes?: readonly Mode[];
  /** Resume a long suite: run only the scenarios from this index on (the list is the same). */
  from?: number;
}

export type SuiteEntry =
  | { index: number; scenario: Scenario; outcome: 'compared'; result: ConformanceResult; realTrace: Trace; wallMs: number }
  | { index: number; scenario: Scenario; outcome: 'skipped'; why: string }
  | { index: number; scenario: Scenario; outcome: 'not-run'; why: string };

/** The suite's scenarios: the same list for the same seed, in any process. */
export function suiteScenarios(o: SuiteOptions): ScenarioInput[] {
  return fc.sample(realScenarioArbitrary({ ...SMALL, modes: o.modes }), { seed: o.seed, numRuns: o.runs });
}

export async function* runSuite(o: SuiteOptions, backend: SparkBackend): AsyncGenerator<SuiteEntry> {
  const inputs = suiteScenarios(o);
  for (const [index, input] of inputs.entries()) {
    if (index < (o.from ?? 0)) continue;
    const v = validateScenario(input);
    if (!v.ok) throw new Error(`generated scenario ${index} does not validate: ${v.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    const scenario = v.scenario;
    const sim = simulate(scenario).trace;
    if (sim.status !== 'finished') {
      yield { index, scenario, outcome: 'skipped', why: `the simulator stopped it: ${sim.stopReason}` };
      continue;
    }
    const real = await backend.run(scenario);
    if (!real.ok) {
      yield {
        index,
        scenario,
        outcome: 'not-run',
        why: 'refused' in real ? real.refused.map((e) => `${e.path}: ${e.message}`).join('; ') : real.error.split('\n')[0],
      };
      continue;
    }
    yield { index, scenario, outcome: 'compared', result: compareBackends(scenario, sim, real.trace), realTrace: real.trace, wallMs: real.wallMs };
  }
}

export interface SuiteTally {
  scenarios: number;
  compared: number;
  identical: number;
  agreeWithAllowedDifferences: number;
  differ: number;
  unknown: number;
  skipped: number;
  notRun: number;
  /** Findings by kind and (for invariants) id, and allowed differences by source. */
  causes: Record<string, number>;
}

export function tally(entries: readonly SuiteEntry[]): SuiteTally {
  const t: SuiteTally = {
    scenarios: entries.length,
    compared: 0,
    identical: 0,
    agreeWithAllowedDifferences: 0,
    differ: 0,
    unknown: 0,
    skipped: 0,
    notRun: 0,
    causes: {},
  };
  const count = (k: string): void => {
    t.causes[k] = (t.causes[k] ?? 0) + 1;
  };
  for (const e of entries) {
    if (e.outcome === 'skipped') t.skipped++;
    else if (e.outcome === 'not-run') t.notRun++;
    else {
      t.compared++;
      const r = e.result;
      if (r.verdict === 'unknown') t.unknown++;
      else if (r.verdict === 'differ') t.differ++;
      else if (r.identical) t.identical++;
      else t.agreeWithAllowedDifferences++;
      for (const k of new Set(r.findings.map((f) => (f.kind === 'invariant' ? `invariant ${f.message.split(' ')[0]}` : f.kind)))) count(k);
      if (r.verdict === 'agree' && !r.identical) for (const s of r.nondeterminism) count(`allowed: ${s.split(':')[0]}`);
    }
  }
  return t;
}
