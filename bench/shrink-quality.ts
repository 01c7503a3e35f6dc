// Shrinking quality (issue 11 §6): for each mutant, campaigns over 10 seeds; each caught one's
// shrunk counterexample is measured (src/harness/scenario-size.ts) against the mutant's
// hand-minimal scenario (src/harness/minimal-examples.ts). Prints, per mutant, the detection time,
// the shrunk size beside the hand-minimal one and the distinct shrunk results.
//   node dist/bench/shrink-quality.js [--seeds N] [--runs N] [--mutant ID]... [--json] [--print]
// (or `npm run bench -- --shrink`). Not part of `npm test`: about 20 minutes on 2 loaded cores.
import { runCampaign } from '../src/harness/campaign.js';
import { MINIMAL_EXAMPLES } from '../src/harness/minimal-examples.js';
import { MUTANTS, type Mutant } from '../src/harness/mutants.js';
import { ALL_PROPERTIES } from '../src/harness/property-catalogue.js';
import type { ScenarioInput } from '../src/scenario/schema.js';
import { compareSizes, describeComparison, formatSize, scenarioSize, totalElements, type ScenarioSize } from '../src/harness/scenario-size.js';

interface SeedResult {
  seed: number;
  caught: boolean;
  runs: number;
  detectMs: number;
  totalMs: number;
  property?: string;
  scenario?: ScenarioInput;
  size?: ScenarioSize;
  comparison?: string;
  extraElements?: number;
  same?: boolean;
  modeLarger?: boolean;
}

export interface MutantShrinkRow {
  id: string;
  jira: string | null;
  minimal: ScenarioSize | null;
  seeds: SeedResult[];
  /** Distinct shrunk scenarios (content, seed aside) and distinct shrunk sizes. */
  distinctScenarios: number;
  distinctSizes: number;
  medianDetectMs: number;
}

/** A scenario's content without its simulator seed: two shrunk results equal but for the seed are one. */
function contentKey(s: ScenarioInput): string {
  const { seed: _seed, ...rest } = s;
  return JSON.stringify(rest);
}

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function runSeed(m: Mutant, seed: number, runs: number, minimal: ScenarioSize | null): SeedResult {
  let detectMs = 0;
  const t0 = performance.now();
  const r = runCampaign({
    seed,
    runs,
    timeLimitMs: 300_000,
    properties: ALL_PROPERTIES,
    rules: m.rules,
    ...(m.modes ? { modes: m.modes } : {}),
    onRun: () => {
      detectMs = performance.now() - t0;
    },
  });
  const totalMs = performance.now() - t0;
  if (r.failure === null) return { seed, caught: false, runs: r.runs, detectMs: totalMs, totalMs };
  const size = scenarioSize(r.failure.scenario);
  const out: SeedResult = { seed, caught: true, runs: r.runs, detectMs, totalMs, property: r.failure.property, scenario: r.failure.scenario, size };
  if (minimal !== null) {
    const c = compareSizes(size, minimal);
    Object.assign(out, { comparison: describeComparison(c, size.mode), extraElements: c.extraElements, same: c.same, modeLarger: c.modeLarger });
  }
  return out;
}

export function shrinkQuality(m: Mutant, seeds: number[], runs: number): MutantShrinkRow {
  const example = MINIMAL_EXAMPLES.find((e) => e.mutant === m.id);
  const minimal = example ? scenarioSize(example.scenario) : null;
  const results = seeds.map((s) => runSeed(m, s, runs, minimal));
  const caught = results.filter((r) => r.caught);
  return {
    id: m.id,
    jira: m.jira ?? null,
    minimal,
    seeds: results,
    distinctScenarios: new Set(caught.map((r) => contentKey(r.scenario!))).size,
    distinctSizes: new Set(caught.map((r) => JSON.stringify(r.size))).size,
    medianDetectMs: median(caught.map((r) => r.detectMs)),
  };
}

function parseArgs(argv: string[]): { seeds: number; runs: number; mutants: string[]; json: boolean; print: boolean; markdown: boolean } {
  const o = { seeds: 10, runs: 20_000, mutants: [] as string[], json: false, print: false, markdown: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--seeds') o.seeds = Number(argv[++i]);
    else if (a === '--runs') o.runs = Number(argv[++i]);
    else if (a === '--mutant') o.mutants.push(argv[++i]);
    else if (a === '--json') o.json = true;
    else if (a === '--print') o.print = true;
    else if (a === '--markdown') o.markdown = true;
  }
  return o;
}

