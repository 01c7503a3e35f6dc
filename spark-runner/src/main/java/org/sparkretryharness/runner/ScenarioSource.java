// The micro-batch query's source on real Spark (ARCHITECTURE §3 "Micro-batch", streaming spec
// §4.1): a V1 Source that Spark's MicroBatchExecution drives itself. Its offset is the number of
// records made available; with admission control Spark asks it for the next end from the last
// logged one (MicroBatchExecution.constructNextBatch 3.2.0 passes the previous batch's end, null
// for the first), and it offers `recordsPerBatch` more each time until `batches` batches' worth.
// getBatch(start, end) plans the scenario's RDDs afresh for the range, so each batch execution
// has RDDs and shuffles of its own, as the simulator numbers them; the range it served is what
// the sink then reports as the batch's records.
package org.sparkretryharness.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SQLContext;
import org.apache.spark.sql.connector.read.streaming.ReadLimit;
import org.apache.spark.sql.connector.read.streaming.SupportsAdmissionControl;
import org.apache.spark.sql.execution.streaming.LongOffset;
import org.apache.spark.sql.execution.streaming.Offset;
import org.apache.spark.sql.execution.streaming.Source;
import org.apache.spark.sql.sources.StreamSourceProvider;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.Tuple2;

public final class ScenarioSource implements Source, SupportsAdmissionControl {
  static final StructType SCHEMA = new StructType().add("value", DataTypes.LongType, false);
  /** Set by the runner before a query starts: the run whose workload the source plans. */
  static volatile RunContext currentRun;
  static volatile JsonNode currentWorkload;
  /** The last range getBatch served, [start, end): the sink's commit reports it as the batch's records. */
  static volatile long[] lastServed;

  private final RunContext run;
  private final JsonNode workload;
  private final long recordsPerBatch;
  private final long total;

  ScenarioSource(RunContext run, JsonNode workload) {
    this.run = run;
    this.workload = workload;
    this.recordsPerBatch = workload.path("recordsPerBatch").asLong(1);
    this.total = recordsPerBatch * workload.get("batches").asLong();
  }

  @Override
  public StructType schema() {
    return SCHEMA;
  }

  @Override
  public Option<Offset> getOffset() {
    throw new UnsupportedOperationException("latestOffset(start, limit) is used with admission control");
  }

  @Override
  public org.apache.spark.sql.connector.read.streaming.Offset latestOffset(org.apache.spark.sql.connector.read.streaming.Offset start, ReadLimit limit) {
    long from = start == null ? 0 : valueOf(start);
    return LongOffset.apply(Math.min(total, from + recordsPerBatch));
  }

  @Override
  public ReadLimit getDefaultReadLimit() {
    return ReadLimit.allAvailable();
  }

  /** An offset as Spark hands it back: a LongOffset, or one read from the offset log (SerializedOffset). */
  private static long valueOf(org.apache.spark.sql.connector.read.streaming.Offset o) {
    return Long.parseLong(o.json().trim());
  }

  /** Batch executions planned so far in this application (each plans new RDDs and shuffles). */
  private static int executions;
  /** The last plan, its range and the next job id when it was made: reused if asked again before any job ran. */
  private static Dataset<Row> lastPlan;
  private static long[] lastPlanRange;
  private static int lastPlanNextJob;

  static void reset() {
    executions = 0;
    lastPlan = null;
    lastPlanRange = null;
    lastServed = null;
  }

  /**
   * The batch's rows. Spark may call getBatch for a range it does not run (populateStartOffsets
   * asks a V1 source for the last batch's range again on a restart, MicroBatchExecution 3.2.0),
   * then once more to run it: the plan made for a range no job has used since is handed out again,
   * so each execution plans its RDDs and shuffles once, as the simulator counts them.
   */
  @Override
  public Dataset<Row> getBatch(Option<Offset> start, Offset end) {
    long from = start.isDefined() ? valueOf(start.get()) : 0;
    long to = valueOf(end);
    lastServed = new long[] {from, to};
    int nextJob = run.sc.dagScheduler().nextJobId().get();
    if (lastPlan != null && lastPlanRange[0] == from && lastPlanRange[1] == to && lastPlanNextJob == nextJob) return lastPlan;
    lastPlan = plan();
    lastPlanRange = new long[] {from, to};
    lastPlanNextJob = nextJob;
    return lastPlan;
  }

  private Dataset<Row> plan() {
    SparkContext sc = run.sc;
    int offset = executions++ * rddIdSpan();
    Map<Integer, ScenarioRdd> rdds = BatchWorkload.buildRdds(sc, workload.get("rdds"), run.behaviour, offset);
    // Scenario shuffle k of this execution is runtime shuffle firstShuffle + k (the batch's job is
    // submitted from this thread, so its tasks see the property).
    sc.setLocalProperty(AttemptBehaviour.SHUFFLE_OFFSET, Integer.toString(BatchWorkload.firstShuffleId(rdds)));
    ScenarioRdd sink = rdds.get(workload.get("sink").asInt());
    // The plan's own RDDs (the rows, Spark SQL's scan) take the sink's name, so the result stage is
    // named as the simulator names it; the call site stays set for the batch on this thread.
    for (JsonNode r : workload.get("rdds")) if (r.get("id").asInt() == workload.get("sink").asInt()) sc.setCallSite(BatchWorkload.callSiteOf(r, offset));
    RowsRdd rows = new RowsRdd(sink);
    return run.spark.internalCreateDataFrame(rows, SCHEMA, true);
  }

  /** RDD ids per batch execution: one more than the largest scenario RDD id (src/streaming/micro-batch-execution.ts). */
  private int rddIdSpan() {
    int max = 0;
    for (JsonNode r : workload.get("rdds")) max = Math.max(max, r.get("id").asInt());
    return max + 1;
  }

  @Override
  public void stop() {}

  /** The provider Spark instantiates for format(ScenarioSource.Provider): hands out the current run's source. */
  public static final class Provider implements StreamSourceProvider {
    @Override
    public Tuple2<String, StructType> sourceSchema(SQLContext sqlContext, Option<StructType> schema, String providerName, scala.collection.immutable.Map<String, String> parameters) {
      return new Tuple2<>("scenario", SCHEMA);
    }

    @Override
    public Source createSource(SQLContext sqlContext, String metadataPath, Option<StructType> schema, String providerName, scala.collection.immutable.Map<String, String> parameters) {
      return new ScenarioSource(currentRun, currentWorkload);
    }
  }
}
