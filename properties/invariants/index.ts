// The invariant catalogue: every family, in the spec's order. `needs: 'trace'` ones also run on
// real Spark event logs (`srh eventlog check`).
import {
  continuousAbortAttempt,
  epochsCommitInOrder,
  failureChain,
  fakeRetries,
  offsetsBeforeCommit,
  oneStagePerRun,
  restartFromLastCommit,
  sinkBeforeCommitLog,
} from './continuous-query.js';
import { backlogLimit, epochCommitRule, onlyFirstAttemptsSend, partitionEpochsInOrder, sinkOutput } from './continuous-epochs.js';
import { epochPacing } from './continuous-pacing.js';
import { stopsAtTarget } from './target-stop.js';
import { queryRuns } from './query-runs.js';
import { writesStopped } from './writes-stopped.js';
import { freshBatchLineage } from './batch-lineage.js';
import { streamingJobProperties } from './streaming-jobs.js';
import { noFakeRetry, restartBudget, spentBudgetFails } from './global-retry-policy.js';
import type { Invariant, InvariantContext, Violation } from './invariant.js';
import { everyJobEnds, jobMessageForm, noRetryAfterTaskAbort, oneEndPerJob } from './job-outcomes.js';
import { lossResubmitsFinishedMaps, lostOutputsUnregistered, resubmittedPartitionRunsAgain } from './executor-loss.js';
import { localMode } from './local-master.js';
import { mapOutputLedger } from './map-outputs.js';
import { cancelledStageTasksKilled } from './cancelled-stages.js';
import { completedPartitionSkipped } from './partition-completion.js';
import {
  batchesInOrder,
  commitAfterSuccess,
  exactlyOnceOutput,
  exceptionBySinkApi,
  noBatchAfterAbort,
  offsetsBeforeJob,
  restartResumes,
  stateVersions,
} from './micro-batch-query.js';
import { abortAtLimit, boundedFailures, maxFailuresOne, nonCountingNeverAbort, oneCopyAtATime } from './retry-counting.js';
import { abortNamesItsTask, attemptsConsecutive, indexIsPartitionRank, tidsConsecutive, tidsUnique } from './scheduler-ids.js';
import { everyStageAttemptCompletes, finishedPartitionNotRerun, jobSuccessKillsResultTasks } from './stage-ends.js';
import {
  consecutiveAttemptLimit,
  lateFetchFailureIgnored,
  resubmitDelay,
  stageAttemptsConsecutive,
  stageCompletedOnce,
  stageRetryCause,
} from './stage-retries.js';
import { taskInfoAgreesWithEnd } from './task-info.js';
import { stageTimes } from './stage-times.js';
import { coresBound, endAfterStart, everyTaskEnds, failedIndexFirst, noTaskOnDeadExecutor, taskEndPairing, zombiesStayQuiet } from './task-lifecycle.js';

export type { Invariant, InvariantContext, Violation } from './invariant.js';
export { maxTaskFailuresOf } from './invariant.js';

export const ALL_INVARIANTS: readonly Invariant[] = [
  tidsUnique,
  tidsConsecutive,
  attemptsConsecutive,
  abortNamesItsTask,
  boundedFailures,
  abortAtLimit,
  nonCountingNeverAbort,
  oneCopyAtATime,
  maxFailuresOne,
  zombiesStayQuiet,
  stageCompletedOnce,
  stageAttemptsConsecutive,
  noRetryAfterTaskAbort,
  stageRetryCause,
  consecutiveAttemptLimit,
  jobMessageForm,
  oneEndPerJob,
  everyJobEnds,
  taskEndPairing,
  everyTaskEnds,
  lateFetchFailureIgnored,
  resubmitDelay,
  localMode,
  fakeRetries,
  failedIndexFirst,
  indexIsPartitionRank,
  noTaskOnDeadExecutor,
  coresBound,
  endAfterStart,
  lossResubmitsFinishedMaps,
  resubmittedPartitionRunsAgain,
  lostOutputsUnregistered,
  mapOutputLedger,
  offsetsBeforeJob,
  commitAfterSuccess,
  noBatchAfterAbort,
  exceptionBySinkApi,
  batchesInOrder,
  restartResumes,
  exactlyOnceOutput,
  stateVersions,
  onlyFirstAttemptsSend,
  continuousAbortAttempt,
  oneStagePerRun,
  epochsCommitInOrder,
  epochCommitRule,
  sinkBeforeCommitLog,
  offsetsBeforeCommit,
  partitionEpochsInOrder,
  failureChain,
  restartFromLastCommit,
  backlogLimit,
  sinkOutput,
  epochPacing,
  stopsAtTarget,
  queryRuns,
  writesStopped,
  freshBatchLineage,
  streamingJobProperties,
  restartBudget,
  noFakeRetry,
  spentBudgetFails,
  everyStageAttemptCompletes,
  finishedPartitionNotRerun,
  jobSuccessKillsResultTasks,
  completedPartitionSkipped,
  cancelledStageTasksKilled,
  taskInfoAgreesWithEnd,
  stageTimes,
];

/** Every invariant (or those `filter` keeps) on one trace. */
export function checkAll(ctx: InvariantContext, filter?: (i: Invariant) => boolean): Violation[] {
  const out: Violation[] = [];
  for (const inv of ALL_INVARIANTS) if (filter === undefined || filter(inv)) out.push(...inv.check(ctx));
  return out;
}
