// Each invariant holds on real simulated traces and flags a deliberately corrupted copy: the
// catalogue can fail, and fails for the right reason.
import { describe, expect, it } from 'vitest';
import { ALL_INVARIANTS, type InvariantContext } from '../../properties/invariants/index.js';
import { maxTaskFailuresOf } from '../../properties/invariants/invariant.js';
import { simulate } from '../../src/simulate.js';
import type { TraceEvent } from '../../src/trace/events.js';
import { exception, run, scenarioOf } from '../support/run.js';
import { ZOMBIE_MAP_SUCCESS } from '../support/scenarios.js';

type Ev = TraceEvent & Record<string, unknown>;

function base(json: unknown) {
  const r = run(json);
  const ctx: InvariantContext = {
    events: r.result.trace.events,
    scenario: r.scenario,
    maxTaskFailures: maxTaskFailuresOf(r.scenario),
    finished: r.result.trace.status === 'finished',
  };
  return ctx;
}

const batchAbort = base({
  scenario: 1,
  seed: 1,
  cluster: { master: 'local[1,4]' },
  workload: { mode: 'batch', rdds: [{ id: 0, partitions: 3 }], jobs: [{ rdd: 0 }] },
  faults: [{ task: { partition: 1 }, fail: exception('boom') }],
});
const clean = base({
  scenario: 1,
  seed: 1,
  cluster: { master: 'local[2]' },
  workload: { mode: 'batch', rdds: [{ id: 0, partitions: 3 }], jobs: [{ rdd: 0 }] },
});
const fetch = base({
  scenario: 1,
  seed: 2,
  cluster: {
    master: 'cluster',
    executors: [
      { id: '1', host: 'host-a', cores: 2 },
      { id: '2', host: 'host-b', cores: 2 },
    ],
  },
  workload: {
    mode: 'batch',
    rdds: [
      { id: 0, partitions: 4 },
      { id: 1, partitions: 2, deps: [{ rdd: 0, type: 'shuffle' }] },
    ],
    jobs: [{ rdd: 1 }],
  },
  faults: [{ task: { stage: 1, stageAttempt: 0, partition: 0, attempt: 0 }, fail: { reason: 'FetchFailed', shuffle: 0, mapIndex: 1 } }],
});
const stageLimit = base({
  scenario: 1,
  seed: 3,
  cluster: { master: 'local[2]' },
  workload: {
    mode: 'batch',
    rdds: [
      { id: 0, partitions: 2 },
      { id: 1, partitions: 2, deps: [{ rdd: 0, type: 'shuffle' }] },
    ],
    jobs: [{ rdd: 1 }],
  },
  faults: [{ task: { stage: 1, partition: 0 }, fail: { reason: 'FetchFailed', shuffle: 0, mapIndex: 0 } }],
});
const seedArticle = base({
  scenario: 1,
  seed: 4,
  cluster: { master: 'local[2,6]' },
  workload: { mode: 'continuous', partitions: 2, epochs: 5 },
  faults: [{ task: { partition: 1, attempt: 0 }, fail: exception('reader failed') }],
});
const continuousClean = base({
  scenario: 1,
  seed: 4,
  cluster: { master: 'local[2]' },
  workload: { mode: 'continuous', partitions: 2, epochs: 4, restarts: 1 },
  faults: [{ task: { partition: 1, epoch: 2, run: 0 }, fail: exception('x') }],
});
// maxFailures 1: the aborting failure is a TaskResultLost, which carries no exception.
const continuousResultLost = base({
  scenario: 1,
  seed: 4,
  cluster: { master: 'local[2,1]' },
  workload: { mode: 'continuous', partitions: 2, epochs: 3 },
  faults: [{ task: { partition: 1, attempt: 0 }, fail: { reason: 'TaskResultLost' } }],
});
const globalPolicy = base({
  scenario: 1,
  seed: 6,
  cluster: { master: 'local[2,4]' },
  workload: { mode: 'continuous', partitions: 2, epochs: 4, retryPolicy: 'global', restarts: 1 },
  faults: [{ task: { partition: 1, epoch: 1 }, fail: exception('persistent') }],
});
/** A micro-batch query whose sink stage reads a shuffle (a stateful operator). */
const MICRO_BATCH = {
  scenario: 1,
  seed: 5,
  cluster: { master: 'local[2]' },
  workload: {
    mode: 'microBatch',
    rdds: [
      { id: 0, partitions: 2 },
      { id: 1, partitions: 2, deps: [{ rdd: 0, type: 'shuffle' }] },
    ],
    sink: 1,
    batches: 3,
    restarts: 1,
  },
  faults: [{ task: { batch: 1, run: 0, partition: 0 }, fail: exception('bad row') }],
};
const microBatch = base(MICRO_BATCH);

// One partition lags 5 s at epoch 1 while the other runs ahead: the offset queue passes 3 entries.
const backlog = base({
  scenario: 1,
  seed: 7,
  cluster: { master: 'local[2]' },
  conf: { 'spark.sql.streaming.continuous.epochBacklogQueueSize': 3 },
  workload: { mode: 'continuous', partitions: 2, epochs: 10, epochIntervalMs: 100 },
  faults: [{ task: { partition: 1, epoch: 1 }, durationMs: 5000 }],
});

// Executor 1 is lost while map stage 0.0 still runs its slow index 3 (its finished index 1 is
// resubmitted), and again after a map stage finished (its outputs are gone; the stage runs them again).
const lossCluster = {
  master: 'cluster',
  executors: [
    { id: '1', host: 'a', cores: 2 },
    { id: '2', host: 'b', cores: 2 },
  ],
};
const lossWorkload = {
  mode: 'batch',
  rdds: [
    { id: 0, partitions: 4 },
    { id: 1, partitions: 2, deps: [{ rdd: 0, type: 'shuffle' }] },
  ],
  jobs: [{ rdd: 1 }, { rdd: 1 }],
};
const lossWhileMapping = base({
  scenario: 1,
  seed: 3,
  cluster: lossCluster,
  workload: lossWorkload,
  faults: [{ task: { stage: 0, partition: 3 }, durationMs: 400 }, { executorLost: { executor: '1', atMs: 250, exitCausedByApp: false } }],
  taskDurationMs: 100,
});
const lossAfterMapping = base({
  scenario: 1,
  seed: 3,
  cluster: lossCluster,
  workload: lossWorkload,
  faults: [{ task: { stage: 1 }, durationMs: 1000 }, { executorLost: { executor: '1', atMs: 300, exitCausedByApp: false } }],
  taskDurationMs: 100,
});
/** A zombie map attempt's late success (I39): stage 1 runs again after a fetch failure while its partition 1 still runs. */
const zombieMapSuccess = scenarioOf(ZOMBIE_MAP_SUCCESS);
const taskEndOf = (e: Ev) =>
  e.Event === 'SparkListenerTaskEnd' ? (e as Ev & { 'Task End Reason': { Reason: string }; 'Stage ID': number; 'Stage Attempt ID': number }) : null;

