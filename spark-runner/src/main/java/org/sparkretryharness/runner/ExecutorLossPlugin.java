// Executor loss caused by the application (issue 10 §3): every executor of a local-cluster master
// watches the run's loss folder, and when the driver drops a file named for it there it halts its
// JVM at once, as a crashing executor process would (the driver then sees the process lost, with
// exitCausedByApp true). Loaded through spark.plugins.
package org.sparkretryharness.runner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

public final class ExecutorLossPlugin implements SparkPlugin {
  static final String LOSS_DIR = "spark.srh.executorLossDir";

  @Override
  public DriverPlugin driverPlugin() {
    return null;
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new ExecutorPlugin() {
      @Override
      public void init(PluginContext ctx, Map<String, String> extraConf) {
        String dir = ctx.conf().get(LOSS_DIR, null);
        if (dir == null) return;
        Path marker = Paths.get(dir, "exit-" + ctx.executorID());
        Thread watcher = new Thread(() -> watch(marker), "srh-executor-loss-watcher");
        watcher.setDaemon(true);
        watcher.start();
      }
    };
  }

  private static void watch(Path marker) {
    while (true) {
      if (Files.exists(marker)) Runtime.getRuntime().halt(1);
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
