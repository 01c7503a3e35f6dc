// Q2, streaming-job-properties: the local properties of streaming jobs, on simulated runs of both
// modes and on the properties a real Spark 3.2.0 continuous job carried (copied from a real run's
// event log, ids included).
import { describe, expect, it } from 'vitest';
import { ALL_INVARIANTS } from '../../properties/invariants/index.js';
import { simulate } from '../../src/simulate.js';
import type { TraceEvent } from '../../src/trace/events.js';
import { scenarioOf } from '../support/run.js';

const q2 = ALL_INVARIANTS.find((i) => i.id === 'Q2')!;

type JobStart = Extract<TraceEvent, { Event: 'SparkListenerJobStart' }>;
const jobStarts = (events: readonly TraceEvent[]): JobStart[] => events.filter((e): e is JobStart => e.Event === 'SparkListenerJobStart');

/** A micro-batch query whose batch 1 fails in run 0 and is re-run by run 1. */
const microBatch = scenarioOf({
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
  faults: [{ task: { batch: 1, run: 0, partition: 0 }, fail: { reason: 'ExceptionFailure', className: 'java.lang.RuntimeException', description: 'bad row' } }],
});

const continuous = scenarioOf({
  scenario: 1,
  seed: 0,
  cluster: { master: 'local[2,2]' },
  workload: { mode: 'continuous', partitions: 2, epochs: 4, restarts: 1, queryName: 'q', epochIntervalMs: 500 },
  faults: [
    {
      task: { run: 0, partition: 1, epoch: 2, attempt: 0 },
      fail: { reason: 'ExceptionFailure', className: 'java.lang.RuntimeException', description: 'boom' },
    },
  ],
});

/** A real continuous job's properties (Spark 3.2.0, local[2]); its QueryStartedEvent had no name. */
const REAL_CONTINUOUS = {
  'spark.job.description': '\nid = 27811994-a01a-4704-b908-8ad0b47c034f\nrunId = f6042071-e313-4e21-b6c6-ce44f2b2b795\nbatch = init',
  'spark.jobGroup.id': 'f6042071-e313-4e21-b6c6-ce44f2b2b795',
  'spark.job.interruptOnCancel': 'true',
  'sql.streaming.queryId': '27811994-a01a-4704-b908-8ad0b47c034f',
  __is_continuous_processing: 'true',
  __continuous_start_epoch: '0',
  __epoch_coordinator_id: 'f6042071-e313-4e21-b6c6-ce44f2b2b795--a6cd4dae-72e8-42c9-bdc7-8057867faaa4',
  'spark.sql.execution.id': '0',
};

function withProperties(properties: Record<string, string>): TraceEvent[] {
  const job = { Event: 'SparkListenerJobStart', 'Job ID': 0, 'Submission Time': 0, 'Stage Infos': [], 'Stage IDs': [], Properties: properties };
  return [job as unknown as TraceEvent];
}

describe('Q2: streaming-job-properties', () => {
  it('holds on simulated micro-batch and continuous runs (a restart included) and on a real job', () => {
    const micro = simulate(microBatch).trace.events;
    expect(jobStarts(micro).map((e) => e.Properties?.['streaming.sql.batchId'])).toEqual(['0', '1', '1', '2']);
    const cont = simulate(continuous).trace.events;
    expect(jobStarts(cont).map((e) => e.Properties?.['__continuous_start_epoch'])).toEqual(['0', '2']);
    expect(jobStarts(cont)[0].Properties?.['spark.job.description']).toMatch(/^q\nid = .*\nbatch = init$/s);
    for (const events of [micro, cont, withProperties(REAL_CONTINUOUS)]) expect(q2.check({ events })).toEqual([]);
  });

  it('flags a description naming another batch, a wrong start epoch and a lost interrupt flag', () => {
    const events = structuredClone(simulate(continuous).trace.events);
    const [first, second] = jobStarts(events);
    first.Properties!['spark.job.description'] = first.Properties!['spark.job.description'].replace('batch = init', 'batch = 0');
    second.Properties!['__continuous_start_epoch'] = '1';
    second.Properties!['spark.job.interruptOnCancel'] = 'false';
    const messages = q2.check({ events }).map((v) => v.message);
    expect(messages).toHaveLength(3);
    expect(messages[0]).toMatch(/^job 0: description ".*batch = 0"; expected ".*batch = init"$/);
    expect(messages[1]).toBe('job 1: spark.job.interruptOnCancel is "false"; runStream sets "true"');
    expect(messages[2]).toBe('job 1: __continuous_start_epoch 1 in a run that starts at epoch 2');
  });

  it('flags ids that are not random UUIDs, as a uuid one hex digit long would be', () => {
    const long = REAL_CONTINUOUS['__epoch_coordinator_id'] + '0';
    const events = withProperties({ ...REAL_CONTINUOUS, __epoch_coordinator_id: long });
    expect(q2.check({ events }).map((v) => v.message)).toEqual([`job 0: __epoch_coordinator_id "${long}" does not end with a random (version 4) UUID`]);
    const notV4 = withProperties({ ...REAL_CONTINUOUS, 'sql.streaming.queryId': '27811994-a01a-1704-b908-8ad0b47c034f' });
    expect(q2.check({ events: notV4 }).map((v) => v.message)[0]).toBe(
      'job 0: sql.streaming.queryId "27811994-a01a-1704-b908-8ad0b47c034f" is not a random (version 4) UUID',
    );
  });

  it('flags a job group that is not the runId the description names', () => {
    const events = withProperties({ ...REAL_CONTINUOUS, 'spark.jobGroup.id': '0f0e1d2c-3b4a-4596-8877-665544332211' });
    expect(q2.check({ events }).map((v) => v.message)).toEqual([
      `job 0: description "${REAL_CONTINUOUS['spark.job.description'].replace(/\n/g, '\\n')}"; expected "\\nid = 27811994-a01a-4704-b908-8ad0b47c034f\\nrunId = 0f0e1d2c-3b4a-4596-8877-665544332211\\nbatch = init"`,
      'job 0: __epoch_coordinator_id "f6042071-e313-4e21-b6c6-ce44f2b2b795--a6cd4dae-72e8-42c9-bdc7-8057867faaa4" does not start with "0f0e1d2c-3b4a-4596-8877-665544332211--"',
    ]);
  });
});
