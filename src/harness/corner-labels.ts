// The corners of Spark's scheduler a campaign should reach (issue 11 §5), read from one run's
// trace: the preconditions of the bugs that hide there. GenerationStatistics counts each label
// once per scenario, as fast-check's `fc.statistics` counts its classifications.
import type { TraceEvent } from '../trace/events.js';

export const CORNER_LABELS = [
  /** An executor is removed while a job runs that already has map output on it (§10.6, §7.5). */
  'corner:loss-while-outputs-needed',
  /** In one stage: a FetchFailed, then a Success, then another FetchFailed (§10.4 consecutive attempts). */
  'corner:fetch-success-fetch',
  /** A stage attempt fails, a later one of that stage succeeds, a later one fails again: only the success resets the count (§10.4). */
  'corner:stage-fail-succeed-fail',
  /** A job fails while an older (zombie) attempt of one of its stages still runs a task (§10.5). */
  'corner:abort-with-zombie-running',
  /** The immediate aborts, no retry (§7.3 step 3). */
  'corner:abort-not-serializable',
  'corner:abort-output-exists',
  /** A TaskResultLost end (§6). */
  'corner:result-lost',
  /** A denied commit in a stateful micro-batch stage: the task had committed its state store (§4.2). */
  'corner:commit-denied-stateful',
] as const;

interface Walk {
  labels: Set<string>;
  activeJobs: Set<number>;
  /** Executors holding a map output a task wrote, since the start. */
  mapOutputExecutors: Set<string>;
  /** Per stage: 0 nothing yet, 1 a fetch failure, 2 then a success. */
  fetchStory: Map<number, number>;
  latestAttempt: Map<number, number>;
  /** Per stage, as for fetchStory: 1 an attempt failed, 2 then one succeeded. */
  stageStory: Map<number, number>;
  /** Running TIDs → their stage and attempt. */
  running: Map<number, { stageId: number; attempt: number }>;
  stateCommits: Set<number>;
}

/** The corner labels one run's trace reaches. */
export function cornerLabels(events: readonly TraceEvent[]): Set<string> {
  const w: Walk = {
    labels: new Set(),
    activeJobs: new Set(),
    mapOutputExecutors: new Set(),
    fetchStory: new Map(),
    latestAttempt: new Map(),
    stageStory: new Map(),
    running: new Map(),
    stateCommits: new Set(),
  };
  for (const e of events) visit(w, e);
  return w.labels;
}

function visit(w: Walk, e: TraceEvent): void {
  switch (e.Event) {
    case 'SparkListenerJobStart':
      w.activeJobs.add(e['Job ID']);
      return;
    case 'SparkListenerJobEnd':
      w.activeJobs.delete(e['Job ID']);
      if (e['Job Result'].Result === 'JobFailed') jobFailed(w, e['Job Result'].Exception.Message);
      return;
    case 'SparkListenerStageSubmitted':
      w.latestAttempt.set(e['Stage Info']['Stage ID'], e['Stage Info']['Stage Attempt ID']);
      return;
    case 'SparkListenerStageCompleted':
      stageCompleted(w, e['Stage Info']['Stage ID'], e['Stage Info']['Failure Reason'] !== undefined);
      return;
    case 'SparkListenerExecutorRemoved':
      if (w.activeJobs.size > 0 && w.mapOutputExecutors.has(e['Executor ID'])) w.labels.add('corner:loss-while-outputs-needed');
      return;
    case 'SparkListenerTaskStart':
      w.running.set(e['Task Info']['Task ID'], { stageId: e['Stage ID'], attempt: e['Stage Attempt ID'] });
      return;
    case 'SparkRetryHarnessStateStoreCommitted':
      w.stateCommits.add(e.tid);
      return;
    case 'SparkListenerTaskEnd':
      taskEnded(w, e);
      return;
    default:
  }
}

function stageCompleted(w: Walk, stageId: number, failed: boolean): void {
  const story = w.stageStory.get(stageId) ?? 0;
  if (failed && story === 2) w.labels.add('corner:stage-fail-succeed-fail');
  if (failed) w.stageStory.set(stageId, 1);
  else if (story === 1) w.stageStory.set(stageId, 2);
}

function jobFailed(w: Walk, message: string): void {
  if (message.includes('had a not serializable result')) w.labels.add('corner:abort-not-serializable');
  if (message.includes('can not write to output file')) w.labels.add('corner:abort-output-exists');
  for (const r of w.running.values()) if (r.attempt < (w.latestAttempt.get(r.stageId) ?? r.attempt)) w.labels.add('corner:abort-with-zombie-running');
}

function taskEnded(w: Walk, e: Extract<TraceEvent, { Event: 'SparkListenerTaskEnd' }>): void {
  const reason = e['Task End Reason'].Reason;
  const tid = e['Task Info']['Task ID'];
  if (reason === 'Resubmitted') return;
  w.running.delete(tid);
  const stage = e['Stage ID'];
  const story = w.fetchStory.get(stage) ?? 0;
  if (reason === 'FetchFailed') {
    if (story === 2) w.labels.add('corner:fetch-success-fetch');
    w.fetchStory.set(stage, 1);
  } else if (reason === 'Success') {
    if (story === 1) w.fetchStory.set(stage, 2);
    if (e['Task Type'] === 'ShuffleMapTask') w.mapOutputExecutors.add(e['Task Info']['Executor ID']);
  } else if (reason === 'TaskResultLost') w.labels.add('corner:result-lost');
  else if (reason === 'TaskCommitDenied' && w.stateCommits.has(tid)) w.labels.add('corner:commit-denied-stateful');
}
