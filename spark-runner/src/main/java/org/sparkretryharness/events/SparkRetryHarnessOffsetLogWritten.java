// The project's own streaming event SparkRetryHarnessOffsetLogWritten (src/trace/events.ts), posted by the runner onto Spark's
// listener bus so the event log holds it in order with Spark's scheduler events. Spark's
// JsonProtocol writes it with Jackson: "Event" is this class's name, then the public fields.
package org.sparkretryharness.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.apache.spark.scheduler.SparkListenerEvent;

public final class SparkRetryHarnessOffsetLogWritten implements SparkListenerEvent {
  public long Timestamp = System.currentTimeMillis();
  public String runId;
  /** Batch id (micro-batch) or epoch (continuous). */
  public long batch;
  /** Micro-batch: the source's offset in the entry, per source partition; absent where not read. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public long[] offsets;
}
