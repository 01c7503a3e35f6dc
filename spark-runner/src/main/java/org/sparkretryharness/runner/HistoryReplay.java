// Replays event logs through Spark 3.2.0's own History Server code (issue 12 §5): for each
// directory given (one log in each, as a spark.history.fs.logDirectory), FsHistoryProvider lists
// the application and builds its UI store by replaying the log (AppStatusListener and the SQL and
// streaming history plugins), and a strict ReplayListenerBus pass counts every event Spark could
// read and records its streaming query events. One JSON line per directory on stdout:
//   {"dir", "replay": {"ok", "lines", "posted", "streaming": [...]}, "applications": [...],
//    "jobs": [...], "stages": [...], "tasks": [...], "executors": [...], "queries": [...], "problems": [...]}
// "problems" are the WARN and ERROR lines Spark logged meanwhile (a listener that threw, an
// unrecognized property): the caller decides which are acceptable.
//   java -cp 'spark-runner.jar:jars/*' org.sparkretryharness.runner.HistoryReplay DIR...
package org.sparkretryharness.runner;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkFirehoseListener;
import org.apache.spark.deploy.history.FsHistoryProvider;
import org.apache.spark.deploy.history.LoadedAppUI;
import org.apache.spark.scheduler.ReplayListenerBus;
import org.apache.spark.scheduler.ReplayListenerBus$;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.sql.execution.ui.StreamingQueryStatusStore;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.ui.StreamingQueryUIData;
import org.apache.spark.status.AppStatusStore;
import org.apache.spark.status.TaskDataWrapper;
import org.apache.spark.status.api.v1.ApplicationAttemptInfo;
import org.apache.spark.status.api.v1.ApplicationInfo;
import org.apache.spark.status.api.v1.ExecutorSummary;
import org.apache.spark.status.api.v1.JobData;
import org.apache.spark.status.api.v1.StageData;
import org.apache.spark.status.api.v1.TaskData;
import scala.Option;
import scala.collection.JavaConverters;

public final class HistoryReplay {
  private static final long LISTING_TIMEOUT_MS = 60_000;
  private static final List<String> PROBLEMS = Collections.synchronizedList(new ArrayList<>());

  private HistoryReplay() {}

  public static void main(String[] args) throws Exception {
    Logger.getRootLogger().addAppender(new ProblemAppender());
    for (String dir : args) {
      PROBLEMS.clear();
      ObjectNode out = Runner.JSON.createObjectNode();
      out.put("dir", dir);
      out.set("replay", strictReplay(new File(dir)));
      fromHistoryProvider(dir, out);
      ArrayNode problems = out.putArray("problems");
      synchronized (PROBLEMS) {
        PROBLEMS.forEach(problems::add);
      }
      System.out.println(Runner.JSON.writeValueAsString(out));
    }
    System.exit(0);
  }

  /** ReplayListenerBus over each log file: whether it replayed whole, and what it posted. */
  private static ObjectNode strictReplay(File dir) throws Exception {
    ObjectNode out = Runner.JSON.createObjectNode();
    ArrayNode streaming = Runner.JSON.createArrayNode();
    int[] posted = {0};
    long lines = 0;
    boolean ok = true;
    for (File f : logFiles(dir)) {
      lines += Files.readAllLines(f.toPath(), StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).count();
      ReplayListenerBus bus = new ReplayListenerBus();
      bus.addListener(new SparkFirehoseListener() {
        @Override
        public void onEvent(SparkListenerEvent event) {
          posted[0]++;
          if (event instanceof StreamingQueryListener.Event) streaming.add(streamingEvent((StreamingQueryListener.Event) event));
        }
      });
      try (InputStream in = new FileInputStream(f)) {
        ok &= bus.replay(in, f.getPath(), false, ReplayListenerBus$.MODULE$.SELECT_ALL_FILTER());
      }
    }
    out.put("ok", ok);
    out.put("lines", lines);
    out.put("posted", posted[0]);
    out.set("streaming", streaming);
    return out;
  }

