// The memory sink with a window on it (issue 10 §2: the rate source and the memory sink, as the
// seed article's demo ran): a data source (format = this class) whose table is Spark's own
// MemorySink, every write path delegated to it, except that the driver-side commit of a batch or
// epoch posts SparkRetryHarnessSinkCommitted on the listener bus once the sink has taken the data
// (MemoryStreamingWrite.commit; the EpochCoordinator then writes commits/e, streaming spec §5.4).
package org.sparkretryharness.runner;

import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsWrite;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.PhysicalWriteInfo;
import org.apache.spark.sql.connector.write.SupportsTruncate;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.apache.spark.sql.connector.write.streaming.StreamingDataWriterFactory;
import org.apache.spark.sql.connector.write.streaming.StreamingWrite;
import org.apache.spark.sql.execution.streaming.sources.MemorySink;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.sparkretryharness.events.SparkRetryHarnessSinkCommitted;

public final class ObservedMemorySink implements TableProvider {
  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    return new StructType();
  }

  @Override
  public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
    return new ObservedTable(new MemorySink());
  }

  /**
   * Posts the sink's commit of a batch or epoch. A micro-batch's records are the range the source
   * served for it (getBatch runs on the query's thread just before the batch's write); a
   * continuous epoch's are not observed (its QueryStarted says so).
   */
  static void postSinkCommitted(long batch) {
    SparkRetryHarnessSinkCommitted e = new SparkRetryHarnessSinkCommitted();
    e.runId = Queries.currentRunId;
    e.batch = batch;
    long[] served = ScenarioSource.lastServed;
    if ("microBatch".equals(Queries.currentMode) && served != null) e.records = new long[][] {served};
    org.apache.spark.SparkContext$.MODULE$.getActive().get().listenerBus().post(e);
  }

  static final class ObservedTable implements Table, SupportsWrite {
    private final MemorySink sink;

    ObservedTable(MemorySink sink) {
      this.sink = sink;
    }

    @Override
    public String name() {
      return "ObservedMemorySink";
    }

    @Override
    public StructType schema() {
      return sink.schema();
    }

    @Override
    public Set<TableCapability> capabilities() {
      return sink.capabilities();
    }

    @Override
    public WriteBuilder newWriteBuilder(LogicalWriteInfo info) {
      return new ObservedWriteBuilder(sink.newWriteBuilder(info));
    }
  }

  static final class ObservedWriteBuilder implements WriteBuilder, SupportsTruncate {
    private WriteBuilder inner;

    ObservedWriteBuilder(WriteBuilder inner) {
      this.inner = inner;
    }

    @Override
    public WriteBuilder truncate() {
      inner = ((SupportsTruncate) inner).truncate();
      return this;
    }

    @Override
    public Write build() {
      Write write = inner.build();
      return new Write() {
        @Override
        public StreamingWrite toStreaming() {
          return new ObservedStreamingWrite(write.toStreaming());
        }
      };
    }
  }

  static final class ObservedStreamingWrite implements StreamingWrite {
    private final StreamingWrite inner;

    ObservedStreamingWrite(StreamingWrite inner) {
      this.inner = inner;
    }

    @Override
    public StreamingDataWriterFactory createStreamingWriterFactory(PhysicalWriteInfo info) {
      return inner.createStreamingWriterFactory(info);
    }

    @Override
    public void commit(long epochId, WriterCommitMessage[] messages) {
      inner.commit(epochId, messages);
      postSinkCommitted(epochId);
    }

    @Override
    public void abort(long epochId, WriterCommitMessage[] messages) {
      inner.abort(epochId, messages);
    }
  }
}
