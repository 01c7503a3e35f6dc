// The scenario's task faults as the executors see them (ARCHITECTURE §3 "Faults"): a selector per
// entry, matched against what the running task knows of itself (TaskContext, and the job, batch,
// run and epoch the runner passes down as local properties); the first matching entry wins. The
// list travels to the executors inside the scenario RDDs and the streaming filter, so it is
// Serializable data, parsed once on the driver.
package org.sparkretryharness.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

final class TaskFaults implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What a task attempt knows of itself when it looks for its fault; null: unknown here. */
  static final class Context {
    Integer job;
    Integer batch;
    Integer epoch;
    Integer run;
    int stage;
    int stageAttempt;
    int partition;
    int attempt;
  }

  static final class Selector implements Serializable {
    private static final long serialVersionUID = 1L;
    Integer job, batch, epoch, run, stage, stageAttempt, partition, attempt;

    boolean matches(Context c) {
      return same(job, c.job)
          && same(batch, c.batch)
          && same(epoch, c.epoch)
          && same(run, c.run)
          && same(stage, c.stage)
          && same(stageAttempt, c.stageAttempt)
          && same(partition, c.partition)
          && same(attempt, c.attempt);
    }

    /** An omitted field matches any value; a field the task cannot know matches nothing. */
    private static boolean same(Integer wanted, Integer actual) {
      return wanted == null || (actual != null && wanted.intValue() == actual.intValue());
    }
  }

  /** One entry of `faults` with a `task` selector. */
  static final class Entry implements Serializable {
    private static final long serialVersionUID = 1L;
    Selector selector;
    /** Null for a slow-task entry that succeeds. */
    InjectedFailure fail;
    /** The attempt's run time; null: the scenario's default. */
    Long durationMs;
    /** Continuous: the failure strikes after the partition reported the epoch's offset. */
    boolean commitPhase;
  }

  final List<Entry> entries = new ArrayList<>();

  static TaskFaults parse(JsonNode faults) {
    TaskFaults out = new TaskFaults();
    for (JsonNode f : faults) {
      if (!"task".equals(f.path("kind").asText())) continue;
      Entry e = new Entry();
      e.selector = selector(f.get("task"));
      e.fail = f.hasNonNull("fail") ? InjectedFailure.parse(f.get("fail")) : null;
      e.durationMs = f.hasNonNull("durationMs") ? f.get("durationMs").asLong() : null;
      e.commitPhase = "commit".equals(f.path("phase").asText());
      out.entries.add(e);
    }
    return out;
  }

  private static Selector selector(JsonNode s) {
    Selector out = new Selector();
    out.job = optInt(s, "job");
    out.batch = optInt(s, "batch");
    out.epoch = optInt(s, "epoch");
    out.run = optInt(s, "run");
    out.stage = optInt(s, "stage");
    out.stageAttempt = optInt(s, "stageAttempt");
    out.partition = optInt(s, "partition");
    out.attempt = optInt(s, "attempt");
    return out;
  }

  static Integer optInt(JsonNode n, String field) {
    return n.hasNonNull(field) ? n.get(field).asInt() : null;
  }

  /**
   * The first entry that matches and applies (a FetchFailed entry applies only to a task whose
   * stage reads that shuffle, as in the simulator's BatchTaskRunner), or null.
   */
  Entry find(Context c, java.util.function.IntPredicate readsShuffle) {
    for (Entry e : entries) {
      if (!e.selector.matches(c)) continue;
      if (e.fail != null && e.fail.kind == InjectedFailure.Kind.FETCH_FAILED && !readsShuffle.test(e.fail.shuffle)) continue;
      return e;
    }
    return null;
  }
}
