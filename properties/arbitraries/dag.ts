// Arbitrary RDD DAGs: chains, fan-in joins and narrow/shuffle edges with 1..N partitions.
// Every value fast-check draws maps to a valid graph (parents are picked by an offset counted
// back from the RDD, taken modulo the RDDs before it), so no filter is needed and shrinking an
// array, a partition count or an offset always leaves a valid, smaller graph.
import fc from 'fast-check';

export interface RddInput {
  id: number;
  partitions: number;
  deps?: { rdd: number; type: 'narrow' | 'shuffle' }[];
}

export interface DagLimits {
  maxRdds: number;
  maxPartitions: number;
}

interface RawRdd {
  partitions: number;
  parents: { back: number; shuffle: boolean }[];
}

const rawRdd = (limits: DagLimits): fc.Arbitrary<RawRdd> =>
  fc.record({
    partitions: fc.integer({ min: 1, max: limits.maxPartitions }),
    parents: fc.array(fc.record({ back: fc.nat({ max: limits.maxRdds }), shuffle: fc.boolean() }), { maxLength: 2 }),
  });

/**
 * The RDD list. A narrow parent makes the child inherit its partition count (a narrow
 * dependency maps partition i to i); a second narrow parent with another count, or a repeated
 * parent, is read as a shuffle — a total mapping, so shrinking never produces an invalid graph.
 */
export function toRdds(raw: RawRdd[]): RddInput[] {
  const out: RddInput[] = [];
  raw.forEach((r, i) => {
    let partitions = r.partitions;
    const deps: { rdd: number; type: 'narrow' | 'shuffle' }[] = [];
    if (i > 0) {
      let narrowFixed = false;
      for (const p of r.parents) {
        const parent = i - 1 - (p.back % i);
        if (deps.some((d) => d.rdd === parent)) continue;
        const parentPartitions = out[parent].partitions;
        const narrow = !p.shuffle && (!narrowFixed || parentPartitions === partitions);
        if (narrow && !narrowFixed) {
          partitions = parentPartitions;
          narrowFixed = true;
        }
        deps.push({ rdd: parent, type: narrow ? 'narrow' : 'shuffle' });
      }
    }
    out.push(deps.length > 0 ? { id: i, partitions, deps } : { id: i, partitions });
  });
  return out;
}

export function dagArbitrary(limits: DagLimits): fc.Arbitrary<RddInput[]> {
  return fc.array(rawRdd(limits), { minLength: 1, maxLength: limits.maxRdds }).map(toRdds);
}

/** Shuffles in id order (ARCHITECTURE §3): which RDD each reads and how many map partitions. */
export function shufflesOf(rdds: RddInput[]): { parent: number; mapPartitions: number }[] {
  const out: { parent: number; mapPartitions: number }[] = [];
  for (const r of rdds) for (const d of r.deps ?? []) if (d.type === 'shuffle') out.push({ parent: d.rdd, mapPartitions: rdds[d.rdd].partitions });
  return out;
}
