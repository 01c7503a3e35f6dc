// `srh corpus list [DIR] [--json]` and `srh corpus check [DIR] [--json]`: the regression corpus
// (ARCHITECTURE §6). check re-runs each entry's scenario and its property, which must now hold,
// and checks that each entry's name is the one its content gives; an empty corpus says that
// nothing was checked. A crash of the simulator or of the property fails the entry (no-crash,
// issue 11 §3): the throw is its violation.
import { corpusDirProblem, entryNameProblem, loadCorpus, type CorpusEntry, type LoadedEntry } from '../harness/corpus-store.js';
import { checkScenarioRun, PROPERTY_IDS, selectProperties } from '../harness/property-catalogue.js';
import { InvalidGeneratedScenario } from '../harness/scenario-run.js';
import { EXIT, type Io } from './io.js';
import { openSparkBackend, type BackendOptions } from './backend-options.js';
import { replayRealEntry } from './real-check.js';
import type { SparkBackend } from '../backend/spark/spark-backend.js';
import { finishTestReport, refuseReporterOptions, type ReporterOptions, type TestCase } from './test-reporter.js';

export interface CorpusOptions extends BackendOptions, ReporterOptions {
  json?: boolean;
}

/** What `corpus check` found for one entry (JSON: one object per entry, in file-name order). */
export interface EntryCheck {
  file: string;
  property: string | null;
  backend: 'sim' | 'spark' | null;
  /** held: the property holds; failed: it fails again; not-checked: it does not look at the scenario now; unreadable: see error. */
  status: 'held' | 'failed' | 'not-checked' | 'unreadable';
  violations: string[];
  error?: string;
  /** Why the file's name is not the one the entry's content gives. */
  nameProblem?: string;
}

function listed(e: LoadedEntry): Record<string, unknown> {
  if ('error' in e) return { file: e.file, error: e.error };
  const x = e.entry;
  return {
    file: e.file,
    property: x.property,
    backend: x.backend ?? 'sim',
    mode: (x.scenario.workload as { mode?: unknown } | undefined)?.mode ?? null,
    found: x.found ?? null,
    note: x.note ?? null,
  };
}

export function corpusListCommand(dir: string, io: Io, o: CorpusOptions = {}): number {
  const problem = corpusDirProblem(dir, true);
  if (problem !== null) {
    io.err(`srh corpus list: ${problem}\n`);
    return EXIT.badInput;
  }
  const entries = loadCorpus(dir);
  for (const e of entries) if ('error' in e) io.err(`${e.file}: ${e.error}\n`);
  if (o.json) io.out(JSON.stringify(entries.map(listed), null, 2) + '\n');
  else if (entries.length === 0) io.out(`no corpus entries in ${dir}\n`);
  else
    for (const e of entries)
      if ('entry' in e)
        io.out(
          `${[e.file, e.entry.property, e.entry.found === undefined ? '' : `found ${e.entry.found}`, e.entry.note ?? ''].filter((x) => x !== '').join('  ')}\n`,
        );
  return entries.some((e) => 'error' in e) ? EXIT.badInput : EXIT.ok;
}

/** One entry found on the simulator, replayed there. */
function checkSimEntry(file: string, entry: CorpusEntry): EntryCheck {
  const base = { file, property: entry.property, backend: 'sim' as const };
  const [p] = selectProperties(entry.property);
  if (p === undefined)
    return {
      ...base,
      status: 'unreadable',
      violations: [],
      error: `property: unknown property "${entry.property}"; fix the entry's "property" (one of ${PROPERTY_IDS.join(', ')})`,
    };
  let violations: string[] | null;
  try {
    violations = checkScenarioRun(p, entry.scenario).violations;
  } catch (err) {
    if (!(err instanceof InvalidGeneratedScenario)) throw err;
    return { ...base, status: 'unreadable', violations: [], error: `scenario: ${err.message}` };
  }
  if (violations === null) return { ...base, status: 'not-checked', violations: [] };
  return { ...base, status: violations.length === 0 ? 'held' : 'failed', violations };
}

/** One entry found on real Spark, replayed there (issue 10 §6); the backend opens at the first such entry. */
async function checkRealEntry(file: string, entry: CorpusEntry, backend: SparkBackend | null): Promise<EntryCheck> {
  const base = { file, property: entry.property, backend: 'spark' as const };
  if (backend === null) return { ...base, status: 'unreadable', violations: [], error: 'an entry found on real Spark, which cannot run here (see above)' };
  const r = await replayRealEntry(entry, backend);
  if ('error' in r) return { ...base, status: 'unreadable', violations: [], error: `the real run failed: ${r.error}` };
  return { ...base, status: r.violations.length === 0 ? 'held' : 'failed', violations: r.violations };
}

