// Q4 fresh-batch-lineage (streaming spec §4.1; MicroBatchExecution.runBatch plans each batch
// anew, and SparkContext numbers every RDD from one counter, Spark 3.2.0): a micro-batch job's
// RDDs are its own. Each batch job (a re-run of a batch included) lists, in its stages' RDD
// Info, RDD ids that are non-negative and that no earlier batch's job listed; within the job, an
// RDD's parents are RDDs of the same job.
import type { TraceEvent } from '../../src/trace/events.js';
import { invariant } from './invariant.js';

export const freshBatchLineage = invariant(
  'Q4',
  'fresh-batch-lineage',
  'scenario',
  "each micro-batch job's RDDs are new: non-negative ids no earlier batch's job used, with parents among the job's own RDDs (streaming spec §4.1; one RDD id counter per SparkContext)",
  (ctx, report) => {
    if (ctx.scenario?.workload.mode !== 'microBatch') return;
    /** RDD id → the job that first listed it. */
    const owner = new Map<number, number>();
    ctx.events.forEach((e, i) => {
      if (e.Event !== 'SparkListenerJobStart' || e.Properties?.['streaming.sql.batchId'] === undefined) return;
      const jobId = e['Job ID'];
      const rdds = rddsOf(e);
      for (const [id, parents] of rdds) {
        if (id < 0) report(`job ${jobId} lists RDD ${id}: RDD ids count up from 0`, i);
        const earlier = owner.get(id);
        if (earlier !== undefined && earlier !== jobId)
          report(
            `job ${jobId} (batch ${e.Properties['streaming.sql.batchId']}) lists RDD ${id}, which job ${earlier} already had: each batch plans new RDDs`,
            i,
          );
        else owner.set(id, jobId);
        for (const parent of parents) if (!rdds.has(parent)) report(`job ${jobId}'s RDD ${id} has parent ${parent}, which is not among the job's RDDs`, i);
      }
    });
  },
);

/** RDD id → its parents, over the job's stages. */
function rddsOf(e: Extract<TraceEvent, { Event: 'SparkListenerJobStart' }>): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const stage of e['Stage Infos'] ?? []) for (const rdd of stage['RDD Info'] ?? []) out.set(rdd['RDD ID'], rdd['Parent IDs']);
  return out;
}
