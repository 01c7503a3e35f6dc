// A batch workload on real Spark (ARCHITECTURE §3 "Batch"): the scenario's RDDs as ScenarioRdds,
// created in array order so Spark's RDD and shuffle ids are the scenario's (shuffle k is the k-th
// shuffle dependency in RDD order, as src/scenario/shuffles.ts numbers them), then each job in
// turn as one count() action; a failed job does not stop the driver (the next job runs).
package org.sparkretryharness.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.shuffle.ShuffleWriteProcessor;
import scala.Option;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

final class BatchWorkload {
  private static final ClassTag<Object> OBJECT = ClassTag$.MODULE$.apply(Object.class);

  private BatchWorkload() {}

  /** The scenario's RDDs by scenario id, built on this context. */
  static Map<Integer, ScenarioRdd> buildRdds(SparkContext sc, JsonNode rdds, AttemptBehaviour behaviour) {
    return buildRdds(sc, rdds, behaviour, 0);
  }

  /** The RDD's call site: its own, else "rdd N at Scenario.scala:N" with N its id plus `idOffset` (a micro-batch's numbering). */
  static String callSiteOf(JsonNode rdd, int idOffset) {
    int n = rdd.get("id").asInt() + idOffset;
    return rdd.hasNonNull("callSite") ? rdd.get("callSite").asText() : "rdd " + n + " at Scenario.scala:" + n;
  }

  /** As above, named with ids offset by `idOffset`, as the simulator numbers a micro-batch execution's RDDs (src/spark/lineage.ts). */
  static Map<Integer, ScenarioRdd> buildRdds(SparkContext sc, JsonNode rdds, AttemptBehaviour behaviour, int idOffset) {
    Map<Integer, Integer> emit = shuffleWidths(rdds);
    Map<Integer, ScenarioRdd> built = new LinkedHashMap<>();
    for (JsonNode r : rdds) {
      int id = r.get("id").asInt();
      List<ScenarioRdd> narrow = new ArrayList<>();
      List<ShuffleDependency<Object, Object, Object>> shuffles = new ArrayList<>();
      for (JsonNode d : r.path("deps")) {
        ScenarioRdd parent = built.get(d.get("rdd").asInt());
        if ("narrow".equals(d.get("type").asText())) narrow.add(parent);
        else shuffles.add(shuffle(parent, r.get("partitions").asInt()));
      }
      sc.setCallSite(callSiteOf(r, idOffset));
      ScenarioRdd rdd = new ScenarioRdd(sc, r.get("partitions").asInt(), emit.getOrDefault(id, 1), narrow, shuffles, stageInputs(narrow, shuffles), behaviour);
      built.put(id, rdd);
    }
    sc.clearCallSite();
    return built;
  }

  /** The runtime id of the first shuffle these RDDs declare (scenario shuffle 0); 0 when none. */
  static int firstShuffleId(Map<Integer, ScenarioRdd> rdds) {
    int first = Integer.MAX_VALUE;
    for (ScenarioRdd r : rdds.values()) for (org.apache.spark.Dependency<?> d : scala.collection.JavaConverters.seqAsJavaList(r.dependencies())) if (d instanceof ShuffleDependency) first = Math.min(first, ((ShuffleDependency<?, ?, ?>) d).shuffleId());
    return first == Integer.MAX_VALUE ? 0 : first;
  }

  private static ShuffleDependency<Object, Object, Object> shuffle(ScenarioRdd parent, int reducePartitions) {
    return new ShuffleDependency<Object, Object, Object>(parent, new HashPartitioner(reducePartitions), SparkEnv.get().serializer(), Option.empty(), Option.empty(), false, new ShuffleWriteProcessor(), OBJECT, OBJECT, OBJECT);
  }

  /** The shuffles a task of this RDD's stage reads: its own, and those reached through narrow parents. */
  private static List<ShuffleDependency<Object, Object, Object>> stageInputs(List<ScenarioRdd> narrow, List<ShuffleDependency<Object, Object, Object>> shuffles) {
    Map<Integer, ShuffleDependency<Object, Object, Object>> seen = new java.util.TreeMap<>();
    for (ShuffleDependency<Object, Object, Object> d : shuffles) seen.put(d.shuffleId(), d);
    for (ScenarioRdd p : narrow) for (ShuffleDependency<Object, Object, Object> d : p.stageShuffleInputs()) seen.put(d.shuffleId(), d);
    return new ArrayList<>(seen.values());
  }

  /** For each RDD read by a shuffle, the widest such shuffle's partition count. */
  private static Map<Integer, Integer> shuffleWidths(JsonNode rdds) {
    Map<Integer, Integer> out = new HashMap<>();
    for (JsonNode r : rdds) {
      for (JsonNode d : r.path("deps")) {
        if (!"shuffle".equals(d.get("type").asText())) continue;
        out.merge(d.get("rdd").asInt(), r.get("partitions").asInt(), Math::max);
      }
    }
    return out;
  }

  static void run(RunContext run, JsonNode workload) {
    SparkContext sc = run.sc;
    Map<Integer, ScenarioRdd> rdds = buildRdds(sc, workload.get("rdds"), run.behaviour);
    Map<Integer, String> callSites = new HashMap<>();
    for (JsonNode r : workload.get("rdds")) callSites.put(r.get("id").asInt(), r.hasNonNull("callSite") ? r.get("callSite").asText() : null);
    int j = 0;
    for (JsonNode job : workload.get("jobs")) {
      if (run.pastDeadline()) return;
      int rddId = job.get("rdd").asInt();
      sc.setLocalProperty(AttemptBehaviour.JOB, Integer.toString(j++));
      String site = callSites.get(rddId);
      sc.setCallSite(site != null ? site : "rdd " + rddId + " at Scenario.scala:" + rddId);
      try {
        rdds.get(rddId).count();
      } catch (Exception e) {
        // A failed job is in the event log (JobEnd with JobFailed); the driver goes on.
      }
      sc.clearCallSite();
    }
  }
}