async function checkEntries(entries: LoadedEntry[], io: Io, backendOptions: BackendOptions): Promise<EntryCheck[]> {
  const out: EntryCheck[] = [];
  let real: SparkBackend | null | undefined;
  for (const e of entries) {
    if ('error' in e) {
      out.push({ file: e.file, property: null, backend: null, status: 'unreadable', violations: [], error: e.error });
      continue;
    }
    if (e.entry.backend === 'spark' && real === undefined) real = openSparkBackend('srh corpus check', backendOptions, io);
    const checked = e.entry.backend === 'spark' ? await checkRealEntry(e.file, e.entry, real ?? null) : checkSimEntry(e.file, e.entry);
    const nameProblem = entryNameProblem(e.file, e.entry);
    out.push(nameProblem === null ? checked : { ...checked, nameProblem });
  }
  await real?.close();
  return out;
}

export async function corpusCheckCommand(dir: string, io: Io, o: CorpusOptions = {}): Promise<number> {
  if (refuseReporterOptions('srh corpus check', o, io)) return EXIT.badInput;
  const problem = corpusDirProblem(dir, true);
  if (problem !== null) {
    io.err(`srh corpus check: ${problem}\n`);
    return EXIT.badInput;
  }
  const started = performance.now();
  const results = await checkEntries(loadCorpus(dir), io, o);
  const elapsedMs = performance.now() - started;
  const count = (s: EntryCheck['status']) => results.filter((r) => r.status === s).length;
  const totals = {
    held: count('held'),
    failed: count('failed'),
    notChecked: count('not-checked'),
    unreadable: count('unreadable'),
    misnamed: results.filter((r) => r.nameProblem !== undefined).length,
  };
  for (const r of results) {
    if (r.error !== undefined) io.err(`${r.file}: ${r.error}\n`);
    if (r.nameProblem !== undefined) io.err(`${r.file}: ${r.nameProblem}\n`);
  }
  if (o.json) io.out(JSON.stringify({ dir, entries: results, ...totals }, null, 2) + '\n');
  else io.out(checkText(dir, results, totals));
  const code = totals.unreadable > 0 || totals.misnamed > 0 ? EXIT.badInput : totals.failed > 0 ? EXIT.failed : EXIT.ok;
  return finishTestReport(
    o,
    { command: 'srh corpus check', suites: [{ name: `srh corpus check ${dir}`, cases: results.map(entryCase), timeMs: elapsedMs }] },
    code,
    io,
  );
}

/** One entry as a test case: held passes, failed fails, not-checked is skipped, unreadable or misnamed is an error (a misnamed entry that fails: a failure, its name problem last). */
export function entryCase(r: EntryCheck): TestCase {
  const base = { name: r.file, classname: `srh corpus check.${r.property ?? 'unreadable'}` };
  const named = r.nameProblem === undefined ? [] : [r.nameProblem];
  if (r.status === 'failed')
    return {
      ...base,
      status: 'failed',
      message: [`property ${r.property} fails again${r.backend === 'spark' ? ' on real Spark' : ''}:`, ...r.violations.map((v) => `  - ${v}`), ...named].join(
        '\n',
      ),
    };
  if (r.status === 'unreadable') return { ...base, status: 'error', message: r.error ?? 'unreadable' };
  if (r.nameProblem !== undefined) return { ...base, status: 'error', message: r.nameProblem };
  if (r.status === 'not-checked')
    return { ...base, status: 'skipped', message: `property ${r.property} does not look at this scenario now: nothing was checked` };
  return { ...base, status: 'passed' };
}

function checkText(dir: string, results: EntryCheck[], t: { held: number; failed: number; notChecked: number; unreadable: number; misnamed: number }): string {
  if (results.length === 0) return `no corpus entries in ${dir}: nothing checked\n`;
  const lines: string[] = [];
  for (const r of results) {
    if (r.status === 'failed') lines.push(`FAIL ${r.file} (${r.property}${r.backend === 'spark' ? ', real Spark' : ''}): ${r.violations[0].split('\n')[0]}`);
    if (r.status === 'not-checked')
      lines.push(`NOT CHECKED ${r.file} (${r.property}): the property does not look at this scenario now (it is for other runs); nothing was checked`);
  }
  const extra = [
    t.notChecked > 0 ? `${t.notChecked} not checked` : '',
    t.unreadable > 0 ? `${t.unreadable} unreadable` : '',
    t.misnamed > 0 ? `${t.misnamed} misnamed` : '',
  ].filter((x) => x !== '');
  lines.push(`${t.held} passed, ${t.failed} failed${extra.map((x) => `, ${x}`).join('')}`);
  return lines.join('\n') + '\n';
}
