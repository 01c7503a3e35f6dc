// Swarm foci shape their scenario, not only its faults (issue 11 §5): the fault foci about fetch
// failures, executor losses with map outputs, zombie attempts and stateful commits (1 to 4) need a
// first job that reads a shuffle. A drawn DAG whose first job (a micro-batch query's plan) reads
// none gets one more RDD: a shuffle of the job's RDD, which the job then runs on. No new draw is
// made, so the other scenarios of a seed stay as they were.
import type { RddInput } from './dag.js';
import type { WorkloadInput } from './workloads.js';

/** The foci whose faults act on a shuffle read by the first job. */
export const SHUFFLE_FOCI: readonly number[] = [1, 2, 3, 4];

/** Whether RDD `id`'s lineage has a shuffle dependency. */
export function readsShuffle(rdds: RddInput[], id: number): boolean {
  const seen = new Set<number>();
  const stack = [id];
  while (stack.length > 0) {
    const r = rdds[stack.pop()!];
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    for (const d of r.deps ?? []) {
      if (d.type === 'shuffle') return true;
      stack.push(d.rdd);
    }
  }
  return false;
}

/** The workload with its first job on a shuffle read, for a focus that needs one. */
export function shapedForFocus(w: WorkloadInput, focus: number): WorkloadInput {
  if (w.mode === 'continuous' || !SHUFFLE_FOCI.includes(focus)) return w;
  const target = w.mode === 'batch' ? w.jobs[0].rdd : w.sink;
  if (readsShuffle(w.rdds, target)) return w;
  // Two to four reduce partitions: the zombie story needs two, a fetch-success-fetch three.
  const reduce: RddInput = { id: w.rdds.length, partitions: 2 + (w.rdds[target].partitions % 3), deps: [{ rdd: target, type: 'shuffle' }] };
  const rdds = [...w.rdds, reduce];
  if (w.mode === 'batch') return { ...w, rdds, jobs: [{ rdd: reduce.id }, ...w.jobs.slice(1)] };
  return { ...w, rdds, sink: reduce.id };
}
