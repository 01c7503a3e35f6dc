// The examples and the suite's own scenarios on real Spark 3.2.0 (issue 10 §7, "Conformance"): the
// seed article's message comes out of real Spark, and each scenario the real backend can express
// agrees with the simulator (compareBackends: trace invariants, the model, determined fields).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareBackends } from '../../src/backend/conformance.js';
import { realBackendProblems } from '../../src/backend/spark/expressible.js';
import { simulate } from '../../src/simulate.js';
import { summarize } from '../../src/trace/summary.js';
import { openBackend, root, scenarioFile } from './support.js';

const backend = openBackend();
afterAll(() => backend.close());

const files = [
  ...readdirSync(join(root, 'examples')).map((f) => `examples/${f}`),
  ...readdirSync(join(root, 'test/spark-real/scenarios')).map((f) => `test/spark-real/scenarios/${f}`),
].filter((f) => f.endsWith('.json'));

describe('the seed article on real Spark', () => {
  it("prints the article's abort message", async () => {
    const r = await backend.run(scenarioFile('examples/continuous-seed-article.json'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const job = summarize(r.trace).jobs[0];
    expect(job.result).toBe('JobFailed');
    expect(job.message).toMatch(
      /^Job aborted due to stage failure: Task 1 in stage 0\.0 failed 6 times, most recent failure: Lost task 1\.5 in stage 0\.0 \(TID 6\) \(\S+ executor driver\): org\.apache\.spark\.sql\.execution\.streaming\.continuous\.ContinuousTaskRetryException: Continuous execution does not support task retry\n/,
    );
    expect(summarize(r.trace).query?.status).toBe('failed');
  });
});

describe('every scenario the real backend can express agrees with the simulator', () => {
  for (const file of files) {
    const scenario = scenarioFile(file);
    const problems = realBackendProblems(scenario);
    if (problems.length > 0) {
      it(`${file}: is refused for real Spark, naming the field`, async () => {
        const r = await backend.run(scenario);
        expect(r.ok).toBe(false);
        if (!r.ok && 'refused' in r) expect(r.refused[0].path).toBe(problems[0].path);
      });
      continue;
    }
    it(`${file}: agrees`, async () => {
      const r = await backend.run(scenario);
      expect(r.ok, r.ok ? '' : JSON.stringify(r)).toBe(true);
      if (!r.ok) return;
      const result = compareBackends(scenario, simulate(scenario).trace, r.trace);
      expect(result.findings.map((f) => f.message)).toEqual([]);
      expect(result.verdict).toBe('agree');
    });
  }
});

describe('executor losses on a local-cluster master', () => {
  it.each([
    ['test/spark-real/scenarios/executor-lost-by-app.json', true],
    ['test/spark-real/scenarios/executor-killed-by-driver.json', false],
  ] as const)('%s: the real executor is removed, its running task ends ExecutorLostFailure with exitCausedByApp %s', async (file, causedByApp) => {
    const r = await backend.run(scenarioFile(file));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const removed = r.trace.events.filter((e) => e.Event === 'SparkListenerExecutorRemoved');
    expect(removed).toHaveLength(1);
    const lost = r.trace.events.flatMap((e) =>
      e.Event === 'SparkListenerTaskEnd' && e['Task End Reason'].Reason === 'ExecutorLostFailure' ? [e['Task End Reason']] : [],
    );
    expect(lost.length).toBeGreaterThan(0);
    for (const l of lost) expect((l as { 'Exit Caused By App': boolean })['Exit Caused By App']).toBe(causedByApp);
    expect(summarize(r.trace).jobs[0].result).toBe('JobSucceeded');
  });
});
