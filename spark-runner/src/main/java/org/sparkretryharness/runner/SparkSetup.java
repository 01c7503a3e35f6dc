// The SparkConf a scenario implies (issue 10 §2): its master (local modes as written; "cluster"
// as local-cluster[E,C,M], real executor processes on this machine), its conf keys, event logging
// into the run's folder, and what the runner itself needs: no UI, the observed checkpoint file
// manager, the executor-loss plugin, and Java 17's module options for executor JVMs.
package org.sparkretryharness.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.apache.spark.SparkConf;

final class SparkSetup {
  /** Memory of each local-cluster worker and executor, MB: small, so four fit on a 2-core CI machine. */
  private static final int WORKER_MEMORY_MB = 1024;
  private static final int EXECUTOR_MEMORY_MB = 512;

  private SparkSetup() {}

  static SparkConf conf(JsonNode scenario, Path workDir, String sparkHome) {
    SparkConf conf = new SparkConf(false);
    conf.setMaster(master(scenario.get("cluster")));
    conf.setAppName(scenario.hasNonNull("name") ? scenario.get("name").asText() : "spark-retry-harness scenario");
    conf.set("spark.eventLog.enabled", "true");
    // Marks the log as the project's, so srh's --eventlog may replace it (src/cli/output-guard.ts).
    conf.set("spark.sparkretryharness.writtenBy", "spark-retry-harness");
    conf.set("spark.eventLog.dir", workDir.resolve("events").toUri().toString());
    conf.set("spark.ui.enabled", "false");
    conf.set("spark.ui.showConsoleProgress", "false");
    conf.set("spark.sql.streaming.checkpointFileManagerClass", ObservedCheckpointFileManager.class.getName());
    conf.set("spark.sql.streaming.metricsEnabled", "false");
    for (Iterator<Map.Entry<String, JsonNode>> it = scenario.path("conf").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      conf.set(e.getKey(), e.getValue().asText());
    }
    if (isCluster(scenario)) clusterConf(conf, workDir, sparkHome);
    return conf;
  }

  static boolean isCluster(JsonNode scenario) {
    return "cluster".equals(scenario.get("cluster").get("parsedMaster").get("kind").asText());
  }

  private static String master(JsonNode cluster) {
    if (!"cluster".equals(cluster.get("parsedMaster").get("kind").asText())) return cluster.get("master").asText();
    JsonNode executors = cluster.get("executors");
    int cores = executors.get(0).get("cores").asInt();
    return "local-cluster[" + executors.size() + "," + cores + "," + WORKER_MEMORY_MB + "]";
  }

  private static void clusterConf(SparkConf conf, Path workDir, String sparkHome) {
    conf.set("spark.executor.memory", EXECUTOR_MEMORY_MB + "m");
    conf.set("spark.executor.extraJavaOptions", JavaModules.OPTIONS);
    conf.set("spark.plugins", ExecutorLossPlugin.class.getName());
    conf.set(ExecutorLossPlugin.LOSS_DIR, workDir.resolve("executor-losses").toString());
    if (sparkHome != null) conf.set("spark.home", sparkHome);
  }
}