/** A job aborted while its other task runs (I40): the abort's cancel kills TID 1 with "Stage cancelled". */
const abortWhileRunning = base({
  scenario: 1,
  seed: 1,
  cluster: { master: 'local[2]' },
  workload: { mode: 'batch', rdds: [{ id: 0, partitions: 2 }], jobs: [{ rdd: 0 }] },
  faults: [
    { task: { partition: 0 }, fail: exception('boom') },
    { task: { partition: 1 }, durationMs: 500 },
  ],
});

const BASES = {
  abortWhileRunning,
  lossWhileMapping,
  lossAfterMapping,
  backlog,
  batchAbort,
  clean,
  fetch,
  stageLimit,
  seedArticle,
  continuousClean,
  continuousResultLost,
  globalPolicy,
  microBatch,
};

/** A corrupted copy: `edit` changes a deep clone of the events. */
function corrupt(ctx: InvariantContext, edit: (events: Ev[]) => void, extra: Partial<InvariantContext> = {}): InvariantContext {
  const events = structuredClone(ctx.events) as Ev[];
  edit(events);
  return { ...ctx, ...extra, events };
}

const idx = (events: Ev[], pred: (e: Ev) => boolean): number => {
  const i = events.findIndex(pred);
  if (i < 0) throw new Error('test setup: no such event');
  return i;
};
const taskStart = (tid: number) => (e: Ev) => e.Event === 'SparkListenerTaskStart' && (e['Task Info'] as { 'Task ID': number })['Task ID'] === tid;
const taskEnd = (tid: number) => (e: Ev) => e.Event === 'SparkListenerTaskEnd' && (e['Task Info'] as { 'Task ID': number })['Task ID'] === tid;
const info = (e: Ev) => e['Task Info'] as Record<string, unknown>;
const stageInfo = (e: Ev) => e['Stage Info'] as Record<string, unknown>;
const jobEnd = (e: Ev) => e.Event === 'SparkListenerJobEnd';
const failedJobMessage = (events: Ev[]) => (events[idx(events, jobEnd)]['Job Result'] as { Exception: { Message: string } }).Exception;
const move = (events: Ev[], from: number, to: number) => events.splice(to, 0, events.splice(from, 1)[0]);

/** The clean run with its JobEnd moved before its last TaskEnd, `early` ms before that task's finish. */
const jobEndsBeforeLastTask = (early: number) =>
  corrupt(clean, (ev) => {
    const j = idx(ev, jobEnd);
    const t = ev.findLastIndex((e) => e.Event === 'SparkListenerTaskEnd');
    const [end] = ev.splice(j, 1);
    end['Completion Time'] = (info(ev[t])['Finish Time'] as number) - early;
    ev.splice(t, 0, end);
  });

