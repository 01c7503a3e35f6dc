// `srh replay ENTRY.json` or `srh replay --seed S --path P --property P [--mode M]`: re-runs one
// counterexample exactly and tells what it shows (exit 1 if the property still fails): the
// property's violations in words, the model's expectation beside the run, the events around the
// violation. --json, --log, --eventlog OUT and --timeline OUT (and --force) as `srh run` has them
// (issue 13 §2); --report OUT.html, the HTML report with the explanation above the timeline. A
// scenario on which the simulator or the property throws fails (no-crash, issue 11 §3): the throw,
// with its stack, is the violation.
import { writeSparkEventLog } from '../trace/spark-log-writer.js';
import type { Mode } from '../../properties/arbitraries/scenario.js';
import { runCampaign } from '../harness/campaign.js';
import { loadEntry } from '../harness/corpus-store.js';
import { crashReport, crashText, guardedCall, SIMULATOR, type Crash } from '../harness/crash.js';
import { explainFailure, explanationText } from '../harness/failure-report.js';
import { checkRunOf, PROPERTY_IDS, selectProperties, type HarnessProperty } from '../harness/property-catalogue.js';
import { InvalidGeneratedScenario, scenarioRunOf, validatedScenario } from '../harness/scenario-run.js';
import type { ScenarioInput } from '../scenario/schema.js';
import { validateScenario } from '../scenario/validate.js';
import { simulate } from '../simulate.js';
import { formatLogLine } from '../spark/log.js';
import { modesLeaveOut, parseIntOption, parseModes, SEED_MAX, SEED_MIN } from './check-command.js';
import { EXIT, type Io } from './io.js';
import { openSparkBackend, type BackendOptions } from './backend-options.js';
import { replayRealEntry } from './real-check.js';
import { outputOptionProblem, writeRunOutputs } from './run-command.js';
import { runRealCampaign } from '../harness/real-campaign.js';
import type { CorpusEntry } from '../harness/corpus-store.js';
import { reportOptionProblem, writeReport, type ReportOptions } from './report-option.js';
import { markedViolations } from './check-report.js';
import { finishTestReport, refuseReporterOptions, type ReporterOptions, type TestCase } from './test-reporter.js';

export interface ReplayOptions extends BackendOptions, ReportOptions, ReporterOptions {
  seed?: string;
  path?: string;
  property?: string;
  mode?: string;
  json?: boolean;
  log?: boolean;
  eventlog?: string;
  timeline?: string;
  /** Let --eventlog and --timeline replace a file that is no previous output of theirs. */
  force?: boolean;
}

/** Where the replayed scenario comes from, as the JSON report says it. */
type ReplaySource = { entry: string } | { seed: number; path: string; modes: Mode[] | null };

const OUTPUT_FLAGS = ['json', 'log', 'eventlog', 'timeline', 'report', 'force'] as const;

/** The output flags given: they replay on the simulator only. */
function outputFlags(o: ReplayOptions): string[] {
  return OUTPUT_FLAGS.filter((k) => o[k] !== undefined && o[k] !== false).map((k) => `--${k}`);
}

const REAL_OUTPUTS_HINT = 'run its scenario there with srh run ENTRY --backend spark (--json, --eventlog OUT, --timeline OUT)';

function findProperty(id: string | undefined, io: Io): HarnessProperty | null {
  const [p] = selectProperties(id);
  if (id === undefined || p === undefined) {
    io.err(`srh replay: --property: ${id === undefined ? 'missing' : `unknown property "${id}"`}; expected one of ${PROPERTY_IDS.join(', ')}\n`);
    return null;
  }
  return p;
}

export async function replayCommand(entryFile: string | undefined, o: ReplayOptions, io: Io): Promise<number> {
  if (refuseReporterOptions('srh replay', o, io)) return EXIT.badInput;
  const cases: TestCase[] = [];
  const started = performance.now();
  const code = await replayWithCases(entryFile, o, io, cases);
  const name = entryFile ?? `seed ${o.seed} path ${o.path}`;
  return finishTestReport(o, { command: 'srh replay', suites: [{ name: `srh replay ${name}`, cases, timeMs: performance.now() - started }] }, code, io);
}

/** A replay's verdict as a test case, named by what was replayed. */
function replayCase(source: ReplaySource | string, property: string, status: TestCase['status'], message?: string): TestCase {
  const name = typeof source === 'string' ? source : 'entry' in source ? source.entry : `seed ${source.seed} path ${source.path}`;
  return { name: `${property} on ${name}`, classname: `srh replay.${property}`, status, ...(message === undefined ? {} : { message }) };
}

