// What a reduce task learns of its shuffle inputs when it starts (spec §10.6): Spark's
// SortShuffleManager.getReader asks the MapOutputTracker for every map output's block manager up
// front (a missing output fails the task there, with MetadataFetchFailedException), and the
// reader fetches from those addresses later, whatever was unregistered since. The runner makes
// the readers at the start of the task and reads them at the end of its run, as the simulator
// models the fetch.
package org.sparkretryharness.runner;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.shuffle.ShuffleReader;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.BlockManagerId;
import org.apache.spark.storage.ShuffleBlockId;
import scala.Tuple2;
import scala.Tuple3;
import scala.collection.Iterator;
import scala.collection.Seq;

final class ShuffleInputs {
  static final class Location {
    final BlockManagerId blockManager;
    final long mapId;

    Location(BlockManagerId blockManager, long mapId) {
      this.blockManager = blockManager;
      this.mapId = mapId;
    }
  }

  private final Map<Integer, ShuffleReader<Object, Object>> readers = new HashMap<>();
  private final Map<Integer, Map<Integer, Location>> locations = new HashMap<>();

  /** Opens a reader for this reduce partition of the shuffle and records where each map output is. */
  void open(ShuffleDependency<Object, Object, Object> dep, TaskContext ctx) {
    int shuffleId = dep.shuffleId();
    if (readers.containsKey(shuffleId)) return;
    int p = ctx.partitionId();
    ShuffleReader<Object, Object> reader = SparkEnv.get().shuffleManager().getReader(dep.shuffleHandle(), p, p + 1, ctx, ctx.taskMetrics().createTempShuffleReadMetrics());
    readers.put(shuffleId, reader);
    locations.put(shuffleId, where(shuffleId, p));
  }

  private static Map<Integer, Location> where(int shuffleId, int reduceId) {
    Map<Integer, Location> out = new HashMap<>();
    Iterator<Tuple2<BlockManagerId, Seq<Tuple3<BlockId, Object, Object>>>> it = SparkEnv.get().mapOutputTracker().getMapSizesByExecutorId(shuffleId, 0, Integer.MAX_VALUE, reduceId, reduceId + 1);
    while (it.hasNext()) {
      Tuple2<BlockManagerId, Seq<Tuple3<BlockId, Object, Object>>> byExecutor = it.next();
      Iterator<Tuple3<BlockId, Object, Object>> blocks = byExecutor._2().iterator();
      while (blocks.hasNext()) {
        Tuple3<BlockId, Object, Object> b = blocks.next();
        long mapId = b._1() instanceof ShuffleBlockId ? ((ShuffleBlockId) b._1()).mapId() : -1L;
        out.put((Integer) b._3(), new Location(byExecutor._1(), mapId));
      }
    }
    return out;
  }

  /** The records of one shuffle input: the fetch happens here. */
  Iterator<scala.Product2<Object, Object>> read(int shuffleId) {
    return readers.get(shuffleId).read();
  }

  Location location(int shuffleId, int mapIndex) {
    Map<Integer, Location> m = locations.get(shuffleId);
    return m == null ? null : m.get(mapIndex);
  }

  boolean reads(int shuffleId) {
    return readers.containsKey(shuffleId);
  }
}
