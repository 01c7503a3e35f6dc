// The size of a scenario, as shrinking quality is judged (issue 11 §6): how many elements it has
// of each kind (RDDs, partitions, executors, faults, jobs / batches / epochs, restarts) and its
// mode, simplest first (batch < micro-batch < continuous). A shrunk counterexample is compared
// with the hand-minimal scenario of its mutant component by component: the same, or so many more
// (or fewer) of each kind, and whether it kept a more complex mode than the bug needs.
import type { ScenarioInput } from '../scenario/schema.js';

export const MODE_RANK = { batch: 0, microBatch: 1, continuous: 2 } as const;
export type ModeName = keyof typeof MODE_RANK;

export interface ScenarioSize {
  mode: ModeName;
  rdds: number;
  /** Partitions over every RDD (a continuous query's partitions). */
  partitions: number;
  /** Executors of a cluster; a local master is one (the driver's). */
  executors: number;
  faults: number;
  /** Batch jobs, micro-batches or continuous epochs. */
  jobs: number;
  restarts: number;
}

export const SIZE_KINDS = ['rdds', 'partitions', 'executors', 'faults', 'jobs', 'restarts'] as const;
export type SizeKind = (typeof SIZE_KINDS)[number];

interface WorkloadShape {
  mode: ModeName;
  rdds?: { partitions: number }[];
  jobs?: unknown[];
  batches?: number;
  epochs?: number;
  partitions?: number;
  restarts?: number;
}

export function scenarioSize(s: ScenarioInput): ScenarioSize {
  const w = s.workload as WorkloadShape;
  const cluster = s.cluster as { executors?: unknown[] };
  const rdds = w.rdds ?? [];
  return {
    mode: w.mode,
    rdds: rdds.length,
    partitions: w.mode === 'continuous' ? (w.partitions ?? 0) : rdds.reduce((n, r) => n + r.partitions, 0),
    executors: cluster.executors?.length ?? 1,
    faults: ((s.faults as unknown[] | undefined) ?? []).length,
    jobs: w.mode === 'batch' ? (w.jobs?.length ?? 0) : w.mode === 'microBatch' ? (w.batches ?? 0) : (w.epochs ?? 0),
    restarts: w.restarts ?? 0,
  };
}

/** Every element counted once: the scalar the "at most two elements larger" target is about. */
export function totalElements(size: ScenarioSize): number {
  return SIZE_KINDS.reduce((n, k) => n + size[k], 0);
}

export interface SizeComparison {
  /** Same mode and the same count of every kind. */
  same: boolean;
  /** Elements beyond the reference's (negative: fewer). */
  extraElements: number;
  /** Per kind, shrunk minus reference, only where they differ. */
  differences: Partial<Record<SizeKind, number>>;
  /** The shrunk scenario's mode is more complex than the reference's. */
  modeLarger: boolean;
}

export function compareSizes(shrunk: ScenarioSize, reference: ScenarioSize): SizeComparison {
  const differences: Partial<Record<SizeKind, number>> = {};
  for (const k of SIZE_KINDS) if (shrunk[k] !== reference[k]) differences[k] = shrunk[k] - reference[k];
  const modeLarger = MODE_RANK[shrunk.mode] > MODE_RANK[reference.mode];
  const same = shrunk.mode === reference.mode && Object.keys(differences).length === 0;
  return { same, extraElements: totalElements(shrunk) - totalElements(reference), differences, modeLarger };
}

/** "same", or the differences in words: "+1 rdds, +2 partitions" (and a larger mode). */
export function describeComparison(c: SizeComparison, shrunkMode: ModeName): string {
  if (c.same) return 'same';
  const parts = Object.entries(c.differences).map(([k, d]) => `${d! > 0 ? '+' : ''}${d} ${k}`);
  if (c.modeLarger) parts.unshift(`mode ${shrunkMode}`);
  return parts.length > 0 ? parts.join(', ') : `mode ${shrunkMode}`;
}

/** One line for a size: "batch 1 rdds/2 partitions/1 executors/1 faults/1 jobs". */
export function formatSize(s: ScenarioSize): string {
  const counts = SIZE_KINDS.filter((k) => k !== 'restarts' || s.restarts > 0).map((k) => `${s[k]} ${k}`);
  return `${s.mode}: ${counts.join(', ')}`;
}