const CASES: { id: string; ctx: () => InvariantContext }[] = [
  { id: 'I1', ctx: () => corrupt(batchAbort, (ev) => void (info(ev[idx(ev, taskStart(2))])['Task ID'] = 1)) },
  {
    id: 'I1b',
    ctx: () =>
      corrupt(batchAbort, (ev) => {
        info(ev[idx(ev, taskStart(4))])['Task ID'] = 9;
        info(ev[idx(ev, taskEnd(4))])['Task ID'] = 9;
      }),
  },
  { id: 'I2', ctx: () => corrupt(batchAbort, (ev) => void (info(ev[idx(ev, taskStart(2))]).Attempt = 2)) },
  {
    id: 'I3',
    ctx: () =>
      corrupt(batchAbort, (ev) => {
        const x = failedJobMessage(ev);
        x.Message = x.Message.replace('(TID 4)', '(TID 3)');
      }),
  },
  { id: 'I4', ctx: () => ({ ...batchAbort, maxTaskFailures: 2 }) },
  {
    id: 'I5',
    ctx: () =>
      corrupt(batchAbort, (ev) => {
        const x = failedJobMessage(ev);
        x.Message = x.Message.replace('boom', 'bam');
      }),
  },
  {
    id: 'I6',
    ctx: () =>
      corrupt(batchAbort, (ev) => void (ev[idx(ev, taskEnd(4))]['Task End Reason'] = { Reason: 'TaskKilled', 'Kill Reason': 'x', 'Accumulator Updates': [] })),
  },
  {
    id: 'I7',
    ctx: () =>
      corrupt(clean, (ev) => {
        info(ev[idx(ev, taskStart(1))]).Index = 0;
        info(ev[idx(ev, taskEnd(1))]).Index = 0;
      }),
  },
  // A succeeded index relaunched with nothing reopening it.
  {
    id: 'I7',
    ctx: () =>
      corrupt(clean, (ev) => {
        const s = structuredClone(ev[idx(ev, taskStart(0))]);
        info(s)['Task ID'] = 9;
        info(s).Attempt = 1;
        ev.splice(idx(ev, taskEnd(0)) + 1, 0, s);
      }),
  },
  { id: 'I8', ctx: () => ({ ...batchAbort, maxTaskFailures: 1 }) },
  {
    id: 'I9',
    ctx: () =>
      corrupt(batchAbort, (ev) => {
        const s = structuredClone(ev[idx(ev, taskStart(4))]);
        info(s)['Task ID'] = 5;
        info(s).Index = 2;
        ev.splice(idx(ev, (e) => e.Event === 'SparkListenerStageCompleted') + 1, 0, s);
      }),
  },
  // A retry started after the aborting failure, but before the stage completed.
  {
    id: 'I9',
    ctx: () =>
      corrupt(batchAbort, (ev) => {
        const s = structuredClone(ev[idx(ev, taskStart(4))]);
        info(s)['Task ID'] = 5;
        info(s).Attempt = 4;
        ev.splice(idx(ev, taskEnd(4)) + 1, 0, s);
      }),
  },
  // The pre-3.0 form "(TID n, host, executor e)" is for old real logs, not for a simulated run.
  {
    id: 'I3',
    ctx: () =>
      corrupt(batchAbort, (ev) => {
        const x = failedJobMessage(ev);
        x.Message = x.Message.replace('(TID 4) (localhost executor driver)', '(TID 4, localhost, executor driver)');
      }),
  },
  {
    id: 'I5',
    ctx: () =>
      corrupt(batchAbort, (ev) => {
        const x = failedJobMessage(ev);
        x.Message = x.Message.replace('(TID 4) (localhost executor driver)', '(TID 4, localhost, executor driver)');
      }),
  },
  {
    id: 'I10',
    ctx: () =>
      corrupt(batchAbort, (ev) => {
        const i = idx(ev, (e) => e.Event === 'SparkListenerStageCompleted');
        ev.splice(i, 0, structuredClone(ev[i]));
      }),
  },
  {
    id: 'I11',
    ctx: () =>
      corrupt(
        fetch,
        (ev) =>
          void (stageInfo(ev[idx(ev, (e) => e.Event === 'SparkListenerStageSubmitted' && stageInfo(e)['Stage Attempt ID'] === 1)])['Stage Attempt ID'] = 2),
      ),
  },
  // A simulated stage whose attempts are numbered from 1.
  {
    id: 'I11',
    ctx: () =>
      corrupt(clean, (ev) => {
        for (const e of ev) if (e.Event === 'SparkListenerStageSubmitted' || e.Event === 'SparkListenerStageCompleted') stageInfo(e)['Stage Attempt ID'] = 1;
      }),
  },
  {
    id: 'I12',
    ctx: () =>
      corrupt(batchAbort, (ev) => {
        const s = structuredClone(ev[idx(ev, (e) => e.Event === 'SparkListenerStageSubmitted')]);
        stageInfo(s)['Stage Attempt ID'] = 1;
        ev.splice(ev.length - 1, 0, s);
      }),
  },
  { id: 'I12', ctx: () => corrupt(batchAbort, (ev) => void ((ev[idx(ev, jobEnd)]['Job Result'] as Record<string, unknown>) = { Result: 'JobSucceeded' })) },
  {
    id: 'I13',
    ctx: () =>
      corrupt(clean, (ev) => {
        const s = structuredClone(ev[idx(ev, (e) => e.Event === 'SparkListenerStageSubmitted')]);
        stageInfo(s)['Stage Attempt ID'] = 1;
        ev.splice(ev.length - 1, 0, s);
      }),
  },
  // A fetch failure long before a stage existed does not explain that stage's retry.
  {
    id: 'I13',
    ctx: () =>
      corrupt(fetch, (ev) => {
        const first = structuredClone(ev[idx(ev, (e) => e.Event === 'SparkListenerStageSubmitted')]);
        stageInfo(first)['Stage ID'] = 99;
        const retry = structuredClone(first);
        stageInfo(retry)['Stage Attempt ID'] = 1;
        ev.splice(ev.length - 1, 0, first, retry);
      }),
  },
  {
    id: 'I14',
    ctx: () =>
      corrupt(stageLimit, (ev) => {
        const x = failedJobMessage(ev);
        x.Message = x.Message.replace('maximum allowable number of times: 4.', 'maximum allowable number of times: 5.');
      }),
  },
  // The limit's message after a single failed attempt.
  {
    id: 'I14',
    ctx: () =>
      corrupt(
        fetch,
        (ev) =>
          void (ev[idx(ev, jobEnd)]['Job Result'] = {
            Result: 'JobFailed',
            Exception: {
              Message:
                'Job aborted due to stage failure: ResultStage 1 (rdd 1 at Scenario.scala:1) has failed the maximum allowable number of times: 4. Most recent failure reason:\nx',
            },
          }),
      ),
  },
  { id: 'I15', ctx: () => corrupt(batchAbort, (ev) => void (failedJobMessage(ev).Message = 'Oops')) },
  {
    id: 'I16',
    ctx: () =>
      corrupt(clean, (ev) => {
        const i = idx(ev, jobEnd);
        ev.splice(i, 0, structuredClone(ev[i]));
      }),
  },
  { id: 'I16b', ctx: () => corrupt(clean, (ev) => void ev.splice(idx(ev, jobEnd), 1)) },
  {
    id: 'I17',
    ctx: () =>
      corrupt(clean, (ev) => {
        const i = idx(ev, taskEnd(1));
        ev.splice(i, 0, structuredClone(ev[i]));
      }),
  },
  { id: 'I17b', ctx: () => corrupt(clean, (ev) => void ev.splice(idx(ev, taskEnd(1)), 1)) },
  {
    id: 'I18',
    ctx: () =>
      corrupt(
        fetch,
        (ev) =>
          void (ev[idx(ev, (e) => e.Event === 'SparkListenerTaskEnd' && (e['Task End Reason'] as { Reason: string }).Reason === 'FetchFailed')][
            'Stage Attempt ID'
          ] = 5),
      ),
  },
  {
    id: 'I19',
    ctx: () =>
      corrupt(fetch, (ev) => {
        const ff = ev[idx(ev, (e) => e.Event === 'SparkListenerTaskEnd' && (e['Task End Reason'] as { Reason: string }).Reason === 'FetchFailed')];
        const s = ev[idx(ev, (e) => e.Event === 'SparkListenerStageSubmitted' && stageInfo(e)['Stage ID'] === 1 && stageInfo(e)['Stage Attempt ID'] === 1)];
        stageInfo(s)['Submission Time'] = (info(ff)['Finish Time'] as number) + 50;
      }),
  },
  // The parent map stage resubmitted at once after the fetch failure, not 200 ms later.
  {
    id: 'I19',
    ctx: () =>
      corrupt(fetch, (ev) => {
        const ff = ev[idx(ev, (e) => e.Event === 'SparkListenerTaskEnd' && (e['Task End Reason'] as { Reason: string }).Reason === 'FetchFailed')];
        stageInfo(ev[idx(ev, (e) => e.Event === 'SparkListenerStageSubmitted' && stageInfo(e)['Stage ID'] === 0 && stageInfo(e)['Stage Attempt ID'] === 1)])[
          'Submission Time'
        ] = info(ff)['Finish Time'];
      }),
  },
  {
    id: 'I20',
    ctx: () =>
      corrupt(
        batchAbort,
        (ev) => void (ev[idx(ev, taskEnd(1))]['Task End Reason'] = { Reason: 'ExecutorLostFailure', 'Executor ID': 'driver', 'Exit Caused By App': true }),
      ),
  },
  { id: 'I21', ctx: () => corrupt(seedArticle, (ev) => void ((ev[idx(ev, taskEnd(3))]['Task End Reason'] as Record<string, unknown>).Description = 'boom')) },
  {
    id: 'I22',
    ctx: () =>
      corrupt(batchAbort, (ev) => {
        info(ev[idx(ev, taskStart(2))]).Index = 2;
        info(ev[idx(ev, taskEnd(2))]).Index = 2;
      }),
  },
  {
    id: 'I23',
    ctx: () =>
      corrupt(clean, (ev) => {
        info(ev[idx(ev, taskStart(0))])['Partition ID'] = 5;
      }),
  },
  {
    id: 'L1',
    ctx: () =>
      corrupt(
        fetch,
        (ev) =>
          void ev.splice(idx(ev, taskStart(4)), 0, {
            Event: 'SparkListenerExecutorRemoved',
            Timestamp: 1,
            'Executor ID': info(ev[idx(ev, taskStart(4))])['Executor ID'],
            'Removed Reason': 'x',
          } as Ev),
      ),
  },
  {
    id: 'L2',
    ctx: () =>
      corrupt(
        clean,
        (ev) => void ((ev[idx(ev, (e) => e.Event === 'SparkListenerExecutorAdded')]['Executor Info'] as Record<string, unknown>)['Total Cores'] = 1),
      ),
  },
  {
    id: 'L3',
    ctx: () =>
      corrupt(clean, (ev) => {
        const e = structuredClone(ev[idx(ev, taskEnd(0))]);
        info(e)['Task ID'] = 99;
        ev.splice(ev.length - 1, 0, e);
      }),
  },
  {
    id: 'MB1',
    ctx: () =>
      corrupt(
        microBatch,
        (ev) =>
          void ev.splice(
            idx(ev, (e) => e.Event === 'SparkRetryHarnessOffsetLogWritten' && e.batch === 2),
            1,
          ),
      ),
  },
  {
    id: 'MB2',
    ctx: () =>
      corrupt(microBatch, (ev) =>
        move(
          ev,
          idx(ev, (e) => e.Event === 'SparkRetryHarnessSinkCommitted' && e.batch === 0),
          idx(ev, (e) => e.Event === 'SparkRetryHarnessOffsetLogWritten' && e.batch === 0) + 1,
        ),
      ),
  },
  {
    id: 'MB5',
    ctx: () =>
      corrupt(microBatch, (ev) => {
        const j = structuredClone(ev[idx(ev, (e) => e.Event === 'SparkListenerJobStart')]);
        (j.Properties as Record<string, string>)['streaming.sql.batchId'] = '2';
        ev.splice(
          idx(ev, (e) => e.Event === 'SparkRetryHarnessQueryTerminated'),
          0,
          j,
        );
      }),
  },
  { id: 'MB5b', ctx: () => corrupt(microBatch, (ev) => void (ev[idx(ev, (e) => e.Event === 'SparkRetryHarnessQueryTerminated')].exception = 'Query failed')) },
  {
    id: 'MB6',
    ctx: () =>
      corrupt(
        microBatch,
        (ev) =>
          void ev.splice(
            idx(ev, (e) => e.Event === 'SparkRetryHarnessCommitLogWritten' && e.batch === 0),
            1,
          ),
      ),
  },
  // offsets/2 before commits/1.
  {
    id: 'MB6',
    ctx: () =>
      corrupt(microBatch, (ev) =>
        move(
          ev,
          idx(ev, (e) => e.Event === 'SparkRetryHarnessOffsetLogWritten' && e.batch === 2),
          idx(ev, (e) => e.Event === 'SparkRetryHarnessCommitLogWritten' && e.batch === 1),
        ),
      ),
  },
  { id: 'MB7', ctx: () => corrupt(microBatch, (ev) => void (ev[idx(ev, (e) => e.Event === 'SparkRetryHarnessQueryStarted' && e.run === 1)].start = 2)) },
  // The restart rewrites offsets/1 instead of re-running it from the log.
  {
    id: 'MB7',
    ctx: () =>
      corrupt(microBatch, (ev) => {
        const o = structuredClone(ev[idx(ev, (e) => e.Event === 'SparkRetryHarnessOffsetLogWritten' && e.batch === 1)]);
        ev.splice(idx(ev, (e) => e.Event === 'SparkRetryHarnessQueryStarted' && e.run === 1) + 1, 0, o);
      }),
  },
  {
    id: 'CP3',
    ctx: () =>
      corrupt(seedArticle, (ev) => {
        ev.splice(idx(ev, taskEnd(3)), 1);
        ev.splice(idx(ev, taskStart(3)), 1);
      }),
  },
  {
    id: 'CP4',
    ctx: () =>
      corrupt(seedArticle, (ev) => {
        const s = structuredClone(ev[idx(ev, (e) => e.Event === 'SparkListenerStageSubmitted')]);
        stageInfo(s)['Stage Attempt ID'] = 1;
        ev.splice(ev.length - 1, 0, s);
      }),
  },
  // A second job in the same run.
  {
    id: 'CP4',
    ctx: () =>
      corrupt(continuousClean, (ev) => {
        const j = structuredClone(ev[idx(ev, (e) => e.Event === 'SparkListenerJobStart')]);
        j['Job ID'] = 9;
        j['Stage IDs'] = [9];
        ev.splice(idx(ev, (e) => e.Event === 'SparkListenerJobStart') + 1, 0, j);
      }),
  },
  {
    id: 'CP5',
    ctx: () =>
      corrupt(continuousClean, (ev) => {
        const c = idx(ev, (e) => e.Event === 'SparkRetryHarnessCommitLogWritten' && e.batch === 1);
        ev.splice(ev.length - 1, 0, structuredClone(ev[c - 1]), structuredClone(ev[c]));
      }),
  },
  {
    id: 'CP6',
    ctx: () =>
      corrupt(continuousClean, (ev) => {
        const c = idx(ev, (e) => e.Event === 'SparkRetryHarnessCommitLogWritten');
        move(ev, c, c - 1);
      }),
  },
  {
    id: 'CP7',
    ctx: () =>
      corrupt(
        continuousClean,
        (ev) =>
          void ev.splice(
            idx(ev, (e) => e.Event === 'SparkRetryHarnessOffsetLogWritten' && e.batch === 1),
            1,
          ),
      ),
  },
  {
    id: 'CP9',
    ctx: () => corrupt(seedArticle, (ev) => void ((ev[idx(ev, (e) => e.Event === 'SparkRetryHarnessQueryTerminated')].causes as string[])[0] = 'Job aborted.')),
  },
  { id: 'CP9', ctx: () => corrupt(seedArticle, (ev) => void (ev[idx(ev, (e) => e.Event === 'SparkRetryHarnessQueryTerminated')].causes as string[]).pop()) },
  {
    id: 'CP9',
    ctx: () =>
      corrupt(
        continuousResultLost,
        (ev) => void (ev[idx(ev, (e) => e.Event === 'SparkRetryHarnessQueryTerminated')].causes as string[]).push('org.apache.spark.TaskResultLost'),
      ),
  },
  { id: 'CP10', ctx: () => corrupt(continuousClean, (ev) => void (ev[idx(ev, (e) => e.Event === 'SparkRetryHarnessQueryStarted' && e.run === 1)].start = 0)) },
  // The restarted run's partition 0 reads from offset 0 again instead of offsets/(last committed).
  {
    id: 'CP10',
    ctx: () =>
      corrupt(continuousClean, (ev) => {
        const started = idx(ev, (e) => e.Event === 'SparkRetryHarnessQueryStarted' && e.run === 1);
        const m = ev.findIndex((e, i) => i > started && e.Event === 'SparkRetryHarnessPartitionEpochCommitted' && e.partition === 0);
        (ev[m].records as number[])[0] = 0;
      }),
  },
  // Commits after StopContinuousExecutionWrites.
  {
    id: 'CP9',
    ctx: () =>
      corrupt(continuousClean, (ev) => {
        const last = ev.findLastIndex((e) => e.Event === 'SparkRetryHarnessSinkCommitted');
        move(
          ev,
          ev.findLastIndex((e) => e.Event === 'SparkRetryHarnessWritesStopped'),
          last,
        );
      }),
  },
  {
    id: 'MB8',
    ctx: () => corrupt(microBatch, (ev) => void (ev[idx(ev, (e) => e.Event === 'SparkRetryHarnessSinkCommitted' && e.batch === 1)].records = [[0, 20]])),
  },
  {
    id: 'MB9',
    ctx: () => corrupt(microBatch, (ev) => void (ev[idx(ev, (e) => e.Event === 'SparkRetryHarnessStateStoreCommitted' && e.batch === 1)].version = 3)),
  },
  // A successful stateful task that committed no state.
  {
    id: 'MB9',
    ctx: () =>
      corrupt(
        microBatch,
        (ev) =>
          void ev.splice(
            idx(ev, (e) => e.Event === 'SparkRetryHarnessStateStoreCommitted'),
            1,
          ),
      ),
  },
  // The attempt that failed with "bad row" commits its state anyway.
  {
    id: 'MB9',
    ctx: () =>
      corrupt(microBatch, (ev) => {
        const end = ev[idx(ev, (e) => e.Event === 'SparkListenerTaskEnd' && (e['Task End Reason'] as { Reason: string }).Reason === 'ExceptionFailure')];
        const tid = info(end)['Task ID'] as number;
        const commit = structuredClone(ev[idx(ev, (e) => e.Event === 'SparkRetryHarnessStateStoreCommitted')]);
        Object.assign(commit, {
          tid,
          stageId: end['Stage ID'],
          partition: info(end)['Partition ID'] ?? info(end).Index,
          attempt: info(end).Attempt,
          batch: 1,
          loadedVersion: 1,
          version: 2,
        });
        ev.splice(idx(ev, taskEnd(tid)), 0, commit);
      }),
  },
  { id: 'CP1', ctx: () => corrupt(seedArticle, (ev) => void (ev[idx(ev, (e) => e.Event === 'SparkRetryHarnessPartitionOffsetReported')].attempt = 1)) },
  // A message from a TID of another partition.
  {
    id: 'CP1',
    ctx: () =>
      corrupt(continuousClean, (ev) => {
        const m = ev[idx(ev, (e) => e.Event === 'SparkRetryHarnessPartitionEpochCommitted' && e.partition === 0)];
        m.tid = 1;
      }),
  },
  // An epoch commits though one partition never committed it.
  {
    id: 'CP5b',
    ctx: () =>
      corrupt(
        continuousClean,
        (ev) =>
          void ev.splice(
            idx(ev, (e) => e.Event === 'SparkRetryHarnessPartitionEpochCommitted' && e.epoch === 1 && e.partition === 1),
            1,
          ),
      ),
  },
  // An epoch committed late, after the coordinator had handled further messages.
  {
    id: 'CP5b',
    ctx: () =>
      corrupt(continuousClean, (ev) => {
        const c = idx(ev, (e) => e.Event === 'SparkRetryHarnessCommitLogWritten' && e.batch === 0);
        const next = ev.findIndex((e, i) => i > c && e.Event === 'SparkRetryHarnessPartitionEpochCommitted');
        move(ev, c - 1, next);
        move(ev, c - 1, next);
      }),
  },
  {
    id: 'CP8',
    ctx: () =>
      corrupt(continuousClean, (ev) => {
        const i = idx(ev, (e) => e.Event === 'SparkRetryHarnessPartitionEpochCommitted' && e.epoch === 1);
        ev.splice(i + 1, 0, structuredClone(ev[i]));
      }),
  },
  {
    id: 'CP11',
    ctx: () =>
      corrupt(
        backlog,
        (ev) =>
          void ((ev[idx(ev, (e) => e.Event === 'SparkRetryHarnessQueryTerminated')].causes as string[])[0] =
            'Size of the epoch queue has exceeded its maximum'),
      ),
  },
  // No failure though the limit was passed: the same run read with a limit of 1.
  {
    id: 'CP11',
    ctx: () => ({
      ...continuousClean,
      scenario: { ...continuousClean.scenario!, conf: { ...continuousClean.scenario!.conf, 'spark.sql.streaming.continuous.epochBacklogQueueSize': 1 } },
    }),
  },
  // The sink loses records 0–4 of partition 0 (epoch 1 shows [5, 10) after the empty epoch 0).
  {
    id: 'CP12',
    ctx: () =>
      corrupt(continuousClean, (ev) => {
        const s = ev[idx(ev, (e) => e.Event === 'SparkRetryHarnessSinkCommitted' && e.batch === 1)];
        (s.records as number[][])[0][0] = 5;
      }),
  },
  // The sink shows records of epoch 1 again in epoch 2.
  {
    id: 'CP12',
    ctx: () =>
      corrupt(continuousClean, (ev) => {
        const s = ev[idx(ev, (e) => e.Event === 'SparkRetryHarnessSinkCommitted' && e.batch === 2)];
        (s.records as number[][])[1][0] = 0;
      }),
  },
  // The sink's last commit shows five records its writer never committed.
  {
    id: 'CP12',
    ctx: () =>
      corrupt(continuousClean, (ev) => {
        const s = ev[ev.findLastIndex((e) => e.Event === 'SparkRetryHarnessSinkCommitted')];
        (s.records as number[][])[0][1] += 5;
      }),
  },
  // Partition 1 reports epoch 2 one poll late (100 ms, the default poll interval).
  {
    id: 'CP13',
    ctx: () =>
      corrupt(continuousClean, (ev) => {
        const r = ev[idx(ev, (e) => e.Event === 'SparkRetryHarnessPartitionOffsetReported' && e.epoch === 2 && e.partition === 1)];
        (r as { Timestamp: number }).Timestamp += 100;
      }),
  },
  // The user's stop lands a millisecond late: the continuous job ends after the target epoch was committed.
  {
    id: 'Q1',
    ctx: () =>
      corrupt(continuousClean, (ev) => {
        const end = ev[ev.findLastIndex((e) => e.Event === 'SparkListenerJobEnd')] as { 'Completion Time': number };
        end['Completion Time'] += 1;
      }),
  },
  // A micro-batch query runs one more batch's job after its last target batch was committed.
  {
    id: 'Q1',
    ctx: () =>
      corrupt(microBatch, (ev) => {
        const start = ev[ev.findLastIndex((e) => e.Event === 'SparkListenerJobStart')];
        ev.splice(ev.findLastIndex((e) => e.Event === 'SparkRetryHarnessCommitLogWritten') + 1, 0, { ...start, 'Job ID': 99 } as Ev);
      }),
  },
  // The continuous job's description names batch 0, as a micro-batch job's would.
  {
    id: 'Q2',
    ctx: () =>
      corrupt(continuousClean, (ev) => {
        const job = ev[idx(ev, (e) => e.Event === 'SparkListenerJobStart')] as { Properties: Record<string, string> };
        job.Properties['spark.job.description'] = job.Properties['spark.job.description'].replace('batch = init', 'batch = 0');
      }),
  },
  // The micro-batch query's restart is numbered run 2, and keeps run 0's runId.
  {
    id: 'Q3',
    ctx: () =>
      corrupt(microBatch, (ev) => {
        const runs = ev.filter((e) => e.Event === 'SparkRetryHarnessQueryStarted') as { run: number; runId: string }[];
        runs[1].run = 2;
      }),
  },
  {
    id: 'Q3',
    ctx: () =>
      corrupt(microBatch, (ev) => {
        const runs = ev.filter((e) => e.Event === 'SparkRetryHarnessQueryStarted') as { run: number; runId: string }[];
        runs[1].runId = runs[0].runId;
      }),
  },
  // The run ends without StopContinuousExecutionWrites.
  {
    id: 'CP14',
    ctx: () =>
      corrupt(
        continuousClean,
        (ev) =>
          void ev.splice(
            idx(ev, (e) => e.Event === 'SparkRetryHarnessWritesStopped'),
            1,
          ),
      ),
  },
  // The writes stop before the run's job has ended.
  {
    id: 'CP14',
    ctx: () =>
      corrupt(continuousClean, (ev) =>
        move(
          ev,
          idx(ev, (e) => e.Event === 'SparkRetryHarnessWritesStopped'),
          idx(ev, (e) => e.Event === 'SparkListenerJobEnd'),
        ),
      ),
  },
  // The clean stop of the continuous query names a cause.
  {
    id: 'Q3',
    ctx: () =>
      corrupt(continuousClean, (ev) => {
        const end = ev[ev.findLastIndex((e) => e.Event === 'SparkRetryHarnessQueryTerminated')] as { causes: string[] };
        end.causes = ['a cause'];
      }),
  },
  // Batch 1's job lists an RDD of batch 0's job, as if its lineage had been kept.
  {
    id: 'Q4',
    ctx: () =>
      corrupt(microBatch, (ev) => {
        type Stages = { 'Stage Infos': { 'RDD Info': { 'RDD ID': number; 'Parent IDs': number[] }[] }[] };
        const [first, second] = ev.filter((e) => e.Event === 'SparkListenerJobStart') as unknown as Stages[];
        const reused = first['Stage Infos'][0]['RDD Info'][0];
        second['Stage Infos'][0]['RDD Info'].push({ ...reused, 'Parent IDs': [] });
      }),
  },
  // offsets/1 holds an offset no reader reported.
  {
    id: 'CP5b',
    ctx: () =>
      corrupt(
        continuousClean,
        (ev) => void ((ev[idx(ev, (e) => e.Event === 'SparkRetryHarnessOffsetLogWritten' && e.batch === 1)].offsets as number[])[0] += 7),
      ),
  },
  // offsets/1 is written before every reader reported epoch 1.
  {
    id: 'CP5b',
    ctx: () =>
      corrupt(continuousClean, (ev) =>
        move(
          ev,
          idx(ev, (e) => e.Event === 'SparkRetryHarnessOffsetLogWritten' && e.batch === 1),
          idx(ev, (e) => e.Event === 'SparkRetryHarnessPartitionOffsetReported' && e.epoch === 1),
        ),
      ),
  },
  // A partition commits records up to an offset other than the one it reported.
  {
    id: 'CP10',
    ctx: () =>
      corrupt(
        continuousClean,
        (ev) => void (ev[idx(ev, (e) => e.Event === 'SparkRetryHarnessPartitionOffsetReported' && e.epoch === 1 && e.partition === 0)].offset = 3),
      ),
  },
  // The run passed the backlog limit and was never terminated for it.
  {
    id: 'CP11',
    ctx: () =>
      corrupt(
        backlog,
        (ev) =>
          void ev.splice(
            idx(ev, (e) => e.Event === 'SparkRetryHarnessQueryTerminated'),
            1,
          ),
      ),
  },
  // A partition commits epoch 1 before it reports it.
  {
    id: 'CP8',
    ctx: () =>
      corrupt(continuousClean, (ev) => {
        const r = idx(ev, (e) => e.Event === 'SparkRetryHarnessPartitionOffsetReported' && e.epoch === 1 && e.partition === 0);
        move(ev, r, r + 1);
      }),
  },
  // Batch 1's stateful tasks succeed without committing state.
  {
    id: 'MB9',
    ctx: () =>
      corrupt(microBatch, (ev) => {
        for (let i = ev.length - 1; i >= 0; i--) if (ev[i].Event === 'SparkRetryHarnessStateStoreCommitted' && ev[i].batch === 1) ev.splice(i, 1);
      }),
  },
  // A task commits its state twice.
  {
    id: 'MB9',
    ctx: () =>
      corrupt(microBatch, (ev) => {
        const i = idx(ev, (e) => e.Event === 'SparkRetryHarnessStateStoreCommitted');
        ev.splice(i + 1, 0, structuredClone(ev[i]));
      }),
  },
  // A stage attempt never completes.
  {
    id: 'I30',
    ctx: () =>
      corrupt(
        clean,
        (ev) =>
          void ev.splice(
            idx(ev, (e) => e.Event === 'SparkListenerStageCompleted'),
            1,
          ),
      ),
  },
  // A stage attempt with no task to run that does not complete at once (it fails on a fetch failure).
  {
    id: 'I30',
    ctx: () =>
      corrupt(
        fetch,
        (ev) => void (stageInfo(ev[idx(ev, (e) => e.Event === 'SparkListenerStageSubmitted' && stageInfo(e)['Stage ID'] === 1)])['Number of Tasks'] = 0),
      ),
  },
  // The third task re-runs partition 0 after it succeeded.
  {
    id: 'I31',
    ctx: () =>
      corrupt(clean, (ev) => {
        const s = info(ev[idx(ev, taskStart(2))]);
        s['Partition ID'] = 0;
        s['Launch Time'] = (s['Launch Time'] as number) + 1;
      }),
  },
  // The job succeeds while its last task still runs, which then ends Success instead of TaskKilled.
  { id: 'I32', ctx: () => jobEndsBeforeLastTask(1) },
  // The lost result of the continuous run recorded as Killed (TaskResultLost's state is FINISHED: neither flag).
  {
    id: 'I33',
    ctx: () =>
      corrupt(
        continuousResultLost,
        (ev) =>
          void (info(
            ev[idx(ev, (e) => e.Event === 'SparkListenerTaskEnd' && (e['Task End Reason'] as { Reason: string }).Reason === 'TaskResultLost')],
          ).Killed = true),
      ),
  },
  {
    id: 'I34',
    ctx: () =>
      corrupt(
        lossWhileMapping,
        (ev) =>
          void ev.splice(
            idx(ev, (e) => taskEndOf(e)?.['Task End Reason'].Reason === 'Resubmitted'),
            1,
          ),
      ),
  },
  {
    id: 'I35',
    ctx: () =>
      corrupt(lossWhileMapping, (ev) => {
        ev.splice(idx(ev, taskEnd(5)), 1);
        ev.splice(idx(ev, taskStart(5)), 1);
      }),
  },
  {
    id: 'I36',
    ctx: () =>
      corrupt(lossAfterMapping, (ev) => {
        for (let i = ev.length - 1; i >= 0; i--) {
          const x = taskEndOf(ev[i]);
          if (x !== null && x['Stage ID'] === 0 && x['Stage Attempt ID'] === 1 && x['Task End Reason'].Reason === 'Success') ev.splice(i, 1);
        }
      }),
  },
  // The first stage attempt completes before its last task finished.
  {
    id: 'I38',
    ctx: () =>
      corrupt(lossAfterMapping, (ev) => {
        const s = stageInfo(
          ev[idx(ev, (e) => e.Event === 'SparkListenerStageSubmitted' && stageInfo(e)['Stage ID'] === 0 && stageInfo(e)['Stage Attempt ID'] === 1)],
        );
        s['Number of Tasks'] = (s['Number of Tasks'] as number) + 1;
      }),
  },
  {
    id: 'I39',
    ctx: () => ({ events: simulate(zombieMapSuccess, { rules: { notifiesPartitionCompletion: false } }).trace.events, scenario: zombieMapSuccess }),
  },
  {
    // The cancelled stage's task runs on to its own success instead of being killed.
    id: 'I40',
    ctx: () =>
      corrupt(abortWhileRunning, (ev) => {
        const end = ev[idx(ev, taskEnd(1))];
        expect(end['Task End Reason']).toMatchObject({ Reason: 'TaskKilled', 'Kill Reason': 'Stage cancelled' });
        end['Task End Reason'] = { Reason: 'Success' };
        info(end)['Finish Time'] = 500;
      }),
  },
  {
    id: 'I37',
    ctx: () =>
      corrupt(clean, (ev) => {
        const c = stageInfo(ev[idx(ev, (e) => e.Event === 'SparkListenerStageCompleted')]);
        c['Completion Time'] = c['Submission Time'];
      }),
  },
  {
    id: 'G1',
    ctx: () => ({
      ...continuousClean,
      scenario: { ...continuousClean.scenario!, workload: { ...(continuousClean.scenario!.workload as object), restarts: 0 } as never },
    }),
  },
  { id: 'G2', ctx: () => corrupt(globalPolicy, (ev) => void (info(ev[idx(ev, taskStart(1))]).Attempt = 1)) },
  {
    id: 'G7',
    ctx: () =>
      corrupt(
        globalPolicy,
        (ev) =>
          void ((ev[idx(ev, (e) => e.Event === 'SparkRetryHarnessQueryTerminated' && e.exception !== null)].causes as string[])[0] =
            'Global retry budget exhausted'),
      ),
  },
];

