// `srh check --backend spark [--spark-jars DIR] [--shrink-budget N]` (issue 10 §6): a property
// campaign on real Spark, the corpus entry marked with its backend; and the replay of such an
// entry (`srh replay`, `srh corpus check`), which runs it on real Spark again.
import type { Mode } from '../../properties/arbitraries/scenario.js';
import { realRunViolations } from '../backend/conformance.js';
import type { SparkBackend } from '../backend/spark/spark-backend.js';
import { saveEntry, type CorpusEntry } from '../harness/corpus-store.js';
import { runRealCampaign, type RealCampaignResult } from '../harness/real-campaign.js';
import { validateScenario } from '../scenario/validate.js';
import { openSparkBackend, type BackendOptions } from './backend-options.js';
import { EXIT, type Io } from './io.js';
import { finishTestReport, type ReporterOptions } from './test-reporter.js';
import { realCampaignReport } from './check-cases.js';

export const DEFAULT_SHRINK_BUDGET = 40;

export interface RealCheckSettings extends BackendOptions, ReporterOptions {
  seed: number;
  runs?: number;
  timeLimitS: number;
  modes?: Mode[];
  shrinkBudget: number;
  corpusDir: string;
  json?: boolean;
}

export async function realCheck(s: RealCheckSettings, io: Io): Promise<number> {
  const backend = openSparkBackend('srh check', s, io);
  if (backend === null) return EXIT.badInput;
  if (!s.json)
    io.out(
      `srh check --backend spark: seed ${s.seed}, ${s.runs === undefined ? `time limit ${s.timeLimitS} s` : `${s.runs} runs (time limit ${s.timeLimitS} s)`}, shrink budget ${s.shrinkBudget} real runs\n`,
    );
  let result: RealCampaignResult;
  try {
    result = await runRealCampaign({
      seed: s.seed,
      runs: s.runs,
      timeLimitMs: s.timeLimitS * 1000,
      modes: s.modes,
      shrinkBudget: s.shrinkBudget,
      backend,
      onProgress: s.json ? undefined : (n) => io.err(`  ${n} real scenarios\n`),
    });
  } finally {
    await backend.close();
  }
  const saved = result.failure === null ? null : saveRealFailure(s.corpusDir, result, io);
  if (s.json) io.out(JSON.stringify({ backend: 'spark', sparkVersion: backend.sparkVersion, ...result, corpusEntry: saved }, null, 2) + '\n');
  else io.out(realReport(result, backend, saved, s.modes));
  return finishTestReport(s, realCampaignReport(result, s.seed), result.failure === null ? EXIT.ok : EXIT.failed, io);
}

function saveRealFailure(dir: string, r: RealCampaignResult, io: Io): string | null {
  const f = r.failure!;
  const entry: CorpusEntry = {
    corpus: 1,
    property: f.property,
    scenario: f.scenario,
    seed: f.seed,
    path: f.path,
    found: new Date().toISOString(),
    note: f.violations[0]?.split('\n')[0] ?? '',
    backend: 'spark',
  };
  try {
    const saved = saveEntry(dir, entry);
    if (saved.status === 'blocked') {
      io.err(`srh check: the corpus entry was not saved: ${saved.file} exists and is not a readable corpus entry (kept as it is)\n`);
      return null;
    }
    return saved.file;
  } catch (e) {
    io.err(`srh check: the corpus entry was not saved: ${(e as Error).message}; check that ${dir} is writable\n`);
    return null;
  }
}

function realReport(r: RealCampaignResult, backend: SparkBackend, saved: string | null, modes: Mode[] | undefined): string {
  const lines = [
    `${r.runs} real scenarios in ${(r.elapsedMs / 1000).toFixed(1)} s on Spark ${backend.sparkVersion ?? '?'} (JVM start-up ${backend.jvmStartUpMs ?? '?'} ms)`,
  ];
  for (const e of r.runnerErrors)
    lines.push(
      `runner failed on a scenario (the campaign went on): ${e.error.split('\n')[0]}\n  scenario: ${JSON.stringify(e.scenario)}${e.driverLogTail ? `\n  driver log ends: ${e.driverLogTail.trimEnd().split('\n').slice(-3).join(' | ')}` : ''}`,
    );
  if (r.failure === null) {
    lines.push(`every trace invariant and the model held${r.interrupted ? ' (stopped at the time limit)' : ''}`);
    return lines.join('\n') + '\n';
  }
  const f = r.failure;
  lines.push(
    '',
    `FAILED on real Spark: ${f.property}; shrunk ${f.shrinks} times with ${f.shrinkRuns} real runs${f.budgetReached ? ' (the shrink budget stopped it: a smaller failing scenario may exist)' : ''} to:`,
  );
  lines.push(JSON.stringify(f.scenario, null, 2), 'violations:', ...f.violations.map((v) => `  - ${v}`));
  lines.push(`replay: npx srh replay --backend spark --seed ${f.seed} --path ${f.path}${modes ? ` --mode ${modes.join(',')}` : ''}`);
  if (saved !== null) lines.push(`corpus entry: ${saved}`);
  return lines.join('\n') + '\n';
}

/** A corpus entry found on real Spark, run there again: its violations of the entry's property (empty: it holds). */
export async function replayRealEntry(entry: CorpusEntry, backend: SparkBackend): Promise<{ violations: string[] } | { error: string }> {
  const v = validateScenario(entry.scenario);
  if (!v.ok) return { error: `scenario.${v.errors[0].path}: ${v.errors[0].message}` };
  const real = await backend.run(v.scenario);
  if (!real.ok) return { error: 'refused' in real ? real.refused.map((e) => `scenario.${e.path}: ${e.message}`).join('; ') : real.error.split('\n')[0] };
  return {
    violations: realRunViolations(v.scenario, real.trace)
      .filter((x) => x.property === entry.property)
      .map((x) => `${x.property} ${x.message}`),
  };
}
