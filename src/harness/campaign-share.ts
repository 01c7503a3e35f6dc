// One share of a parallel or sharded campaign (issue 13 §4), run on a worker thread
// (campaign-worker.ts) or in process: the campaign of campaign.ts with the same seed, of which
// only the generated indices this share owns are simulated and checked. Which share owns an index
// is arithmetic on the index alone (ownerOf), so the shares of a seed together check exactly the
// scenarios one worker checks. A share ends at its first failure, unshrunk; it stops early once
// another share has failed at a lower index (nothing it would still check can come first), or
// when the campaign is stopped. Shared memory carries those two facts and each share's progress.
import fc from 'fast-check';
import type { Mode } from '../../properties/arbitraries/scenario.js';
import type { SimulationRules } from '../simulate.js';
import type { ScenarioInput } from '../scenario/schema.js';
import { campaignCore } from './campaign.js';
import { MUTANTS } from './mutants.js';
import { ALL_PROPERTIES, NO_CRASH } from './property-catalogue.js';

/** A machine's part of a campaign (`--shard i/n`, 1-based i) and a worker's part of that. */
export interface ShareSpec {
  shard: { index: number; count: number };
  worker: number;
  workers: number;
}

/** Whether the share `s` owns generated index `index`: the shard's indices, dealt round-robin to its workers. */
export function owns(s: ShareSpec, index: number): boolean {
  const offset = index - (s.shard.index - 1);
  if (offset < 0 || offset % s.shard.count !== 0) return false;
  return (offset / s.shard.count) % s.workers === s.worker;
}

/**
 * Shared memory of the shares: [0] the lowest failing index so far, [1] stop, and per worker w
 * [2 + 2w] its scenarios checked and [3 + 2w] the generated index it is at (NO_FAILURE once done).
 */
export const NO_FAILURE = 2 ** 31 - 1;
export const LOWEST_FAILURE = 0;
export const STOP = 1;
export const checkedSlot = (worker: number): number => 2 + 2 * worker;
const positionSlot = (worker: number): number => 3 + 2 * worker;

export function sharedState(workers: number): Int32Array {
  const state = new Int32Array(new SharedArrayBuffer(4 * (2 + 2 * workers)));
  state[LOWEST_FAILURE] = NO_FAILURE;
  return state;
}

export interface ShareTask extends ShareSpec {
  seed: number;
  runs?: number;
  timeLimitMs: number;
  modes?: readonly Mode[];
  propertyIds: readonly string[];
  /** A mutant's id (mutants.ts), for campaigns against a mutant; rules cannot cross to a thread. */
  mutant?: string;
  state: Int32Array;
}

/** One scenario checked: its generated index, its labels and the properties that applied to it. */
export type CheckedRecord = [index: number, labels: readonly string[], applied: readonly string[]];

/** Scenarios checked, folded into counts: labels and properties by the number of scenarios they had. */
export interface CheckedTotals {
  scenarios: number;
  labels: Record<string, number>;
  propertyRuns: Record<string, number>;
}

export interface ShareResult {
  /** The share's first failure: its generated index and property; null when none. */
  failure: { index: number; property: string } | null;
  /** The scenarios checked that come before any failure a share can still find: all counted. */
  totals: CheckedTotals;
  /** The others, one by one: counted only up to the lowest failing index of all shares. */
  pending: CheckedRecord[];
  /** Time spent in each property's checks. */
  propertyTimeMs: Record<string, number>;
  simulateMs: number;
  interrupted: boolean;
}

const FOLD_EVERY = 256;

