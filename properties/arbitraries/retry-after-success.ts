// A story within swarm focus 1 (issue 11 §5): a stage fails on a fetch failure, then succeeds, then
// fails on a fetch failure again. Only a stage's success resets its count of consecutive failed
// attempts (Stage.clearFailures; spec §10.4), and that reset shows only then: with
// spark.stage.maxConsecutiveAttempts 2, Spark retries the stage a third time where a count that
// was not reset aborts the job. A stage that succeeded runs again only when a later stage loses
// its output, so the story needs a chain of three stages: map stage 0, stage 1 that reads it and
// writes a shuffle, result stage 2 that reads that.
// - stage 1's first attempt fails fetching stage 0's output: stages 0 and 1 are resubmitted;
// - stage 1's second attempt succeeds (the count is reset);
// - stage 2's first attempt fails fetching stage 1's output: stage 1 runs a third attempt, whose
//   task fails fetching stage 0's output once more.
// Half of focus 1's batch scenarios play it, chosen from the scenario's seed draw (no draw of its
// own, so the other scenarios of a seed stay as they were); the drawn faults play on beside it.
import { seedShare } from './seed-share.js';
import type { RddInput } from './dag.js';
import type { WorkloadInput } from './workloads.js';

const SHARE = 0.5;

/** Whether a focus-1 batch scenario with this seed draw plays the story. */
export function playsRetryAfterSuccess(focus: number, w: WorkloadInput, seed: number): boolean {
  return focus === 1 && w.mode === 'batch' && seedShare(seed, 0x2545f491, 0x9e3779b1, SHARE);
}

/** The three-stage chain, its partition counts taken from the drawn DAG's first RDDs. */
export function chainWorkload(w: WorkloadInput): WorkloadInput {
  const drawn = w.mode === 'continuous' ? [] : w.rdds;
  const partitions = (i: number) => 1 + ((drawn[i % Math.max(drawn.length, 1)]?.partitions ?? 1) % 3);
  const rdds: RddInput[] = [
    { id: 0, partitions: partitions(0) },
    { id: 1, partitions: partitions(1), deps: [{ rdd: 0, type: 'shuffle' }] },
    { id: 2, partitions: partitions(2), deps: [{ rdd: 1, type: 'shuffle' }] },
  ];
  return { mode: 'batch', rdds, jobs: [{ rdd: 2 }] } as WorkloadInput;
}

/** The story's three fetch failures, by stage attempt (map output 0 each time). */
export function retryAfterSuccessFaults(): unknown[] {
  const fetch = (shuffle: number) => ({ reason: 'FetchFailed', shuffle, mapIndex: 0 });
  return [
    { task: { stage: 1, stageAttempt: 0, partition: 0 }, fail: fetch(0) },
    { task: { stage: 2, stageAttempt: 0, partition: 0 }, fail: fetch(1) },
    { task: { stage: 1, stageAttempt: 2 }, fail: fetch(0) },
  ];
}