/** A stateful micro-batch stage whose first attempt of partition 0 is denied its commit, after its state commit (MB9). */
const deniedStatefulCommit = base({
  ...MICRO_BATCH,
  workload: { ...MICRO_BATCH.workload, batches: 1, restarts: 0 },
  faults: [{ task: { stage: 1, partition: 0, attempt: 0 }, fail: { reason: 'TaskCommitDenied' } }],
});

describe('MB9: an attempt denied its commit has committed its state', () => {
  const denied = (e: Ev) => taskEndOf(e)?.['Task End Reason'].Reason === 'TaskCommitDenied';
  it('holds on the simulated run, and flags the run without that state commit', () => {
    const mb9 = ALL_INVARIANTS.find((i) => i.id === 'MB9')!;
    expect(mb9.check(deniedStatefulCommit)).toEqual([]);
    const events = deniedStatefulCommit.events as Ev[];
    const tid = info(events[idx(events, denied)])['Task ID'];
    const without = corrupt(
      deniedStatefulCommit,
      (ev) =>
        void ev.splice(
          idx(ev, (e) => e.Event === 'SparkRetryHarnessStateStoreCommitted' && e.tid === tid),
          1,
        ),
    );
    expect(mb9.check(without).map((v) => v.message)).toEqual([
      expect.stringContaining(`TID ${tid} of stateful stage 1 ended TaskCommitDenied without committing its state`),
    ]);
  });
});

