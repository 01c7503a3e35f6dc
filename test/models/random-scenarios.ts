// Small pseudo-random scenarios from a tiny seeded generator (no Math.random): lineages of a few
// RDDs, local and cluster masters, and fault lists drawn from every injectable reason.
import type { Fault, InjectedReason, RddSpec, Scenario, TaskSelector } from '../../src/scenario/types.js';
import { shuffleIds } from '../../src/scenario/shuffles.js';
import { boom, continuous, fetchFailed, killed, localMaster, microBatch, scenario } from './helpers.js';

/** A 32-bit LCG: deterministic, good enough to pick small shapes. */
export function rng(seed: number): { int(n: number): number; chance(p: number): boolean; pick<T>(xs: readonly T[]): T } {
  let s = (seed * 2654435761 + 12345) >>> 0;
  const next = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  return {
    int: (n) => Math.floor(next() * n),
    chance: (p) => next() < p,
    pick: (xs) => xs[Math.floor(next() * xs.length)],
  };
}

type R = ReturnType<typeof rng>;

function lineage(r: R): RddSpec[] {
  const n = 1 + r.int(4);
  const rdds: RddSpec[] = [];
  for (let id = 0; id < n; id++) {
    const partitions = 1 + r.int(3);
    const deps: RddSpec['deps'] = [];
    if (id > 0) {
      const parents = r.chance(0.25) && id > 1 ? 2 : 1;
      const used = new Set<number>();
      for (let k = 0; k < parents; k++) {
        const d = r.int(id);
        if (used.has(d)) continue;
        used.add(d);
        // narrow needs equal partition counts
        deps.push({ rdd: d, type: rdds[d].partitions === partitions && r.chance(0.4) ? 'narrow' : 'shuffle' });
      }
    }
    const spec: RddSpec = { id, partitions, deps };
    if (r.chance(0.2)) spec.callSite = `count at App.scala:${10 + id}`;
    rdds.push(spec);
  }
  return rdds;
}

/** `mapPartitions[s]`: the map partitions of scenario shuffle s (a fetch failure names one of them). */
function reason(r: R, mapPartitions: readonly number[], allowFetch: boolean): InjectedReason {
  const k = r.int(allowFetch && mapPartitions.length > 0 ? 8 : 7);
  switch (k) {
    case 0:
    case 1:
      return boom(r.pick(['boom', 'bad record', null]), r.pick(['java.lang.RuntimeException', 'java.lang.IllegalStateException']));
    case 2:
      return killed;
    case 3:
      return { reason: 'TaskResultLost' };
    case 4:
      return { reason: 'TaskCommitDenied' };
    case 5:
      return { reason: 'UnknownReason' };
    case 6:
      return boom('not retried', 'java.io.NotSerializableException');
    default: {
      const shuffle = r.int(mapPartitions.length);
      // A valid scenario names a map index of that shuffle (validate.ts); the draw stays the same.
      return fetchFailed(shuffle, r.int(3) % mapPartitions[shuffle], r.chance(0.3) ? 'org.apache.spark.shuffle.FetchFailedException: custom\n' : null);
    }
  }
}

function selector(r: R, fields: (keyof TaskSelector)[], ranges: Partial<Record<keyof TaskSelector, number>>): TaskSelector {
  const sel: TaskSelector = {};
  for (const f of fields) if (r.chance(0.45)) sel[f] = r.int(ranges[f] ?? 3);
  return sel;
}

export interface Options {
  /** Leave out immediate aborts (NotSerializableException: see the known disagreement in agreement.test.ts). */
  noImmediateAbort?: boolean;
}

