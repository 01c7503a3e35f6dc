// How one task attempt of a batch or micro-batch stage behaves (ARCHITECTURE §3 "Faults"): it
// runs for its duration (the matching entry's durationMs, else the scenario's taskDurationMs),
// noticing a kill every few milliseconds as Spark's interruptible iterators do, then raises the
// matching entry's failure. Job, batch and run come from local properties the driver sets.
package org.sparkretryharness.runner;

import java.io.Serializable;
import java.util.SplittableRandom;
import org.apache.spark.TaskContext;

final class AttemptBehaviour implements Serializable {
  private static final long serialVersionUID = 1L;
  static final String JOB = "srh.job";
  static final String BATCH = "srh.batch";
  static final String RUN = "srh.run";
  /** Micro-batch: the runtime id of the scenario's shuffle 0 in this batch's plan. */
  static final String SHUFFLE_OFFSET = "srh.shuffleOffset";
  /** Spark's own batch id property (MicroBatchExecution.BATCH_ID_KEY), set before each batch's job. */
  static final String SPARK_BATCH_ID = "streaming.sql.batchId";
  private static final long KILL_CHECK_MS = 5;

  private final TaskFaults faults;
  private final long defaultDurationMs;
  private final double jitter;
  private final long seed;

  AttemptBehaviour(TaskFaults faults, long defaultDurationMs, double jitter, long seed) {
    this.faults = faults;
    this.defaultDurationMs = defaultDurationMs;
    this.jitter = jitter;
    this.seed = seed;
  }

  void run(TaskContext ctx, ShuffleInputs inputs) {
    Integer offset = intProperty(ctx, SHUFFLE_OFFSET);
    int shuffleOffset = offset == null ? 0 : offset;
    TaskFaults.Entry fault = faults.find(context(ctx), shuffle -> inputs.reads(shuffle + shuffleOffset));
    long duration = fault != null && fault.durationMs != null ? fault.durationMs : defaultDuration(ctx);
    sleepNoticingKills(ctx, duration);
    if (fault != null && fault.fail != null) fault.fail.raise(ctx, inputs, shuffleOffset);
  }

  static TaskFaults.Context context(TaskContext ctx) {
    TaskFaults.Context c = new TaskFaults.Context();
    c.job = intProperty(ctx, JOB);
    c.batch = intProperty(ctx, BATCH);
    if (c.batch == null) c.batch = intProperty(ctx, SPARK_BATCH_ID);
    c.run = intProperty(ctx, RUN);
    c.stage = ctx.stageId();
    c.stageAttempt = ctx.stageAttemptNumber();
    c.partition = ctx.partitionId();
    c.attempt = ctx.attemptNumber();
    return c;
  }

  private static Integer intProperty(TaskContext ctx, String key) {
    String v = ctx.getLocalProperty(key);
    return v == null ? null : Integer.valueOf(v);
  }

  /** The scenario's duration; with taskDurationJitter j, scaled by a factor in [1-j, 1+j] drawn from the seed and the attempt. */
  private long defaultDuration(TaskContext ctx) {
    if (jitter == 0) return defaultDurationMs;
    long key = seed * 1_000_003L + ctx.stageId() * 10_007L + ctx.partitionId() * 101L + ctx.attemptNumber();
    double factor = 1 - jitter + 2 * jitter * new SplittableRandom(key).nextDouble();
    return Math.max(1, Math.round(defaultDurationMs * factor));
  }

  static void sleepNoticingKills(TaskContext ctx, long durationMs) {
    long end = System.nanoTime() + durationMs * 1_000_000L;
    while (true) {
      ctx.killTaskIfInterrupted();
      long left = end - System.nanoTime();
      if (left <= 0) return;
      try {
        Thread.sleep(Math.min(KILL_CHECK_MS, Math.max(1, left / 1_000_000L)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ctx.killTaskIfInterrupted();
        throw Sneaky.<RuntimeException>cast(e);
      }
    }
  }
}
