// A counterexample told so a reader can follow it (issue 13 §2): the property that failed and
// what it demands, each violation in words with its event, the model's expectation beside what
// the run did (the diff `srh replay --property model` prints), and the trace events around the
// violation. `srh check`, `srh replay` and `checkRun` print the same report. A crash (no-crash,
// issue 11 §3) is told the same way: the throw is the violation, and a model that throws is said
// to have thrown where its expectation would stand.
import { compareWithModel, expectationBesideRun, type ExpectationRow } from '../../models/compare.js';
import { predict } from '../../models/predict.js';
import { ALL_INVARIANTS } from '../../properties/invariants/index.js';
import type { TraceEvent } from '../trace/events.js';
import { eventLineText, eventsAround, firstLine, type EventLine } from '../trace/event-line.js';
import { crashText, guardedCall, type Crash } from './crash.js';
import { invariantContextOf, type HarnessProperty } from './property-catalogue.js';
import type { ScenarioRun } from './scenario-run.js';

export interface ExplainedViolation {
  message: string;
  /** The trace event where it shows, when there is one. */
  event?: number;
}

export interface FailureExplanation {
  property: string;
  statement: string;
  violations: ExplainedViolation[];
  /** What the model expects beside what the run did: the run, each job, the query. */
  expectation: ExpectationRow[];
  /** Where the run leaves what the model allows (empty: the model allows the run's outcome, or it threw). */
  modelDifferences: string[];
  /** The model's crash, when predicting or comparing threw (then `expectation` is empty). */
  modelError?: string;
  /** The event the window below is centred on: the first violation's, or null when none points at one. */
  focusEvent: number | null;
  /** The events around `focusEvent`. */
  events: EventLine[];
  eventCount: number;
}

/** A violation's text with the event it names ("at event N"), if any. */
function fromText(message: string): ExplainedViolation {
  const at = /at event (\d+)/.exec(message);
  return at === null ? { message } : { message, event: Number(at[1]) };
}

/** The violations with their events: an invariant's come with its event index; the others' from their text; a throw is its one violation. */
function explainedViolations(run: ScenarioRun, p: HarnessProperty): ExplainedViolation[] {
  const inv = ALL_INVARIANTS.find((i) => i.id === p.id);
  const checked = guardedCall(p.id, (): ExplainedViolation[] =>
    inv !== undefined
      ? inv.check(invariantContextOf(run)).map((v) => (v.eventIndex === undefined ? { message: v.message } : { message: v.message, event: v.eventIndex }))
      : p.check(run).map(fromText),
  );
  return 'crash' in checked ? [{ message: crashText(checked.crash) }] : checked.value;
}

/** The model's expectation beside the run, or its crash. */
function modelBesideRun(run: ScenarioRun): { expectation: ExpectationRow[]; modelDifferences: string[] } | { crash: Crash } {
  const r = guardedCall('model', () => {
    const prediction = predict(run.scenario);
    return { expectation: expectationBesideRun(prediction, run.summary), modelDifferences: compareWithModel(prediction, run.summary) };
  });
  return 'crash' in r ? { crash: r.crash } : r.value;
}

/** Where a model difference shows: the end (or, never ended, the start) of the first job it names; the run's end for a status. */
function modelFocus(events: readonly TraceEvent[], differences: readonly string[]): number | null {
  for (const d of differences) {
    const job = /\(job (\d+)\)|^job (\d+)/.exec(d);
    if (job !== null) {
      const id = Number(job[1] ?? job[2]);
      const end = events.findIndex((e) => e.Event === 'SparkListenerJobEnd' && e['Job ID'] === id);
      if (end >= 0) return end;
      const start = events.findIndex((e) => e.Event === 'SparkListenerJobStart' && e['Job ID'] === id);
      if (start >= 0) return start;
    }
  }
  return differences.length > 0 && events.length > 0 ? events.length - 1 : null;
}

/**
 * `p`'s failure on `run`, told in words. `known`: the violations as the caller found them (a
 * campaign's recheck of its shrunk counterexample), instead of checking `p` again.
 */
export function explainFailure(run: ScenarioRun, p: HarnessProperty, known?: readonly string[]): FailureExplanation {
  const violations = known !== undefined ? known.map(fromText) : explainedViolations(run, p);
  const model = modelBesideRun(run);
  const modelDifferences = 'crash' in model ? [] : model.modelDifferences;
  const events = run.trace.events;
  const pointed = violations.find((v) => v.event !== undefined && v.event < events.length)?.event;
  const focusEvent = pointed ?? (p.id === 'model' ? modelFocus(events, modelDifferences) : null);
  return {
    property: p.id,
    statement: p.statement,
    violations,
    expectation: 'crash' in model ? [] : model.expectation,
    modelDifferences,
    ...('crash' in model ? { modelError: crashText(model.crash) } : {}),
    focusEvent,
    events: focusEvent === null ? [] : eventsAround(events, focusEvent),
    eventCount: events.length,
  };
}

/** Two long texts cut to their first lines, starting a little before where they part, so the difference shows. */
function fromFirstDifference(a: string, b: string): [string, string] {
  const x = a.split('\n')[0];
  const y = b.split('\n')[0];
  let same = 0;
  while (same < x.length && same < y.length && x[same] === y[same]) same++;
  const from = same > 80 ? same - 40 : 0;
  const cut = (t: string) => firstLine(from === 0 ? t : `…${t.slice(from)}`);
  return [cut(x), cut(y)];
}

/** The report as lines of text, each violation's lines indented under it. */
export function explanationText(x: FailureExplanation): string[] {
  const lines = [`what went wrong: property ${x.property} fails (${x.statement})`];
  for (const v of x.violations)
    lines.push(`  - ${v.message.split('\n').join('\n    ')}${v.event === undefined || v.message.includes(`event ${v.event}`) ? '' : ` (event ${v.event})`}`);
  lines.push("the model's expectation beside the run:");
  const width = Math.max(...x.expectation.map((r) => r.what.length));
  for (const r of x.expectation) {
    if (r.agrees) {
      lines.push(`  ${r.what.padEnd(width)}  run:   ${firstLine(r.run)} (as the model allows)`);
      continue;
    }
    const [run, model] = fromFirstDifference(r.run, r.model);
    lines.push(`  ${r.what.padEnd(width)}  run:   ${run}`);
    lines.push(`  ${''.padEnd(width)}  model: ${model}   <- differs`);
  }
  if (x.modelError !== undefined) lines.push(`  none: ${x.modelError.split('\n')[0]}`);
  else if (x.modelDifferences.length === 0) lines.push('  the model allows what the run did');
  else for (const d of x.modelDifferences) lines.push(`  - ${d}`);
  if (x.focusEvent === null) lines.push(`events: no violation points at one event (the trace has ${x.eventCount})`);
  else {
    lines.push(`events around event ${x.focusEvent} (of ${x.eventCount}; event N is line N+1 of the --eventlog file):`);
    for (const l of x.events) lines.push(`  ${l.event === x.focusEvent ? '>' : ' '} ${eventLineText(l)}`);
  }
  return lines;
}
