// How an injected task failure is raised inside a real task (issue 10 §3): each reason of the
// scenario format becomes the exception Spark's Executor turns into that TaskEndReason
// (Executor.scala 3.2.0, TaskRunner.run's catch clauses). Reasons no task code can raise
// (TaskResultLost, UnknownReason) are refused before the run (ScenarioCheck).
package org.sparkretryharness.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.TaskKilledException;
import org.apache.spark.executor.CommitDeniedException;
import org.apache.spark.shuffle.FetchFailedException;
import org.apache.spark.storage.BlockManagerId;

final class InjectedFailure implements Serializable {
  private static final long serialVersionUID = 1L;

  enum Kind { EXCEPTION, KILLED, FETCH_FAILED, COMMIT_DENIED, RESULT_LOST, UNKNOWN }

  Kind kind;
  String reasonName;
  String className;
  String description;
  StackTraceElement[] stackTrace = new StackTraceElement[0];
  String killReason;
  int shuffle;
  int mapIndex;
  String message;

  static InjectedFailure parse(JsonNode f) {
    InjectedFailure out = new InjectedFailure();
    out.reasonName = f.get("reason").asText();
    switch (out.reasonName) {
      case "ExceptionFailure":
        out.kind = Kind.EXCEPTION;
        out.className = f.path("className").asText("java.lang.RuntimeException");
        out.description = f.hasNonNull("description") ? f.get("description").asText() : null;
        out.stackTrace = frames(f.path("stackTrace"));
        break;
      case "TaskKilled":
        out.kind = Kind.KILLED;
        out.killReason = f.path("killReason").asText("");
        break;
      case "FetchFailed":
        out.kind = Kind.FETCH_FAILED;
        out.shuffle = f.get("shuffle").asInt();
        out.mapIndex = f.get("mapIndex").asInt();
        out.message = f.hasNonNull("message") ? f.get("message").asText() : null;
        break;
      case "TaskCommitDenied":
        out.kind = Kind.COMMIT_DENIED;
        break;
      case "TaskResultLost":
        out.kind = Kind.RESULT_LOST;
        break;
      default:
        out.kind = Kind.UNKNOWN;
    }
    return out;
  }

  private static StackTraceElement[] frames(JsonNode list) {
    List<StackTraceElement> out = new ArrayList<>();
    for (JsonNode fr : list) {
      String file = fr.hasNonNull("fileName") ? fr.get("fileName").asText() : null;
      out.add(new StackTraceElement(fr.get("declaringClass").asText(), fr.get("methodName").asText(), file, fr.path("lineNumber").asInt(-1)));
    }
    return out.toArray(new StackTraceElement[0]);
  }

  /** Why this failure cannot be raised on real Spark, or null when it can. */
  String unsupported() {
    switch (kind) {
      case RESULT_LOST:
        return "TaskResultLost cannot be raised on real Spark: the driver loses a result only when it cannot fetch an indirect result's block, which no task code can cause; use the simulator (--backend sim)";
      case UNKNOWN:
        return "UnknownReason cannot be raised on real Spark: the driver reports it only for a task end reason it cannot deserialize; use the simulator (--backend sim)";
      case EXCEPTION:
        return exceptionClassProblem();
      default:
        return null;
    }
  }

  private String exceptionClassProblem() {
    Class<?> c;
    try {
      c = Class.forName(className);
    } catch (ClassNotFoundException e) {
      return "className " + className + " is not a class on the runner's classpath; use a JDK exception such as java.lang.RuntimeException or java.io.IOException";
    }
    if (!Throwable.class.isAssignableFrom(c)) return "className " + className + " is not a Throwable; name an exception class";
    if (VirtualMachineError.class.isAssignableFrom(c) || ThreadDeath.class.isAssignableFrom(c) || LinkageError.class.isAssignableFrom(c))
      return "className " + className + " is a fatal error that would kill the executor's JVM (Executor's uncaught-exception handler), not a task failure; name an Exception class";
    try {
      c.getConstructor(String.class);
    } catch (NoSuchMethodException e) {
      return "className " + className + " has no public (String) constructor, so the runner cannot build it with the description; name another exception class";
    }
    return null;
  }

  /** Throws the exception that makes Spark record this reason for the running task. */
  void raise(TaskContext ctx, ShuffleInputs inputs) {
    raise(ctx, inputs, 0);
  }

  /** As above, with scenario shuffle k at runtime id shuffleOffset + k (a micro-batch's plan). */
  void raise(TaskContext ctx, ShuffleInputs inputs, int shuffleOffset) {
    switch (kind) {
      case EXCEPTION:
        throw Sneaky.<RuntimeException>cast(exception());
      case KILLED:
        throw new TaskKilledException(killReason);
      case COMMIT_DENIED:
        // The output committer's denial: Spark records TaskCommitDenied(jobID = the stage id,
        // partition, attempt number) (SparkHadoopMapRedUtil.commitTask 3.2.0).
        throw Sneaky.<RuntimeException>cast(new CommitDeniedException("attempt_" + ctx.stageId() + "_" + ctx.partitionId() + "_" + ctx.attemptNumber() + ": Not committed because the driver did not authorize commit", ctx.stageId(), ctx.partitionId(), ctx.attemptNumber()));
      case FETCH_FAILED:
        throw Sneaky.<RuntimeException>cast(fetchFailed(ctx, inputs, shuffle + shuffleOffset));
      default:
        throw new IllegalStateException("refused before the run: " + reasonName);
    }
  }

  private Throwable exception() {
    try {
      Throwable t = (Throwable) Class.forName(className).getConstructor(String.class).newInstance(description);
      // The scenario's frames (none by default), so Spark's error string is the scenario's to
      // the character: "<className>: <description>\n" then "\tat" lines (ExceptionFailure).
      t.setStackTrace(stackTrace);
      return t;
    } catch (ReflectiveOperationException e) {
      return new IllegalStateException("cannot build " + className + ": " + e);
    }
  }

  /**
   * A FetchFailedException from the block manager the task learned at its start for that map
   * index, naming that map task (Spark 3 map id = the map task's TID; ShuffleBlockFetcherIterator
   * throwFetchFailedException). The printed stack is the simulator's default message.
   */
  private FetchFailedException fetchFailed(TaskContext ctx, ShuffleInputs inputs, int shuffle) {
    ShuffleInputs.Location where = inputs.location(shuffle, mapIndex);
    BlockManagerId bm = where == null ? null : where.blockManager;
    long mapId = where == null ? -1L : where.mapId;
    int reduceId = ctx.partitionId();
    String text = message != null ? stripClassPrefix(message) : defaultMessage(shuffle, bm, mapId, reduceId);
    FetchFailedException e = new FetchFailedException(bm, shuffle, mapId, mapIndex, reduceId, text, null);
    e.setStackTrace(new StackTraceElement[0]);
    return e;
  }

  private static String defaultMessage(int shuffle, BlockManagerId bm, long mapId, int reduceId) {
    String from = bm == null ? "" : " from " + bm.host() + ":" + bm.port();
    return "Failed to fetch shuffle_" + shuffle + "_" + mapId + "_" + reduceId + from;
  }

  /** A scenario message is the printed stack: its first line, less the class name Throwable.toString adds. */
  private static String stripClassPrefix(String m) {
    String prefix = FetchFailedException.class.getName() + ": ";
    String first = m.split("\n", 2)[0];
    return first.startsWith(prefix) ? first.substring(prefix.length()) : first;
  }
}
