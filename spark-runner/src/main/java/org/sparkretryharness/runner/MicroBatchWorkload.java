// A micro-batch query on real Spark: not yet expressed; the TypeScript side refuses micro-batch
// scenarios for the real backend until it is.
package org.sparkretryharness.runner;

import com.fasterxml.jackson.databind.JsonNode;

final class MicroBatchWorkload {
  private MicroBatchWorkload() {}

  static void run(RunContext run, JsonNode w) {
    throw new UnsupportedOperationException("micro-batch workloads are not expressed on the real backend yet");
  }
}
