// MicroBatchExecution (streaming spec §4): each batch is one Spark job on the plan ending at the
// sink, run by the ordinary scheduler core, so task retries inside a batch are batch Spark's.
// Per batch: offsets/N, the job, the sink commit, commits/N. A failed job ends the query; a
// restart (within `restarts`) resumes from the checkpoint (§4.4).
import type { MicroBatchWorkload, Scenario } from '../scenario/types.js';
import type { JobResult } from '../spark/dag-scheduler.js';
import { buildLineage } from '../spark/lineage.js';
import { SparkApplication, type SimulationOptions } from '../spark/spark-application.js';
import { Checkpoint } from './checkpoint.js';
import { prettyIdString, QueryIdentity, queryTerminatedMessage } from './query-identity.js';
import { StateStoreTaskRunner } from './state-store.js';
import { writeFailureChain } from './streaming-errors.js';
import { SPARK_STREAMING_RULES, type StreamingRules } from './streaming-rules.js';

/** Builds the application, with state stores in its stateful stages, and starts the query on it. */
export function startMicroBatchQuery(
  scenario: Scenario,
  w: MicroBatchWorkload,
  options: SimulationOptions,
  rules: StreamingRules = SPARK_STREAMING_RULES,
): SparkApplication {
  const app = new SparkApplication(scenario, options, (a) => new StateStoreTaskRunner(a.batchRunner(), a.bus, () => a.clock.now, rddIdSpanOf(w), rules));
  new MicroBatchQuery(app, w, rules).start(0);
  return app;
}

/** Each batch execution plans new RDDs, numbered after the previous execution's. */
function rddIdSpanOf(w: MicroBatchWorkload): number {
  return Math.max(...w.rdds.map((r) => r.id)) + 1;
}

class MicroBatchQuery {
  private readonly identity: QueryIdentity;
  private readonly checkpoint = new Checkpoint();
  /** Each batch execution plans new RDDs and shuffles, numbered after the previous ones. */
  private executions = 0;
  private readonly rddIdSpan: number;
  private readonly shuffleSpan: number;

  constructor(
    private readonly app: SparkApplication,
    private readonly w: MicroBatchWorkload,
    private readonly rules: StreamingRules,
  ) {
    this.identity = new QueryIdentity(app.random.fork('query-ids'), w.queryName ?? null);
    this.rddIdSpan = rddIdSpanOf(w);
    this.shuffleSpan = buildLineage(w.rdds).shuffles.length;
  }

  /** populateStartOffsets (§4.4): re-run the last logged batch if uncommitted, else the next. */
  private firstBatch(): number {
    const latest = this.checkpoint.latestOffsets();
    if (latest === null) return 0;
    return this.checkpoint.hasCommit(latest) || !this.rules.microBatchRerunsUncommitted ? latest + 1 : latest;
  }

  start(run: number): void {
    const runId = this.identity.newRunId();
    const first = this.firstBatch();
    this.app.bus.post({
      Event: 'SparkRetryHarnessQueryStarted',
      Timestamp: this.app.clock.now,
      id: this.identity.id,
      runId,
      name: this.identity.name,
      mode: 'microBatch',
      run,
      start: first,
    });
    this.runBatch(run, runId, first);
  }

  private runBatch(run: number, runId: string, batch: number): void {
    if (batch >= this.w.batches) {
      // Every batch is committed: the user stops the query, a clean termination.
      this.terminate(run, runId, null, []);
      this.app.finishDriver();
      return;
    }
    const now = this.app.clock.now;
    // offsets/N is written before the job; a re-run batch keeps its logged offsets (§4.4), so
    // its range (offsets/N-1, offsets/N] is the one the failed run had fixed.
    const from = this.checkpoint.offsetsOf(batch - 1) ?? [0];
    const offsets = this.checkpoint.offsetsOf(batch) ?? from.map((o) => o + this.w.recordsPerBatch);
    if (this.checkpoint.addOffsets(batch, offsets)) {
      this.app.bus.post({ Event: 'SparkRetryHarnessOffsetLogWritten', Timestamp: now, runId, batch, offsets: [...offsets] });
    }
    const records = from.map((start, i): [number, number] => [start, offsets[i]]);
    const exec = this.executions++;
    const lineage = buildLineage(this.w.rdds, exec * this.rddIdSpan, exec * this.shuffleSpan);
    const sink = lineage.rdds.get(exec * this.rddIdSpan + this.w.sink)!;
    const properties = {
      'spark.job.description': `${this.identity.name ?? ''}\nid = ${this.identity.id}\nrunId = ${runId}\nbatch = ${batch}`,
      'spark.jobGroup.id': runId,
      // runStream's setJobGroup(runId, …, interruptOnCancel = true) (streaming spec §4.3).
      'spark.job.interruptOnCancel': 'true',
      'sql.streaming.queryId': this.identity.id,
      __is_continuous_processing: 'false',
      'streaming.sql.batchId': String(batch),
      // runBatch writes inside SQLExecution.withNewExecutionId (MicroBatchExecution 3.2.0).
      'spark.sql.execution.id': this.app.nextSqlExecutionId(),
    };
    this.app.submitJob(sink, { batch, run, shuffleIdOffset: exec * this.shuffleSpan, properties }, (r) => this.batchEnded(run, runId, batch, records, r));
  }

  private batchEnded(run: number, runId: string, batch: number, records: [number, number][], r: JobResult): void {
    const now = this.app.clock.now;
    if (r.succeeded) {
      // The sink commit, then commits/N (§4.1 step 3).
      this.app.bus.post({ Event: 'SparkRetryHarnessSinkCommitted', Timestamp: now, runId, batch, records });
      this.checkpoint.addCommit(batch);
      this.app.bus.post({ Event: 'SparkRetryHarnessCommitLogWritten', Timestamp: now, runId, batch });
      this.app.schedule(0, () => this.runBatch(run, runId, batch + 1));
      return;
    }
    // The batch is never committed; the query dies with the write failure (§4.2).
    const causes = writeFailureChain(this.w.sinkApi, r.message, r.cause);
    this.terminate(run, runId, queryTerminatedMessage(this.prettyId(runId), causes[0]), causes);
    if (run < this.w.restarts) this.app.schedule(0, () => this.start(run + 1));
    else this.app.finishDriver();
  }

  private prettyId(runId: string): string {
    return prettyIdString(this.identity.name, this.identity.id, runId);
  }

  private terminate(run: number, runId: string, exception: string | null, causes: string[]): void {
    this.app.bus.post({
      Event: 'SparkRetryHarnessQueryTerminated',
      Timestamp: this.app.clock.now,
      id: this.identity.id,
      runId,
      run,
      exception,
      causes,
    });
  }
}
