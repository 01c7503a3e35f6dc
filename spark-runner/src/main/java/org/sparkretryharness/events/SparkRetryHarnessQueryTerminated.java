// The project's own streaming event SparkRetryHarnessQueryTerminated (src/trace/events.ts), posted by the runner onto Spark's
// listener bus so the event log holds it in order with Spark's scheduler events. Spark's
// JsonProtocol writes it with Jackson: "Event" is this class's name, then the public fields.
package org.sparkretryharness.events;

import org.apache.spark.scheduler.SparkListenerEvent;

public final class SparkRetryHarnessQueryTerminated implements SparkListenerEvent {
  public long Timestamp = System.currentTimeMillis();
  public String id;
  public String runId;
  public int run;
  /** StreamingQueryException message, or null for a query that completed. */
  public String exception;
  /** The cause chain's messages, outermost first. */
  public java.util.List<String> causes = new java.util.ArrayList<>();
}
