// The generators: every scenario they make is valid, and a sample covers every mode, every
// TaskEndReason, aborts, successes, stage retries and restarts in meaningful proportions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioArbitrary } from '../../properties/arbitraries/scenario.js';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/simulate.js';
import { summarize } from '../../src/trace/summary.js';

const SEED = 20261124;

describe('scenario generators', () => {
  it('every generated scenario is valid by the scenario schema', () => {
    fc.assert(
      fc.property(scenarioArbitrary(), (s) => {
        const r = validateScenario(s);
        if (!r.ok) throw new Error(JSON.stringify(r.errors));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('shrinks toward small scenarios', () => {
    // Any scenario with a fault is "bad": the shrunk one has one fault and one RDD or partition.
    const r = fc.check(
      fc.property(scenarioArbitrary(), (s) => (s.faults ?? []).length === 0),
      { seed: SEED, numRuns: 500 },
    );
    expect(r.failed).toBe(true);
    const min = r.counterexample![0];
    expect(min.faults).toHaveLength(1);
    const w = min.workload;
    if (w.mode === 'continuous') expect(w.partitions).toBe(1);
    else expect(w.rdds).toHaveLength(1);
  });

  it('covers every mode, reason, aborts, successes, stage retries and restarts', () => {
    const counts = new Map<string, number>();
    const bump = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
    const sample = fc.sample(scenarioArbitrary(), { seed: SEED, numRuns: 1500 });
    for (const input of sample) {
      const r = validateScenario(input);
      if (!r.ok) throw new Error('invalid');
      const sc = r.scenario;
      bump(`mode:${sc.workload.mode}`);
      bump(`master:${sc.cluster.parsedMaster.kind}`);
      const { trace } = simulate(sc);
      const summary = summarize(trace);
      bump(`status:${summary.status}`);
      for (const t of summary.tasks) bump(`reason:${t.reason}`);
      if (summary.tasks.some((t) => t.resubmitted)) bump('reason:Resubmitted');
      if (summary.jobs.some((j) => j.result === 'JobFailed' && j.message?.includes(' times, most recent failure: '))) bump('abort:maxFailures');
      if (summary.jobs.some((j) => j.message?.includes('has failed the maximum allowable number of times'))) bump('abort:stageAttempts');
      if (summary.jobs.some((j) => j.result === 'JobSucceeded')) bump('job:succeeded');
      if (summary.stages.some((s) => s.attemptId > 0)) bump('stage:retried');
      if ((summary.query?.runs ?? 0) > 1) bump(`restarted:${sc.workload.mode}`);
      if (summary.query?.status === 'failed') bump(`query:failed:${sc.workload.mode}`);
      if (summary.query?.status === 'completed') bump(`query:completed:${sc.workload.mode}`);
      if (sc.workload.mode === 'continuous' && sc.workload.retryPolicy === 'global') bump('policy:global');
      if (sc.faults.some((f) => f.kind === 'executorLost')) bump('fault:executorLost');
    }
    const table = [...counts.entries()].sort().map(([k, v]) => `${k.padEnd(34)} ${v}`).join('\n');
    console.log(`generation statistics over ${sample.length} scenarios:\n${table}`);
    const required = [
      'mode:batch', 'mode:microBatch', 'mode:continuous', 'master:local', 'master:cluster',
      'reason:Success', 'reason:ExceptionFailure', 'reason:TaskKilled', 'reason:FetchFailed', 'reason:TaskResultLost',
      'reason:TaskCommitDenied', 'reason:UnknownReason', 'reason:ExecutorLostFailure', 'reason:Resubmitted',
      'abort:maxFailures', 'abort:stageAttempts', 'job:succeeded', 'stage:retried', 'restarted:microBatch', 'restarted:continuous',
      'query:failed:microBatch', 'query:completed:microBatch', 'query:failed:continuous', 'query:completed:continuous', 'policy:global',
      'fault:executorLost', 'status:finished', 'status:did-not-terminate',
    ];
    for (const k of required) expect(counts.get(k) ?? 0, `${k} never generated`).toBeGreaterThan(0);
    // Meaningful proportions: each mode is at least a tenth of the sample.
    for (const m of ['batch', 'microBatch', 'continuous']) expect(counts.get(`mode:${m}`)!).toBeGreaterThan(sample.length / 10);
  });
});
