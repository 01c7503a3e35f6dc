// The project's own streaming event SparkRetryHarnessQueryStarted (src/trace/events.ts), posted by the runner onto Spark's
// listener bus so the event log holds it in order with Spark's scheduler events. Spark's
// JsonProtocol writes it with Jackson: "Event" is this class's name, then the public fields.
package org.sparkretryharness.events;

import org.apache.spark.scheduler.SparkListenerEvent;

public final class SparkRetryHarnessQueryStarted implements SparkListenerEvent {
  public long Timestamp = System.currentTimeMillis();
  public String id;
  public String runId;
  public String name;
  public String mode;
  public int run;
  /** Micro-batch: the first batch of this run; continuous: the start epoch. */
  public long start;
  /**
   * Continuous: the runner sees the query's own events, not the coordinator's messages, offsets
   * or records (false). Micro-batch: it reads the offset log's entries and the ranges the source
   * served (true).
   */
  public boolean observesData = false;
  /** The runner does not see state store commits (the plan has no stateful operator of Spark's). */
  public boolean observesStateStores = false;
}
