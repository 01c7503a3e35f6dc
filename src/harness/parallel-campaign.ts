// A campaign on several worker threads and across machines (issue 13 §4, `srh check --workers N
// --shard i/n`). Every share runs fast-check on the same seed and checks only the generated
// indices it owns (campaign-share.ts); the lowest failing index of all shares is the failure one
// worker finds first, because every share checks its indices in order and stops only past a lower
// failure. That index is then replayed from the seed and shrunk in this thread, exactly as the
// one-worker campaign shrinks it, so the scenarios checked, the first failure, its shrunk form
// and its replay path are the same for any number of workers (with --runs; a time limit cuts
// each share where its clock says). The pool is tinypool's.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Tinypool from 'tinypool';
import type { CampaignOptions, PropertyStats } from './campaign.js';
import { addToTotals, checkedSlot, rulesOf, runShare, sharedState, STOP, type CheckedTotals, type ShareResult, type ShareTask } from './campaign-share.js';
import { runInterruptibleCampaign, type InterruptibleResult, type StopRequest } from './interruptible-campaign.js';
import { NO_CRASH_ID } from './crash.js';
import { NO_CRASH } from './property-catalogue.js';
import { GenerationStatistics } from './statistics.js';

export interface ParallelOptions extends CampaignOptions {
  /** Worker threads (1: this thread only, unless sharded). */
  workers: number;
  /** This machine's shard, 1-based (`--shard 3/8`); the whole campaign when absent. */
  shard?: { index: number; count: number };
  /** A mutant's id, so worker threads can run against its rules (functions cannot cross threads). */
  mutant?: string;
}

const PROGRESS_EVERY_MS = 250;
/** Shrinking always gets at least this long, so a failure found at the time limit is still shrunk a little. */
const MIN_SHRINK_MS = 1000;

export async function runParallelCampaign(o: ParallelOptions, stop: StopRequest): Promise<InterruptibleResult> {
  const shard = o.shard ?? { index: 1, count: 1 };
  const rules = o.rules ?? rulesOf(o.mutant);
  if (o.workers <= 1 && shard.count === 1) return runInterruptibleCampaign({ ...o, rules }, stop);
  const start = performance.now();
  const state = sharedState(o.workers);
  const tasks: ShareTask[] = Array.from({ length: o.workers }, (_, worker) => ({
    seed: o.seed,
    runs: o.runs,
    timeLimitMs: o.timeLimitMs,
    modes: o.modes,
    propertyIds: o.properties.map((p) => p.id),
    ...(o.mutant === undefined ? {} : { mutant: o.mutant }),
    shard,
    worker,
    workers: o.workers,
    state,
  }));
  const checkedSoFar = () => tasks.reduce((n, t) => n + Atomics.load(state, checkedSlot(t.worker)), 0);
  const watch = setInterval(() => {
    if (stop.requested !== null) Atomics.store(state, STOP, 1);
    o.onProgress?.(checkedSoFar());
  }, PROGRESS_EVERY_MS);
  let shares: ShareResult[];
  try {
    // Rules given as functions (tests of the harness) stay in this thread.
    shares = o.rules !== undefined ? tasks.map((t) => runShare(t, o.rules)) : await onPool(tasks);
  } finally {
    clearInterval(watch);
  }
  return merged(o, shares, await shrinkFirst(o, shares, rules, start, stop), start, stop);
}

async function onPool(tasks: ShareTask[]): Promise<ShareResult[]> {
  const pool = new Tinypool({ filename: workerFile(), minThreads: tasks.length, maxThreads: tasks.length });
  try {
    return await Promise.all(tasks.map((t) => pool.run(t) as Promise<ShareResult>));
  } finally {
    await pool.destroy();
  }
}

