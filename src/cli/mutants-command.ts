// `srh mutants [--runs N] [--seed S] [--json]`: measures the harness on deliberately broken
// schedulers, the historical ones with their JIRA id and fix release. For each mutant, campaigns
// over a few seeds: how often it is caught, after how
// many scenarios, and by which property. Exit 1 when a mutant is never caught.
import { runCampaign } from '../harness/campaign.js';
import { MUTANTS } from '../harness/mutants.js';
import { ALL_PROPERTIES } from '../harness/property-catalogue.js';
import { parseIntOption, SEED_MAX, SEED_MIN } from './check-command.js';
import { EXIT, type Io } from './io.js';
import { finishTestReport, refuseReporterOptions, type ReporterOptions, type TestCase } from './test-reporter.js';

export function mutantsCommand(o: { runs?: string; seed?: string; json?: boolean } & ReporterOptions, io: Io): number {
  if (refuseReporterOptions('srh mutants', o, io)) return EXIT.badInput;
  const runs = parseIntOption('--runs', o.runs, 1);
  // Campaigns use the seed and the two after it.
  const seed = parseIntOption('--seed', o.seed, SEED_MIN, SEED_MAX - 2);
  for (const v of [runs, seed]) {
    if (typeof v === 'string') {
      io.err(`srh mutants: ${v}\n`);
      return EXIT.badInput;
    }
  }
  const budget = (runs as number | undefined) ?? 2000;
  const seeds = [0, 1, 2].map((k) => ((seed as number | undefined) ?? 1) + k);
  const rows = MUTANTS.map((m) => {
    const started = performance.now();
    const results = seeds.map((s) =>
      runCampaign({ seed: s, runs: budget, timeLimitMs: 120_000, properties: ALL_PROPERTIES, rules: m.rules, ...(m.modes ? { modes: m.modes } : {}) }),
    );
    const caught = results.filter((r) => r.failure !== null);
    return {
      id: m.id,
      description: m.description,
      // A historical mutant names the Spark bug it re-introduces; null for the harness's own.
      jira: m.jira ?? null,
      fixedIn: m.fixedIn ?? null,
      caught: caught.length,
      campaigns: results.length,
      runsToCatch: caught.map((r) => r.runs),
      properties: [...new Set(caught.map((r) => r.failure!.property))],
      timeMs: performance.now() - started,
    };
  });
  if (o.json) io.out(JSON.stringify({ budget, seeds, mutants: rows.map(({ timeMs: _, ...r }) => r) }, null, 2) + '\n');
  else {
    io.out(`mutants: ${MUTANTS.length} broken schedulers, ${seeds.length} campaigns of up to ${budget} scenarios each (seeds ${seeds.join(', ')})\n`);
    for (const r of rows) {
      io.out(
        `${r.id.padEnd(32)} caught ${r.caught}/${r.campaigns}  runs to catch ${r.runsToCatch.length ? r.runsToCatch.join(', ') : '-'}  by ${r.properties.join(', ') || '-'}\n`,
      );
      io.out(`${''.padEnd(32)} (${r.jira ? `${r.jira}, fixed in ${r.fixedIn}: ` : ''}${r.description})\n`);
    }
  }
  const code = rows.every((r) => r.caught > 0) ? EXIT.ok : EXIT.failed;
  return finishTestReport(o, { command: 'srh mutants', suites: [{ name: 'srh mutants', cases: rows.map((r) => mutantCase(r, budget)) }] }, code, io);
}

/** A mutant is a passing case when some campaign caught it. */
function mutantCase(
  r: { id: string; caught: number; campaigns: number; runsToCatch: number[]; properties: string[]; timeMs: number },
  budget: number,
): TestCase {
  const base = { name: r.id, classname: 'srh mutants', timeMs: r.timeMs };
  if (r.caught > 0) return { ...base, status: 'passed' };
  return { ...base, status: 'failed', message: `mutant ${r.id} was never caught: 0/${r.campaigns} campaigns of up to ${budget} scenarios found a failure` };
}
