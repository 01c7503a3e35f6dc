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
  private static final Pattern BATCH_FILE = Pattern.compile("\\d+");

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

  private static void posted(Path path) {
    if (!BATCH_FILE.matcher(path.getName()).matches() || path.getParent() == null) return;
    String log = path.getParent().getName();
    long batch = Long.parseLong(path.getName());
    Option<SparkContext> active = org.apache.spark.SparkContext$.MODULE$.getActive();
    if (active.isEmpty()) return;
    SparkContext sc = active.get();
    String runId = Queries.currentRunId;
    SparkListenerEvent event;
    if (log.equals("offsets")) {
      SparkRetryHarnessOffsetLogWritten e = new SparkRetryHarnessOffsetLogWritten();
      e.runId = runId;
      e.batch = batch;
      event = e;
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
