// A property campaign: fast-check generates scenarios, each is run once and every selected
// property checks it. The first property to fail becomes the campaign's focus: fast-check then
// shrinks the scenario while that property still fails, and the result carries the seed and
// path that replay it exactly. A scenario on which the simulator or a property throws fails
// no-crash (crash.ts): every call is guarded, and shrinking keeps the crash at the same site.
import fc from 'fast-check';
import { scenarioArbitrary, SMALL, type Mode } from '../../properties/arbitraries/scenario.js';
import type { ScenarioInput } from '../scenario/schema.js';
import type { SimulationRules } from '../simulate.js';
import { crashReport, crashText, guardedCall, NO_CRASH_ID, SIMULATOR, type Crash, type CrashReport } from './crash.js';
import { ALL_PROPERTIES, NO_CRASH, violationsOf, type HarnessProperty } from './property-catalogue.js';
import { InvalidGeneratedScenario, runScenario, type ScenarioRun } from './scenario-run.js';
import { GenerationStatistics } from './statistics.js';

export interface CampaignOptions {
  seed: number;
  /** Stop after this many scenarios (default: as many as the time limit allows). */
  runs?: number;
  timeLimitMs: number;
  modes?: readonly Mode[];
  /** Restrict the fault schedules to some swarm foci (properties/arbitraries/faults.ts); all by default. */
  foci?: readonly number[];
  properties: readonly HarnessProperty[];
  /** A mutant's rules; Spark's when absent. */
  rules?: Partial<SimulationRules>;
  /** Replay one counterexample: fast-check's path within `seed`. */
  path?: string;
  /** Called every so often with the scenarios run so far (progress display). */
  onProgress?: (runs: number) => void;
  /** Called once, as soon as the first counterexample is found, before shrinking (to save it at once). */
  onCounterexample?: (found: CampaignFailure) => void;
  /** Called with each generated scenario's run, before the properties check it (not while shrinking). */
  onRun?: (run: ScenarioRun) => void;
  /**
   * A share of the campaign (parallel-campaign.ts): only the generated indices it owns are
   * simulated and checked (the others pass unseen), and the first failure ends it unshrunk.
   */
  share?: CampaignShare;
  /** Shrink the counterexample at this generated index (a share's first failure), as a one-worker campaign would. */
  shrinkFrom?: number;
}

