// The checkpoint's file manager with a window on it (spark.sql.streaming.checkpointFileManagerClass):
// when the driver has written offsets/N or commits/N into place (HDFSMetadataLog.add: an atomic
// create, then close renames the file in), it posts SparkRetryHarnessOffsetLogWritten or
// SparkRetryHarnessCommitLogWritten on the listener bus at that moment, so the event log says
// when each log entry was written relative to the jobs (streaming spec §4.1, §5.4). The run id is
// the running query's (continuous mode writes offsets/e on the EpochCoordinator's thread, so the
// query thread's job group is not at hand there).
package org.sparkretryharness.runner;

import java.io.IOException;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.sql.execution.streaming.FileContextBasedCheckpointFileManager;
import org.sparkretryharness.events.SparkRetryHarnessCommitLogWritten;
import org.sparkretryharness.events.SparkRetryHarnessOffsetLogWritten;
import scala.Option;

public final class ObservedCheckpointFileManager extends FileContextBasedCheckpointFileManager {
  private static final Pattern BATCH_FILE = Pattern.compile("(\\d+)(\\.compact)?");

  public ObservedCheckpointFileManager(Path path, Configuration hadoopConf) {
    super(path, hadoopConf);
  }

  @Override
  public CancellableFSDataOutputStream createAtomic(Path path, boolean overwriteIfPossible) {
    CancellableFSDataOutputStream inner = super.createAtomic(path, overwriteIfPossible);
    return new CancellableFSDataOutputStream(inner) {
      @Override
      public void cancel() {
        inner.cancel();
      }

      @Override
      public void close() throws IOException {
        inner.close();
        posted(path);
      }
    };
  }

  /**
   * The source offsets in an offsets/N entry: after the version line and the metadata line, one
   * line per source, ScenarioSource's being its record count (OffsetSeqLog 3.2.0); null when the
   * entry holds something else.
   */
  private static long[] sourceOffsets(Path path) {
    try {
      java.util.List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Paths.get(path.toUri()));
      if (lines.size() < 3) return null;
      long[] out = new long[lines.size() - 2];
      for (int i = 2; i < lines.size(); i++) out[i - 2] = Long.parseLong(lines.get(i).trim());
      return out;
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  private static void posted(Path path) {
    java.util.regex.Matcher name = BATCH_FILE.matcher(path.getName());
    if (!name.matches() || path.getParent() == null) return;
    String log = path.getParent().getName();
    long batch = Long.parseLong(name.group(1));
    Option<SparkContext> active = org.apache.spark.SparkContext$.MODULE$.getActive();
    if (active.isEmpty()) return;
    SparkContext sc = active.get();
    String runId = Queries.currentRunId;
    SparkListenerEvent event;
    if (log.equals("offsets")) {
      SparkRetryHarnessOffsetLogWritten e = new SparkRetryHarnessOffsetLogWritten();
      e.runId = runId;
      e.batch = batch;
      if ("microBatch".equals(Queries.currentMode)) e.offsets = sourceOffsets(path);
      event = e;
    } else if (log.equals("_spark_metadata")) {
      // The file sink's log: batch N's entry is its commit (FileStreamSink.addBatch, 3.2.0).
      ObservedMemorySink.postSinkCommitted(batch);
      return;
    } else if (log.equals("commits")) {
      SparkRetryHarnessCommitLogWritten e = new SparkRetryHarnessCommitLogWritten();
      e.runId = runId;
      e.batch = batch;
      event = e;
    } else {
      return;
    }
    sc.listenerBus().post(event);
  }
}
