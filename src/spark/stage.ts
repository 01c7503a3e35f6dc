// Stages (spec §3, §10.1): a ShuffleMapStage per shuffle dependency and one ResultStage per job,
// with Spark's attempt numbering and the fetch-failure attempt counter (§10.4).
import type { RddNode, ShuffleDependency } from './lineage.js';

export interface StageAttemptInfo {
  attemptId: number;
  numTasks: number;
  submissionTime: number | null;
  completionTime: number | null;
  failureReason: string | null;
}

interface StageBase {
  id: number;
  rdd: RddNode;
  numPartitions: number;
  parents: Stage[];
  firstJobId: number;
  jobIds: Set<number>;
  name: string;
  /** The latest StageInfo; attempt 0 before the stage is ever submitted (skipped stages keep it). */
  latestInfo: StageAttemptInfo;
  nextAttemptId: number;
  /** Distinct stage attempts that failed on FetchFailed since the stage last succeeded (§10.4). */
  failedAttemptIds: Set<number>;
}

export interface ShuffleMapStage extends StageBase {
  kind: 'shuffleMap';
  shuffleDep: ShuffleDependency;
  /** Partitions still to succeed, shared by every attempt (surprising fact 15). */
  pendingPartitions: Set<number>;
}

export interface ResultStage extends StageBase {
  kind: 'result';
  /** The job this stage computes, while it is active. */
  activeJobId: number | null;
}

export type Stage = ShuffleMapStage | ResultStage;

function newInfo(attemptId: number, numTasks: number): StageAttemptInfo {
  return { attemptId, numTasks, submissionTime: null, completionTime: null, failureReason: null };
}

function base(id: number, rdd: RddNode, parents: Stage[], firstJobId: number): StageBase {
  return {
    id,
    rdd,
    numPartitions: rdd.partitions,
    parents,
    firstJobId,
    jobIds: new Set([firstJobId]),
    name: rdd.callSite,
    latestInfo: newInfo(0, rdd.partitions),
    nextAttemptId: 0,
    failedAttemptIds: new Set(),
  };
}

export function newShuffleMapStage(id: number, dep: ShuffleDependency, parents: Stage[], firstJobId: number): ShuffleMapStage {
  return { kind: 'shuffleMap', ...base(id, dep.mapRdd, parents, firstJobId), shuffleDep: dep, pendingPartitions: new Set() };
}

export function newResultStage(id: number, rdd: RddNode, parents: Stage[], jobId: number): ResultStage {
  return { kind: 'result', ...base(id, rdd, parents, jobId), activeJobId: jobId };
}

/** Stage.makeNewStageAttempt: the next attempt id, with a fresh StageInfo. */
export function makeNewStageAttempt(stage: Stage, numTasks: number): StageAttemptInfo {
  stage.latestInfo = newInfo(stage.nextAttemptId, numTasks);
  stage.nextAttemptId++;
  return stage.latestInfo;
}
