// `srh check`: the main job, a property campaign (ARCHITECTURE §5). It prints one line per
// property and the generation statistics; on a failure, the shrunk scenario, the violations and
// the line that replays it, and it saves a corpus entry: as soon as it is found, then shrunk. It
// replays the corpus first (check-corpus.ts): an entry that fails again is the result at once.
// SIGINT or SIGTERM stops the campaign and prints the report so far (a failure found is kept).
import { randomInt } from 'node:crypto';
import type { Mode } from '../../properties/arbitraries/scenario.js';
import type { CampaignFailure, CampaignResult } from '../harness/campaign.js';
import { guardedCall, SIMULATOR } from '../harness/crash.js';
import { corpusDirProblem } from '../harness/corpus-store.js';
import { CounterexampleSaver } from '../harness/counterexample-saver.js';
import { withStopOnSignals } from '../harness/interruptible-campaign.js';
import { runParallelCampaign } from '../harness/parallel-campaign.js';
import { campaignProgress } from './progress.js';
import { availableParallelism, constants } from 'node:os';
import { PROPERTY_IDS, selectProperties, type HarnessProperty } from '../harness/property-catalogue.js';
import { EXIT, type Io } from './io.js';
import type { BackendOptions } from './backend-options.js';
import { DEFAULT_SHRINK_BUDGET, realCheck } from './real-check.js';
import { REAL_MODES } from '../../properties/arbitraries/real-backend.js';
import { corpusReplayLine } from '../harness/corpus-replay.js';
import { explainFailure, explanationText, type FailureExplanation } from '../harness/failure-report.js';
import { runScenario } from '../harness/scenario-run.js';
import type { SimulationRules } from '../simulate.js';
import { corpusFirst, corpusJson } from './check-corpus.js';
import { writeCheckReport } from './check-report.js';
import { reportOptionProblem, type ReportOptions } from './report-option.js';
import { finishTestReport, refuseReporterOptions, type ReporterOptions } from './test-reporter.js';
import { campaignReport, corpusFailureReport } from './check-cases.js';
import type { CorpusFailure } from '../harness/corpus-replay.js';
import { paint } from './colour.js';

export interface CheckOptions extends BackendOptions, ReportOptions, ReporterOptions {
  shrinkBudget?: string;
  runs?: string;
  seed?: string;
  mode?: string;
  property?: string;
  timeLimit?: string;
  json?: boolean;
  corpus?: string;
  workers?: string;
  shard?: string;
}

const MODES: readonly Mode[] = ['batch', 'microBatch', 'continuous'];

export function parseModes(s: string | undefined): Mode[] | string | undefined {
  if (s === undefined) return undefined;
  const modes = s.split(',').map((m) => m.trim());
  for (const m of modes) if (!MODES.includes(m as Mode)) return `--mode: unknown mode "${m}"; expected ${MODES.join(', ')} (or several, comma-separated)`;
  return modes as Mode[];
}

/** More threads than this is a typo, not a machine. */
const MAX_WORKERS = 256;

export interface Shard {
  index: number;
  count: number;
}

/** `--shard i/n`: this machine's part of a campaign split across n machines, 1 <= i <= n. */
export function parseShard(s: string | undefined): Shard | string | undefined {
  if (s === undefined) return undefined;
  const m = /^\s*(\d+)\/(\d+)\s*$/.exec(s);
  const index = m === null ? NaN : Number(m[1]);
  const count = m === null ? NaN : Number(m[2]);
  if (!(count >= 1 && count <= 10_000 && index >= 1 && index <= count)) return `--shard: expected i/n with 1 <= i <= n (for example 3/8), got "${s}"`;
  return { index, count };
}

/** fast-check seeds are 32-bit integers: a wider one would silently wrap to another campaign. */
export const SEED_MIN = -2147483648;
export const SEED_MAX = 2147483647;

/** Why `--mode` leaves `p` nothing to look at, or null when the modes include one of its own. */
export function modesLeaveOut(p: HarnessProperty, modes: readonly Mode[] | undefined): string | null {
  const chosen = modes ?? MODES;
  if (p.modes === undefined || p.modes.some((m) => chosen.includes(m))) return null;
  return `--property ${p.id} only looks at ${p.modes.join(', ')} runs, which --mode ${chosen.join(',')} leaves out`;
}