function replayWithCases(entryFile: string | undefined, o: ReplayOptions, io: Io, cases: TestCase[]): number | Promise<number> {
  const usage =
    outputOptionProblem(entryFile ?? null, o) ??
    reportOptionProblem(o, [
      ['the corpus entry', entryFile],
      ['--eventlog', o.eventlog],
      ['--timeline', o.timeline],
    ]);
  if (usage !== null) {
    io.err(`srh replay: ${usage}\n`);
    return EXIT.badInput;
  }
  if (o.backend === 'spark' && entryFile === undefined) {
    if (outputFlags(o).length > 0) {
      io.err(`srh replay --backend spark: ${outputFlags(o).join(', ')} replay on the simulator; for a real run, ${REAL_OUTPUTS_HINT}\n`);
      return EXIT.badInput;
    }
    return replayRealPath(o, io, cases);
  }
  return entryFile !== undefined ? replayEntry(entryFile, o, io, cases) : replayPath(o, io, cases);
}

function replayEntry(entryFile: string, o: ReplayOptions, io: Io, cases: TestCase[]): number | Promise<number> {
  // The entry carries its own seed, path and property: flags beside it would be ignored.
  const extra = (['seed', 'path', 'property', 'mode'] as const).filter((k) => o[k] !== undefined);
  if (extra.length > 0) {
    io.err(
      `srh replay: ${extra.map((k) => `--${k}`).join(', ')} cannot be combined with a corpus entry, which fixes them; give either ENTRY.json or --seed S --path P --property P\n`,
    );
    return EXIT.badInput;
  }
  const loaded = loadEntry(entryFile);
  if ('error' in loaded) {
    io.err(`${entryFile}: ${loaded.error}\n`);
    return EXIT.badInput;
  }
  // An entry found on real Spark is replayed there (issue 10 §6).
  if (loaded.entry.backend === 'spark') {
    if (outputFlags(o).length === 0) return replayRealEntryCommand(entryFile, loaded.entry, o, io, cases);
    io.err(`srh replay: ${outputFlags(o).join(', ')} replay on the simulator, and ${entryFile} was found on real Spark; ${REAL_OUTPUTS_HINT}\n`);
    return EXIT.badInput;
  }
  const [p] = selectProperties(loaded.entry.property);
  if (p === undefined) {
    io.err(`${entryFile}: property: unknown property "${loaded.entry.property}"; fix the entry's "property" (one of ${PROPERTY_IDS.join(', ')})\n`);
    return EXIT.badInput;
  }
  const v = validateScenario(loaded.entry.scenario);
  if (!v.ok) {
    io.err(
      `${entryFile}: scenario${v.errors[0].path === '' ? '' : `.${v.errors[0].path}`}: ${v.errors[0].message}${v.errors.length > 1 ? ` (and ${v.errors.length - 1} more)` : ''}; fix the entry's "scenario"\n`,
    );
    return EXIT.badInput;
  }
  return replayScenario(loaded.entry.scenario, p, o, { entry: entryFile }, io, cases);
}

function replayPath(o: ReplayOptions, io: Io, cases: TestCase[]): number {
  const seed = parseIntOption('--seed', o.seed, SEED_MIN, SEED_MAX);
  const modes = parseModes(o.mode);
  for (const v of [seed, modes]) {
    if (typeof v === 'string') {
      io.err(`srh replay: ${v}\n`);
      return EXIT.badInput;
    }
  }
  if (seed === undefined || o.path === undefined) {
    io.err('srh replay: give a corpus entry file, or --seed S --path P --property P (from a failed check)\n');
    return EXIT.badInput;
  }
  // Each step is an index fast-check walks to; beyond 32 bits it is no path a check printed.
  if (!/^\d+(:\d+)*$/.test(o.path) || o.path.split(':').some((n) => Number(n) > SEED_MAX)) {
    io.err(
      `srh replay: --path: "${o.path}" is not a fast-check path; copy it from the replay line of a failed check (numbers separated by colons, e.g. 42:0:1)\n`,
    );
    return EXIT.badInput;
  }
  const p = findProperty(o.property, io);
  if (p === null) return EXIT.badInput;
  const unexercised = modesLeaveOut(p, modes as Mode[] | undefined);
  if (unexercised !== null) {
    io.err(`srh replay: ${unexercised}; copy the replay line of a failed check as it is\n`);
    return EXIT.badInput;
  }
  const noScenario = `srh replay: --path: ${o.path} leads to no scenario of seed ${seed}${o.mode ? ` and --mode ${o.mode}` : ''}; copy the seed, path and mode of one replay line together\n`;
  let reached: ScenarioInput | undefined;
  let r;
  try {
    r = runCampaign({
      seed: seed as number,
      path: o.path,
      runs: 1,
      timeLimitMs: 600_000,
      modes: modes as Mode[] | undefined,
      properties: [p],
      onRun: (run) => (reached ??= run.input),
    });
  } catch (e) {
    if (!(e as Error).message.startsWith('Unable to replay')) throw e;
    io.err(noScenario);
    return EXIT.badInput;
  }
  const scenario = r.failure?.scenario ?? reached;
  if (scenario === undefined) {
    io.err(noScenario);
    return EXIT.badInput;
  }
  return replayScenario(scenario, p, o, { seed: seed as number, path: o.path, modes: (modes as Mode[] | undefined) ?? null }, io, cases);
}