  private static List<File> logFiles(File dir) {
    List<File> files = new ArrayList<>();
    File[] all = dir.listFiles();
    if (all != null) for (File f : all) if (f.isFile() && !f.getName().startsWith(".")) files.add(f);
    Collections.sort(files);
    return files;
  }

  private static ObjectNode streamingEvent(StreamingQueryListener.Event event) {
    ObjectNode o = Runner.JSON.createObjectNode();
    if (event instanceof StreamingQueryListener.QueryStartedEvent) {
      StreamingQueryListener.QueryStartedEvent e = (StreamingQueryListener.QueryStartedEvent) event;
      o.put("event", "started").put("id", e.id().toString()).put("runId", e.runId().toString()).put("name", e.name()).put("timestamp", e.timestamp());
    } else if (event instanceof StreamingQueryListener.QueryProgressEvent) {
      StreamingQueryProgress p = ((StreamingQueryListener.QueryProgressEvent) event).progress();
      o.put("event", "progress").put("runId", p.runId().toString()).put("batchId", p.batchId()).put("numInputRows", p.numInputRows()).put("timestamp", p.timestamp());
      o.put("sinkRows", p.sink().numOutputRows()).put("stateOperators", p.stateOperators().length);
    } else if (event instanceof StreamingQueryListener.QueryTerminatedEvent) {
      StreamingQueryListener.QueryTerminatedEvent e = (StreamingQueryListener.QueryTerminatedEvent) event;
      o.put("event", "terminated").put("runId", e.runId().toString()).put("exception", e.exception().isDefined() ? e.exception().get() : null);
    }
    return o;
  }

  /** The History Server's provider: its listing, then each attempt's UI store. */
  private static void fromHistoryProvider(String dir, ObjectNode out) throws Exception {
    SparkConf conf = new SparkConf(false).set("spark.history.fs.logDirectory", new File(dir).getAbsolutePath());
    FsHistoryProvider provider = new FsHistoryProvider(conf);
    try {
      provider.checkForLogs();
      // The scan hands each log to the replay pool, which lists it: wait for the listing.
      long deadline = System.currentTimeMillis() + LISTING_TIMEOUT_MS;
      while ((!provider.getListing().hasNext() || provider.getEventLogsUnderProcess() > 0) && System.currentTimeMillis() < deadline) Thread.sleep(20);
      ArrayNode apps = out.putArray("applications");
      scala.collection.Iterator<ApplicationInfo> listing = provider.getListing();
      while (listing.hasNext()) {
        ApplicationInfo app = listing.next();
        apps.add(application(app));
        for (ApplicationAttemptInfo attempt : JavaConverters.seqAsJavaListConverter(app.attempts()).asJava()) {
          Option<LoadedAppUI> ui = provider.getAppUI(app.id(), attempt.attemptId());
          if (ui.isDefined()) appStore(ui.get().ui().store(), out);
        }
      }
    } finally {
      provider.stop();
    }
  }

  private static ObjectNode application(ApplicationInfo app) {
    ObjectNode o = Runner.JSON.createObjectNode();
    o.put("id", app.id()).put("name", app.name());
    ArrayNode attempts = o.putArray("attempts");
    for (ApplicationAttemptInfo a : JavaConverters.seqAsJavaListConverter(app.attempts()).asJava()) {
      ObjectNode x = attempts.addObject();
      x.put("attemptId", a.attemptId().isDefined() ? a.attemptId().get() : null);
      x.put("startTime", a.startTime().getTime()).put("endTime", a.endTime().getTime()).put("completed", a.completed());
      x.put("sparkUser", a.sparkUser()).put("appSparkVersion", a.appSparkVersion());
    }
    return o;
  }

