// I38 map-output-ledger (issue 11 §1, §4): the map outputs the trace implies, kept as Spark 3.2's
// MapOutputTrackerMaster and DAGScheduler keep them without an external shuffle service (spec
// §10.2, §10.4 steps 4 and 6, §10.6; DAGScheduler.scala 3.2.0 handleTaskCompletion,
// removeExecutorAndUnregisterOutputs), and checked where the scheduler reads them:
// - a map stage attempt is submitted with exactly the partitions that have no output, ascending,
//   index i on the i-th of them (submitMissingTasks via findMissingPartitions);
// - a stage attempt is submitted only when every parent map stage has all its outputs (submitStage).
// The ledger, event by event:
// - the epoch starts at 0 and goes up by one when a map stage attempt with tasks completes
//   successfully, when a fetch failure names a map output (step 4), and when an executor's
//   outputs are dropped; a stage attempt's tasks carry the epoch of its submission;
// - a map task's Success, while its stage is some running job's, registers its partition's output
//   on its executor, unless that executor failed at an epoch at or after the task's ("possibly
//   bogus" completion);
// - a fetch failure from a stage's latest attempt, while the stage is some running job's, drops
//   the output it names if it is still on that block manager's executor, then treats the
//   executor as failed at the task's epoch, dropping all its outputs unless they were dropped at
//   that epoch or a later one already;
// - ExecutorRemoved does the same at the current epoch (the simulator posts it right before the
//   DAGScheduler handles the loss, with only the loss's own task ends between).
// What the trace cannot say is left unknown and not checked: the outputs of a shuffle whose stage
// an earlier job created (a later job's new stage for it starts with the old outputs), and an
// output a fetch failure names when its stage reads several shuffles. Simulated runs only: real
// Spark's event queue may post a loss's effects around its ExecutorRemoved in either order.
import type { StageInfoJson, TraceEvent } from '../../src/trace/events.js';
import { invariant } from './invariant.js';
import { resultStageId, RunningJobs } from './running-jobs.js';

type Ev<N extends TraceEvent['Event']> = Extract<TraceEvent, { Event: N }>;
/** Per partition: the executor holding its output, null for none, '?' when the trace cannot tell. */
type Outputs = (string | null)[];
type Report = (message: string, eventIndex?: number) => void;
const UNKNOWN = '?';

/** What the DAGScheduler decides on the way, by event: it logs each (driver-log-dag.ts). */
export interface MapOutputDecisions {
  /** The map Success ends ignored as "possibly bogus": their executor failed at or after the task's epoch. */
  bogus: number[];
  /** Each time an executor is marked failed at a later epoch than before ("Executor lost: <id> (epoch <n>)"). */
  executorsFailed: { eventIndex: number; executorId: string; epoch: number }[];
}

class Ledger {
  epoch = 0;
  /** Per map stage id: its shuffle's outputs, or null when unknown. */
  readonly outputs = new Map<number, Outputs | null>();
  readonly parents = new Map<number, number[]>();
  readonly resultStages = new Set<number>();
  readonly attemptEpoch = new Map<string, number>();
  readonly latestAttempt = new Map<number, number>();
  /** Per stage attempt ("s.a"): the partition index i must run. */
  readonly expected = new Map<string, number[]>();
  readonly running = new RunningJobs();
  readonly failureEpoch = new Map<string, number>();
  readonly lostEpoch = new Map<string, number>();
  private readonly rddSets = new Set<string>();
  readonly decisions: MapOutputDecisions = { bogus: [], executorsFailed: [] };
  /** The event being read, for the decisions. */
  at = -1;

  /** A stage a JobStart lists: a new map stage starts with no outputs, unless its RDDs had a stage before. */
  addStage(info: StageInfoJson, isResult: boolean): void {
    const id = info['Stage ID'];
    this.parents.set(id, info['Parent IDs']);
    if (isResult) this.resultStages.add(id);
    if (isResult || this.outputs.has(id)) return;
    const rdds = info['RDD Info']
      .map((r) => r['RDD ID'])
      .sort((a, b) => a - b)
      .join(',');
    this.outputs.set(id, this.rddSets.has(rdds) ? null : new Array<string | null>(info['Number of Tasks']).fill(null));
    this.rddSets.add(rdds);
  }

  /** removeExecutorAndUnregisterOutputs at `epoch`. */
  executorFailed(executorId: string, epoch: number): void {
    const failed = this.failureEpoch.get(executorId);
    if (failed === undefined || failed < epoch) {
      this.failureEpoch.set(executorId, epoch);
      this.decisions.executorsFailed.push({ eventIndex: this.at, executorId, epoch });
    }
    const lost = this.lostEpoch.get(executorId);
    if (lost !== undefined && lost >= epoch) return;
    this.lostEpoch.set(executorId, epoch);
    for (const outs of this.outputs.values()) if (outs !== null) for (let p = 0; p < outs.length; p++) if (outs[p] === executorId) outs[p] = null;
    this.epoch++;
  }
}

export const mapOutputLedger = invariant(
  'I38',
  'map-output-ledger',
  'scenario',
  "a map stage attempt runs exactly the partitions without a registered output, and a stage attempt starts only when its parent stages have every output, the outputs kept as Spark keeps them: registered by a map success unless its executor failed at or after the task's epoch, dropped by a fetch failure naming them or their executor and by an executor loss (spec §10.2, §10.4, §10.6)",
  (ctx, report) => {
    runLedger(ctx.events, report);
  },
);