/** The lowest failing index of all shares, replayed from the seed and shrunk here; null when none failed. */
async function shrinkFirst(
  o: ParallelOptions,
  shares: ShareResult[],
  rules: CampaignOptions['rules'],
  start: number,
  stop: StopRequest,
): Promise<InterruptibleResult | null> {
  const first = lowestFailure(shares);
  if (first === null) return null;
  const timeLimitMs = Math.max(MIN_SHRINK_MS, o.timeLimitMs - (performance.now() - start));
  const shrunk = await runInterruptibleCampaign({ ...o, rules, shrinkFrom: first.index, onProgress: undefined, timeLimitMs }, stop);
  if (shrunk.failure === null) {
    throw new Error(
      `parallel campaign: generated index ${first.index} of seed ${o.seed} failed ${first.property} in a worker but passed when replayed; the campaign is not deterministic (a harness bug: report it with this line)`,
    );
  }
  return shrunk;
}

function lowestFailure(shares: ShareResult[]): { index: number; property: string } | null {
  let first: { index: number; property: string } | null = null;
  for (const s of shares) if (s.failure !== null && (first === null || s.failure.index < first.index)) first = s.failure;
  return first;
}

/** The shares' scenarios up to and including the first failure (the ones one worker checks), as one campaign's result. */
function merged(o: ParallelOptions, shares: ShareResult[], shrunk: InterruptibleResult | null, start: number, stop: StopRequest): InterruptibleResult {
  const cutoff = shrunk === null ? Infinity : lowestFailure(shares)!.index;
  const statistics = new GenerationStatistics();
  const stats = new Map<string, PropertyStats>(
    [...o.properties, NO_CRASH].map((p) => [p.id, { id: p.id, statement: p.statement, runs: 0, failed: 0, timeMs: 0 }]),
  );
  const totals: CheckedTotals = { scenarios: 0, labels: {}, propertyRuns: {} };
  for (const share of shares) {
    mergeTotals(totals, share.totals);
    for (const record of share.pending) if (record[0] <= cutoff) addToTotals(totals, record);
    for (const [id, ms] of Object.entries(share.propertyTimeMs)) {
      const s = stats.get(id);
      if (s !== undefined) s.timeMs += ms;
    }
  }
  statistics.recordTotals(totals.scenarios, totals.labels);
  stats.get(NO_CRASH_ID)!.runs = totals.scenarios;
  for (const [id, n] of Object.entries(totals.propertyRuns)) {
    const s = stats.get(id);
    if (s !== undefined) s.runs += n;
  }
  for (const p of shrunk?.properties ?? []) if (stats.has(p.id)) stats.get(p.id)!.failed = p.failed;
  return {
    seed: o.seed,
    runs: totals.scenarios,
    elapsedMs: performance.now() - start,
    simulateMs: shares.reduce((ms, s) => ms + s.simulateMs, shrunk?.simulateMs ?? 0),
    properties: [...stats.values()],
    statistics,
    failure: shrunk?.failure ?? null,
    interrupted: shares.some((s) => s.interrupted) || shrunk?.interrupted === true,
    stoppedBy: stop.requested,
  };
}

function mergeTotals(into: CheckedTotals, from: CheckedTotals): void {
  into.scenarios += from.scenarios;
  for (const [l, n] of Object.entries(from.labels)) into.labels[l] = (into.labels[l] ?? 0) + n;
  for (const [p, n] of Object.entries(from.propertyRuns)) into.propertyRuns[p] = (into.propertyRuns[p] ?? 0) + n;
}

/** The built worker module beside this one; from the TypeScript sources (vitest), the one `npm run build` wrote. */
function workerFile(): string {
  const beside = new URL('./campaign-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside.href;
  const built = new URL(import.meta.url.replace(/\/src\/harness\/[^/]+$/, '/dist/src/harness/campaign-worker.js'));
  if (existsSync(fileURLToPath(built))) return built.href;
  throw new Error(`srh: the campaign worker ${fileURLToPath(built)} is not built; run npm run build`);
}
