// Arbitrary scenarios (the raw JSON of ARCHITECTURE §3): a mode, a cluster, a workload and a
// swarm fault schedule, composed without filters. Every generated scenario validates (tested).
import fc from 'fast-check';
import type { ScenarioInput } from '../../src/scenario/schema.js';
import { clusterArbitrary } from './cluster.js';
import { rawFaultScheduleArbitrary, toFaults } from './faults.js';
import { shapedForFocus } from './focus-shape.js';
import { chainWorkload, playsRetryAfterSuccess, retryAfterSuccessFaults } from './retry-after-success.js';
import { seedShare } from './seed-share.js';
import { withStructuralShrinks } from './structural-shrink.js';
import type { RddInput } from './dag.js';
import { batchArbitrary, continuousArbitrary, microBatchArbitrary, type WorkloadInput } from './workloads.js';

export type Mode = 'batch' | 'microBatch' | 'continuous';

export interface ScenarioLimits {
  maxRdds: number;
  maxPartitions: number;
  maxExecutors: number;
  maxCores: number;
  maxFailures: number;
  /** Restrict to some modes (default all three). */
  modes?: readonly Mode[];
  /** Restrict the fault schedules to some swarm foci (faults.ts; default all). */
  foci?: readonly number[];
}

/** Small scenarios: ≤ 5 RDDs, ≤ 8 partitions (the campaign's default and the bench's). */
export const SMALL: ScenarioLimits = { maxRdds: 5, maxPartitions: 8, maxExecutors: 4, maxCores: 4, maxFailures: 5 };

/**
 * Bounds that keep a non-terminating scenario (a livelock of non-counting failures, say) cheap to
 * run. 500 events cut about 1 in 10,000 generated runs that would have finished (measured: p99.9
 * of finished runs is ~310 events), while a livelock costs half of what it did at 1,000.
 */
const LIMITS = { maxEvents: 500, maxTimeMs: 600_000 };

export function scenarioArbitrary(limits: ScenarioLimits = SMALL): fc.Arbitrary<ScenarioInput> {
  // Shrinking goes on past the raw draws: to the simplest mode that still fails, and so on.
  return withStructuralShrinks(drawnScenarioArbitrary(limits), limits.modes ?? ['batch', 'microBatch', 'continuous']);
}

/** Share of batch and micro-batch scenarios with spark.stage.maxConsecutiveAttempts 2 instead of 4. */
const TIGHT_STAGE_RETRIES_SHARE = 0.3;

/**
 * Whether a scenario gets the tight stage-retry limit: a function of its seed draw, not a draw of
 * its own, so every other field is what the seed gave before. At 2, a fetch failure, a success of
 * the stage and another fetch failure are enough to show whether the success reset the count
 * (Stage.clearFailures, spec §10.4); at the default 4 that takes four failed attempts.
 */
function tightStageRetries(seed: number): boolean {
  return seedShare(seed, 0x5bd1e995, 0x27d4eb2d, TIGHT_STAGE_RETRIES_SHARE);
}

/** Share of batch and micro-batch scenarios run with spark.test.noStageRetry (DAGScheduler's test switch: the first fetch failure aborts). */
const NO_STAGE_RETRY_SHARE = 0.04;

/** Share of batch and micro-batch scenarios whose first RDD is widened to more than 15 partitions. */
const WIDE_SHARE = 0.04;
/** Streaming queries given a name (queryName): the name leads each job's description and the query's messages. */
const NAMED_QUERY_SHARE = 0.25;

/**
 * A workload whose first RDD has 16 to 20 partitions (its narrow descendants follow): a stage of
 * more than 15 tasks, where DAGScheduler's "Submitting n missing tasks" line names only the first
 * 15 partitions (DAGScheduler.submitMissingTasks, 3.2.0: `tasks.take(15)`). Faults keep to the
 * partitions they were drawn for.
 */