describe('I33: a denied commit names its own attempt', () => {
  it('holds on the simulated run, and flags a TaskCommitDenied naming another attempt or stage', () => {
    const i33 = ALL_INVARIANTS.find((i) => i.id === 'I33')!;
    expect(i33.check(deniedStatefulCommit)).toEqual([]);
    const wrong = corrupt(deniedStatefulCommit, (ev) => {
      const reason = ev[idx(ev, (e) => taskEndOf(e)?.['Task End Reason'].Reason === 'TaskCommitDenied')]['Task End Reason'] as Record<string, number>;
      reason['Attempt Number'] += 1;
      reason['Job ID'] += 5;
    });
    const messages = i33.check(wrong).map((v) => v.message);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/ends TaskCommitDenied but its Job ID is \d+, not its stage's id 1$/);
    expect(messages[1]).toMatch(/ends TaskCommitDenied but its Attempt Number is 1, not its attempt 0$/);
  });
});

describe('the invariant catalogue', () => {
  it('has at least 30 invariants with unique ids, and every one is exercised below', () => {
    const ids = ALL_INVARIANTS.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(30);
    expect(ids.filter((id) => !CASES.some((c) => c.id === id))).toEqual([]);
  });

  it.each(Object.entries(BASES))('every invariant holds on the simulated %s trace', (_name, ctx) => {
    const bad = ALL_INVARIANTS.flatMap((i) => i.check(ctx));
    expect(bad).toEqual([]);
  });

  it.each(CASES.map((c) => [c.id, c] as const))('%s flags its corrupted trace', (id, c) => {
    const inv = ALL_INVARIANTS.find((i) => i.id === id)!;
    expect(inv.check(c.ctx()).length).toBeGreaterThan(0);
  });

  it('trace invariants hold on a streaming run seen as a real Spark log would show it (no checkpoint events)', () => {
    for (const ctx of [microBatch, seedArticle, continuousClean]) {
      const events = ctx.events.filter((e) => !e.Event.startsWith('SparkRetryHarness'));
      const bad = ALL_INVARIANTS.filter((i) => i.needs === 'trace').flatMap((i) => i.check({ events }));
      expect(bad).toEqual([]);
    }
  });

  it('the base scenarios are valid', () => {
    expect(() =>
      scenarioOf({ scenario: 1, seed: 1, cluster: { master: 'local[1]' }, workload: { mode: 'batch', rdds: [{ id: 0, partitions: 1 }], jobs: [{ rdd: 0 }] } }),
    ).not.toThrow();
  });
});

