// `srh check --reporter junit|json`: the campaign's verdicts as test cases (test-reporter.ts): one
// per property, one for the corpus replayed first, and the entry that failed again, if one did.
import type { CorpusFailure, CorpusReplay } from '../harness/corpus-replay.js';
import type { CampaignResult } from '../harness/campaign.js';
import type { HarnessProperty } from '../harness/property-catalogue.js';
import type { RealCampaignResult } from '../harness/real-campaign.js';
import type { TestCase, TestReport } from './test-reporter.js';

const COMMAND = 'srh check';
const violationsText = (head: string, violations: readonly string[], replay: string): string =>
  [head, ...violations.map((v) => `  - ${v.split('\n').join('\n    ')}`), `replay: ${replay}`].join('\n');

function corpusCase(c: CorpusReplay): TestCase {
  const base = { name: `corpus ${c.dir} replayed first`, classname: `${COMMAND}.corpus` };
  if (c.replayed === 0) return { ...base, status: 'skipped', message: `no corpus entry in ${c.dir} applies to this check` };
  return { ...base, status: 'passed' };
}

/** The campaign's report: the corpus replay, then a case per property (the failed one with its violations). */
export function campaignReport(r: CampaignResult, corpus: CorpusReplay, replay: string | null): TestReport {
  const f = r.failure;
  const cases = r.properties.map((p): TestCase => {
    const base = { name: p.id, classname: `${COMMAND}.property`, timeMs: p.timeMs };
    if (f !== null && f.property === p.id) {
      const head = `property ${p.id} failed after ${r.runs} scenarios; shrunk ${f.shrinks} times${f.crash !== undefined ? ' (a crash)' : ''}: ${p.statement}`;
      return { ...base, status: f.crash !== undefined ? 'error' : 'failed', message: violationsText(head, f.violations, replay ?? '') };
    }
    if (p.runs === 0) return { ...base, status: 'skipped', message: `no generated scenario was checked against ${p.id}` };
    return { ...base, status: 'passed' };
  });
  return { command: COMMAND, suites: [{ name: `${COMMAND} seed ${r.seed}`, cases: [corpusCase(corpus), ...cases], timeMs: r.elapsedMs }] };
}

/** A corpus entry failed again: that entry's case, and every property skipped (nothing was generated). */
export function corpusFailureReport(f: CorpusFailure | null, properties: readonly HarnessProperty[]): TestReport {
  const entry: TestCase[] =
    f === null
      ? []
      : [
          {
            name: f.file,
            classname: `${COMMAND}.corpus`,
            status: f.crashed ? 'error' : 'failed',
            message: violationsText(`corpus entry ${f.file} fails again (property ${f.property.id})`, f.violations, `npx srh replay ${f.file}`),
          },
        ];
  const skipped = properties.map((p): TestCase => ({
    name: p.id,
    classname: `${COMMAND}.property`,
    status: 'skipped',
    message: 'not run: a corpus entry fails again, so nothing was generated',
  }));
  return { command: COMMAND, suites: [{ name: COMMAND, cases: [...entry, ...skipped] }] };
}

/** `srh check --backend spark`: one case, every trace invariant and the model on the real runs. */
export function realCampaignReport(r: RealCampaignResult, seed: number): TestReport {
  const base = { classname: `${COMMAND}.spark`, timeMs: r.elapsedMs };
  const c: TestCase =
    r.failure === null
      ? { ...base, name: 'trace invariants and the model on real Spark', status: 'passed' }
      : {
          ...base,
          name: r.failure.property,
          status: 'failed',
          message: [`failed on real Spark after ${r.runs} scenarios:`, ...r.failure.violations.map((v) => `  - ${v}`)].join('\n'),
        };
  return { command: COMMAND, suites: [{ name: `${COMMAND} --backend spark seed ${seed}`, cases: [c], timeMs: r.elapsedMs }] };
}