  private static void appStore(AppStatusStore store, ObjectNode out) throws Exception {
    ArrayNode jobs = out.putArray("jobs");
    for (JobData j : JavaConverters.seqAsJavaListConverter(store.jobsList(null)).asJava()) jobs.add(job(j));
    ArrayNode stages = out.putArray("stages");
    for (StageData s : JavaConverters.seqAsJavaListConverter(store.stageList(null, false, false, new double[0], Collections.emptyList())).asJava()) stages.add(stage(s));
    // Every task, whichever stage attempt its TaskStart named (-1 once the stage was gone).
    ArrayNode tasks = out.putArray("tasks");
    for (TaskDataWrapper t : store.store().view(TaskDataWrapper.class)) tasks.add(task(t));
    ArrayNode executors = out.putArray("executors");
    for (ExecutorSummary e : JavaConverters.seqAsJavaListConverter(store.executorList(false)).asJava()) {
      executors.addObject().put("id", e.id()).put("hostPort", e.hostPort()).put("isActive", e.isActive()).put("totalCores", e.totalCores()).put("removeReason", e.removeReason().isDefined() ? e.removeReason().get() : null);
    }
    ArrayNode queries = out.putArray("queries");
    for (StreamingQueryUIData q : JavaConverters.seqAsJavaListConverter(new StreamingQueryStatusStore(store.store()).allQueryUIData()).asJava()) {
      ObjectNode o = queries.addObject().put("id", q.summary().id().toString()).put("runId", q.summary().runId().toString()).put("name", q.summary().name()).put("isActive", q.summary().isActive());
      ArrayNode batches = o.putArray("batches");
      for (StreamingQueryProgress p : q.recentProgress()) batches.add(p.batchId());
    }
  }

  private static ObjectNode job(JobData j) {
    ObjectNode o = Runner.JSON.createObjectNode();
    o.put("jobId", j.jobId()).put("status", j.status().toString()).put("numTasks", j.numTasks());
    o.put("numCompletedTasks", j.numCompletedTasks()).put("numFailedTasks", j.numFailedTasks()).put("numKilledTasks", j.numKilledTasks());
    o.put("numSkippedStages", j.numSkippedStages()).put("numFailedStages", j.numFailedStages());
    ArrayNode ids = o.putArray("stageIds");
    for (Object id : JavaConverters.seqAsJavaListConverter(j.stageIds()).asJava()) ids.add((Integer) id);
    return o;
  }

  private static ObjectNode stage(StageData s) {
    ObjectNode o = Runner.JSON.createObjectNode();
    o.put("stageId", s.stageId()).put("attemptId", s.attemptId()).put("status", s.status().toString()).put("numTasks", s.numTasks());
    o.put("numCompleteTasks", s.numCompleteTasks()).put("numFailedTasks", s.numFailedTasks()).put("numKilledTasks", s.numKilledTasks());
    o.put("failureReason", s.failureReason().isDefined() ? s.failureReason().get() : null);
    return o;
  }

  private static ObjectNode task(TaskDataWrapper w) {
    TaskData t = w.toApi();
    ObjectNode o = Runner.JSON.createObjectNode();
    o.put("taskId", t.taskId()).put("stageId", w.stageId()).put("stageAttemptId", w.stageAttemptId()).put("index", t.index()).put("attempt", t.attempt());
    o.put("executorId", t.executorId()).put("host", t.host()).put("status", t.status());
    o.put("errorMessage", t.errorMessage().isDefined() ? t.errorMessage().get() : null);
    o.put("hasMetrics", t.taskMetrics().isDefined());
    o.put("launchTime", t.launchTime().getTime());
    return o;
  }

  /** Collects what Spark logs at WARN or above while the logs replay. */
  private static final class ProblemAppender extends AppenderSkeleton {
    @Override
    protected void append(LoggingEvent event) {
      if (!event.getLevel().isGreaterOrEqual(Level.WARN)) return;
      String thrown = event.getThrowableInformation() == null ? "" : " (" + event.getThrowableInformation().getThrowable() + ")";
      PROBLEMS.add(event.getLevel() + " " + event.getLoggerName() + ": " + event.getRenderedMessage() + thrown);
    }

    @Override
    public void close() {}

    @Override
    public boolean requiresLayout() {
      return false;
    }
  }
}
