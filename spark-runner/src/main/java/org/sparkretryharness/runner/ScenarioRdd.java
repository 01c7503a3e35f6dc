// One RDD of a batch workload (ARCHITECTURE §3), with the scenario's partition count and
// dependencies: narrow ones map partition i to partition i (OneToOneDependency), shuffle ones
// read every map output with a HashPartitioner of this RDD's width. The task's outermost
// ScenarioRdd (the stage's RDD: Spark's task calls its iterator first) runs the attempt: it opens
// every shuffle reader of the stage at once (learning where the map outputs are), sleeps the
// attempt's duration while checking for a kill, raises the injected failure if one matches, and
// only then reads its inputs, so fetches happen at the end of the run as the simulator models them.
package org.sparkretryharness.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.Dependency;
import org.apache.spark.Partition;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.rdd.RDD;
import scala.Product2;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.collection.JavaConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

final class ScenarioRdd extends RDD<Tuple2<Object, Object>> {
  private static final long serialVersionUID = 1L;
  private static final ClassTag<Tuple2<Object, Object>> TAG = ClassTag$.MODULE$.apply(Tuple2.class);
  /** Per running attempt (by TID): its shuffle readers, made by the attempt's outermost RDD. */
  private static final ConcurrentHashMap<Long, ShuffleInputs> ATTEMPTS = new ConcurrentHashMap<>();

  private final int width;
  private final int emit;
  private final List<ScenarioRdd> narrowParents;
  private final List<ShuffleDependency<Object, Object, Object>> shuffleParents;
  private final List<ShuffleDependency<Object, Object, Object>> stageShuffleInputs;
  private final AttemptBehaviour behaviour;

  ScenarioRdd(SparkContext sc, int width, int emit, List<ScenarioRdd> narrowParents, List<ShuffleDependency<Object, Object, Object>> shuffleParents, List<ShuffleDependency<Object, Object, Object>> stageShuffleInputs, AttemptBehaviour behaviour) {
    super(sc, dependencies(narrowParents, shuffleParents), TAG);
    this.width = width;
    this.emit = emit;
    this.narrowParents = narrowParents;
    this.shuffleParents = shuffleParents;
    this.stageShuffleInputs = stageShuffleInputs;
    this.behaviour = behaviour;
  }

  private static scala.collection.Seq<Dependency<?>> dependencies(List<ScenarioRdd> narrow, List<ShuffleDependency<Object, Object, Object>> shuffle) {
    List<Dependency<?>> deps = new ArrayList<>();
    for (ScenarioRdd p : narrow) deps.add(new org.apache.spark.OneToOneDependency<>(p));
    deps.addAll(shuffle);
    return JavaConverters.asScalaBuffer(deps).toList();
  }

  @Override
  public Partition[] getPartitions() {
    Partition[] out = new Partition[width];
    for (int i = 0; i < width; i++) out[i] = new ScenarioPartition(id(), i);
    return out;
  }

  List<ShuffleDependency<Object, Object, Object>> stageShuffleInputs() {
    return stageShuffleInputs;
  }

  @Override
  public Iterator<Tuple2<Object, Object>> compute(Partition split, TaskContext ctx) {
    long tid = ctx.taskAttemptId();
    ShuffleInputs inputs = ATTEMPTS.get(tid);
    if (inputs == null) {
      inputs = new ShuffleInputs();
      ATTEMPTS.put(tid, inputs);
      ctx.addTaskCompletionListener(c -> {
        ATTEMPTS.remove(tid);
      });
      for (ShuffleDependency<Object, Object, Object> dep : stageShuffleInputs) inputs.open(dep, ctx);
      behaviour.run(ctx, inputs);
    }
    consumeInputs(split.index(), ctx, inputs);
    return records();
  }

  private void consumeInputs(int index, TaskContext ctx, ShuffleInputs inputs) {
    for (ScenarioRdd p : narrowParents) drain(p.iterator(p.partitions()[index], ctx));
    for (ShuffleDependency<Object, Object, Object> dep : shuffleParents) drain(inputs.read(dep.shuffleId()));
  }

  private static void drain(Iterator<? extends Product2<Object, Object>> it) {
    while (it.hasNext()) it.next();
  }

  /** One record per partition of the widest shuffle reading this RDD, so every reduce task fetches every map output. */
  private Iterator<Tuple2<Object, Object>> records() {
    List<Tuple2<Object, Object>> out = new ArrayList<>(emit);
    for (int k = 0; k < emit; k++) out.add(new Tuple2<>(k, 1));
    return JavaConverters.asScalaIterator(out.iterator());
  }

  static final class ScenarioPartition implements Partition {
    private static final long serialVersionUID = 1L;
    private final int rddId;
    private final int index;

    ScenarioPartition(int rddId, int index) {
      this.rddId = rddId;
      this.index = index;
    }

    @Override
    public int index() {
      return index;
    }

    @Override
    public int hashCode() {
      return 31 * rddId + index;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ScenarioPartition && ((ScenarioPartition) o).rddId == rddId && ((ScenarioPartition) o).index == index;
    }
  }
}
