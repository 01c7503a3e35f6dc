// One scenario on a fresh SparkContext (issue 10 §1–3): refuse what the real backend cannot raise,
// set up Spark, wait for a cluster's executors, run the workload, let the tasks still running end,
// stop, and name the event log. A run past its deadline is cancelled and marked timed out.
package org.sparkretryharness.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.TaskSchedulerImpl;
import org.apache.spark.sql.SparkSession;

final class ScenarioRun {
  private ScenarioRun() {}

  static ObjectNode run(JsonNode request) throws Exception {
    JsonNode scenario = request.get("scenario");
    String refused = refusal(scenario);
    if (refused != null) return failure("refused", refused);
    long started = System.nanoTime();
    RunContext run = setUp(request, scenario);
    AtomicBoolean timedOut = new AtomicBoolean(false);
    Thread watchdog = watchdog(run, timedOut);
    try {
      if (!awaitCluster(run, scenario)) return failure("error", "the local-cluster executors did not all register before the deadline");
      runWorkload(run, scenario.get("workload"));
      run.registered.awaitNoRunningTasks(run.deadlineNanos, () -> schedulerRunningTasks(run));
    } finally {
      watchdog.interrupt();
      tearDown(run);
    }
    ObjectNode out = Runner.JSON.createObjectNode();
    out.put("ok", true);
    out.put("eventLog", eventLog(run.workDir.resolve("events")));
    out.put("checkpoint", run.spark == null ? null : run.checkpointDir.toString());
    out.put("timedOut", timedOut.get());
    out.put("wallMs", (System.nanoTime() - started) / 1_000_000L);
    return out;
  }

  static ObjectNode failure(String kind, String message) {
    ObjectNode out = Runner.JSON.createObjectNode();
    out.put("ok", false);
    out.put(kind, message);
    return out;
  }

  /** The first fault the runner cannot raise, as "faults[i].fail...: why", or null. */
  private static String refusal(JsonNode scenario) {
    int i = 0;
    for (JsonNode f : scenario.path("faults")) {
      if (f.hasNonNull("fail")) {
        String why = InjectedFailure.parse(f.get("fail")).unsupported();
        if (why != null) return "faults[" + i + "].fail: " + why;
      }
      i++;
    }
    return null;
  }

  private static RunContext setUp(JsonNode request, JsonNode scenario) throws Exception {
    RunContext run = new RunContext();
    run.workDir = Paths.get(request.get("workDir").asText());
    Files.createDirectories(run.workDir.resolve("events"));
    run.checkpointDir = run.workDir.resolve("checkpoint");
    run.deadlineNanos = System.nanoTime() + request.path("timeoutMs").asLong(120_000) * 1_000_000L;
    run.faults = TaskFaults.parse(scenario.path("faults"));
    run.behaviour = new AttemptBehaviour(run.faults, scenario.path("taskDurationMs").asLong(100), scenario.path("taskDurationJitter").asDouble(0), scenario.path("seed").asLong(0));
    run.registered = new RegisteredExecutors();
    run.executorLosses = new ExecutorLosses(scenario, run.registered, run.workDir.resolve("executor-losses"));
    String sparkHome = request.hasNonNull("sparkHome") ? request.get("sparkHome").asText() : null;
    var conf = SparkSetup.conf(scenario, run.workDir, sparkHome);
    conf.set("spark.extraListeners", "");
    if ("batch".equals(scenario.get("workload").get("mode").asText())) {
      run.sc = new SparkContext(conf);
    } else {
      run.spark = SparkSession.builder().config(conf).getOrCreate();
      run.sc = run.spark.sparkContext();
      run.queries = new Queries(run);
      run.spark.streams().addListener(run.queries);
    }
    run.sc.addSparkListener(run.registered);
    run.executorLosses.attach(run.sc);
    return run;
  }

  /** The attempts the task scheduler itself counts as running (TaskSchedulerImpl.runningTasksByExecutors). */
  private static int schedulerRunningTasks(RunContext run) {
    if (!(run.sc.taskScheduler() instanceof TaskSchedulerImpl)) return 0;
    int n = 0;
    var counts = ((TaskSchedulerImpl) run.sc.taskScheduler()).runningTasksByExecutors().valuesIterator();
    while (counts.hasNext()) n += (Integer) counts.next();
    return n;
  }

  private static boolean awaitCluster(RunContext run, JsonNode scenario) throws InterruptedException {
    if (!SparkSetup.isCluster(scenario)) return true;
    return run.registered.awaitExecutors(scenario.get("cluster").get("executors").size(), run.deadlineNanos);
  }

  private static void runWorkload(RunContext run, JsonNode workload) throws Exception {
    switch (workload.get("mode").asText()) {
      case "batch":
        BatchWorkload.run(run, workload);
        return;
      case "continuous":
        ContinuousWorkload.run(run, workload);
        return;
      default:
        MicroBatchWorkload.run(run, workload);
    }
  }

  /**
   * Past the deadline: cancel every job and stop every query, again every 200 ms (a job the driver
   * submits afterwards is cancelled too), so the driver's thread returns.
   */
  private static Thread watchdog(RunContext run, AtomicBoolean timedOut) {
    Thread t = new Thread(() -> {
      try {
        long left = run.deadlineNanos - System.nanoTime();
        if (left > 0) Thread.sleep(left / 1_000_000L + 1);
        timedOut.set(true);
        while (true) {
          if (run.spark != null) for (var q : run.spark.streams().active()) q.stop();
          run.sc.cancelAllJobs();
          Thread.sleep(200);
        }
      } catch (InterruptedException e) {
        // The run ended in time.
      } catch (Exception e) {
        System.err.println("srh runner: the watchdog could not stop the run: " + e);
      }
    }, "srh-watchdog");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void tearDown(RunContext run) {
    run.executorLosses.stop();
    if (run.spark != null) {
      for (var q : run.spark.streams().active()) {
        try {
          q.stop();
        } catch (Exception e) {
          // Stopping anyway.
        }
      }
      run.spark.stop();
      SparkSession.clearActiveSession();
      SparkSession.clearDefaultSession();
    } else {
      run.sc.stop();
    }
  }

  private static String eventLog(Path dir) {
    File[] files = dir.toFile().listFiles((d, n) -> !n.startsWith(".") && !n.endsWith(".crc"));
    if (files == null || files.length == 0) return null;
    return files[0].getAbsolutePath();
  }
}
