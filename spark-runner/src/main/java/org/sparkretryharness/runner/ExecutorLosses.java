// The scenario's executor losses on a local-cluster master (issue 10 §3, README "Real Spark"):
// each fires `atMs` after the first task attempt started (the simulator's tasks start at time 0;
// a real executor's first task takes a few hundred ms to launch in a fresh JVM), on a driver thread. The scenario's executors
// map onto Spark's in registration order (the scenario's first executor is the first to register).
// exitCausedByApp false: the driver kills the executor (SparkContext.killExecutor, ExecutorKilled);
// true: the driver lowers the executor target, so the Master starts no replacement, and makes the
// executor's JVM halt itself (ExecutorLossPlugin), a lost process.
package org.sparkretryharness.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;

final class ExecutorLosses {
  private static final class Loss {
    String scenarioExecutor;
    long atMs;
    boolean causedByApp;
  }

  private final List<Loss> losses = new ArrayList<>();
  private final List<String> scenarioExecutors;
  private final RegisteredExecutors registered;
  private final Path lossDir;
  private SparkContext sc;
  private ScheduledExecutorService timer;
  private int alive;

  ExecutorLosses(JsonNode scenario, RegisteredExecutors registered, Path lossDir) {
    this.registered = registered;
    this.lossDir = lossDir;
    this.scenarioExecutors = new ArrayList<>();
    for (JsonNode e : scenario.path("cluster").path("executors")) scenarioExecutors.add(e.get("id").asText());
    this.alive = scenarioExecutors.size();
    for (JsonNode f : scenario.path("faults")) {
      if (!"executorLost".equals(f.path("kind").asText())) continue;
      JsonNode l = f;
      Loss loss = new Loss();
      loss.scenarioExecutor = l.get("executor").asText();
      loss.atMs = l.get("atMs").asLong();
      loss.causedByApp = l.path("exitCausedByApp").asBoolean(true);
      losses.add(loss);
    }
  }

  void attach(SparkContext sc) {
    this.sc = sc;
    registered.onFirstTask(this::start);
  }

  /** Starts the clock: called when the first task attempt starts. */
  synchronized void start() {
    if (losses.isEmpty() || timer != null) return;
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "srh-executor-losses");
      t.setDaemon(true);
      return t;
    });
    for (Loss l : losses) timer.schedule(() -> fire(l), l.atMs, TimeUnit.MILLISECONDS);
  }

  private synchronized void fire(Loss l) {
    int index = scenarioExecutors.indexOf(l.scenarioExecutor);
    String real = registered.byOrder(index);
    if (real == null) return;
    alive--;
    if (!l.causedByApp) {
      sc.killExecutor(real);
      return;
    }
    sc.requestTotalExecutors(Math.max(alive, 0), 0, scala.collection.immutable.Map$.MODULE$.<String, Object>empty());
    try {
      Files.createDirectories(lossDir);
      Files.createFile(lossDir.resolve("exit-" + real));
    } catch (IOException e) {
      System.err.println("srh runner: cannot signal executor " + real + ": " + e);
    }
  }

  void stop() {
    if (timer != null) timer.shutdownNow();
  }
}