function faults(
  r: R,
  fields: (keyof TaskSelector)[],
  ranges: Partial<Record<keyof TaskSelector, number>>,
  mapPartitions: readonly number[],
  allowFetch: boolean,
  o: Options,
): Fault[] {
  const n = r.int(4);
  const out: Fault[] = [];
  for (let i = 0; i < n; i++) {
    let fail = reason(r, mapPartitions, allowFetch);
    if (o.noImmediateAbort && fail.reason === 'ExceptionFailure' && fail.className === 'java.io.NotSerializableException') fail = boom();
    out.push({ kind: 'task', task: selector(r, fields, ranges), fail: r.chance(0.1) ? null : fail, durationMs: r.chance(0.15) ? 50 + r.int(400) : null });
  }
  return out;
}

function master(
  r: R,
): Pick<Scenario, 'cluster'>['cluster'] extends infer _
  ? { master: ReturnType<typeof localMaster> | null; executors?: Scenario['cluster']['executors'] }
  : never {
  const k = r.int(6);
  if (k === 0) return { master: localMaster(1 + r.int(3)) };
  if (k <= 3) return { master: localMaster(1 + r.int(3), r.int(5)) };
  if (k === 4) return { master: localMaster(1, 1 + r.int(4)) };
  const executors = [{ id: '1', host: 'host-a', cores: 1 + r.int(2) }];
  if (r.chance(0.5)) executors.push({ id: '2', host: 'host-b', cores: 1 + r.int(2) });
  return { master: null, executors };
}

export function randomBatch(seed: number, o: Options = {}): Scenario {
  const r = rng(seed);
  const rdds = lineage(r);
  const shuffles = shuffleIds(rdds).map((sh) => sh.mapPartitions);
  const jobs = Array.from({ length: 1 + r.int(3) }, () => ({ rdd: r.int(rdds.length) }));
  const m = master(r);
  return scenario({
    master: m.master ?? undefined,
    executors: m.executors,
    seed,
    conf: { 'spark.task.maxFailures': 1 + r.int(4), 'spark.stage.maxConsecutiveAttempts': r.int(5), 'spark.test.noStageRetry': r.chance(0.1) },
    workload: { mode: 'batch', rdds, jobs },
    faults: faults(r, ['job', 'stage', 'stageAttempt', 'partition', 'attempt'], { job: jobs.length, stage: 4 }, shuffles, true, o),
    taskDurationJitter: r.chance(0.2) ? 0.5 : 0,
    maxEvents: 20_000,
  });
}

export function randomMicroBatch(seed: number, o: Options = {}): Scenario {
  const r = rng(seed);
  const rdds = lineage(r);
  const shuffles = shuffleIds(rdds).map((sh) => sh.mapPartitions);
  const m = master(r);
  return scenario({
    master: m.master ?? undefined,
    executors: m.executors,
    seed,
    conf: { 'spark.task.maxFailures': 1 + r.int(4), 'spark.stage.maxConsecutiveAttempts': r.int(5) },
    workload: microBatch(rdds, rdds.length - 1, 1 + r.int(4), r.int(3), r.pick(['v1', 'v2', 'file'] as const)),
    faults: faults(r, ['batch', 'run', 'stage', 'stageAttempt', 'partition', 'attempt'], { stage: 6 }, shuffles, true, o),
    maxEvents: 20_000,
  });
}

export function randomContinuous(seed: number, o: Options = {}): Scenario {
  const r = rng(seed);
  const partitions = 1 + r.int(3);
  // Mostly enough cores for every partition (else no epoch can commit and the model leaves it open).
  const m = r.chance(0.75) ? { master: localMaster(partitions + r.int(2), r.chance(0.8) ? r.int(7) : null) } : master(r);
  const w = continuous(partitions, 1 + r.int(5), r.int(3), r.chance(0.3) ? 'global' : 'none');
  return scenario({
    master: m.master ?? undefined,
    executors: m.executors,
    seed,
    conf: { 'spark.task.maxFailures': 1 + r.int(4) },
    workload: w,
    // FetchFailed cannot apply to a continuous task (no shuffle): see the report.
    faults: faults(r, ['run', 'epoch', 'partition', 'attempt'], { epoch: 5, partition: partitions }, [], false, o),
    maxEvents: 20_000,
  });
}
