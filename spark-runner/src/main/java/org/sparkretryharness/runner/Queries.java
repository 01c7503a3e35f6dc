// The streaming query's own events for the event log (src/trace/events.ts): QueryStarted when a
// run starts (StreamingQueryListener.onQueryStarted runs synchronously on the query's thread
// before it plans anything, StreamingQueryListenerBus 3.2.0), QueryTerminated when the driver sees
// the run end, with the StreamingQueryException's message and cause chain.
package org.sparkretryharness.runner;

import java.io.File;
import java.nio.file.Path;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.sparkretryharness.events.SparkRetryHarnessQueryStarted;
import org.sparkretryharness.events.SparkRetryHarnessQueryTerminated;

final class Queries extends StreamingQueryListener {
  private final RunContext run;
  private volatile String mode;
  private volatile int runIndex;
  private volatile long start;
  /** The run id of the query running now (one at a time): log entries written off the query's thread, by the EpochCoordinator, carry it. */
  static volatile String currentRunId;
  /** The running query's mode, "microBatch" or "continuous". */
  static volatile String currentMode;

  Queries(RunContext run) {
    this.run = run;
  }

  void beforeStart(String mode, int runIndex, long start) {
    this.mode = mode;
    currentMode = mode;
    this.runIndex = runIndex;
    this.start = start;
  }

  @Override
  public void onQueryStarted(QueryStartedEvent e) {
    SparkRetryHarnessQueryStarted s = new SparkRetryHarnessQueryStarted();
    s.id = e.id().toString();
    s.runId = e.runId().toString();
    currentRunId = s.runId;
    s.name = e.name();
    s.mode = mode;
    s.run = runIndex;
    s.start = start;
    s.observesData = "microBatch".equals(mode);
    run.sc.listenerBus().post(s);
  }

  @Override
  public void onQueryProgress(QueryProgressEvent e) {}

  /**
   * Spark posts its QueryTerminatedEvent at the very end of the query's thread, after the run's
   * epoch coordinator and writes stopped (StreamExecution.runStream's finally block), whereas
   * awaitTermination throws as soon as the failure is known. So the run's own QueryTerminated is
   * posted from here, behind everything the run posted, and the driver waits for it.
   */
  @Override
  public void onQueryTerminated(QueryTerminatedEvent e) {
    StreamingQuery q = current;
    long deadline = System.nanoTime() + 10_000_000_000L;
    while ((q == null || !q.runId().equals(e.runId())) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      q = current;
    }
    if (q != null && q.runId().equals(e.runId())) terminated(run, q, runIndex);
    synchronized (this) {
      terminatedRuns.add(e.runId().toString());
      notifyAll();
    }
  }

  private volatile StreamingQuery current;
  private final java.util.Set<String> terminatedRuns = new java.util.HashSet<>();

  /** The query this run started: its QueryTerminated is built from it. */
  void started(StreamingQuery q) {
    current = q;
  }

  /** Waits until the run's QueryTerminated is posted (bounded). */
  synchronized void awaitTerminated(StreamingQuery q) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!terminatedRuns.contains(q.runId().toString())) {
      long left = deadline - System.nanoTime();
      if (left <= 0) return;
      wait(Math.max(1, left / 1_000_000L));
    }
  }

  private static void terminated(RunContext run, StreamingQuery q, int runIndex) {
    SparkRetryHarnessQueryTerminated t = new SparkRetryHarnessQueryTerminated();
    t.id = q.id().toString();
    t.runId = q.runId().toString();
    t.run = runIndex;
    scala.Option<StreamingQueryException> failure = q.exception();
    if (failure.isDefined()) {
      t.exception = failure.get().getMessage();
      t.causes.addAll(causes(failure.get()));
    }
    run.sc.listenerBus().post(t);
  }

  /**
   * The cause chain, outermost first: Spark's wrappers by their message ("Writing job aborted",
   * "Job aborted due to stage failure: …"), then the aborting task's exception, the job failure's
   * cause, as Spark prints a task's exception (Throwable.toString, the first line of its error
   * string), which ends the chain as src/trace/events.ts defines it.
   */
  static java.util.List<String> causes(Throwable failure) {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (Throwable c = failure.getCause(); c != null && out.size() < 10; c = c.getCause()) {
      String message = String.valueOf(c.getMessage());
      out.add(message);
      if (message.startsWith("Job aborted due to stage failure") && c.getCause() != null) {
        out.add(c.getCause().toString());
        break;
      }
    }
    return out;
  }

  /** The first batch or epoch a run will process: one past the last in the commit log. */
  static long nextBatch(Path checkpoint) {
    return lastCommitted(checkpoint) + 1;
  }

  static long committed(Path checkpoint) {
    String[] names = checkpoint.resolve("commits").toFile().list((d, n) -> n.matches("\\d+"));
    return names == null ? 0 : names.length;
  }

  private static long lastCommitted(Path checkpoint) {
    File[] files = checkpoint.resolve("commits").toFile().listFiles((d, n) -> n.matches("\\d+"));
    long last = -1;
    if (files != null) for (File f : files) last = Math.max(last, Long.parseLong(f.getName()));
    return last;
  }

  /** Returns once the query ended by itself, or after the user stopped it at `target` entries in the commit log (or at the deadline). */
  static void awaitCommitsOrEnd(RunContext run, StreamingQuery q, long target) throws InterruptedException {
    while (true) {
      try {
        if (q.awaitTermination(2)) return;
      } catch (StreamingQueryException e) {
        return;
      }
      if (committed(run.checkpointDir) >= target || run.pastDeadline()) {
        try {
          q.stop();
        } catch (java.util.concurrent.TimeoutException e) {
          throw new IllegalStateException(e);
        }
        return;
      }
    }
  }
}
