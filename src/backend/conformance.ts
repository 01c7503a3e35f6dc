// Differential conformance (issue 10 §5): one scenario's simulated and real runs, judged the way
// Jepsen's checkers judge a history: every trace invariant must hold on the real event log, the
// reference model must allow the real outcome, and the fields the scenario determines must be
// equal. A field that differs while the model allows both runs is Spark's own nondeterminism
// (offer order, thread timing: spec §14), reported as such and not as a finding. A checker that
// throws gives the verdict "unknown", with the error, never a crash.
import { compareWithModel } from '../../models/compare.js';
import { predict } from '../../models/predict.js';
import { ALL_INVARIANTS, maxTaskFailuresOf } from '../../properties/invariants/index.js';
import type { Scenario } from '../scenario/types.js';
import type { Trace } from '../trace/events.js';
import { summarize } from '../trace/summary.js';
import { inScenarioIdentities } from './identities.js';
import { outcomeDifferences, outcomeOf, type Outcome } from './outcome.js';

export interface Finding {
  kind: 'invariant' | 'model' | 'field';
  message: string;
}

export interface ConformanceResult {
  verdict: 'agree' | 'differ' | 'unknown';
  /** The determined fields are equal, to the character. */
  identical: boolean;
  findings: Finding[];
  /** Fields that differ where the model allows both runs: Spark's nondeterminism. */
  allowed: { field: string; sim: unknown; real: unknown }[];
  /** Where the scenario leaves Spark a choice; with none, every difference is a finding. */
  nondeterminism: string[];
  error?: string;
  sim: Outcome;
  real: Outcome;
}

const TRACE_INVARIANTS = ALL_INVARIANTS.filter((i) => i.needs === 'trace');

export function compareBackends(scenario: Scenario, simTrace: Trace, realTrace: Trace): ConformanceResult {
  const mapped = inScenarioIdentities(realTrace, scenario);
  const simOutcome = outcomeOf(summarize(simTrace));
  const realSummary = summarize(mapped);
  const realOutcome = outcomeOf(realSummary);
  const findings: Finding[] = [];
  try {
    for (const v of realRunViolations(scenario, realTrace))
      findings.push({
        kind: v.property === 'model' ? 'model' : 'invariant',
        message: v.property === 'model' ? `real Spark: ${v.message}` : `${v.property} ${v.message}`,
      });
  } catch (e) {
    return {
      verdict: 'unknown',
      identical: false,
      findings,
      allowed: [],
      nondeterminism: [],
      error: `a checker threw: ${(e as Error).stack ?? String(e)}`,
      sim: simOutcome,
      real: realOutcome,
    };
  }
  const differences = outcomeDifferences(simOutcome, realOutcome);
  const sources = nondeterminismSources(scenario);
  const mayDiffer = sources.length > 0 && findings.every((f) => f.kind !== 'model');
  const allowed = mayDiffer ? differences : [];
  if (!mayDiffer)
    for (const d of differences)
      findings.push({ kind: 'field', message: `${d.field}: simulator ${JSON.stringify(d.sim)}, real Spark ${JSON.stringify(d.real)}` });
  return {
    verdict: findings.length === 0 ? 'agree' : 'differ',
    identical: differences.length === 0,
    findings,
    allowed,
    nondeterminism: sources,
    sim: simOutcome,
    real: realOutcome,
  };
}

/**
 * What real Spark may do differently from one run to the next in this scenario (spec §14): the
 * order of offers and launches when several task slots run at once, executor losses that land on
 * a wall clock rather than on simulated time, and a continuous query's threads (epoch markers,
 * the coordinator's messages). A single-slot batch or micro-batch run leaves Spark no choice.
 */
export function nondeterminismSources(scenario: Scenario): string[] {
  const out: string[] = [];
  const m = scenario.cluster.parsedMaster;
  const slots = m.kind === 'local' ? m.threads : scenario.cluster.executors.reduce((n, e) => n + e.cores, 0);
  if (slots > 1) out.push(`${slots} task slots: offer order and launch interleaving (spec §14)`);
  // One slot: a failed attempt's core is re-offered before the failure is handled, so the next
  // index may launch before the retry (models/job.ts oneCoreRace; seen on real Spark 3.2.0).
  else if (scenario.faults.some((f) => f.kind === 'task' && f.fail !== null))
    out.push('one task slot: a failure frees the core before it is handled, so the next index may launch early');
  if (scenario.faults.some((f) => f.kind === 'executorLost')) out.push('executor losses at wall-clock times');
  if (scenario.workload.mode === 'continuous') out.push("a continuous query's threads: epoch markers and coordinator messages");
  return out;
}

export interface RealViolation {
  /** The invariant's id, or "model". */
  property: string;
  message: string;
}

/**
 * What a real run is held to (issue 10 §5, §6): every trace invariant on its event log, with the
 * retry limit the scenario's master and conf give, and the reference model on its outcome (in the
 * scenario's names for executors and hosts).
 */
export function realRunViolations(scenario: Scenario, realTrace: Trace): RealViolation[] {
  const ctx = { events: realTrace.events, maxTaskFailures: maxTaskFailuresOf(scenario), finished: realTrace.status === 'finished' };
  const out: RealViolation[] = [];
  for (const inv of TRACE_INVARIANTS)
    for (const v of inv.check(ctx))
      out.push({ property: inv.id, message: `${inv.name}: ${v.message.split('\n')[0]}${v.eventIndex === undefined ? '' : ` (event ${v.eventIndex})`}` });
  for (const d of compareWithModel(predict(scenario), summarize(inScenarioIdentities(realTrace, scenario)))) out.push({ property: 'model', message: d });
  return out;
}
