// `srh replay ENTRY.json` or `srh replay --seed S --path P --property P [--mode M]`: re-runs one
// counterexample exactly and shows its violations (exit 1 if the property still fails).
import type { Mode } from '../../properties/arbitraries/scenario.js';
import { runCampaign } from '../harness/campaign.js';
import { loadEntry } from '../harness/corpus-store.js';
import { checkScenario, PROPERTY_IDS, selectProperties, type HarnessProperty } from '../harness/property-catalogue.js';
import { InvalidGeneratedScenario } from '../harness/scenario-run.js';
import type { ScenarioInput } from '../scenario/schema.js';
import { validateScenario } from '../scenario/validate.js';
import { modesLeaveOut, parseIntOption, parseModes, SEED_MAX, SEED_MIN } from './check-command.js';
import { EXIT, type Io } from './io.js';
import { openSparkBackend, type BackendOptions } from './backend-options.js';
import { replayRealEntry } from './real-check.js';
import { runRealCampaign } from '../harness/real-campaign.js';
import type { CorpusEntry } from '../harness/corpus-store.js';

export interface ReplayOptions extends BackendOptions {
  seed?: string;
  path?: string;
  property?: string;
  mode?: string;
}

function findProperty(id: string | undefined, io: Io): HarnessProperty | null {
  const [p] = selectProperties(id);
  if (id === undefined || p === undefined) {
    io.err(`srh replay: --property: ${id === undefined ? 'missing' : `unknown property "${id}"`}; expected one of ${PROPERTY_IDS.join(', ')}\n`);
    return null;
  }
  return p;
}

export function replayCommand(entryFile: string | undefined, o: ReplayOptions, io: Io): number | Promise<number> {
  if (o.backend === 'spark' && entryFile === undefined) return replayRealPath(o, io);
  if (entryFile !== undefined) {
    // The entry carries its own seed, path and property: flags beside it would be ignored.
    const extra = (['seed', 'path', 'property', 'mode'] as const).filter((k) => o[k] !== undefined);
    if (extra.length > 0) {
      io.err(`srh replay: ${extra.map((k) => `--${k}`).join(', ')} cannot be combined with a corpus entry, which fixes them; give either ENTRY.json or --seed S --path P --property P\n`);
      return EXIT.badInput;
    }
    const loaded = loadEntry(entryFile);
    if ('error' in loaded) {
      io.err(`${entryFile}: ${loaded.error}\n`);
      return EXIT.badInput;
    }
    // An entry found on real Spark is replayed there (issue 10 §6).
    if (loaded.entry.backend === 'spark') return replayRealEntryCommand(entryFile, loaded.entry, o, io);
    const [p] = selectProperties(loaded.entry.property);
    if (p === undefined) {
      io.err(`${entryFile}: property: unknown property "${loaded.entry.property}"; fix the entry's "property" (one of ${PROPERTY_IDS.join(', ')})\n`);
      return EXIT.badInput;
    }
    const v = validateScenario(loaded.entry.scenario);
    if (!v.ok) {
      io.err(`${entryFile}: scenario${v.errors[0].path === '' ? '' : `.${v.errors[0].path}`}: ${v.errors[0].message}${v.errors.length > 1 ? ` (and ${v.errors.length - 1} more)` : ''}; fix the entry's "scenario"\n`);
      return EXIT.badInput;
    }
    return replayScenario(loaded.entry.scenario, p, io);
  }
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
    io.err(`srh replay: --path: "${o.path}" is not a fast-check path; copy it from the replay line of a failed check (numbers separated by colons, e.g. 42:0:1)\n`);
    return EXIT.badInput;
  }
  const p = findProperty(o.property, io);
  if (p === null) return EXIT.badInput;
  const unexercised = modesLeaveOut(p, modes as Mode[] | undefined);
  if (unexercised !== null) {
    io.err(`srh replay: ${unexercised}; copy the replay line of a failed check as it is\n`);
    return EXIT.badInput;
  }
  let r;
  try {
    r = runCampaign({ seed: seed as number, path: o.path, runs: 1, timeLimitMs: 600_000, modes: modes as Mode[] | undefined, properties: [p] });
  } catch (e) {
    if (!(e as Error).message.startsWith('Unable to replay')) throw e;
    io.err(`srh replay: --path: ${o.path} leads to no scenario of seed ${seed}${o.mode ? ` and --mode ${o.mode}` : ''}; copy the seed, path and mode of one replay line together\n`);
    return EXIT.badInput;
  }
  if (r.failure === null) {
    io.out(`property ${p.id} holds on the replayed scenario (seed ${seed}, path ${o.path})\n`);
    return EXIT.ok;
  }
  return replayScenario(r.failure.scenario, p, io);
}

function replayScenario(scenario: ScenarioInput, p: HarnessProperty, io: Io): number {
  io.out(`scenario:\n${JSON.stringify(scenario, null, 2)}\n`);
  let violations: string[];
  try {
    violations = checkScenario(p, scenario);
  } catch (e) {
    if (!(e instanceof InvalidGeneratedScenario)) throw e;
    io.out(`the scenario is not valid: ${e.message}\n`);
    return EXIT.failed;
  }
  if (violations.length === 0) {
    io.out(`property ${p.id} holds\n`);
    return EXIT.ok;
  }
  io.out(`property ${p.id} FAILS:\n${violations.map((v) => `  - ${v}`).join('\n')}\n`);
  return EXIT.failed;
}

async function replayRealEntryCommand(file: string, entry: CorpusEntry, o: ReplayOptions, io: Io): Promise<number> {
  const backend = openSparkBackend('srh replay', o, io);
  if (backend === null) return EXIT.badInput;
  try {
    const r = await replayRealEntry(entry, backend);
    if ('error' in r) {
      io.err(`${file}: the real run failed: ${r.error}\n`);
      return EXIT.badInput;
    }
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
async function replayRealPath(o: ReplayOptions, io: Io): Promise<number> {
  const seed = parseIntOption('--seed', o.seed, SEED_MIN, SEED_MAX);
  const modes = parseModes(o.mode);
  if (typeof seed === 'string' || typeof modes === 'string' || seed === undefined || o.path === undefined) {
    io.err(`srh replay --backend spark: ${typeof seed === 'string' ? seed : typeof modes === 'string' ? modes : 'give --seed S --path P from the replay line of a failed check --backend spark'}\n`);
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
    if (r.failure === null) {
      io.out(`every trace invariant and the model hold on the replayed scenario on real Spark (seed ${seed}, path ${o.path})\n`);
      return EXIT.ok;
    }
    io.out(`fails on real Spark (${r.failure.property}):\n${JSON.stringify(r.failure.scenario, null, 2)}\n${r.failure.violations.map((v) => `  - ${v}`).join('\n')}\n`);
    return EXIT.failed;
  } finally {
    await backend.close();
  }
}