describe('I30–I32 hold on the near misses their statements allow', () => {
  const check = (id: string, ctx: InvariantContext) => ALL_INVARIANTS.find((i) => i.id === id)!.check(ctx);
  const stageCompleted = (e: Ev) => e.Event === 'SparkListenerStageCompleted';

  it('I30: a run stopped before its end may leave a stage attempt open', () => {
    const open = corrupt(clean, (ev) => void ev.splice(idx(ev, stageCompleted), 1), { finished: false });
    expect(check('I30', open)).toEqual([]);
    expect(check('I30', { ...open, finished: true }).map((v) => v.message)).toEqual(['stage 0.0 was submitted but never completed']);
  });

  it('I30: a stage attempt with no task to run that completes at once', () => {
    const empty = corrupt(clean, (ev) => {
      const s = structuredClone(ev[idx(ev, (e) => e.Event === 'SparkListenerStageSubmitted')]);
      const c = structuredClone(ev[idx(ev, stageCompleted)]);
      for (const x of [s, c]) Object.assign(stageInfo(x), { 'Stage ID': 9, 'Number of Tasks': 0 });
      ev.splice(idx(ev, jobEnd), 0, s, c);
    });
    expect(check('I30', empty)).toEqual([]);
  });

  it('I31: a map stage runs partitions again after a fetch failure lost their output', () => {
    const mapStarts = (ctx: InvariantContext) =>
      ctx.events.filter((e) => e.Event === 'SparkListenerTaskStart' && e['Stage ID'] === 0 && e['Task Info']['Partition ID'] === 1).length;
    expect(mapStarts(fetch)).toBe(2);
    expect(check('I31', fetch)).toEqual([]);
    // The same trace with stage 0's tasks read as result tasks: those reruns are flagged.
    const asResult = corrupt(fetch, (ev) => {
      for (const e of ev) if (e.Event === 'SparkListenerTaskEnd' && e['Stage ID'] === 0) e['Task Type'] = 'ResultTask';
    });
    expect(check('I31', asResult).map((v) => v.message)).toEqual([
      'TID 6 runs partition 1 of result stage 0 again at 400 ms, after it succeeded at 100 ms',
      'TID 7 runs partition 3 of result stage 0 again at 400 ms, after it succeeded at 100 ms',
    ]);
  });

  it('I32: a task that ends at the instant its job succeeds need not be killed', () => {
    expect(check('I32', jobEndsBeforeLastTask(0))).toEqual([]);
    expect(check('I32', jobEndsBeforeLastTask(1)).length).toBe(1);
  });
});