/** A property that does not look at the replayed scenario: nothing was checked, and it is not said to hold. */
function notChecked(p: HarnessProperty, source: ReplaySource, io: Io): void {
  const what = `property ${p.id} looks only at ${p.appliesTo ?? 'other runs'}, which this scenario is not: nothing was checked`;
  if ('entry' in source) io.out(`${what}\n`);
  else io.err(`srh replay: --seed ${source.seed} --path ${source.path}: ${what}; copy the seed, path, property and mode of one replay line together\n`);
}

/** Runs the scenario, checks the property, writes the outputs asked for and tells the outcome. */
function replayScenario(input: ScenarioInput, p: HarnessProperty, o: ReplayOptions, source: ReplaySource, io: Io, cases: TestCase[]): number {
  let scenario;
  try {
    scenario = validatedScenario(input);
  } catch (e) {
    if (!(e instanceof InvalidGeneratedScenario)) throw e;
    io.out(`scenario:\n${JSON.stringify(input, null, 2)}\nthe scenario is not valid: ${e.message}\n`);
    cases.push(replayCase(source, p.id, 'error', `the scenario is not valid: ${e.message}`));
    return EXIT.failed;
  }
  const simulated = guardedCall(SIMULATOR, () => {
    const sim = simulate(scenario, { log: o.log === true });
    return { log: sim.log, run: scenarioRunOf(input, scenario, sim.trace) };
  });
  // The simulator's crash fails any property and leaves no run: nothing to check, write or tell beyond the throw.
  if ('crash' in simulated) return replayCrashedSimulator(input, p, o, source, simulated.crash, io, cases);
  const { log, run } = simulated.value;
  const { violations, crash } = checkRunOf(p, run);
  const explanation = violations !== null && violations.length > 0 ? explainFailure(run, p, crash !== undefined ? violations : undefined) : null;
  if (
    !writeRunOutputs('srh replay', scenario.name ?? ('entry' in source ? source.entry : `seed ${source.seed} path ${source.path}`), run.trace, o, io, (out) =>
      writeSparkEventLog(out, run.trace, scenario),
    )
  )
    return EXIT.badInput;
  const title = scenario.name ?? ('entry' in source ? source.entry : `seed ${source.seed} path ${source.path}`);
  const verdict =
    violations === null
      ? `property ${p.id} does not look at this scenario: nothing was checked`
      : explanation === null
        ? `property ${p.id} holds`
        : explanationText(explanation).join('\n');
  if (
    !writeReport(
      'srh replay',
      o,
      run.trace,
      {
        title: `srh replay: ${title}`,
        notes: { heading: explanation === null ? 'the replay' : `property ${p.id} fails`, text: verdict, failed: explanation !== null },
        violations: markedViolations(explanation),
      },
      io,
    )
  )
    return EXIT.badInput;
  const where = 'entry' in source ? '' : ` (seed ${source.seed}, path ${source.path})`;
  cases.push(
    replayCase(
      source,
      p.id,
      violations === null ? 'skipped' : explanation === null ? 'passed' : crash !== undefined ? 'error' : 'failed',
      explanation === null && violations !== null ? undefined : verdict,
    ),
  );
  if (o.json) {
    const report = {
      source,
      property: p.id,
      statement: p.statement,
      checked: violations !== null,
      holds: violations === null ? null : violations.length === 0,
      violations: violations ?? [],
      explanation,
      ...(crash !== undefined ? { crash: crashReport(crash) } : {}),
      scenario: input,
      summary: run.summary,
    };
    io.out(JSON.stringify(report, null, 2) + '\n');
  } else {
    if (o.log) for (const l of log) io.out(formatLogLine(l) + '\n');
    io.out(`scenario:\n${JSON.stringify(input, null, 2)}\n`);
    if (violations === null) notChecked(p, source, io);
    else if (explanation === null) io.out(`property ${p.id} holds${'entry' in source ? '' : ` on the replayed scenario${where}`}\n`);
    else io.out(explanationText(explanation).join('\n') + '\n');
  }
  if (violations === null) return 'entry' in source ? EXIT.ok : EXIT.badInput;
  return violations.length === 0 ? EXIT.ok : EXIT.failed;
}

