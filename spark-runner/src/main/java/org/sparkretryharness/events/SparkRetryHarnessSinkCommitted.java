// The project's own streaming event SparkRetryHarnessSinkCommitted (src/trace/events.ts), posted
// by the runner onto Spark's listener bus so the event log holds it in order with Spark's
// scheduler events. Spark's JsonProtocol writes it with Jackson: "Event" is this class's name,
// then the public fields.
package org.sparkretryharness.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.apache.spark.scheduler.SparkListenerEvent;

public final class SparkRetryHarnessSinkCommitted implements SparkListenerEvent {
  public long Timestamp = System.currentTimeMillis();
  public String runId;
  public long batch;
  /** Micro-batch: per source partition, the records [from, to) the batch read; absent where not observed. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public long[][] records;
}
