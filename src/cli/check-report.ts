// `srh check --report OUT.html`: on a failure, the HTML report of the shrunk counterexample's
// run (or of the corpus entry that failed again), with what went wrong above the timeline.
import { explanationText, type FailureExplanation } from '../harness/failure-report.js';
import type { MarkedViolation } from '../harness/report-layout.js';
import type { ScenarioRun } from '../harness/scenario-run.js';
import type { Io } from './io.js';
import { writeReport, type ReportOptions } from './report-option.js';

export interface CheckReportFailure {
  property: string;
  /** Where it came from: "after 120 scenarios, shrunk 7 times", "corpus entry corpus/x.json". */
  origin: string;
  run: ScenarioRun;
  explanation: FailureExplanation | null;
  violations: readonly string[];
  replay: string;
}

/** The violations that point at a trace event, to mark on the timeline. */
export function markedViolations(x: FailureExplanation | null): MarkedViolation[] {
  return (x?.violations ?? []).flatMap((v) => (v.event === undefined ? [] : [{ event: v.event, message: v.message }]));
}

/** Writes the report when --report was given; the line to print about it, or null. */
export function writeCheckReport(o: ReportOptions, f: CheckReportFailure, io: Io): string | null {
  if (o.report === undefined) return null;
  const what = f.explanation !== null ? explanationText(f.explanation) : ['violations:', ...f.violations.map((v) => `  - ${v}`)];
  const text = [`property ${f.property} failed (${f.origin})`, ...what, `replay: ${f.replay}`].join('\n');
  const title = `srh check: property ${f.property} fails${f.run.scenario.name ? ` on ${f.run.scenario.name}` : ''}`;
  if (
    !writeReport(
      'srh check',
      o,
      f.run.trace,
      { title, notes: { heading: `property ${f.property} fails`, text, failed: true }, violations: markedViolations(f.explanation) },
      io,
    )
  )
    return null;
  return `report: ${o.report}`;
}
