// `srh diff FILE... [--json]` (issue 10 §5): each scenario on the simulator and on real Spark, and
// per scenario the verdict: agree, or each difference. Exit 0 when every scenario agrees, 1 when
// one differs (or a checker could not decide), 2 for bad input or a real run that failed.
import { compareBackends, type ConformanceResult } from '../backend/conformance.js';
import { runSuite, tally, type SuiteEntry, type SuiteOptions } from '../backend/conformance-suite.js';
import type { SparkBackend } from '../backend/spark/spark-backend.js';
import { REAL_MODES } from '../../properties/arbitraries/real-backend.js';
import type { Mode } from '../../properties/arbitraries/scenario.js';
import { simulate } from '../simulate.js';
import { openSparkBackend, reportRealFailure, type BackendOptions } from './backend-options.js';
import { EXIT, type Io } from './io.js';
import { loadScenario } from './run-command.js';

export interface DiffOptions extends Omit<BackendOptions, 'backend'> {
  json?: boolean;
  runs?: string;
  seed?: string;
  mode?: string;
  from?: string;
}

export async function diffCommand(files: string[], opts: DiffOptions, io: Io): Promise<number> {
  const generated = generatedOptions(files, opts, io);
  if (generated === 'bad') return EXIT.badInput;
  const backend = openSparkBackend('srh diff', opts, io);
  if (backend === null) return EXIT.badInput;
  if (generated !== null) return diffGenerated(generated, opts, backend, io);
  const reports: unknown[] = [];
  let bad = 0;
  let differ = 0;
  try {
    for (const file of files) {
      const scenario = loadScenario(file, io);
      if (scenario === null) {
        bad++;
        continue;
      }
      const real = await backend.run(scenario);
      if (!real.ok) {
        bad++;
        reportRealFailure('srh diff', file, real, io);
        if (opts.json) reports.push({ file, verdict: 'not-run', ...('refused' in real ? { refused: real.refused } : { error: real.error }) });
        continue;
      }
      const result = compareBackends(scenario, simulate(scenario).trace, real.trace);
      if (result.verdict !== 'agree') differ++;
      if (opts.json) reports.push({ file, ...result });
      else io.out(diffText(file, result));
    }
  } finally {
    await backend.close();
  }
  if (opts.json) io.out(JSON.stringify(reports, null, 2) + '\n');
  else io.out(`${files.length} scenario(s): ${files.length - differ - bad} agree, ${differ} differ, ${bad} not run\n`);
  return bad > 0 ? EXIT.badInput : differ > 0 ? EXIT.failed : EXIT.ok;
}

export function diffText(file: string, r: ConformanceResult): string {
  let out = '';
  if (r.verdict === 'agree') {
    out += r.identical
      ? `${file}: agree\n`
      : `${file}: agree; ${r.allowed.length} field(s) differ as Spark's nondeterminism allows (${r.nondeterminism.join('; ')})\n`;
    for (const d of r.allowed.slice(0, 5)) out += `  ~ ${d.field}: simulator ${JSON.stringify(d.sim)}, real Spark ${JSON.stringify(d.real)}\n`;
    return out;
  }
  out += `${file}: ${r.verdict === 'unknown' ? 'unknown (a checker threw)' : 'DIFFER'}\n`;
  for (const f of r.findings.slice(0, 12)) out += `  - ${f.kind}: ${f.message.split('\n')[0]}\n`;
  if (r.findings.length > 12) out += `  … and ${r.findings.length - 12} more\n`;
  if (r.error !== undefined) out += `  ${r.error.split('\n')[0]}\n`;
  return out;
}

/** --runs N [--seed S] [--mode M] without files: the generated conformance suite; null: files given. */
function generatedOptions(files: string[], opts: DiffOptions, io: Io): SuiteOptions | null | 'bad' {
  if (files.length > 0) {
    if (opts.runs !== undefined || opts.seed !== undefined) {
      io.err('srh diff: give scenario files or --runs N (generated scenarios), not both\n');
      return 'bad';
    }
    return null;
  }
  const runs = Number(opts.runs ?? 'x');
  const seed = Number(opts.seed ?? '1');
  if (!Number.isInteger(runs) || runs < 1) {
    io.err('srh diff: give scenario files, or --runs N (a positive whole number) for generated scenarios\n');
    return 'bad';
  }
  if (!Number.isInteger(seed)) {
    io.err(`srh diff: --seed ${opts.seed} is not a whole number\n`);
    return 'bad';
  }
  const modes = opts.mode?.split(',').map((m) => m.trim());
  const unknown = modes?.find((m) => !REAL_MODES.includes(m as Mode));
  if (unknown !== undefined) {
    io.err(`srh diff: --mode ${unknown}: the real backend runs ${REAL_MODES.join(', ')}\n`);
    return 'bad';
  }
  const from = Number(opts.from ?? '0');
  if (!Number.isInteger(from) || from < 0 || from >= runs) {
    io.err(`srh diff: --from ${opts.from} is not an index of the ${runs} generated scenarios; give 0 to ${runs - 1}\n`);
    return 'bad';
  }
  return { runs, seed, modes: modes as Mode[] | undefined, from };
}

async function diffGenerated(o: SuiteOptions, opts: DiffOptions, backend: SparkBackend, io: Io): Promise<number> {
  const entries: SuiteEntry[] = [];
  try {
    for await (const e of runSuite(o, backend)) {
      entries.push(e);
      if (opts.json) continue;
      const label = `scenario ${e.index} (${e.scenario.workload.mode}, ${e.scenario.cluster.master})`;
      if (e.outcome === 'compared') io.out(diffText(label, e.result));
      else io.out(`${label}: ${e.outcome}: ${e.why}\n`);
    }
  } finally {
    await backend.close();
  }
  const t = tally(entries);
  if (opts.json)
    io.out(
      JSON.stringify(
        {
          seed: o.seed,
          runs: o.runs,
          tally: t,
          entries: entries.map((e) =>
            e.outcome === 'compared'
              ? {
                  index: e.index,
                  scenario: e.scenario,
                  verdict: e.result.verdict,
                  identical: e.result.identical,
                  findings: e.result.findings,
                  allowed: e.result.allowed,
                  wallMs: e.wallMs,
                }
              : { index: e.index, scenario: e.scenario, outcome: e.outcome, why: e.why },
          ),
        },
        null,
        2,
      ) + '\n',
    );
  else
    io.out(
      `${t.scenarios} generated scenario(s) at seed ${o.seed}: ${t.compared} compared (${t.identical} identical, ${t.agreeWithAllowedDifferences} agree with allowed differences, ${t.differ} differ, ${t.unknown} unknown), ${t.skipped} skipped, ${t.notRun} not run; causes ${JSON.stringify(t.causes)}\n`,
    );
  return t.notRun > 0 ? EXIT.badInput : t.differ + t.unknown > 0 ? EXIT.failed : EXIT.ok;
}
