// The test set of `npm run mutation` (issue 11 §1): short fixed-seed property campaigns, one per
// rule family, with every property on (the invariants, the reference model, determinism, MB4).
// A mutant of src/spark, src/streaming or src/trace is killed when one of them finds a failing
// scenario. They stop at the first failure, unshrunk (StrykerJS needs the verdict, not the
// counterexample), and fail when cut short, so a mutant that only slows the simulator down is a
// timeout, never a pass. Budgets: each campaign takes about a second on the unmutated code.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Mode } from '../../properties/arbitraries/scenario.js';
import { campaignCore } from '../../src/harness/campaign.js';
import { ALL_PROPERTIES } from '../../src/harness/property-catalogue.js';

interface Family {
  name: string;
  modes: readonly Mode[];
  seed: number;
  runs: number;
  /** The driver-log property on every scenario instead of its 10% sample: the log's lines are what most survivors change. */
  logEveryRun?: boolean;
  /** Only these swarm foci (faults.ts): a family aimed at the rules few scenarios reach. */
  foci?: readonly number[];
}

/** Each mode on two seeds, all modes mixed, and four with the driver log on throughout; the swarm foci spread each over its fault kinds. */
const FAMILIES: readonly Family[] = [
  { name: 'batch jobs', modes: ['batch'], seed: 11, runs: 400 },
  { name: 'batch jobs, second seed', modes: ['batch'], seed: 12, runs: 400 },
  { name: 'micro-batch queries', modes: ['microBatch'], seed: 21, runs: 300 },
  { name: 'micro-batch queries, second seed', modes: ['microBatch'], seed: 22, runs: 300 },
  { name: 'continuous queries', modes: ['continuous'], seed: 31, runs: 300 },
  { name: 'continuous queries, second seed', modes: ['continuous'], seed: 32, runs: 300 },
  { name: 'every mode', modes: ['batch', 'microBatch', 'continuous'], seed: 41, runs: 400 },
  { name: 'batch jobs, driver log on each', modes: ['batch'], seed: 13, runs: 300, logEveryRun: true },
  { name: 'micro-batch queries, driver log on each', modes: ['microBatch'], seed: 23, runs: 150, logEveryRun: true },
  // Zombie attempts and executor losses (foci 2 and 3): completions from older attempts, stale
  // fetch failures, the epoch of a fetch failure, kills of a finished stage's tasks.
  { name: 'batch zombies and losses, driver log on each', modes: ['batch'], seed: 14, runs: 500, logEveryRun: true, foci: [2, 3] },
  { name: 'batch fetch-failure storms, driver log on each', modes: ['batch'], seed: 15, runs: 300, logEveryRun: true, foci: [1] },
];

const LOGGED_PROPERTIES = ALL_PROPERTIES.map((p) => (p.id === 'driver-log' ? { ...p, applies: () => true } : p));

/** The campaign's first failing property and its violations, or null when all held. */
function firstFailure(f: Family): string | null {
  const properties = f.logEveryRun ? LOGGED_PROPERTIES : ALL_PROPERTIES;
  const core = campaignCore({ seed: f.seed, runs: f.runs, timeLimitMs: 120_000, properties, modes: f.modes, ...(f.foci ? { foci: f.foci } : {}) });
  const details = fc.check(fc.property(core.arbitrary, core.predicate), { ...core.params, endOnFailure: true });
  const r = core.finish(details);
  expect(r.interrupted, `${f.name}: cut short after ${r.runs} scenarios`).toBe(false);
  if (r.failure === null) {
    expect(r.runs).toBe(f.runs);
    return null;
  }
  return `${r.failure.property} at path ${r.failure.path}: ${r.failure.violations.slice(0, 3).join('; ')}`;
}

describe('property campaigns per rule family', () => {
  it.each(FAMILIES.map((f) => [f.name, f] as const))('%s: every property holds', (_name, f) => {
    expect(firstFailure(f)).toBeNull();
  });
});