/** Reads the trace into the ledger, reporting what breaks the rules when `report` is given; returns the decisions. */
function runLedger(events: readonly TraceEvent[], report: Report): MapOutputDecisions {
  const l = new Ledger();
  events.forEach((e, i) => {
    l.at = i;
    l.running.event(e);
    switch (e.Event) {
      case 'SparkListenerJobStart': {
        const resultId = resultStageId(e);
        for (const info of e['Stage Infos']) l.addStage(info, info['Stage ID'] === resultId);
        return;
      }
      case 'SparkListenerStageSubmitted':
        return stageSubmitted(l, e, i, report);
      case 'SparkListenerTaskStart': {
        const want = l.expected.get(`${e['Stage ID']}.${e['Stage Attempt ID']}`)?.[e['Task Info'].Index];
        const got = e['Task Info']['Partition ID'];
        if (want !== undefined && got !== undefined && got !== want)
          report(
            `task ${e['Task Info'].Index} of stage ${e['Stage ID']} attempt ${e['Stage Attempt ID']} (TID ${e['Task Info']['Task ID']}) runs partition ${got}; index ${e['Task Info'].Index} of the partitions without an output, ascending, is ${want}`,
            i,
          );
        return;
      }
      case 'SparkListenerStageCompleted': {
        const info = e['Stage Info'];
        // handleMapTaskSuccess: the last pending partition's success completes the stage, then incrementEpoch.
        if (info['Failure Reason'] === undefined && !l.resultStages.has(info['Stage ID']) && info['Number of Tasks'] > 0) l.epoch++;
        return;
      }
      case 'SparkListenerTaskEnd':
        return taskEnded(l, e, i);
      case 'SparkListenerExecutorRemoved':
        l.executorFailed(e['Executor ID'], l.epoch);
        return;
    }
  });
  return l.decisions;
}

/** The DAGScheduler's decisions about map outputs over a simulated trace. */
export function mapOutputDecisions(events: readonly TraceEvent[]): MapOutputDecisions {
  return runLedger(events, () => undefined);
}

function stageSubmitted(l: Ledger, e: Ev<'SparkListenerStageSubmitted'>, i: number, report: Report): void {
  const info = e['Stage Info'];
  const id = info['Stage ID'];
  const key = `${id}.${info['Stage Attempt ID']}`;
  l.attemptEpoch.set(key, l.epoch);
  l.latestAttempt.set(id, info['Stage Attempt ID']);
  for (const parent of l.parents.get(id) ?? info['Parent IDs']) {
    const outs = l.outputs.get(parent);
    if (outs === null || outs === undefined || outs.includes(UNKNOWN)) continue;
    const missing = missingOf(outs);
    if (missing.length > 0)
      report(
        `stage ${id} attempt ${info['Stage Attempt ID']} is submitted while its parent stage ${parent} has no output for partitions ${missing.join(', ')}`,
        i,
      );
  }
  const outs = l.outputs.get(id);
  if (outs === null || outs === undefined || outs.includes(UNKNOWN)) return;
  const missing = missingOf(outs);
  l.expected.set(key, missing);
  if (info['Number of Tasks'] !== missing.length) {
    report(
      `stage ${id} attempt ${info['Stage Attempt ID']} is submitted with ${info['Number of Tasks']} tasks; ${missing.length} of its outputs are missing (partitions ${missing.join(', ') || 'none'})`,
      i,
    );
  }
}

function taskEnded(l: Ledger, e: Ev<'SparkListenerTaskEnd'>, i: number): void {
  const reason = e['Task End Reason'];
  const stageId = e['Stage ID'];
  if (!l.running.runs(stageId)) return; // the stage is gone: the DAGScheduler only posts the end (§11)
  const taskEpoch = l.attemptEpoch.get(`${stageId}.${e['Stage Attempt ID']}`);
  if (taskEpoch === undefined) return;
  if (reason.Reason === 'Success' && e['Task Type'] === 'ShuffleMapTask') {
    const outs = l.outputs.get(stageId);
    const partition = e['Task Info']['Partition ID'];
    const executor = e['Task Info']['Executor ID'];
    const failed = l.failureEpoch.get(executor);
    if (failed !== undefined && taskEpoch <= failed) l.decisions.bogus.push(i);
    else if (outs !== null && outs !== undefined && partition !== undefined) outs[partition] = executor;
    return;
  }
  if (reason.Reason !== 'FetchFailed' || l.latestAttempt.get(stageId) !== e['Stage Attempt ID']) return;
  const bm = reason['Block Manager Address'];
  if (reason['Map Index'] !== -1) {
    if (bm !== undefined) dropNamedOutput(l, l.parents.get(stageId) ?? [], reason['Map Index'], bm['Executor ID']);
    l.epoch++;
  }
  if (bm !== undefined) l.executorFailed(bm['Executor ID'], taskEpoch);
}

/** Step 4: the named output, if still on that executor. Which parent's it is, the trace tells only for one parent. */
function dropNamedOutput(l: Ledger, parents: readonly number[], mapIndex: number, executorId: string): void {
  const candidates = parents.filter((p) => l.outputs.has(p));
  for (const p of candidates) {
    const outs = l.outputs.get(p);
    if (outs === null || outs === undefined || outs[mapIndex] !== executorId) continue;
    outs[mapIndex] = candidates.length === 1 ? null : UNKNOWN;
  }
}

function missingOf(outs: Outputs): number[] {
  const out: number[] = [];
  for (let p = 0; p < outs.length; p++) if (outs[p] === null) out.push(p);
  return out;
}