export function widened(w: WorkloadInput, seed: number): WorkloadInput {
  if (w.mode === 'continuous') return w;
  const width = 16 + (seed % 5);
  const rdds: RddInput[] = [];
  for (const r of w.rdds) {
    let partitions = r.id === 0 ? width : r.partitions;
    let narrowFixed = false;
    const deps = (r.deps ?? []).map((d) => {
      if (d.type !== 'narrow') return d;
      const parentPartitions = rdds[d.rdd].partitions;
      if (!narrowFixed) {
        narrowFixed = true;
        partitions = parentPartitions;
        return d;
      }
      // A second narrow parent must match the first's count (toRdds' rule): otherwise a shuffle.
      return parentPartitions === partitions ? d : { rdd: d.rdd, type: 'shuffle' as const };
    });
    rdds.push(r.deps === undefined ? { id: r.id, partitions } : { id: r.id, partitions, deps });
  }
  return { ...w, rdds };
}

/** The scenarios as drawn, shrinking through the raw draws only (what scenarioArbitrary generates, value for value). */
export function drawnScenarioArbitrary(limits: ScenarioLimits = SMALL): fc.Arbitrary<ScenarioInput> {
  const modes = limits.modes ?? ['batch', 'microBatch', 'continuous'];
  const dag = { maxRdds: limits.maxRdds, maxPartitions: limits.maxPartitions };
  const workloads: Record<Mode, fc.Arbitrary<WorkloadInput>> = {
    batch: batchArbitrary(dag),
    microBatch: microBatchArbitrary(dag),
    continuous: continuousArbitrary(limits.maxPartitions),
  };
  const weights: Record<Mode, number> = { batch: 2, microBatch: 1, continuous: 1 };
  const workload = fc.oneof(...modes.map((m) => ({ arbitrary: workloads[m], weight: weights[m] })));
  return fc
    .record({
      seed: fc.integer({ min: 0, max: 1_000_000 }),
      cluster: clusterArbitrary(limits),
      workload,
      faults: rawFaultScheduleArbitrary(limits.maxPartitions, limits.foci),
      jitter: fc.constantFrom(0, 0.3),
      // A continuous query needs a slot per partition; without one its backlog grows, so the
      // limit stays small enough for that failure to show within the event limit. Tight limits
      // make it trip while tasks fail and restart too.
      backlog: fc.constantFrom(50, 4, 1),
    })
    .map(({ seed, cluster, workload: drawn, faults, jitter, backlog }): ScenarioInput => {
      const story = playsRetryAfterSuccess(faults.focus, drawn, seed);
      const shaped = story ? chainWorkload(drawn) : shapedForFocus(drawn, faults.focus);
      const wide = !story && seedShare(seed, 0x68e31da4, 0x2c1b3c6d, WIDE_SHARE) ? widened(shaped, seed) : shaped;
      const workload = wide.mode !== 'batch' && seedShare(seed, 0x85ebca6b, 0xc2b2ae35, NAMED_QUERY_SHARE) ? { ...wide, queryName: `query-${seed % 4}` } : wide;
      const conf: Record<string, number | boolean> = { ...cluster.conf };
      if (workload.mode === 'continuous') conf['spark.sql.streaming.continuous.epochBacklogQueueSize'] = backlog;
      else if (story || tightStageRetries(seed)) conf['spark.stage.maxConsecutiveAttempts'] = 2;
      if (workload.mode !== 'continuous' && !story && seedShare(seed, 0x1b873593, 0x2c1b3c6d, NO_STAGE_RETRY_SHARE)) conf['spark.test.noStageRetry'] = true;
      const rdds = workload.mode === 'continuous' ? [] : workload.rdds;
      const scenario: ScenarioInput = {
        scenario: 1,
        seed,
        cluster: cluster.cluster,
        conf,
        workload,
        faults: [
          ...(story ? retryAfterSuccessFaults() : []),
          ...toFaults(faults, { mode: workload.mode, rdds, executorIds: cluster.executorIds, maxPartitions: limits.maxPartitions }),
        ] as ScenarioInput['faults'],
        limits: LIMITS,
      };
      if (jitter > 0) scenario.taskDurationJitter = jitter;
      return scenario;
    });
}
