// The shape a real event-log line must have for the trace invariants to read it: for the listener
// events they look at, the nested objects and ids they use, with JSON types. Anything else in a
// line (more fields, other events, other Spark versions' additions) is left alone. A line that
// fails gets one sentence naming the event and the field, so `srh eventlog check` can refuse the
// log as bad input instead of reporting nonsense ids as scheduler bugs.
import { z } from 'zod';

const id = z.number().int();
// Optional fields may also be null: some writers of Spark-format logs spell "absent" that way.
const optionalNumber = z.number().nullish();

const TaskInfo = z.looseObject({
  'Task ID': id,
  Index: id,
  Attempt: id,
  'Executor ID': z.string(),
  Host: z.string(),
  'Launch Time': optionalNumber,
  'Finish Time': optionalNumber,
});

const StageInfo = z.looseObject({
  'Stage ID': id,
  'Stage Attempt ID': id,
  'Number of Tasks': id,
  'Failure Reason': z.string().nullish(),
});

const StageAttempt = { 'Stage ID': id, 'Stage Attempt ID': id };

const SPARK_SHAPES: Record<string, z.ZodType> = {
  SparkListenerJobStart: z.looseObject({ 'Job ID': id, 'Stage IDs': z.array(id), 'Stage Infos': z.array(StageInfo).optional() }),
  SparkListenerJobEnd: z.looseObject({
    'Job ID': id,
    'Job Result': z.looseObject({ Result: z.string(), Exception: z.looseObject({ Message: z.string().optional() }).optional() }),
  }),
  SparkListenerStageSubmitted: z.looseObject({ 'Stage Info': StageInfo }),
  SparkListenerStageCompleted: z.looseObject({ 'Stage Info': StageInfo }),
  SparkListenerTaskStart: z.looseObject({ ...StageAttempt, 'Task Info': TaskInfo }),
  SparkListenerTaskGettingResult: z.looseObject({ 'Task Info': TaskInfo }),
  SparkListenerTaskEnd: z.looseObject({ ...StageAttempt, 'Task End Reason': z.looseObject({ Reason: z.string() }), 'Task Info': TaskInfo }),
  SparkListenerExecutorAdded: z.looseObject({ 'Executor ID': z.string(), 'Executor Info': z.looseObject({ 'Total Cores': id }) }),
  SparkListenerExecutorRemoved: z.looseObject({ 'Executor ID': z.string() }),
};

// Our own streaming events (ARCHITECTURE §1), as `srh run --eventlog` writes them: the checks read
// every one of these fields.
const count = z.number().int();
const range = z.tuple([count, count]);
const partitionMessage = { Timestamp: z.number(), runId: z.string(), epoch: count, partition: count, tid: count, attempt: count };

const HARNESS_SHAPES: Record<string, z.ZodType> = {
  SparkRetryHarnessQueryStarted: z.looseObject({ id: z.string(), runId: z.string(), mode: z.enum(['microBatch', 'continuous']), run: count, start: count }),
  SparkRetryHarnessQueryTerminated: z.looseObject({
    id: z.string(),
    runId: z.string(),
    run: count,
    exception: z.string().nullable(),
    causes: z.array(z.string()),
  }),
  SparkRetryHarnessOffsetLogWritten: z.looseObject({ runId: z.string(), batch: count, offsets: z.array(count).optional() }),
  SparkRetryHarnessSinkCommitted: z.looseObject({ runId: z.string(), batch: count, records: z.array(range).optional() }),
  SparkRetryHarnessCommitLogWritten: z.looseObject({ runId: z.string(), batch: count }),
  SparkRetryHarnessPartitionOffsetReported: z.looseObject({ ...partitionMessage, offset: count }),
  SparkRetryHarnessPartitionEpochCommitted: z.looseObject({ ...partitionMessage, records: range }),
  SparkRetryHarnessWritesStopped: z.looseObject({ runId: z.string() }),
  SparkRetryHarnessStagePartitions: z.looseObject({ stageId: count, stageAttemptId: count, partitions: z.array(count.nullable()) }),
  SparkRetryHarnessStateStoreCommitted: z.looseObject({
    batch: count,
    operator: count,
    stageId: count,
    stageAttemptId: count,
    partition: count,
    tid: count,
    attempt: count,
    loadedVersion: count,
    version: count,
  }),
};

const EDITED = 'this line is not as Spark writes it — check that the log was not edited or cut, or leave the line out';
const EDITED_OURS = 'this line is not as `srh run --eventlog` writes it — check that the log was not edited or cut, or leave the line out';

/** Null when the event has the shape the checker needs; else what is wrong and what to do, in one line. */
export function eventShapeProblem(event: { Event: string }): string | null {
  const ours = event.Event.startsWith('SparkRetryHarness');
  const shape = ours ? HARNESS_SHAPES[event.Event] : SPARK_SHAPES[event.Event];
  if (shape === undefined) return null;
  const edited = ours ? EDITED_OURS : EDITED;
  const r = shape.safeParse(event);
  if (r.success) return null;
  const issue = r.error.issues[0];
  const field = issue.path.map((p) => `"${String(p)}"`).join(' → ');
  const present = issue.path.length > 0 && valueAt(event, issue.path) !== undefined;
  if (present) return `${event.Event} has ${field} of the wrong type (${issue.message.toLowerCase()}); ${edited}`;
  // Spark before 1.2 wrote no attempt numbers; the checks count attempts, so they cannot run.
  const last = String(issue.path.at(-1));
  if (!ours && (last === 'Stage Attempt ID' || last === 'Attempt'))
    return `${event.Event} without ${field}, as Spark before 1.2 wrote it; the checks count attempts, so they cannot run on a log without attempt numbers`;
  return `${event.Event} without ${field}; ${edited}`;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}
