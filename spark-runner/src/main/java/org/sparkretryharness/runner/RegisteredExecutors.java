// The executors Spark registered, in order (a listener on the driver): the scenario's executors map
// onto them in that order. The driver waits for all of them before the first job, as the
// simulator registers a cluster's executors at time 0.
package org.sparkretryharness.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

final class RegisteredExecutors extends SparkListener {
  private final List<String> order = new ArrayList<>();
  private int running;
  private Runnable onFirstTask = () -> {};
  private boolean anyTask;

  /** Runs once, when the first task attempt starts: the scenario's time 0 for executor losses. */
  synchronized void onFirstTask(Runnable r) {
    onFirstTask = r;
  }

  @Override
  public synchronized void onExecutorAdded(SparkListenerExecutorAdded e) {
    order.add(e.executorId());
    notifyAll();
  }

  @Override
  public synchronized void onTaskStart(SparkListenerTaskStart e) {
    running++;
    if (!anyTask) {
      anyTask = true;
      onFirstTask.run();
    }
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd e) {
    running--;
    notifyAll();
  }

  synchronized String byOrder(int index) {
    return index >= 0 && index < order.size() ? order.get(index) : null;
  }

  /** Waits until n executors registered; false at the deadline. */
  synchronized boolean awaitExecutors(int n, long deadlineNanos) throws InterruptedException {
    while (order.size() < n) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) return false;
      wait(Math.max(1, left / 1_000_000L));
    }
    return true;
  }

  /**
   * Waits until no task attempt runs (a zombie stage attempt's tasks after the last job); false at
   * the deadline. The listener's count alone can wait forever: Spark posts no TaskEnd for an
   * attempt whose NotSerializableException or TaskOutputFileAlreadyExistException aborts its task
   * set (TaskSetManager.handleFailedTask 3.2.0 returns before taskEnded). So the scheduler's own
   * count of running attempts is the ground truth, and once it is zero the listener has a grace
   * period to receive the TaskEnds still on their way, then the wait ends.
   */
  synchronized boolean awaitNoRunningTasks(long deadlineNanos, IntSupplier schedulerRunning) throws InterruptedException {
    long graceEnd = Long.MAX_VALUE;
    while (running > 0) {
      long now = System.nanoTime();
      if (deadlineNanos - now <= 0) return false;
      if (schedulerRunning.getAsInt() > 0) graceEnd = Long.MAX_VALUE;
      else if (graceEnd == Long.MAX_VALUE) graceEnd = now + GRACE_NANOS;
      else if (now >= graceEnd) return true;
      wait(Math.max(1, Math.min(50, (deadlineNanos - now) / 1_000_000L)));
    }
    return true;
  }

  private static final long GRACE_NANOS = 2_000_000_000L;
}