function summaryLine(row: MutantShrinkRow): string {
  const caught = row.seeds.filter((r) => r.caught);
  const same = caught.filter((r) => r.same).length;
  const worst = Math.max(...caught.map((r) => r.extraElements ?? 0));
  const modeLarger = caught.filter((r) => r.modeLarger).length;
  const comparisons = [...new Set(caught.map((r) => r.comparison ?? '?'))].join('; ');
  const runs = row.seeds.map((r) => (r.caught ? String(r.runs) : '–')).join(',');
  return `${row.id.padEnd(34)} caught ${caught.length}/${row.seeds.length}  runs ${runs}  detect ${Math.round(row.medianDetectMs)} ms  same ${same}/${caught.length}  worst ${worst >= 0 ? '+' : ''}${worst}  mode larger ${modeLarger}  distinct ${row.distinctScenarios} (${row.distinctSizes} sizes)  [${comparisons}]`;
}

export function shrinkBench(argv: string[]): void {
  const o = parseArgs(argv);
  const seeds = Array.from({ length: o.seeds }, (_, k) => k + 1);
  const selected = o.mutants.length > 0 ? MUTANTS.filter((m) => o.mutants.includes(m.id)) : MUTANTS;
  const rows: MutantShrinkRow[] = [];
  for (const m of selected) {
    const row = shrinkQuality(m, seeds, o.runs);
    rows.push(row);
    if (!o.json) {
      console.log(summaryLine(row));
      if (row.minimal) console.log(`${''.padEnd(34)} hand-minimal ${formatSize(row.minimal)} (${totalElements(row.minimal)} elements)`);
      if (o.print)
        for (const r of row.seeds.filter((x) => x.caught)) console.log(`  seed ${r.seed} ${r.property} ${formatSize(r.size!)}: ${JSON.stringify(r.scenario)}`);
    }
  }
  if (!o.json) console.log(totals(rows));
  if (o.json) console.log(JSON.stringify(rows, null, 2));
  if (o.markdown) console.log(markdownTable(rows));
}

/** "12 ms", "1.3 s". */
const duration = (ms: number): string => (Number.isNaN(ms) ? '–' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

/** The README's table: one row per mutant. */
export function markdownTable(rows: MutantShrinkRow[]): string {
  const out = [
    '| mutant | JIRA | caught | detection (median) | hand-minimal | same / as small | shrunk vs hand-minimal (seeds) | distinct shrunk results |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const caught = row.seeds.filter((r) => r.caught);
    const counts = new Map<string, number>();
    for (const r of caught) counts.set(r.comparison ?? '?', (counts.get(r.comparison ?? '?') ?? 0) + 1);
    const vs = [...counts]
      .sort((a, b) => b[1] - a[1])
      .map(([c, n]) => `${c} ×${n}`)
      .join('; ');
    const minimal = row.minimal
      ? `${formatSize(row.minimal).replace(/ (rdds|partitions|executors|faults|jobs|restarts)/g, (_m, k: string) => ` ${k[0]}`)} (${totalElements(row.minimal)})`
      : '–';
    const asSmall = caught.filter(asSmallAsMinimal).length;
    out.push(
      `| ${row.id} | ${row.jira ?? ''} | ${caught.length}/${row.seeds.length} | ${duration(row.medianDetectMs)} | ${minimal} | ${caught.filter((r) => r.same).length} / ${asSmall} | ${vs} | ${row.distinctScenarios} (${row.distinctSizes} sizes) |`,
    );
  }
  return [...out, '', totals(rows)].join('\n');
}

/** No more elements than the hand-minimal one, in no more complex a mode. */
const asSmallAsMinimal = (r: SeedResult): boolean => r.extraElements !== undefined && r.extraElements <= 0 && !r.modeLarger;

/** The figures the targets are about, over every mutant. */
export function totals(rows: MutantShrinkRow[]): string {
  const majority = (pick: (r: SeedResult) => boolean) =>
    rows.filter((row) => row.seeds.filter((r) => r.caught && pick(r)).length * 2 > row.seeds.length).length;
  const allSame = rows.filter((row) => row.seeds.every((r) => r.caught && r.same)).length;
  const over = rows.filter((row) => row.seeds.some((r) => r.caught && ((r.extraElements ?? 0) > 2 || r.modeLarger))).map((row) => row.id);
  return `${rows.length} mutants: every seed the same as the hand-minimal for ${allSame}, most seeds the same for ${majority((r) => r.same === true)}, most seeds as small for ${majority(asSmallAsMinimal)}; more than two elements larger or a more complex mode on some seed: ${over.length > 0 ? over.join(', ') : 'none'}`;
}

if (process.argv[1]?.endsWith('shrink-quality.js')) shrinkBench(process.argv.slice(2));
