// The driver program of a batch workload: each job runs on its RDD once the previous job has
// ended, as a driver calling actions one after another would (a failed job does not stop the
// program: the next action still runs, so one scenario can show several outcomes).
import type { BatchWorkload } from '../scenario/types.js';
import { buildLineage } from './lineage.js';
import type { SparkApplication } from './spark-application.js';

export function runBatchDriver(app: SparkApplication, workload: BatchWorkload): void {
  const lineage = buildLineage(workload.rdds);
  const submit = (i: number): void => {
    if (i >= workload.jobs.length) {
      app.finishDriver();
      return;
    }
    const rdd = lineage.rdds.get(workload.jobs[i].rdd)!;
    app.submitJob(rdd, { batch: null, run: null, shuffleIdOffset: 0, properties: {} }, () => submit(i + 1));
  };
  submit(0);
}
