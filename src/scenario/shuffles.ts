// Shuffle ids of a scenario's RDD graph: 0, 1, 2, … over shuffle dependencies, in RDD array order
// and then dependency order within an RDD (ARCHITECTURE §3).
import type { RddSpec } from './types.js';

export interface ShuffleInfo {
  shuffleId: number;
  /** The map side: the RDD the shuffle reads from. */
  parentRdd: number;
  /** The reduce side: the RDD with the shuffle dependency. */
  childRdd: number;
  /** Map partitions = the parent RDD's partitions. */
  mapPartitions: number;
}

export function shuffleIds(rdds: readonly Pick<RddSpec, 'id' | 'partitions' | 'deps'>[]): ShuffleInfo[] {
  const partitionsOf = new Map(rdds.map((r) => [r.id, r.partitions]));
  const out: ShuffleInfo[] = [];
  for (const r of rdds) {
    for (const d of r.deps ?? []) {
      if (d.type !== 'shuffle') continue;
      out.push({ shuffleId: out.length, parentRdd: d.rdd, childRdd: r.id, mapPartitions: partitionsOf.get(d.rdd) ?? 0 });
    }
  }
  return out;
}
