// `srh check`'s first step (issue 13 §2): the corpus entries that apply, replayed before the
// campaign generates anything. An entry that fails again ends the check at once with its
// report (what went wrong, the model beside the run, the events around the violation).
import type { Mode } from '../../properties/arbitraries/scenario.js';
import { replayCorpus, type CorpusFailure, type CorpusReplay } from '../harness/corpus-replay.js';
import { explainFailure, explanationText, type FailureExplanation } from '../harness/failure-report.js';
import type { HarnessProperty } from '../harness/property-catalogue.js';
import type { SimulationRules } from '../simulate.js';
import { EXIT, type Io } from './io.js';
import { paint } from './colour.js';

/** The corpus replay as the JSON report holds it (`corpus`). */
export function corpusJson(r: CorpusReplay): Record<string, unknown> {
  return {
    dir: r.dir,
    replayed: r.replayed,
    held: r.held,
    notChecked: r.notChecked,
    skipped: r.skipped,
    unreadable: r.unreadable.map((u) => u.file),
    failed: r.failure?.file ?? null,
  };
}

/**
 * Replays the corpus; returns it when the campaign may go on, or the exit code once an entry that
 * fails again has been reported.
 */
export function corpusFirst(
  dir: string,
  properties: readonly HarnessProperty[],
  modes: readonly Mode[] | undefined,
  json: boolean,
  io: Io,
  rules?: Partial<SimulationRules>,
  /** Called on an entry that fails again (`--report`); the line it returns is printed after the report. */
  onFailure?: (f: CorpusFailure, explanation: FailureExplanation | null) => string | null,
): CorpusReplay | number {
  const r = replayCorpus(dir, properties, modes, rules);
  for (const u of r.unreadable) io.err(`srh check: ${u.file}: ${u.error} (left out of the corpus replay)\n`);
  if (r.failure === null) return r;
  const f = r.failure;
  // A crash is told with the report too, its throw the violation; a simulator's crash leaves no run to tell.
  const explanation = f.run === null ? null : explainFailure(f.run, f.property, f.crashed ? f.violations : undefined);
  const replay = `npx srh replay ${f.file}`;
  if (json) {
    const failure = {
      property: f.property.id,
      scenario: f.entry.scenario,
      violations: f.violations,
      seed: f.entry.seed,
      path: f.entry.path,
      shrinks: 0,
      ...(f.crash ? { crash: f.crash } : {}),
      replay,
      corpusEntry: `${f.file} (already in the corpus)`,
      explanation,
    };
    io.out(JSON.stringify({ runs: 0, corpus: corpusJson(r), failure }, null, 2) + '\n');
  } else {
    const told = explanation !== null ? explanationText(explanation) : ['violations:', ...f.violations.map((v) => `  - ${v.split('\n').join('\n    ')}`)];
    const lines = [
      `${paint('FAILED', 'red', io.colour)}: corpus entry ${f.file} fails again (property ${f.property.id}); nothing was generated:`,
      JSON.stringify(f.entry.scenario, null, 2),
      ...told,
      `replay: ${replay}`,
    ];
    io.out(lines.join('\n') + '\n');
  }
  const reportLine = onFailure?.(f, explanation) ?? null;
  if (reportLine !== null && !json) io.out(`${reportLine}\n`);
  return EXIT.failed;
}