describe('I17 and the result-getter race of Spark 3.2.0 (SPARK-37300)', () => {
  const i17 = ALL_INVARIANTS.find((i) => i.id === 'I17')!;
  // TID 0 of the clean run, ended first by its executor's loss, then by its own fetched result.
  const lostThenOwnEnd = (second: string) =>
    corrupt(clean, (ev) => {
      const i = idx(ev, taskEnd(0));
      const lost = structuredClone(ev[i]);
      lost['Task End Reason'] = { Reason: 'ExecutorLostFailure', 'Executor ID': 'driver', 'Exit Caused By App': true, 'Loss Reason': 'Executor Process Lost' };
      ev.splice(i, 0, lost);
      (ev[i + 1]['Task End Reason'] as { Reason: string }).Reason = second;
    });

  it('accepts a late end of the task itself after its ExecutorLostFailure, as real logs show', () => {
    expect(i17.check(lostThenOwnEnd('Success'))).toEqual([]);
  });

  it('still flags two ExecutorLostFailures, or a third end', () => {
    expect(i17.check(lostThenOwnEnd('ExecutorLostFailure')).length).toBeGreaterThan(0);
    const third = corrupt(lostThenOwnEnd('Success'), (ev) => {
      const i = idx(ev, taskEnd(0));
      ev.splice(i, 0, structuredClone(ev[i]));
    });
    expect(i17.check(third).length).toBeGreaterThan(0);
  });
});

