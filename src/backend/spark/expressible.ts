// What the real backend can express (issue 10 §2–3, "Bad input"): one home for every rule that
// refuses a scenario for real Spark, each naming the field and why, so nothing is approximated
// silently. The runner refuses on its own only what needs the JVM to know (an exception class
// that is not on its classpath).
import type { Scenario } from '../../scenario/types.js';
import type { ScenarioError } from '../../scenario/validate.js';

/** A local-cluster master starts one JVM per executor: more than this does not fit a 2-core machine. */
export const MAX_REAL_EXECUTORS = 4;

export function realBackendProblems(s: Scenario): ScenarioError[] {
  return [...clusterProblems(s), ...workloadProblems(s), ...faultProblems(s)];
}

function clusterProblems(s: Scenario): ScenarioError[] {
  if (s.cluster.parsedMaster.kind !== 'cluster') return [];
  const ex = s.cluster.executors;
  const out: ScenarioError[] = [];
  if (ex.length > MAX_REAL_EXECUTORS)
    out.push({
      path: 'cluster.executors',
      message: `${ex.length} executors: the real backend runs "cluster" as local-cluster[E,C,M], one JVM per executor, at most ${MAX_REAL_EXECUTORS}; use fewer executors or the simulator`,
    });
  const cores = new Set(ex.map((e) => e.cores));
  if (cores.size > 1)
    out.push({
      path: 'cluster.executors',
      message: `executors with ${[...cores].join(' and ')} cores: local-cluster[E,C,M] gives every executor the same C cores; give them all the same "cores" or use the simulator`,
    });
  return out;
}

function workloadProblems(s: Scenario): ScenarioError[] {
  const w = s.workload;
  if (w.mode === 'continuous' && w.retryPolicy === 'global')
    return [
      {
        path: 'workload.retryPolicy',
        message: '"global" is the simulator\'s extension beyond Spark (Spark never implemented a global restart); use "none" on real Spark',
      },
    ];
  if (w.mode === 'continuous' && w.recordsPerSecond < 1)
    return [{ path: 'workload.recordsPerSecond', message: `${w.recordsPerSecond}: Spark's rate source needs a positive rowsPerSecond; give at least 1` }];
  return [];
}

function faultProblems(s: Scenario): ScenarioError[] {
  const out: ScenarioError[] = [];
  const streaming = s.workload.mode !== 'batch';
  s.faults.forEach((f, i) => {
    const at = `faults[${i}]`;
    // An executor loss needs master "cluster" (validation says so): on real Spark, local-cluster.
    if (f.kind === 'executorLost') return;
    if (streaming && f.task.job !== undefined)
      out.push({
        path: `${at}.task.job`,
        message: 'a streaming task cannot know its job id on real Spark (the query thread submits its jobs); select by batch, epoch, run, stage or partition',
      });
    const r = f.fail?.reason;
    if (r === 'TaskResultLost')
      out.push({
        path: `${at}.fail.reason`,
        message:
          "TaskResultLost cannot be raised on real Spark: the driver loses a result only when it cannot fetch an indirect result's block, which no task code causes; use the simulator",
      });
    if (r === 'UnknownReason')
      out.push({
        path: `${at}.fail.reason`,
        message: 'UnknownReason cannot be raised on real Spark: the driver reports it only for an end reason it cannot deserialize; use the simulator',
      });
    if (r === 'FetchFailed' && s.workload.mode === 'continuous')
      out.push({ path: `${at}.fail.reason`, message: 'a continuous query reads no shuffle, so no real task can fail a fetch; use another reason' });
  });
  return out;
}