export function parseIntOption(name: string, s: string | undefined, min: number, max: number = Number.MAX_SAFE_INTEGER): number | string | undefined {
  if (s === undefined) return undefined;
  const bad = !/^-?\d+$/.test(s.trim()) || Number(s) < min || Number(s) > max;
  if (bad) return `${name}: expected an integer ${max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`}, got "${s}"`;
  return Number(s);
}

/** Not flags: what tests of the command give it (a mutant's rules, to see a failure reported). */
export interface CheckInternals {
  rules?: Partial<SimulationRules>;
}

export function checkCommand(o: CheckOptions, io: Io, internals: CheckInternals = {}): number | Promise<number> {
  const runs = parseIntOption('--runs', o.runs, 1);
  const seed = parseIntOption('--seed', o.seed, SEED_MIN, SEED_MAX);
  const timeLimit = parseIntOption('--time-limit', o.timeLimit, 1);
  const modes = parseModes(o.mode);
  const workers = parseIntOption('--workers', o.workers, 1, MAX_WORKERS);
  const shard = parseShard(o.shard);
  for (const v of [runs, seed, timeLimit, modes, workers, shard]) {
    if (typeof v === 'string') {
      io.err(`srh check: ${v}\n`);
      return EXIT.badInput;
    }
  }
  // Checked before the campaign, so a minute's work is not lost to a wrong --corpus.
  const corpusDir = o.corpus ?? 'corpus';
  const corpusProblem = corpusDirProblem(corpusDir, false);
  if (corpusProblem !== null) {
    io.err(`srh check: --corpus ${corpusProblem}\n`);
    return EXIT.badInput;
  }
  const reportProblem = reportOptionProblem(o, []);
  if (reportProblem !== null) {
    io.err(`srh check: ${reportProblem}\n`);
    return EXIT.badInput;
  }
  if (o.backend === 'spark' && (o.workers !== undefined || o.shard !== undefined)) {
    io.err(
      `srh check --backend spark: --${o.workers !== undefined ? 'workers' : 'shard'} splits a simulated campaign; a real one runs one Spark application at a time; leave it out\n`,
    );
    return EXIT.badInput;
  }
  if (refuseReporterOptions('srh check', o, io)) return EXIT.badInput;
  if (o.backend === 'spark')
    return checkOnSpark(
      o,
      {
        runs: runs as number | undefined,
        seed: seed as number | undefined,
        timeLimit: timeLimit as number | undefined,
        modes: modes as Mode[] | undefined,
        corpusDir,
      },
      io,
    );
  const properties = selectProperties(o.property);
  if (properties.length === 0) {
    io.err(`srh check: --property: unknown property "${o.property}"; expected one of ${PROPERTY_IDS.join(', ')}\n`);
    return EXIT.badInput;
  }
  const unexercised = o.property === undefined ? null : modesLeaveOut(properties[0], modes as Mode[] | undefined);
  if (unexercised !== null) {
    io.err(`srh check: ${unexercised}; add ${properties[0].modes!.join(',')} to --mode\n`);
    return EXIT.badInput;
  }
  const campaignSeed = (seed as number | undefined) ?? randomInt(0, 2 ** 31 - 1);
  const limitS = (timeLimit as number | undefined) ?? 60;
  const threads = (workers as number | undefined) ?? availableParallelism();
  const part = shard as Shard | undefined;
  if (!o.json) {
    const split = `${threads} worker${threads === 1 ? '' : 's'}${part === undefined ? '' : `, shard ${part.index}/${part.count}`}`;
    io.out(
      `srh check: seed ${campaignSeed}, ${runs === undefined ? `time limit ${limitS} s` : `${runs} runs (time limit ${limitS} s)`}, modes ${((modes as Mode[] | undefined) ?? MODES).join(', ')}, ${properties.length} properties, ${split}\n`,
    );
  }
  // The corpus entries that apply first (issue 13 §2); one that fails again is the result.
  let failedEntry: CorpusFailure | null = null;
  const corpus = corpusFirst(corpusDir, properties, modes as Mode[] | undefined, o.json === true, io, internals.rules, (f, explanation) => {
    failedEntry = f;
    // A simulator that threw on the entry leaves no run to draw.
    return f.run === null
      ? null
      : writeCheckReport(
          o,
          { property: f.property.id, origin: `corpus entry ${f.file}`, run: f.run, explanation, violations: f.violations, replay: `npx srh replay ${f.file}` },
          io,
        );
  });
  if (typeof corpus === 'number') return finishTestReport(o, corpusFailureReport(failedEntry, properties), corpus, io);
  if (!o.json) io.out(`${corpusReplayLine(corpus)}\n`);
  // A live line on a terminal, a plain line every few seconds in a log; none with --json.
  const progress = o.json ? null : campaignProgress(process.stderr, { timeLimitMs: limitS * 1000, runs: runs as number | undefined });
  const saver = new CounterexampleSaver(corpusDir, (line) => io.err(`srh check: ${line}\n`));
  return withStopOnSignals(async (stop) => {
    const result = await runParallelCampaign(
      {
        seed: campaignSeed,
        runs: runs as number | undefined,
        timeLimitMs: limitS * 1000,
        modes: modes as Mode[] | undefined,
        properties,
        workers: threads,
        ...(part === undefined ? {} : { shard: part }),
        onProgress: progress === null ? undefined : (n) => progress.update(n),
        onCounterexample: (f) => {
          progress?.failureFound();
          saver.found(f);
        },
        ...(internals.rules ? { rules: internals.rules } : {}),
      },
      stop,
    );
    progress?.done();
    const saved = result.failure === null ? null : saver.final(result.failure, result.stoppedBy);
    const explanation = explainCampaignFailure(result.failure, internals.rules);
    if (o.json)
      io.out(
        JSON.stringify(
          { ...jsonReport(result, modes as Mode[] | undefined, saved, explanation), workers: threads, shard: part ?? null, corpus: corpusJson(corpus) },
          null,
          2,
        ) + '\n',
      );
    else io.out(textReport(result, modes as Mode[] | undefined, saved, explanation, io.colour));
    const f = result.failure;
    // The HTML report of the shrunk counterexample (--report), when the simulator could run it.
    if (f !== null && explanation !== null) {
      const reportLine = writeCheckReport(
        o,
        {
          property: f.property,
          origin: `after ${result.runs} scenarios, shrunk ${f.shrinks} times`,
          run: runScenario(f.scenario, internals.rules),
          explanation,
          violations: f.violations,
          replay: replayLine(f.seed, f.path, f.property, modes as Mode[] | undefined),
        },
        io,
      );
      if (reportLine !== null && !o.json) io.out(`${reportLine}\n`);
    }
    // Stopped by a signal with nothing found: the shell's code for it (130 SIGINT, 143 SIGTERM).
    const code = result.failure !== null ? EXIT.failed : result.stoppedBy === null ? EXIT.ok : 128 + constants.signals[result.stoppedBy as NodeJS.Signals];
    return finishTestReport(
      o,
      campaignReport(result, corpus, f === null ? null : replayLine(f.seed, f.path, f.property, modes as Mode[] | undefined)),
      code,
      io,
    );
  });
}

/**
 * The shrunk counterexample told in words (null: no failure, a generator's invalid scenario, or a
 * crash of the simulator, which leaves no run to tell). A crash is told with its throw as the violation.
 */
function explainCampaignFailure(f: CampaignFailure | null, rules: Partial<SimulationRules> | undefined): FailureExplanation | null {
  const [p] = f === null ? [] : selectProperties(f.property);
  if (f === null || p === undefined || f.crash?.site === SIMULATOR) return null;
  const simulated = guardedCall(SIMULATOR, () => runScenario(f.scenario, rules));
  if ('crash' in simulated) return null;
  return explainFailure(simulated.value, p, f.crash !== undefined ? f.violations : undefined);
}

export function replayLine(seed: number, path: string, property: string, modes: readonly Mode[] | undefined): string {
  const mode = modes === undefined ? '' : ` --mode ${modes.join(',')}`;
  return `npx srh replay --seed ${seed} --path ${path} --property ${property}${mode}`;
}

function textReport(
  r: CampaignResult & { stoppedBy?: string | null },
  modes: Mode[] | undefined,
  saved: string | null,
  explanation: FailureExplanation | null,
  colour?: boolean,
): string {
  const lines: string[] = [];
  lines.push(`${'property'.padEnd(14)} ${'runs'.padStart(8)} ${'passed'.padStart(8)} ${'time'.padStart(9)}  statement`);
  for (const p of r.properties) {
    lines.push(
      `${p.id.padEnd(14)} ${String(p.runs).padStart(8)} ${String(p.runs - p.failed).padStart(8)} ${(p.timeMs / 1000).toFixed(2).padStart(7)} s  ${p.statement}`,
    );
  }
  const secs = r.elapsedMs / 1000;
  lines.push(`${r.runs} scenarios in ${secs.toFixed(1)} s (${Math.round(r.runs / Math.max(secs, 1e-9))}/s; simulation ${(r.simulateMs / 1000).toFixed(1)} s)`);
  lines.push(`generation statistics (scenarios with each label):`);
  lines.push(r.statistics.format());
  if (r.failure !== null) {
    const f = r.failure;
    lines.push('');
    const stopped = r.stoppedBy ? ` (shrinking stopped by ${r.stoppedBy})` : '';
    lines.push(`${paint('FAILED', 'red', colour)}: property ${f.property} after ${r.runs} scenarios; shrunk ${f.shrinks} times${stopped} to:`);
    lines.push(JSON.stringify(f.scenario, null, 2));
    if (explanation !== null) lines.push(...explanationText(explanation));
    else {
      lines.push('violations:');
      for (const v of f.violations) lines.push(`  - ${v.split('\n').join('\n    ')}`);
    }
    lines.push(`replay: ${replayLine(f.seed, f.path, f.property, modes)}`);
    if (saved !== null) lines.push(`corpus entry: ${saved}`);
  } else {
    lines.push(
      `${paint('all properties held', 'green', colour)}${r.stoppedBy ? ` (stopped by ${r.stoppedBy}: the report so far)` : r.interrupted ? ' (stopped at the time limit)' : ''}`,
    );
  }
  return lines.join('\n') + '\n';
}

function jsonReport(
  r: CampaignResult & { stoppedBy?: string | null },
  modes: Mode[] | undefined,
  saved: string | null,
  explanation: FailureExplanation | null,
): Record<string, unknown> {
  return {
    seed: r.seed,
    stoppedBy: r.stoppedBy ?? null,
    runs: r.runs,
    elapsedMs: Math.round(r.elapsedMs),
    properties: r.properties.map((p) => ({ id: p.id, runs: p.runs, passed: p.runs - p.failed, timeMs: Math.round(p.timeMs) })),
    statistics: Object.fromEntries([...r.statistics.counts.entries()].sort()),
    failure:
      r.failure === null
        ? null
        : { ...r.failure, replay: replayLine(r.failure.seed, r.failure.path, r.failure.property, modes), corpusEntry: saved, explanation },
  };
}

/** `srh check --backend spark`: the options that make sense there, then the real campaign. */
function checkOnSpark(
  o: CheckOptions,
  p: { runs?: number; seed?: number; timeLimit?: number; modes?: Mode[]; corpusDir: string },
  io: Io,
): number | Promise<number> {
  const budget = parseIntOption('--shrink-budget', o.shrinkBudget, 0);
  if (typeof budget === 'string') {
    io.err(`srh check: ${budget}\n`);
    return EXIT.badInput;
  }
  if (o.report !== undefined) {
    io.err(
      'srh check --backend spark: --report draws a simulated failure; for a real one, run the shrunk scenario with srh run FILE --backend spark --report OUT.html\n',
    );
    return EXIT.badInput;
  }
  if (o.property !== undefined) {
    io.err(
      "srh check --backend spark: --property picks among the simulator's properties; on real Spark every trace invariant and the model run; leave --property out\n",
    );
    return EXIT.badInput;
  }
  const outside = p.modes?.find((m) => !REAL_MODES.includes(m));
  if (outside !== undefined) {
    io.err(`srh check --backend spark: --mode ${outside}: the real backend runs ${REAL_MODES.join(', ')}; choose among those\n`);
    return EXIT.badInput;
  }
  return realCheck(
    {
      ...o,
      seed: p.seed ?? randomInt(0, 2 ** 31 - 1),
      runs: p.runs,
      timeLimitS: p.timeLimit ?? 60,
      modes: p.modes,
      shrinkBudget: budget ?? DEFAULT_SHRINK_BUDGET,
      corpusDir: p.corpusDir,
    },
    io,
  );
}
