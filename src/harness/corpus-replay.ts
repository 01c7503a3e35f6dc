// `srh check` replays the corpus before it generates anything (issue 13 §2), as Hypothesis
// replays its example database: every entry found on the simulator whose property the campaign
// checks and whose mode it generates. A counterexample that fails again is the campaign's result
// at once; an unreadable entry is reported and left out, so it never blocks the campaign. A
// campaign always checks no-crash, so its entries are replayed too (one saved unshrunk by a
// campaign that was stopped, issue 13 §3, among them); a crash of the simulator or of the
// property fails the entry again, as it would fail the campaign.
import type { Mode } from '../../properties/arbitraries/scenario.js';
import type { SimulationRules } from '../simulate.js';
import { loadCorpus, type CorpusEntry } from './corpus-store.js';
import { crashReport, NO_CRASH_ID, type CrashReport } from './crash.js';
import { checkScenarioRun, NO_CRASH, type HarnessProperty } from './property-catalogue.js';
import { InvalidGeneratedScenario, type ScenarioRun } from './scenario-run.js';

export interface CorpusFailure {
  file: string;
  entry: CorpusEntry;
  property: HarnessProperty;
  violations: string[];
  /** The entry's run; null when the simulator threw on it (its crash is then the violation). */
  run: ScenarioRun | null;
  /** Whether the violations are a throw (of the simulator or of the property). */
  crashed: boolean;
  /** The throw: where, the error and its stack (as a campaign's failure has it). */
  crash?: CrashReport;
}

export interface CorpusReplay {
  dir: string;
  /** Entries replayed: found on the simulator, for a property and a mode the campaign checks. */
  replayed: number;
  held: number;
  /** Replayed, but the property does not look at the scenario's run now. */
  notChecked: number;
  /** Entries for other properties or modes, or found on real Spark. */
  skipped: number;
  unreadable: { file: string; error: string }[];
  /** The first entry that fails again, or null. */
  failure: CorpusFailure | null;
}

function modeOf(entry: CorpusEntry): unknown {
  return (entry.scenario.workload as { mode?: unknown } | undefined)?.mode;
}

export function replayCorpus(
  dir: string,
  properties: readonly HarnessProperty[],
  modes: readonly Mode[] | undefined,
  rules?: Partial<SimulationRules>,
): CorpusReplay {
  const out: CorpusReplay = { dir, replayed: 0, held: 0, notChecked: 0, skipped: 0, unreadable: [], failure: null };
  for (const e of loadCorpus(dir)) {
    if ('error' in e) {
      out.unreadable.push({ file: e.file, error: e.error });
      continue;
    }
    const property = e.entry.property === NO_CRASH_ID ? NO_CRASH : properties.find((p) => p.id === e.entry.property);
    if (e.entry.backend !== undefined || property === undefined || (modes !== undefined && !modes.includes(modeOf(e.entry) as Mode))) {
      out.skipped++;
      continue;
    }
    let checked;
    try {
      checked = checkScenarioRun(property, e.entry.scenario, rules);
    } catch (err) {
      if (!(err instanceof InvalidGeneratedScenario)) throw err;
      out.unreadable.push({ file: e.file, error: `scenario: ${err.message}; fix the entry's "scenario"` });
      continue;
    }
    out.replayed++;
    const { violations, run } = checked;
    if (violations === null) out.notChecked++;
    else if (violations.length === 0) out.held++;
    else if (out.failure === null)
      out.failure = {
        file: e.file,
        entry: e.entry,
        property,
        violations,
        run,
        crashed: checked.crash !== undefined,
        ...(checked.crash ? { crash: crashReport(checked.crash) } : {}),
      };
  }
  return out;
}

/** One line for the report: what the corpus replay did. */
export function corpusReplayLine(r: CorpusReplay): string {
  const skipped = r.skipped > 0 ? ` (${r.skipped} left out: other properties or modes, or found on real Spark)` : '';
  const unreadable = r.unreadable.length > 0 ? `, ${r.unreadable.length} unreadable` : '';
  if (r.replayed === 0 && r.skipped === 0 && r.unreadable.length === 0) return `corpus: no entries in ${r.dir} yet`;
  if (r.replayed === 0) return `corpus: no entry in ${r.dir} applies to this campaign${skipped}${unreadable}`;
  const failed = r.replayed - r.held - r.notChecked;
  const notChecked = r.notChecked > 0 ? `, ${r.notChecked} not looked at by their property now` : '';
  return `corpus: ${r.replayed} entries in ${r.dir} replayed first: ${r.held} hold${failed > 0 ? `, ${failed} fail again` : ''}${notChecked}${unreadable}${skipped}`;
}
