// `srh diff FILE... [--json]` (issue 10 §5): each scenario on the simulator and on real Spark, and
// per scenario the verdict: agree, or each difference. Exit 0 when every scenario agrees, 1 when
// one differs (or a checker could not decide), 2 for bad input or a real run that failed.
import { compareBackends, type ConformanceResult } from '../backend/conformance.js';
import { simulate } from '../simulate.js';
import { openSparkBackend, reportRealFailure, type BackendOptions } from './backend-options.js';
import { EXIT, type Io } from './io.js';
import { loadScenario } from './run-command.js';

export interface DiffOptions extends Omit<BackendOptions, 'backend'> {
  json?: boolean;
}

export async function diffCommand(files: string[], opts: DiffOptions, io: Io): Promise<number> {
  const backend = openSparkBackend('srh diff', opts, io);
  if (backend === null) return EXIT.badInput;
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
    out += r.identical ? `${file}: agree\n` : `${file}: agree; ${r.allowed.length} field(s) differ as Spark's nondeterminism allows (${r.nondeterminism.join('; ')})\n`;
    for (const d of r.allowed.slice(0, 5)) out += `  ~ ${d.field}: simulator ${JSON.stringify(d.sim)}, real Spark ${JSON.stringify(d.real)}\n`;
    return out;
  }
  out += `${file}: ${r.verdict === 'unknown' ? 'unknown (a checker threw)' : 'DIFFER'}\n`;
  for (const f of r.findings.slice(0, 12)) out += `  - ${f.kind}: ${f.message.split('\n')[0]}\n`;
  if (r.findings.length > 12) out += `  … and ${r.findings.length - 12} more\n`;
  if (r.error !== undefined) out += `  ${r.error.split('\n')[0]}\n`;
  return out;
}
