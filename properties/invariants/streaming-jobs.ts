// Q2 streaming-job-properties (streaming spec §4.3, §5.2 step 2; StreamExecution.runStream,
// MicroBatchExecution.runBatch and ContinuousExecution.runContinuous, Spark 3.2.0): the local
// properties every streaming job carries, as real event logs show them. runStream sets the job
// group once per run: the group id is the runId, the description is the query's name (or
// nothing), its id, its runId and its batch, and interruptOnCancel is true. A micro-batch job
// names its batch (streaming.sql.batchId, the description's "batch = N"); a continuous job's
// description still says "batch = init" (currentBatchId is -1 when the group is set and
// continuous mode never sets it again), and it carries the run's start epoch and an epoch
// coordinator id of the form "<runId>--<uuid>" (ids are random, version 4, UUIDs). Where the trace has the run's QueryStarted, the
// job belongs to that run: same query id, its name, its mode and, continuous, its start epoch.
// The formats are stated here, not imported from src/streaming, so a slip there shows.
import type { TraceEvent } from '../../src/trace/events.js';
import { streamingInvariant } from './streaming.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type QueryStarted = Extract<TraceEvent, { Event: 'SparkRetryHarnessQueryStarted' }>;

export const streamingJobProperties = streamingInvariant(
  'Q2',
  'streaming-job-properties',
  'trace',
  'a streaming job carries its run\'s job group (group id = runId, interruptOnCancel true) and the description "<name>\\nid = <query id>\\nrunId = <runId>\\nbatch = <N>" ("init" in continuous mode), the continuous flag, and its batch id, or its start epoch and a "<runId>--" epoch coordinator id (streaming spec §4.3, §5.2)',
  (_ctx, _facts, report) => {
    /** Each run's QueryStarted, by runId (a global-policy restart keeps the runId: the latest). */
    const runs = new Map<string, QueryStarted>();
    return {
      event(e, i) {
        if (e.Event === 'SparkRetryHarnessQueryStarted') {
          runs.set(e.runId, e);
          return;
        }
        if (e.Event !== 'SparkListenerJobStart') return;
        const p = e.Properties ?? {};
        const queryId = p['sql.streaming.queryId'];
        if (queryId === undefined) return;
        for (const problem of propertyProblems(p, queryId, runs.get(p['spark.jobGroup.id'] ?? ''))) report(`job ${e['Job ID']}: ${problem}`, i);
      },
    };
  },
);

function propertyProblems(p: Record<string, string>, queryId: string, run: QueryStarted | undefined): string[] {
  const out: string[] = [];
  const runId = p['spark.jobGroup.id'];
  const continuous = p['__is_continuous_processing'];
  if (runId === undefined) return ['a streaming job without a job group (spark.jobGroup.id)'];
  // The query id, the runId and the coordinator's suffix are java.util.UUID.randomUUID(): version 4.
  for (const [what, id] of [
    ['sql.streaming.queryId', queryId],
    ['spark.jobGroup.id (the runId)', runId],
  ])
    if (!UUID.test(id)) out.push(`${what} ${JSON.stringify(id)} is not a random (version 4) UUID`);
  if (continuous !== 'true' && continuous !== 'false') return [`__is_continuous_processing is ${JSON.stringify(continuous)}, not "true" or "false"`];
  if (p['spark.job.interruptOnCancel'] !== 'true')
    out.push(`spark.job.interruptOnCancel is ${JSON.stringify(p['spark.job.interruptOnCancel'])}; runStream sets "true"`);
  const batch = continuous === 'true' ? 'init' : p['streaming.sql.batchId'];
  if (batch === undefined || (continuous === 'false' && !/^\d+$/.test(batch)))
    out.push(`a micro-batch job with streaming.sql.batchId ${JSON.stringify(batch)}`);
  const name = run !== undefined ? run.name : descriptionName(p['spark.job.description']);
  const description = `${name ?? ''}\nid = ${queryId}\nrunId = ${runId}\nbatch = ${batch}`;
  if (p['spark.job.description'] !== description)
    out.push(`description ${JSON.stringify(p['spark.job.description'])}; expected ${JSON.stringify(description)}`);
  if (continuous === 'true') {
    if (!/^\d+$/.test(p['__continuous_start_epoch'] ?? '')) out.push(`__continuous_start_epoch is ${JSON.stringify(p['__continuous_start_epoch'])}`);
    const coordinator = p['__epoch_coordinator_id'] ?? '';
    if (!coordinator.startsWith(`${runId}--`)) out.push(`__epoch_coordinator_id ${JSON.stringify(coordinator)} does not start with "${runId}--"`);
    else if (!UUID.test(coordinator.slice(runId.length + 2)))
      out.push(`__epoch_coordinator_id ${JSON.stringify(coordinator)} does not end with a random (version 4) UUID`);
  }
  if (run === undefined) return out;
  if (run.id !== queryId) out.push(`sql.streaming.queryId ${queryId} in run ${runId} of query ${run.id}`);
  if ((run.mode === 'continuous') !== (continuous === 'true')) out.push(`__is_continuous_processing "${continuous}" in a ${run.mode} run`);
  if (run.mode === 'continuous' && continuous === 'true' && p['__continuous_start_epoch'] !== String(run.start))
    out.push(`__continuous_start_epoch ${p['__continuous_start_epoch']} in a run that starts at epoch ${run.start}`);
  return out;
}

/** The name a description begins with, when the trace has no QueryStarted to give it: the text before "\nid = ". */
function descriptionName(description: string | undefined): string | null {
  const at = description?.indexOf('\nid = ') ?? -1;
  return at <= 0 ? null : description!.slice(0, at);
}
