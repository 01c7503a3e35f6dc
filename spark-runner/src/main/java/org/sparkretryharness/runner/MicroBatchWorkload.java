// A micro-batch query on real Spark (ARCHITECTURE §3 "Micro-batch", streaming spec §4): the
// scenario's source (ScenarioSource) into one of the three sink APIs, with Spark's default
// trigger, so MicroBatchExecution itself logs offsets/N, runs batch N's job, commits the sink and
// writes commits/N. "v2" is the memory sink behind the observed table (a DSv2 write), "v1" a
// foreachBatch function that runs the batch as one job (ForeachBatchSink, a v1 Sink), "file" the
// JSON file sink (FileStreamSink, whose _spark_metadata/N marks its commit). The user stops the
// query once `batches` batches are in the commit log; a failed query is restarted from its
// checkpoint while `restarts` remain.
package org.sparkretryharness.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.StreamingQuery;

final class MicroBatchWorkload {
  private MicroBatchWorkload() {}

  static void run(RunContext run, JsonNode w) throws Exception {
    long batches = w.get("batches").asLong();
    int restarts = w.path("restarts").asInt(0);
    ScenarioSource.reset();
    ScenarioSource.currentRun = run;
    ScenarioSource.currentWorkload = w;
    for (int r = 0; r <= restarts; r++) {
      run.sc.setLocalProperty(AttemptBehaviour.RUN, Integer.toString(r));
      StreamingQuery q = start(run, w, r);
      run.queries.started(q);
      Queries.awaitCommitsOrEnd(run, q, batches);
      run.queries.awaitTerminated(q);
      if (q.exception().isEmpty()) return;
    }
  }

  private static StreamingQuery start(RunContext run, JsonNode w, int runIndex) throws TimeoutException {
    Dataset<Row> source = run.spark.readStream().format(ScenarioSource.Provider.class.getName()).load();
    DataStreamWriter<Row> writer = source.writeStream().option("checkpointLocation", run.checkpointDir.toString());
    String sinkApi = w.path("sinkApi").asText("v2");
    switch (sinkApi) {
      case "v1":
        writer = writer.foreachBatch(new CountBatch());
        break;
      case "file":
        writer = writer.format("json").option("path", run.workDir.resolve("output").toString());
        break;
      default:
        writer = writer.format(ObservedMemorySink.class.getName());
    }
    if (w.hasNonNull("queryName")) writer = writer.queryName(w.get("queryName").asText());
    run.queries.beforeStart("microBatch", runIndex, Queries.nextBatch(run.checkpointDir));
    return writer.start();
  }


  /** A v1 sink's batch: one job over the batch's rows; the sink has committed once it returns. */
  static final class CountBatch implements VoidFunction2<Dataset<Row>, Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public void call(Dataset<Row> batch, Long batchId) {
      batch.queryExecution().toRdd().count();
      ObservedMemorySink.postSinkCommitted(batchId);
    }
  }
}