/** The simulator threw on the replayed scenario: the property fails with the throw; no trace to write. */
function replayCrashedSimulator(input: ScenarioInput, p: HarnessProperty, o: ReplayOptions, source: ReplaySource, c: Crash, io: Io, cases: TestCase[]): number {
  const violations = [crashText(c)];
  cases.push(replayCase(source, p.id, 'error', violations[0]));
  const unwritten = (['eventlog', 'timeline'] as const).filter((k) => o[k] !== undefined);
  if (unwritten.length > 0)
    io.err(`srh replay: ${unwritten.map((k) => `--${k} ${o[k]}`).join(', ')}: not written: the simulator threw before the run ended, so there is no trace\n`);
  if (o.json) {
    const report = {
      source,
      property: p.id,
      statement: p.statement,
      checked: true,
      holds: false,
      violations,
      explanation: null,
      crash: crashReport(c),
      scenario: input,
      summary: null,
    };
    io.out(JSON.stringify(report, null, 2) + '\n');
  } else {
    io.out(`scenario:\n${JSON.stringify(input, null, 2)}\n`);
    io.out(`property ${p.id} FAILS:\n${violations.map((v) => `  - ${v}`).join('\n')}\n`);
  }
  return EXIT.failed;
}

async function replayRealEntryCommand(file: string, entry: CorpusEntry, o: ReplayOptions, io: Io, cases: TestCase[]): Promise<number> {
  const backend = openSparkBackend('srh replay', o, io);
  if (backend === null) return EXIT.badInput;
  try {
    const r = await replayRealEntry(entry, backend);
    if ('error' in r) {
      io.err(`${file}: the real run failed: ${r.error}\n`);
      return EXIT.badInput;
    }
    cases.push(
      replayCase(file, entry.property, r.violations.length === 0 ? 'passed' : 'failed', r.violations.length === 0 ? undefined : r.violations.join('\n')),
    );
    if (r.violations.length === 0) {
      io.out(`property ${entry.property} holds on the replayed scenario on real Spark (${file})\n`);
      return EXIT.ok;
    }
    io.out(`property ${entry.property} fails on real Spark:\n${r.violations.map((v) => `  - ${v}`).join('\n')}\n`);
    return EXIT.failed;
  } finally {
    await backend.close();
  }
}

/** `srh replay --backend spark --seed S --path P [--mode M]`: the real campaign's counterexample, run again. */
async function replayRealPath(o: ReplayOptions, io: Io, cases: TestCase[]): Promise<number> {
  const seed = parseIntOption('--seed', o.seed, SEED_MIN, SEED_MAX);
  const modes = parseModes(o.mode);
  if (typeof seed === 'string' || typeof modes === 'string' || seed === undefined || o.path === undefined) {
    io.err(
      `srh replay --backend spark: ${typeof seed === 'string' ? seed : typeof modes === 'string' ? modes : 'give --seed S --path P from the replay line of a failed check --backend spark'}\n`,
    );
    return EXIT.badInput;
  }
  const backend = openSparkBackend('srh replay', o, io);
  if (backend === null) return EXIT.badInput;
  try {
    const r = await runRealCampaign({ seed, path: o.path, runs: 1, timeLimitMs: 3_600_000, modes, shrinkBudget: 0, backend });
    if (r.runs === 0 && r.failure === null) {
      io.err(`srh replay: --path ${o.path} leads to no scenario of seed ${seed}; copy the seed, path and mode of one replay line together\n`);
      return EXIT.badInput;
    }
    const where = `seed ${seed} path ${o.path}`;
    cases.push(
      r.failure === null ? replayCase(where, 'real Spark', 'passed') : replayCase(where, r.failure.property, 'failed', r.failure.violations.join('\n')),
    );
    if (r.failure === null) {
      io.out(`every trace invariant and the model hold on the replayed scenario on real Spark (seed ${seed}, path ${o.path})\n`);
      return EXIT.ok;
    }
    io.out(
      `fails on real Spark (${r.failure.property}):\n${JSON.stringify(r.failure.scenario, null, 2)}\n${r.failure.violations.map((v) => `  - ${v}`).join('\n')}\n`,
    );
    return EXIT.failed;
  } finally {
    await backend.close();
  }
}
