// A continuous query on real Spark (ARCHITECTURE §3 "Continuous", streaming spec §5): the rate
// source with one partition per scenario partition at recordsPerSecond each, a mapPartitions that
// runs the fault schedule at each epoch's boundaries, and the observed memory sink, with
// Trigger.Continuous(epochIntervalMs), as the seed article's demo ran it. Spark itself makes every
// attempt with attemptNumber ≥ 1 throw ContinuousTaskRetryException (ContinuousDataSourceRDD). The
// user stops the query once `epochs` epochs are in the commit log; a failed query is restarted
// by hand from its checkpoint while `restarts` remain.
package org.sparkretryharness.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.TimeoutException;
import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.catalyst.encoders.RowEncoder;
import org.apache.spark.sql.execution.streaming.continuous.EpochTracker;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

final class ContinuousWorkload {
  private ContinuousWorkload() {}

  static void run(RunContext run, JsonNode w) throws Exception {
    int partitions = w.get("partitions").asInt();
    long epochs = w.get("epochs").asLong();
    int restarts = w.path("restarts").asInt(0);
    for (int r = 0; r <= restarts; r++) {
      run.sc.setLocalProperty(AttemptBehaviour.RUN, Integer.toString(r));
      StreamingQuery q = start(run, w, partitions, r);
      run.queries.started(q);
      Queries.awaitCommitsOrEnd(run, q, epochs);
      run.queries.awaitTerminated(q);
      // Failed, or stopped by the user; a backlog stop (stopInNewThread) ends the query before
      // its failure is recorded, so the failure is read once the run has wholly terminated.
      if (q.exception().isEmpty()) return;
    }
  }

  private static StreamingQuery start(RunContext run, JsonNode w, int partitions, int runIndex) throws TimeoutException {
    long perPartition = w.path("recordsPerSecond").asLong(10);
    Dataset<Row> source = run.spark.readStream().format("rate").option("numPartitions", partitions).option("rowsPerSecond", perPartition * partitions).load();
    Dataset<Row> checked = source.mapPartitions(new EpochFaults(run.faults), RowEncoder.apply(source.schema()));
    String name = w.hasNonNull("queryName") ? w.get("queryName").asText() : null;
    var writer = checked.writeStream().trigger(Trigger.Continuous(w.path("epochIntervalMs").asLong(1000))).option("checkpointLocation", run.checkpointDir.toString());
    writer = writer.format(ObservedMemorySink.class.getName());
    if (name != null) writer = writer.queryName(name);
    run.queries.beforeStart("continuous", runIndex, Queries.nextBatch(run.checkpointDir));
    return writer.start();
  }


  /**
   * The fault schedule at epoch boundaries, in the task's thread. ContinuousWriteRDD computes its
   * input once per epoch, then makes the epoch's writer and pulls records until the reader meets
   * the epoch's marker and sends ReportPartitionOffset (ContinuousWriteRDD.compute,
   * ContinuousQueuedDataReader.next 3.2.0). So the first hasNext of an epoch is its start, with
   * the writer made and nothing read: a fault "before the report" (the default) strikes there, and
   * the partition never reports that epoch; a "phase": "commit" fault strikes when the input ends,
   * just after the report and before the writer commits. A slow epoch sleeps at its start.
   */
  static final class EpochFaults implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final TaskFaults faults;

    EpochFaults(TaskFaults faults) {
      this.faults = faults;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> records) {
      TaskContext ctx = TaskContext.get();
      TaskFaults.Context c = AttemptBehaviour.context(ctx);
      scala.Option<Object> current = EpochTracker.getCurrentEpoch();
      c.epoch = current.isDefined() ? ((Long) current.get()).intValue() : null;
      TaskFaults.Entry e = faults.find(c, shuffle -> false);
      return e == null ? records : new FaultyEpoch(records, e, ctx);
    }
  }

  private static final class FaultyEpoch implements Iterator<Row> {
    private final Iterator<Row> records;
    private final TaskFaults.Entry fault;
    private final TaskContext ctx;
    private boolean started;

    FaultyEpoch(Iterator<Row> records, TaskFaults.Entry fault, TaskContext ctx) {
      this.records = records;
      this.fault = fault;
      this.ctx = ctx;
    }

    @Override
    public boolean hasNext() {
      if (!started) {
        started = true;
        if (fault.durationMs != null) AttemptBehaviour.sleepNoticingKills(ctx, fault.durationMs);
        if (fault.fail != null && !fault.commitPhase) fault.fail.raise(ctx, new ShuffleInputs());
      }
      if (records.hasNext()) return true;
      if (fault.fail != null && fault.commitPhase) fault.fail.raise(ctx, new ShuffleInputs());
      return false;
    }

    @Override
    public Row next() {
      return records.next();
    }
  }
}
