// The properties a campaign checks on every generated scenario: each invariant of
// properties/invariants, agreement with the reference model, determinism (a re-run of a sample
// must give the same trace, byte for byte), and MB4 (task failures that retries recover leave a
// micro-batch query's outcome as a failure-free run's). And no-crash: none of them, nor the
// simulator, throws (crash.ts); the campaign guards every call, so it is checked on every run.
import { compareWithModel } from '../../models/compare.js';
import { driverLogViolations } from '../../properties/driver-log.js';
import { predict } from '../../models/predict.js';
import { ALL_INVARIANTS, maxTaskFailuresOf, type InvariantContext } from '../../properties/invariants/index.js';
import { simulate } from '../simulate.js';
import { summarize } from '../trace/summary.js';
import { firstDifference } from '../trace/trace-diff.js';
import type { Workload } from '../scenario/types.js';
import type { ScenarioInput } from '../scenario/schema.js';
import type { SimulationRules } from '../simulate.js';
import { crashText, guardedCall, NO_CRASH_ID, SIMULATOR, type Crash } from './crash.js';
import { InvalidGeneratedScenario, runScenario, type ScenarioRun } from './scenario-run.js';

export interface HarnessProperty {
  /** Short id used by --property and replay lines ("I5", "model", "determinism"). */
  id: string;
  /** One line: what must hold. */
  statement: string;
  /** The workload modes it can say anything about (default: every mode). */
  modes?: readonly Workload['mode'][];
  /** Whether the property looks at this run at all (default: every run). */
  applies?(run: ScenarioRun): boolean;
  /** With `applies`: the runs it looks at, in words ("micro-batch queries whose …"). */
  appliesTo?: string;
  /** Violations, as messages; empty when the property holds. */
  check(run: ScenarioRun): string[];
}

/** Share of scenarios re-run for the determinism check (FoundationDB-style, issue 4). */
export const DETERMINISM_SAMPLE = 0.05;

/** Share of scenarios re-run with the driver log on for the driver-log check. */
export const DRIVER_LOG_SAMPLE = 0.1;

/** A sample chosen from the scenario itself, so a replay samples the same scenario; `salt` makes samples independent. */
function inSample(run: ScenarioRun, share: number, salt: number): boolean {
  const x = Math.imul(run.scenario.seed ^ salt, 0x85ebca6b) >>> 0;
  return x / 2 ** 32 < share;
}

const sampled = (run: ScenarioRun): boolean => inSample(run, DETERMINISM_SAMPLE, 0x9e3779b9);

/** The spec's catalogue numbers its families: CP continuous, MB micro-batch, G the global retry policy. */
function modesOfInvariant(id: string): readonly Workload['mode'][] | undefined {
  if (id.startsWith('CP') || id.startsWith('G')) return ['continuous'];
  if (id.startsWith('MB')) return ['microBatch'];
  return undefined;
}

/** What an invariant sees of a simulated run: its trace, its scenario, the scenario's limit, whether it ran to its end. */
export function invariantContextOf(run: ScenarioRun): InvariantContext {
  return { events: run.trace.events, scenario: run.scenario, maxTaskFailures: maxTaskFailuresOf(run.scenario), finished: run.trace.status === 'finished' };
}

const invariantProperties: HarnessProperty[] = ALL_INVARIANTS.map((inv) => ({
  id: inv.id,
  modes: modesOfInvariant(inv.id),
  statement: `${inv.name}: ${inv.statement}`,
  check: (run) => inv.check(invariantContextOf(run)).map((v) => (v.eventIndex === undefined ? v.message : `${v.message} (event ${v.eventIndex})`)),
}));

const modelAgreement: HarnessProperty = {
  id: 'model',
  statement: "model-agreement: the run's outcome is one the reference model allows",
  check: (run) => compareWithModel(predict(run.scenario), run.summary),
};

const determinism: HarnessProperty = {
  id: 'determinism',
  statement: `determinism: a re-run of the same scenario gives a byte-identical trace (${DETERMINISM_SAMPLE * 100}% sample)`,
  applies: sampled,
  appliesTo: `a ${DETERMINISM_SAMPLE * 100}% sample of the scenarios, chosen from each scenario's seed`,
  check: (run) => {
    const again = simulate(run.scenario, run.rules ? { rules: run.rules } : {}).trace;
    const d = firstDifference(run.trace.events, again.events);
    if (d === null) return [];
    return [`the re-run differs first at event ${d.eventIndex}:\n  first:  ${d.first}\n  second: ${d.second}`];
  },
};

/**
 * driver-log: the run again with the driver log on gives the same trace (the log only observes),
 * and its TaskSetManager and DAGScheduler lines are the ones Spark logs for the trace's events
 * (properties/driver-log.ts, driver-log-dag.ts).
 */
const driverLog: HarnessProperty = {
  id: 'driver-log',
  statement: `driver-log: a re-run with the driver log on gives the same trace, and the log has, at each event's time, Spark's line for every task set added, task launched and task ended, and for each task-set abort (scheduler facts §4), and the DAGScheduler's for every job started and ended, stage attempt submitted and completed, stale fetch failure and possibly bogus map success ignored, and executor marked lost (DAGScheduler.scala; ${DRIVER_LOG_SAMPLE * 100}% sample)`,
  applies: (run) => inSample(run, DRIVER_LOG_SAMPLE, 0x7f4a7c15),
  appliesTo: `a ${DRIVER_LOG_SAMPLE * 100}% sample of the scenarios, chosen from each scenario's seed`,
  check: (run) => {
    const logged = simulate(run.scenario, { ...(run.rules ? { rules: run.rules } : {}), log: true });
    const d = firstDifference(run.trace.events, logged.trace.events);
    if (d !== null) return [`with the driver log on the trace differs first at event ${d.eventIndex}:\n  without: ${d.first}\n  with:    ${d.second}`];
    return driverLogViolations(logged.trace.events, logged.log);
  },
};