export interface CampaignShare {
  owns(index: number): boolean;
  /** Each owned scenario checked: its generated index, statistics labels and the properties that applied to it. */
  onChecked(index: number, labels: readonly string[], applied: readonly string[]): void;
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
  /** For no-crash: where it threw, the error and its stack. */
  crash?: CrashReport;
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

/** A campaign set up: what fast-check runs, and how its result becomes the campaign's. */
export interface CampaignCore {
  arbitrary: fc.Arbitrary<ScenarioInput>;
  params: fc.Parameters<[ScenarioInput]>;
  predicate: (input: ScenarioInput) => boolean;
  finish: (r: fc.RunDetails<[ScenarioInput]>) => CampaignResult;
}

export function runCampaign(o: CampaignOptions): CampaignResult {
  const core = campaignCore(o);
  return core.finish(fc.check(fc.property(core.arbitrary, core.predicate), core.params));
}

/** The predicate fast-check runs (with its state) and the parameters; shared by sync and async campaigns. */
export function campaignCore(o: CampaignOptions): CampaignCore {
  // Campaigns guard every check, so no-crash needs no call of its own; alone, it checks every property for crashes only.
  const crashOnly = o.properties.length > 0 && o.properties.every((p) => p.id === NO_CRASH_ID);
  const checked = crashOnly ? ALL_PROPERTIES : o.properties.filter((p) => p.id !== NO_CRASH_ID);
  const stats = new Map([...o.properties, NO_CRASH].map((p) => [p.id, { id: p.id, statement: p.statement, runs: 0, failed: 0, timeMs: 0 }]));
  const statistics = new GenerationStatistics();
  const st = { focus: null as string | null, crashSite: null as string | null, runs: 0, generated: 0, simulateMs: 0, shrinking: false };

  /** The first failure: it becomes the focus, and is reported at once. */
  const found = (property: string, input: ScenarioInput, violations: string[], crash?: Crash): false => {
    st.focus = property;
    st.shrinking = true;
    const s = stats.get(property);
    if (s !== undefined) s.failed++;
    const path = o.path ?? String(o.shrinkFrom ?? st.generated - 1);
    o.onCounterexample?.({ property, scenario: input, violations, seed: o.seed, path, shrinks: 0, ...(crash ? { crash: crashReport(crash) } : {}) });
    return false;
  };
  /** Whether the scenario passes, given a crash at `c.site`: during a no-crash focus, a crash elsewhere does not count. */
  const crashed = (input: ScenarioInput, c: Crash): boolean => {
    if (st.focus === null) {
      st.crashSite = c.site;
      return found(NO_CRASH_ID, input, [crashText(c)], c);
    }
    return !(st.focus === NO_CRASH_ID && c.site === st.crashSite);
  };

  const predicate = (input: ScenarioInput): boolean => {
    if (!st.shrinking) st.generated++;
    if (o.share !== undefined && !st.shrinking && !o.share.owns(st.generated - 1)) return true;
    const t0 = performance.now();
    const simulated = guardedCall(SIMULATOR, () => runScenario(input, o.rules));
    if ('crash' in simulated) {
      if (!(simulated.crash.error instanceof InvalidGeneratedScenario)) return crashed(input, simulated.crash);
      if (st.focus === null) return found(VALID_GENERATION, input, [(simulated.crash.error as Error).message]);
      return st.focus !== VALID_GENERATION;
    }
    const run = simulated.value;
    st.simulateMs += performance.now() - t0;
    const checking = !st.shrinking;
    const applied: string[] = [];
    let labels: readonly string[] = [];
    if (checking) {
      st.runs++;
      stats.get(NO_CRASH_ID)!.runs++;
      labels = statistics.record(run.scenario, run.summary, run.trace.events);
      if (o.onProgress && st.runs % 500 === 0) o.onProgress(st.runs);
      o.onRun?.(run);
    }
    const verdict = checkProperties(run, input, applied);
    if (checking) o.share?.onChecked(st.generated - 1, labels, applied);
    return verdict;
  };

  /** The selected properties on one run; `applied` gets those that looked at it. */
  const checkProperties = (run: ScenarioRun, input: ScenarioInput, applied: string[]): boolean => {
    for (const p of checked) {
      if (st.focus !== null && p.id !== (st.focus === NO_CRASH_ID ? st.crashSite : st.focus)) continue;
      const s = stats.get(p.id);
      const t1 = performance.now();
      const result = guardedCall(p.id, () => violationsOf(p, run));
      if (!('crash' in result) && result.value === null) continue;
      if (!st.shrinking && s !== undefined) {
        applied.push(p.id);
        s.runs++;
        s.timeMs += performance.now() - t1;
      }
      if ('crash' in result) {
        if (!crashed(input, result.crash)) return false;
        continue;
      }
      const violations = result.value!;
      if (violations.length > 0 && !crashOnly && st.focus !== NO_CRASH_ID) return st.focus === null ? found(p.id, input, violations) : false;
    }
    return true;
  };

  const start = performance.now();
  const arbitrary = scenarioArbitrary({ ...SMALL, ...(o.modes ? { modes: o.modes } : {}), ...(o.foci ? { foci: o.foci } : {}) });
  const params = parametersOf(o);
  const finish = (r: fc.RunDetails<[ScenarioInput]>): CampaignResult => {
    const elapsedMs = performance.now() - start;
    let failure: CampaignFailure | null = null;
    if (r.failed && r.counterexample !== null && st.focus !== null) {
      // fast-check reports the smallest failing scenario it found; its violations are recomputed.
      const scenario = r.counterexample[0];
      failure = {
        property: st.focus,
        scenario,
        ...recheck(scenario, st.focus, st.crashSite, o),
        seed: r.seed,
        path: r.counterexamplePath ?? '',
        shrinks: r.numShrinks,
      };
    } else if (r.failed && r.errorInstance) {
      throw r.errorInstance;
    }
    return {
      seed: r.seed,
      runs: st.runs,
      elapsedMs,
      simulateMs: st.simulateMs,
      properties: [...stats.values()],
      statistics,
      failure,
      interrupted: r.interrupted,
    };
  };
  return { arbitrary, params, predicate, finish };
}

function parametersOf(o: CampaignOptions): fc.Parameters<[ScenarioInput]> {
  const params: fc.Parameters<[ScenarioInput]> = {
    seed: o.seed,
    numRuns: o.runs ?? 10_000_000,
    interruptAfterTimeLimit: o.timeLimitMs,
    markInterruptAsFailure: false,
  };
  if (o.path !== undefined) {
    params.path = o.path;
    params.endOnFailure = true;
  } else if (o.shrinkFrom !== undefined) {
    // fast-check replays the value at this index of the seed's stream and shrinks it as the
    // one-worker campaign would have: same value, same shrink tree, same path.
    params.path = String(o.shrinkFrom);
  }
  // A share reports its first failure unshrunk: the lowest failing index of all shares is shrunk.
  if (o.share !== undefined) params.endOnFailure = true;
  return params;
}

/** The violations of `property` on the final (shrunk) scenario, computed afresh; for no-crash, the crash at its site. */
function recheck(input: ScenarioInput, property: string, crashSite: string | null, o: CampaignOptions): { violations: string[]; crash?: CrashReport } {
  const simulated = guardedCall(SIMULATOR, () => runScenario(input, o.rules));
  if ('crash' in simulated) {
    const c = simulated.crash;
    if (c.error instanceof InvalidGeneratedScenario) return { violations: property === VALID_GENERATION ? [c.error.message] : [] };
    return { violations: [crashText(c)], crash: crashReport(c) };
  }
  if (property === VALID_GENERATION) return { violations: [] };
  const id = property === NO_CRASH_ID ? crashSite : property;
  const p = [...o.properties, ...ALL_PROPERTIES].find((x) => x.id === id);
  const checked = guardedCall(p!.id, () => violationsOf(p!, simulated.value));
  if ('crash' in checked) return { violations: [crashText(checked.crash)], crash: crashReport(checked.crash) };
  return { violations: property === NO_CRASH_ID ? [] : (checked.value ?? []) };
}
