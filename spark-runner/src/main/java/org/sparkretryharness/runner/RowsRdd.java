// The rows a micro-batch's plan hands to the sink (streaming spec §4.1): one narrow step over the
// scenario's sink RDD, so the batch job's stages are the scenario's, turning each partition into
// one row (its index) of ScenarioSource.SCHEMA. The attempt runs when the task opens its input,
// eagerly, before any sink's writer takes a row (ResultTask calls rdd.iterator before the write
// function), so what it raises is the task's end reason as such: the file sink's write task
// wraps only what its rows throw once it is writing (FileFormatWriter.executeTask 3.2.0), which
// the real run confirms (an injected exception in a file sink's write stage ends the attempt
// with that exception, not "Task failed while writing rows.").
package org.sparkretryharness.runner;

import java.util.Collections;
import org.apache.spark.OneToOneDependency;
import org.apache.spark.Partition;
import org.apache.spark.TaskContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import scala.collection.Iterator;
import scala.collection.JavaConverters;
import scala.reflect.ClassTag$;

final class RowsRdd extends RDD<InternalRow> {
  private static final long serialVersionUID = 1L;
  private final ScenarioRdd parent;

  RowsRdd(ScenarioRdd parent) {
    super(parent.context(), JavaConverters.asScalaBuffer(Collections.<org.apache.spark.Dependency<?>>singletonList(new OneToOneDependency<>(parent))).toList(), ClassTag$.MODULE$.apply(InternalRow.class));
    this.parent = parent;
  }

  @Override
  public Partition[] getPartitions() {
    return parent.partitions();
  }

  @Override
  public Iterator<InternalRow> compute(Partition split, TaskContext ctx) {
    Iterator<scala.Tuple2<Object, Object>> it = parent.iterator(split, ctx);
    while (it.hasNext()) it.next();
    InternalRow row = new GenericInternalRow(new Object[] {(long) split.index()});
    return JavaConverters.asScalaIterator(Collections.singletonList(row).iterator());
  }
}
