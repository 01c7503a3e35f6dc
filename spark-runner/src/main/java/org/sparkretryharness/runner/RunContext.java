// One scenario's run on real Spark: its SparkContext (and SparkSession for streaming), the fault
// schedule, the executor losses, its folders and its deadline.
package org.sparkretryharness.runner;

import java.nio.file.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

final class RunContext {
  SparkContext sc;
  SparkSession spark;
  TaskFaults faults;
  AttemptBehaviour behaviour;
  ExecutorLosses executorLosses;
  RegisteredExecutors registered;
  Queries queries;
  Path workDir;
  Path checkpointDir;
  long deadlineNanos;

  boolean pastDeadline() {
    return System.nanoTime() > deadlineNanos;
  }
}
