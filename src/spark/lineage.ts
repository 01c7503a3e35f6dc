// RDD lineage at run time: the scenario's RDDs with their dependencies resolved to objects and
// shuffle ids assigned. A micro-batch builds a fresh instance per batch (new RDD and shuffle ids),
// as each batch plans a new physical query.
import type { RddSpec } from '../scenario/types.js';
import { shuffleIds } from '../scenario/shuffles.js';

export interface ShuffleDependency {
  shuffleId: number;
  /** The map side: the RDD whose partitions write shuffle output. */
  mapRdd: RddNode;
  /** The number of reduce partitions reading it. */
  numReducePartitions: number;
}

export interface RddNode {
  id: number;
  partitions: number;
  callSite: string;
  narrowParents: RddNode[];
  shuffleParents: ShuffleDependency[];
  /** Shuffle dependencies reached by walking narrow dependencies (a stage's inputs), ascending id. */
  stageShuffleInputs: ShuffleDependency[];
}

export interface Lineage {
  rdds: Map<number, RddNode>;
  shuffles: ShuffleDependency[];
}

export function defaultCallSite(rddId: number): string {
  return `rdd ${rddId} at Scenario.scala:${rddId}`;
}

/**
 * Builds the lineage. `rddIdOffset` and `shuffleIdOffset` renumber the instance (micro-batch);
 * scenario RDD ids map to `offset + id`, scenario shuffle k to `shuffleIdOffset + k`.
 */
export function buildLineage(specs: RddSpec[], rddIdOffset = 0, shuffleIdOffset = 0): Lineage {
  const rdds = new Map<number, RddNode>();
  const byScenarioId = new Map<number, RddNode>();
  for (const s of specs) {
    const node: RddNode = {
      id: rddIdOffset + s.id,
      partitions: s.partitions,
      callSite: s.callSite ?? defaultCallSite(rddIdOffset + s.id),
      narrowParents: [],
      shuffleParents: [],
      stageShuffleInputs: [],
    };
    rdds.set(node.id, node);
    byScenarioId.set(s.id, node);
  }
  const shuffles: ShuffleDependency[] = [];
  for (const sh of shuffleIds(specs)) {
    const child = byScenarioId.get(sh.childRdd)!;
    const dep: ShuffleDependency = {
      shuffleId: shuffleIdOffset + sh.shuffleId,
      mapRdd: byScenarioId.get(sh.parentRdd)!,
      numReducePartitions: child.partitions,
    };
    child.shuffleParents.push(dep);
    shuffles.push(dep);
  }
  for (const s of specs) {
    const node = byScenarioId.get(s.id)!;
    for (const d of s.deps) if (d.type === 'narrow') node.narrowParents.push(byScenarioId.get(d.rdd)!);
  }
  // Parents are defined before children (validated), so one pass in array order suffices.
  for (const s of specs) {
    const node = byScenarioId.get(s.id)!;
    const seen = new Map<number, ShuffleDependency>();
    for (const dep of node.shuffleParents) seen.set(dep.shuffleId, dep);
    for (const p of node.narrowParents) for (const dep of p.stageShuffleInputs) seen.set(dep.shuffleId, dep);
    node.stageShuffleInputs = [...seen.values()].sort((a, b) => a.shuffleId - b.shuffleId);
  }
  return { rdds, shuffles };
}

/** The RDD ids a stage computes (its RDD and the narrow ancestors), for StageInfo's RDD Info. */
export function stageRdds(rdd: RddNode): RddNode[] {
  const out: RddNode[] = [];
  const seen = new Set<number>();
  const stack = [rdd];
  while (stack.length > 0) {
    const r = stack.pop()!;
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    out.push(r);
    for (const p of r.narrowParents) stack.push(p);
  }
  return out.sort((a, b) => b.id - a.id);
}