/** Every job succeeded although some task fault fired: each failure was recovered by a retry. */
function recoveredEveryFailure(run: ScenarioRun): boolean {
  return (
    run.scenario.workload.mode === 'microBatch' &&
    run.trace.status === 'finished' &&
    run.summary.jobs.every((j) => j.result === 'JobSucceeded') &&
    run.summary.tasks.some((t) => t.reason !== 'Success')
  );
}

const recoveredFailuresInvisible: HarnessProperty = {
  id: 'MB4',
  modes: ['microBatch'],
  statement:
    'recovered-failures-invisible: when retries recover every task failure of a micro-batch query, its outcome (status, runs, committed batches) is that of the same query without faults (streaming spec §8 MB4)',
  applies: recoveredEveryFailure,
  appliesTo: 'micro-batch queries that finished with every job succeeded although a task failed (each failure recovered by a retry)',
  check: (run) => {
    const clean = simulate({ ...run.scenario, faults: [] }, run.rules ? { rules: run.rules } : {}).trace;
    const want = JSON.stringify(summarize(clean).query);
    const got = JSON.stringify(run.summary.query);
    return got === want ? [] : [`with its failures recovered the query ends ${got}; without faults it ends ${want}`];
  },
};

export const ALL_PROPERTIES: readonly HarnessProperty[] = [...invariantProperties, modelAgreement, determinism, driverLog, recoveredFailuresInvisible];

/**
 * no-crash: every other property runs to its end on the run (a crash of the simulator itself
 * happens before there is a run: `checkScenario` and the campaign catch it). Not in
 * ALL_PROPERTIES, whose checks it runs: a campaign guards each call instead.
 */
export const NO_CRASH: HarnessProperty = {
  id: NO_CRASH_ID,
  statement: 'no-crash: the simulator, the model and every invariant run to their end without throwing (issue 11 §3)',
  check: (run) =>
    ALL_PROPERTIES.flatMap((p) => {
      const r = guardedCall(p.id, () => violationsOf(p, run));
      return 'crash' in r ? [crashText(r.crash)] : [];
    }),
};

/** Every property id --property and corpus entries may name. */
export const PROPERTY_IDS: readonly string[] = [...ALL_PROPERTIES.map((p) => p.id), NO_CRASH_ID];

/** The violations of `p` on `run` as a campaign checks it: null when `p` does not look at this run. */
export function violationsOf(p: HarnessProperty, run: ScenarioRun): string[] | null {
  return p.applies !== undefined && !p.applies(run) ? null : p.check(run);
}

/** Properties whose id equals `filter`, or all when no filter is given (no-crash is always checked). */
export function selectProperties(filter: string | undefined): HarnessProperty[] {
  if (filter === undefined) return [...ALL_PROPERTIES];
  if (filter === NO_CRASH_ID) return [NO_CRASH];
  return ALL_PROPERTIES.filter((p) => p.id === filter);
}

/** One scenario run and checked for one property, as a replay checks it. */
export interface ScenarioCheck {
  /** The run; null when the simulator threw (then the crash is the one violation). */
  run: ScenarioRun | null;
  /** `p`'s violations, a crash among them; null when `p` does not look at this run. */
  violations: string[] | null;
  /** The crash, when the simulator or `p` threw. */
  crash?: Crash;
}

/**
 * `p` on one scenario (replay, corpus check, the corpus replay before a campaign): the simulator's
 * crash fails any property, since none can be checked; so does a throw of `p` itself. An invalid
 * scenario still throws (InvalidGeneratedScenario).
 */
export function checkScenarioRun(p: HarnessProperty, input: ScenarioInput, rules?: Partial<SimulationRules>): ScenarioCheck {
  const simulated = guardedCall(SIMULATOR, () => runScenario(input, rules));
  if ('crash' in simulated) {
    if (simulated.crash.error instanceof InvalidGeneratedScenario) throw simulated.crash.error;
    return { run: null, violations: [crashText(simulated.crash)], crash: simulated.crash };
  }
  return { run: simulated.value, ...checkRunOf(p, simulated.value) };
}

/** `p` on a run there already: its violations (null: `p` does not look at it), a throw of `p` its one violation. */
export function checkRunOf(p: HarnessProperty, run: ScenarioRun): { violations: string[] | null; crash?: Crash } {
  const checked = guardedCall(p.id, () => violationsOf(p, run));
  return 'crash' in checked ? { violations: [crashText(checked.crash)], crash: checked.crash } : { violations: checked.value };
}

/**
 * `p`'s violations on one scenario, a crash among them: the simulator's crash fails any property,
 * since none can be checked. Empty also when `p` does not look at the run. An invalid scenario still throws.
 */
export function checkScenario(p: HarnessProperty, input: ScenarioInput, rules?: Partial<SimulationRules>): string[] {
  return checkScenarioRun(p, input, rules).violations ?? [];
}
