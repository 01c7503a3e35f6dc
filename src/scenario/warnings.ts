// Warnings on a valid scenario: fault selectors that no task attempt can ever match. The run is
// still well defined (the fault never fires), so these are not errors: generated scenarios shrink
// their sizes independently of their faults and must stay valid. A person who wrote one almost
// surely made a typo, and a silently clean run would hide it, so `srh run` says so.
import type { ScenarioError } from './validate.js';
import type { Scenario } from './types.js';

export function scenarioWarnings(scenario: Scenario): ScenarioError[] {
  const w = scenario.workload;
  const widest = w.mode === 'continuous' ? w.partitions : w.rdds.reduce((m, r) => Math.max(m, r.partitions), 0);
  const warnings: ScenarioError[] = [];
  scenario.faults.forEach((f, i) => {
    if (f.kind !== 'task') return;
    const at = (field: string, why: string) => warnings.push({ path: `faults[${i}].task.${field}`, message: `matches no task attempt: ${why}` });
    const { partition, job, batch, run } = f.task;
    if (partition !== undefined && partition >= widest) {
      at('partition', `the widest ${w.mode === 'continuous' ? 'query' : 'RDD'} has ${widest} partitions (0..${widest - 1})`);
    }
    if (w.mode === 'batch' && job !== undefined && job >= w.jobs.length) at('job', `the workload runs ${w.jobs.length} job(s) (0..${w.jobs.length - 1})`);
    if (w.mode === 'microBatch' && batch !== undefined && batch >= w.batches) at('batch', `the query runs ${w.batches} batch(es) (0..${w.batches - 1})`);
    if (w.mode !== 'batch' && run !== undefined && run > w.restarts) at('run', `with ${w.restarts} restart(s) the query has runs 0..${w.restarts}`);
  });
  return warnings;
}