describe('I5 and a cancellation queued before the abort', () => {
  const i5 = ALL_INVARIANTS.find((i) => i.id === 'I5')!;
  /** The aborting run with its job's end turned into a job-group cancellation (the abort message gone). */
  const cancelled = (message: string) => corrupt(batchAbort, (ev) => void (failedJobMessage(ev).Message = message));
  it('accepts an index at the limit whose job was cancelled before the abort was handled', () => {
    expect(i5.check(cancelled('Job 0 cancelled part of cancelled job group 7f1c'))).toEqual([]);
  });
  it('still flags an index at the limit whose job ended any other way', () => {
    expect(
      i5
        .check(cancelled('Job aborted due to an unrelated cause'))
        .map((v) => v.message)
        .join('\n'),
    ).toMatch(/reached 4 counted failures but no job aborted/);
  });
});

describe('I9 and a launch the DAGScheduler reports after the stage was cancelled', () => {
  const i9 = ALL_INVARIANTS.find((i) => i.id === 'I9')!;
  const stopped = base({ scenario: 1, seed: 8, cluster: { master: 'local[2]' }, workload: { mode: 'continuous', partitions: 2, epochs: 2 } });
  /** The stopped run with TID 1's TaskStart moved just after its stage's cancellation, launched `late` ms after it. */
  const lateStart = (late: number) =>
    corrupt(stopped, (ev) => {
      const completed = idx(ev, (e) => e.Event === 'SparkListenerStageCompleted');
      const time = stageInfo(ev[completed])['Completion Time'] as number;
      const start = idx(ev, taskStart(1));
      info(ev[start])['Launch Time'] = time + late;
      move(ev, start, completed);
    });
  it('the base run cancels its stage at the stop', () => {
    const completed = stopped.events.find((e) => e.Event === 'SparkListenerStageCompleted') as Ev;
    expect(String(stageInfo(completed)['Failure Reason'])).toMatch(/cancelled/);
    expect(i9.check(stopped)).toEqual([]);
  });
  it('accepts a TaskStart posted after the cancellation for a task launched before it', () => {
    expect(i9.check(lateStart(0))).toEqual([]);
  });
  it('a fake retry launched before the cancellation and reported after it breaks neither I2 nor I9', () => {
    const retried = corrupt(stopped, (ev) => {
      const completed = idx(ev, (e) => e.Event === 'SparkListenerStageCompleted');
      const time = stageInfo(ev[completed])['Completion Time'] as number;
      const start = structuredClone(ev[idx(ev, taskStart(1))]);
      const end = structuredClone(ev[idx(ev, taskEnd(1))]);
      for (const e of [start, end]) Object.assign(info(e), { 'Task ID': 2, Attempt: 1, 'Launch Time': time });
      ev.splice(completed + 1, 0, start, end);
    });
    expect(ALL_INVARIANTS.find((i) => i.id === 'I2')!.check(retried)).toEqual([]);
    expect(i9.check(retried)).toEqual([]);
  });
  it('flags a task launched after the cancellation', () => {
    expect(
      i9
        .check(lateStart(5))
        .map((v) => v.message)
        .join('\n'),
    ).toMatch(/TID 1 starts in stage 0\.0, a zombie/);
  });
});
