// The scenario a command is given (issue 13 §2): a scenario file (ARCHITECTURE §3) or a corpus
// entry (§6), whose "scenario" is then run; an entry is told by its "corpus" key. Errors and
// warnings name the file and the JSON path (inside an entry, below "scenario").
import { loadEntry, type CorpusEntry } from '../harness/corpus-store.js';
import { readRegularFile } from '../scenario/input-file.js';
import { parseStrictJson } from '../scenario/strict-json.js';
import type { Scenario } from '../scenario/types.js';
import { formatScenarioError, loadScenarioFile, validateScenario, type ScenarioError } from '../scenario/validate.js';
import { scenarioWarnings } from '../scenario/warnings.js';
import type { Io } from './io.js';

export type ScenarioSource = { scenario: Scenario; entry: CorpusEntry | null };

/** A path inside an entry: below its "scenario". */
function inEntry(e: ScenarioError): ScenarioError {
  return { ...e, path: e.path === '' ? 'scenario' : e.path.startsWith('[') ? `scenario${e.path}` : `scenario.${e.path}` };
}

/** Whether the file holds a corpus entry (a JSON object with a "corpus" key); a file that cannot be read or parsed is left to the scenario reader. */
function holdsEntry(file: string): boolean {
  const read = readRegularFile(file);
  if (!read.ok) return false;
  const parsed = parseStrictJson(read.text);
  return 'value' in parsed && parsed.value !== null && typeof parsed.value === 'object' && !Array.isArray(parsed.value) && 'corpus' in parsed.value;
}

/** The scenario of a scenario file or a corpus entry, or null after printing each problem on one line. */
export function loadScenarioSource(file: string, io: Io): ScenarioSource | null {
  if (!holdsEntry(file)) {
    const loaded = loadScenarioFile(file);
    if (!loaded.ok) {
      for (const e of loaded.errors) io.err(formatScenarioError(file, e) + '\n');
      return null;
    }
    for (const w of scenarioWarnings(loaded.scenario)) io.err(`warning: ${formatScenarioError(file, w)}\n`);
    return { scenario: loaded.scenario, entry: null };
  }
  const loaded = loadEntry(file);
  if ('error' in loaded) {
    io.err(`${file}: ${loaded.error}\n`);
    return null;
  }
  const v = validateScenario(loaded.entry.scenario);
  if (!v.ok) {
    for (const e of v.errors) io.err(`${formatScenarioError(file, inEntry(e))}; fix the entry's "scenario"\n`);
    return null;
  }
  for (const w of scenarioWarnings(v.scenario)) io.err(`warning: ${formatScenarioError(file, inEntry(w))}\n`);
  return { scenario: v.scenario, entry: loaded.entry };
}