export function runShare(task: ShareTask, rules?: Partial<SimulationRules>): ShareResult {
  const log = new CheckedLog(task);
  let failure: ShareResult['failure'] = null;
  const core = campaignCore({
    seed: task.seed,
    runs: task.runs,
    timeLimitMs: task.timeLimitMs,
    modes: task.modes,
    properties: propertiesOf(task.propertyIds),
    rules: rules ?? rulesOf(task.mutant),
    share: { owns: (index) => owns(task, index), onChecked: (index, labels, applied) => log.add([index, labels, applied]) },
    onCounterexample: (f) => {
      failure = { index: Number(f.path), property: f.property };
      lowerFailure(task.state, failure.index);
    },
  });
  let index = 0;
  let overtaken = false;
  const predicate = (input: ScenarioInput): boolean => {
    // Shares never shrink, so each call is the next generated index.
    const current = index++;
    Atomics.store(task.state, positionSlot(task.worker), current);
    overtaken = Atomics.load(task.state, STOP) !== 0 || current > Atomics.load(task.state, LOWEST_FAILURE);
    if (overtaken) throw new fc.PreconditionFailure(true);
    return core.predicate(input);
  };
  const r = fc.check(fc.property(core.arbitrary, predicate), core.params);
  const result = core.finish(r);
  Atomics.store(task.state, positionSlot(task.worker), NO_FAILURE);
  log.fold();
  const propertyTimeMs = Object.fromEntries(result.properties.map((p) => [p.id, p.timeMs]));
  // Interrupted means the time limit, not a stop or another share's lower failure.
  return { failure, totals: log.totals, pending: log.pending, propertyTimeMs, simulateMs: result.simulateMs, interrupted: result.interrupted && !overtaken };
}

/**
 * A share's scenarios checked, in bounded memory: a scenario is folded into the totals once no
 * share can still fail below it (every share checks its indices in order, so none fails below the
 * index it is at), and kept one by one until then.
 */
class CheckedLog {
  readonly totals: CheckedTotals = { scenarios: 0, labels: {}, propertyRuns: {} };
  pending: CheckedRecord[] = [];

  constructor(private readonly task: ShareTask) {}

  add(record: CheckedRecord): void {
    this.pending.push(record);
    Atomics.add(this.task.state, checkedSlot(this.task.worker), 1);
    if (this.pending.length % FOLD_EVERY === 0) this.fold();
  }

  fold(): void {
    // Positions first: a share stores a failure before it moves past it.
    let bound = NO_FAILURE;
    for (let w = 0; w < this.task.workers; w++) bound = Math.min(bound, Atomics.load(this.task.state, positionSlot(w)));
    bound = Math.min(bound, Atomics.load(this.task.state, LOWEST_FAILURE) + 1);
    const kept: CheckedRecord[] = [];
    for (const record of this.pending) {
      if (record[0] < bound) addToTotals(this.totals, record);
      else kept.push(record);
    }
    this.pending = kept;
  }
}

export function addToTotals(totals: CheckedTotals, [, labels, applied]: CheckedRecord): void {
  totals.scenarios++;
  for (const l of labels) totals.labels[l] = (totals.labels[l] ?? 0) + 1;
  for (const p of applied) totals.propertyRuns[p] = (totals.propertyRuns[p] ?? 0) + 1;
}

/** Lowers the shared lowest failing index to `index` unless another share's is lower. */
function lowerFailure(state: Int32Array, index: number): void {
  for (;;) {
    const seen = Atomics.load(state, LOWEST_FAILURE);
    if (seen <= index || Atomics.compareExchange(state, LOWEST_FAILURE, seen, index) === seen) return;
  }
}

export function propertiesOf(ids: readonly string[]) {
  const all = [...ALL_PROPERTIES, NO_CRASH];
  return ids.map((id) => {
    const p = all.find((x) => x.id === id);
    if (p === undefined) throw new Error(`campaign share: unknown property id "${id}"`);
    return p;
  });
}

export function rulesOf(mutant: string | undefined): Partial<SimulationRules> | undefined {
  if (mutant === undefined) return undefined;
  const m = MUTANTS.find((x) => x.id === mutant);
  if (m === undefined) throw new Error(`campaign share: unknown mutant "${mutant}"`);
  return m.rules;
}
