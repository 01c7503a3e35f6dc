// The raw scenario JSON (ARCHITECTURE §3) as zod schemas, one per section, so a problem in one
// section does not hide the problems of another. Unknown keys are errors everywhere.
import { z } from 'zod';
import { INJECTABLE_REASONS } from './types.js';

const nonNegInt = z.int().min(0);
const posInt = z.int().min(1);

// Sizes a run can hold in memory (one trace event is about 700 bytes); beyond them a scenario is
// refused with the bound, not left to exhaust the heap.
// Source offsets are record counts; these keep them exact doubles over any run within the limits.
export const MAX_RECORDS_PER_BATCH = 1_000_000_000;
export const MAX_RECORDS_PER_SECOND = 1_000_000;
export const MAX_PARTITIONS = 500_000; // a run of one such stage takes about 1,000,000 events and 0.9 GB
export const MAX_RDDS = 1_000;
export const MAX_JOBS = 100_000;
export const MAX_EXECUTORS = 10_000;
export const MAX_EVENTS = 2_000_000;
// A partition message is smaller than a listener event (about 250 bytes in the trace).
export const MAX_PARTITION_MESSAGES = 4_000_000;
/** The last millisecond of year 9999: Spark formats times with four-digit years. */
export const MAX_START_TIME_MS = 253_402_300_799_999;

export const TopLevelSchema = z.strictObject({
  scenario: z.unknown().optional(), // its version is checked first, with a message of its own
  name: z.string().optional(),
  seed: z.int(),
  cluster: z.unknown(),
  conf: z.unknown().optional(),
  workload: z.unknown(),
  faults: z.unknown().optional(), // checked entry by entry in parseFaults
  taskDurationMs: posInt.optional(),
  taskDurationJitter: z.number().min(0).max(0.999999).optional(),
  startTimeMs: nonNegInt.max(MAX_START_TIME_MS).optional(),
  limits: z
    .strictObject({
      maxEvents: posInt.max(MAX_EVENTS).optional(),
      maxTimeMs: posInt.optional(),
      maxPartitionMessages: posInt.max(MAX_PARTITION_MESSAGES).optional(),
    })
    .optional(),
});

export const ExecutorSchema = z.strictObject({
  id: z.string().min(1),
  host: z.string().min(1).optional(),
  cores: posInt.optional(),
});

export const ClusterSchema = z.strictObject({
  master: z.string(),
  host: z.string().min(1).optional(),
  executors: z.array(ExecutorSchema).max(MAX_EXECUTORS).optional(),
});

export const DependencySchema = z.strictObject({
  rdd: nonNegInt,
  type: z.enum(['narrow', 'shuffle']),
});

export const RddSchema = z.strictObject({
  id: nonNegInt,
  partitions: posInt.max(MAX_PARTITIONS),
  deps: z.array(DependencySchema).optional(),
  callSite: z.string().min(1).optional(),
});

const rdds = z.array(RddSchema).min(1).max(MAX_RDDS);

export const WorkloadSchema = z.discriminatedUnion('mode', [
  z.strictObject({
    mode: z.literal('batch'),
    rdds,
    jobs: z
      .array(z.strictObject({ rdd: nonNegInt }))
      .min(1)
      .max(MAX_JOBS),
  }),
  z.strictObject({
    mode: z.literal('microBatch'),
    rdds,
    sink: nonNegInt,
    batches: posInt,
    restarts: nonNegInt.optional(),
    sinkApi: z.enum(['v2', 'v1', 'file']).optional(),
    // At least 1: Spark 3.2 constructs a batch only when there is new data (MicroBatchExecution).
    recordsPerBatch: posInt.max(MAX_RECORDS_PER_BATCH).optional(),
    queryName: z.string().min(1).optional(),
  }),
  z.strictObject({
    mode: z.literal('continuous'),
    partitions: posInt.max(MAX_PARTITIONS),
    epochs: posInt,
    restarts: nonNegInt.optional(),
    retryPolicy: z.enum(['none', 'global']).optional(),
    epochIntervalMs: posInt.optional(),
    recordsPerSecond: nonNegInt.max(MAX_RECORDS_PER_SECOND).optional(),
    queryName: z.string().min(1).optional(),
  }),
]);

export const SelectorSchema = z.strictObject({
  job: nonNegInt.optional(),
  batch: nonNegInt.optional(),
  epoch: nonNegInt.optional(),
  run: nonNegInt.optional(),
  stage: nonNegInt.optional(),
  stageAttempt: nonNegInt.optional(),
  partition: nonNegInt.optional(),
  attempt: nonNegInt.optional(),
});

export const ReasonSchema = z.discriminatedUnion('reason', [
  z.strictObject({
    reason: z.literal('ExceptionFailure'),
    className: z.string().min(1).optional(),
    description: z.string().nullable().optional(),
    stackTrace: z.array(z.string()).optional(),
  }),
  z.strictObject({ reason: z.literal('TaskKilled'), killReason: z.string().optional() }),
  z.strictObject({ reason: z.literal('FetchFailed'), shuffle: nonNegInt, mapIndex: nonNegInt, message: z.string().optional() }),
  z.strictObject({ reason: z.literal('TaskResultLost') }),
  z.strictObject({ reason: z.literal('TaskCommitDenied') }),
  z.strictObject({ reason: z.literal('UnknownReason') }),
]);

export const TaskFaultSchema = z.strictObject({
  task: SelectorSchema,
  fail: ReasonSchema.optional(),
  durationMs: nonNegInt.optional(),
  phase: z.enum(['read', 'commit']).optional(),
});

export const ExecutorLostSchema = z.strictObject({
  executorLost: z.strictObject({
    executor: z.string().min(1),
    atMs: nonNegInt,
    exitCausedByApp: z.boolean().optional(),
    reason: z.string().min(1).optional(),
  }),
});

/** The raw JSON a scenario file holds: what generators produce and the corpus stores. */
export interface ScenarioInput {
  scenario: 1;
  name?: string;
  seed: number;
  cluster: z.input<typeof ClusterSchema>;
  conf?: Record<string, number | boolean | string>;
  workload: z.input<typeof WorkloadSchema>;
  faults?: (z.input<typeof TaskFaultSchema> | z.input<typeof ExecutorLostSchema>)[];
  taskDurationMs?: number;
  taskDurationJitter?: number;
  startTimeMs?: number;
  limits?: { maxEvents?: number; maxTimeMs?: number; maxPartitionMessages?: number };
}

export const REASON_NAMES = INJECTABLE_REASONS;
