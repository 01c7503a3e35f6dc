// The stages of one job (scheduler facts §3, §10.1): a ShuffleMapStage per shuffle the target
// reaches through narrow dependencies, created ancestors first, siblings in ascending shuffle id,
// then the ResultStage. Every job creates its stages anew: the stages of an earlier job are gone
// once it ended (jobs run one after another), so ids are only a running count.
import type { RddSpec } from '../src/scenario/types.js';
import { shuffleIds, type ShuffleInfo } from '../src/scenario/shuffles.js';

export interface StagePlan {
  id: number;
  kind: 'result' | 'shuffleMap';
  /** The scenario RDD the stage computes (the map side for a ShuffleMapStage). */
  rdd: RddSpec;
  /** The scenario shuffle the stage writes (ShuffleMapStage only). */
  writes: ShuffleInfo | null;
  /** Scenario shuffles the stage reads, ascending. */
  reads: number[];
  parents: StagePlan[];
}

/** Shuffles an RDD's stage reads: its shuffle deps and those of its narrow ancestors. */
export function stageInputs(rdds: readonly RddSpec[], rddId: number): number[] {
  const shuffles = shuffleIds(rdds);
  const byId = new Map(rdds.map((r) => [r.id, r]));
  const out = new Set<number>();
  const seen = new Set<number>();
  const visit = (id: number): void => {
    if (seen.has(id)) return;
    seen.add(id);
    for (const s of shuffles) if (s.childRdd === id) out.add(s.shuffleId);
    for (const d of byId.get(id)?.deps ?? []) if (d.type === 'narrow') visit(d.rdd);
  };
  visit(rddId);
  return [...out].sort((a, b) => a - b);
}

/** The job's stages in id order, the ResultStage last; ids start at `firstStageId`. */
export function planJob(rdds: readonly RddSpec[], target: number, firstStageId: number): StagePlan[] {
  const shuffles = shuffleIds(rdds);
  const byId = new Map(rdds.map((r) => [r.id, r]));
  const created = new Map<number, StagePlan>();
  const stages: StagePlan[] = [];
  let next = firstStageId;
  const mapStage = (k: number): StagePlan => {
    const existing = created.get(k);
    if (existing !== undefined) return existing;
    const info = shuffles[k];
    const parents = stageInputs(rdds, info.parentRdd).map(mapStage);
    const s: StagePlan = { id: next++, kind: 'shuffleMap', rdd: byId.get(info.parentRdd)!, writes: info, reads: stageInputs(rdds, info.parentRdd), parents };
    created.set(k, s);
    stages.push(s);
    return s;
  };
  const parents = stageInputs(rdds, target).map(mapStage);
  stages.push({ id: next++, kind: 'result', rdd: byId.get(target)!, writes: null, reads: stageInputs(rdds, target), parents });
  return stages;
}

/** More numberings than this are not spelled out: the first ones are kept. */
const MAX_NUMBERINGS = 24;

/**
 * Every numbering Spark may give a job's new stages, planJob's first. Spark collects a stage's
 * shuffle parents in a HashSet of ShuffleDependency, which keeps Object's identity hash code, and
 * creates the parent stages in that set's order (DAGScheduler.getShuffleDependencies and
 * getOrCreateParentStages, 3.2.0), so sibling stages take their ids in an order the JVM picks;
 * a parent is always created, and numbered, before its child. Seen on real Spark 3.2.0: a stage
 * reading two shuffles got its parents' ids in descending shuffle order (README, findings).
 */
export function stageNumberings(rdds: readonly RddSpec[], target: number, firstStageId: number): StagePlan[][] {
  const plan = planJob(rdds, target, firstStageId);
  const maps = plan.slice(0, -1);
  const out: StagePlan[][] = [];
  const order: StagePlan[] = [];
  const visit = (): void => {
    if (out.length >= MAX_NUMBERINGS) return;
    if (order.length === maps.length) {
      out.push(renumbered(plan, order, firstStageId));
      return;
    }
    for (const s of maps) {
      if (order.includes(s) || !s.parents.every((p) => order.includes(p))) continue;
      order.push(s);
      visit();
      order.pop();
    }
  };
  visit();
  return out;
}

/** The plan with its map stages numbered in `order`, the ResultStage last, in id order. */
function renumbered(plan: readonly StagePlan[], order: readonly StagePlan[], firstStageId: number): StagePlan[] {
  const copies = new Map<StagePlan, StagePlan>();
  const copy = (s: StagePlan, id: number): StagePlan => {
    const c: StagePlan = { ...s, id, parents: s.parents.map((p) => copies.get(p)!) };
    copies.set(s, c);
    return c;
  };
  const out = order.map((s, i) => copy(s, firstStageId + i));
  out.push(copy(plan[plan.length - 1], firstStageId + order.length));
  return out;
}

/** Every stage has at most one parent: stages can never run side by side. */
export function isChain(stages: readonly StagePlan[]): boolean {
  return stages.every((s) => s.parents.length <= 1);
}

export function isAncestor(a: StagePlan, of: StagePlan): boolean {
  return of.parents.some((p) => p === a || isAncestor(a, p));
}
