// The HTML report of a run (`--report OUT.html` on `srh run`, `replay` and `check`): one
// self-contained file, inline CSS and JS and no external resource, that draws the run's
// timeline (src/harness/html-report-script.ts) from the model of src/harness/report-layout.ts,
// embedded as JSON. The header, summary, notes and legend are static HTML. A pure function of
// the trace and the options: the same run gives a byte-identical file. Its second line is the
// marker comment by which `--report` knows its own earlier outputs (src/cli/report-option.ts).
import type { Trace } from '../trace/events.js';
import { REASON_COLORS, reportStyle } from './html-report-style.js';
import { reportScript } from './html-report-script.js';
import { KIND_ORDER, reportModel, type MarkedViolation } from './report-layout.js';
import { REASONS, type ReasonName, type ReportModel } from './report-model.js';

export const REPORT_MARKER = '<!-- spark-retry-harness html report: written by srh --report -->';
export const REPORT_HEAD = `<!DOCTYPE html>\n${REPORT_MARKER}\n`;

export interface HtmlReportOptions {
  title: string;
  /** Text shown above the timeline, such as the violations of a failed property. */
  notes?: { heading: string; text: string; failed: boolean };
  /** Violations to mark at their trace events. */
  violations?: readonly MarkedViolation[];
}

export function htmlReport(trace: Trace, options: HtmlReportOptions): string {
  const model = reportModel(trace, options.title, options.violations);
  return [
    REPORT_HEAD.trimEnd(),
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${escapeHtml(options.title)}</title>`,
    `<style>${reportStyle()}</style></head><body>`,
    `<header><h1>${escapeHtml(options.title)}</h1><p class="summary">${escapeHtml(summaryLine(model))}</p></header>`,
    options.notes
      ? `<details class="notes${options.notes.failed ? ' failed' : ''}" open><summary>${escapeHtml(options.notes.heading)}</summary><pre>${escapeHtml(options.notes.text)}</pre></details>`
      : '',
    toolbar(),
    `<ul class="legend" id="legend">${legendItems(model)}</ul>`,
    '<div id="chart"><svg id="axis" role="img" aria-label="time axis"></svg><svg id="plot" role="img" aria-label="task attempts per executor core"></svg></div>',
    '<div id="tooltip" hidden></div>',
    '<noscript><p>This report draws its timeline with JavaScript. <code>srh run FILE --timeline OUT.svg</code> writes a static SVG instead.</p></noscript>',
    `<script type="application/json" id="report-data">${scriptJson(reportData(model))}</script>`,
    `<script>${reportScript()}</script>`,
    '</body></html>\n',
  ].join('\n');
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** JSON that cannot end its <script> element nor be read as HTML inside it. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function reasonCounts(model: ReportModel): Map<ReasonName, number> {
  const counts = new Map<ReasonName, number>(REASONS.map((r) => [r, 0]));
  for (const a of model.attempts) counts.set(a.reason, counts.get(a.reason)! + 1);
  return counts;
}

function summaryLine(model: ReportModel): string {
  const jobs = model.spans.filter((s) => s.kind === 'job');
  const failedJobs = jobs.filter((s) => s.status === 'failed' || s.status === 'cancelled').length;
  const stages = model.spans.filter((s) => s.kind === 'stage').length;
  const cores = model.executors.reduce((n, x) => n + (x.cores ?? 0), 0);
  const parts = [
    model.status === 'finished' ? 'finished' : `did not terminate${model.stopReason ? ` (${model.stopReason})` : ''}`,
    `${model.endMs} ms from the start to the last event`,
    ...(model.streaming === null ? [] : [model.streaming === 'continuous' ? 'continuous query' : 'micro-batch query']),
    `${plural(jobs.length, 'job')}${failedJobs > 0 ? ` (${failedJobs} failed)` : ''}`,
    plural(stages, 'stage attempt'),
    plural(model.attempts.length, 'task attempt'),
    `${plural(model.executors.length, 'executor')}, ${plural(cores, 'core')}`,
    plural(model.eventCount, 'event'),
  ];
  return parts.join(' · ');
}

function toolbar(): string {
  return [
    '<div class="toolbar" id="toolbar">',
    '<span>axis <button id="axis-time" type="button" aria-pressed="false">simulated time</button> <button id="axis-order" type="button" aria-pressed="false">event order</button></span>',
    '<span><button id="zoom-in" type="button" title="zoom in (+)">+</button> <button id="zoom-out" type="button" title="zoom out (−)">−</button> <button id="zoom-fit" type="button" title="fit the jobs, stages and tasks (0)">fit</button></span>',
    '<span class="view" id="view"></span>',
    '<span class="hint">zoom: Ctrl+wheel, + and −, or drag across the axis · pan: drag, Shift+wheel, ← → · fit: 0 or double-click</span>',
    '</div>',
    '<p class="axis-note" id="axis-note" hidden></p>',
  ].join('');
}

const MARKER_LEGEND: readonly [string, string, string][] = [
  ['violation', 'violation of the property', '<path class="marker violation" d="M8 1l2 4.5 5 .5-3.8 3.2 1.2 4.8L8 11.5 3.6 14l1.2-4.8L1 6l5-.5z"/>'],
  ['abort', 'job aborted', '<path class="marker abort" d="M3 1h10l-5 8z"/><line class="marker-line abort" x1="8" y1="9" x2="8" y2="14"/>'],
  ['job-failed', 'job failed or cancelled', '<path class="marker job-failed" d="M3 1h10l-5 8z"/>'],
  ['query-failed', 'query run failed', '<path class="marker query-failed" d="M3 1h10l-5 8z"/>'],
  ['fetch-failure', 'fetch failure', '<path class="marker fetch-failure" d="M8 1l5 6-5 6-5-6z"/>'],
  ['executor-added', 'executor added', '<path class="marker executor-added" d="M8 2l6 10H2z"/>'],
  ['executor-lost', 'executor lost', '<path class="marker executor-lost" d="M3 3l10 10M13 3L3 13" style="stroke:#d1242f;stroke-width:3"/>'],
  ['instant', 'attempt that took no simulated time', '<path class="bar instant r-ExceptionFailure" d="M8 2l5 5-5 5-5-5z"/>'],
  ['boundary', 'batch or epoch committed', '<line class="boundary" x1="8" y1="0" x2="8" y2="14" style="opacity:1;stroke-width:2"/>'],
];

function legendItems(model: ReportModel): string {
  const counts = reasonCounts(model);
  const reasons = REASONS.map((r) => {
    const n = counts.get(r)!;
    return `<li class="reason${n === 0 ? ' absent' : ''}" data-reason="${r}"><span class="swatch sw-${r}" style="background:${REASON_COLORS[r].fill}"></span>${r} <span class="count">${n}</span></li>`;
  });
  const markers = MARKER_LEGEND.map(
    ([kind, text, glyph]) => `<li class="marker-key" data-marker="${kind}"><svg viewBox="0 0 16 14" aria-hidden="true">${glyph}</svg>${text}</li>`,
  );
  return [...reasons, ...markers].join('');
}

/** The model in the compact form the script reads: attempts as one flat number array, texts in one table. */
export function reportData(model: ReportModel): Record<string, unknown> {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const str = (s: string): number => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.push(s) - 1;
      index.set(s, i);
    }
    return i;
  };
  const attempts: number[] = [];
  for (const a of model.attempts) {
    attempts.push(
      a.lane,
      a.start.ms,
      a.end.ms,
      a.start.seq,
      a.end.seq,
      a.tid,
      a.stageId,
      a.stageAttemptId,
      a.index,
      a.attempt,
      a.partition ?? -1,
      REASONS.indexOf(a.reason),
      str(a.detail),
      a.speculative ? 1 : 0,
      a.resubmittedMs ?? -1,
    );
  }
  return {
    version: 1,
    endMs: model.endMs,
    eventCount: model.eventCount,
    streaming: model.streaming,
    reasons: REASONS,
    reasonColors: REASONS.map((r) => REASON_COLORS[r].fill),
    executors: model.executors.map((x) => [x.id, x.host, x.cores, x.firstLane, x.laneCount]),
    lanes: model.lanes.map((l) => [model.executors.findIndex((x) => x.id === l.executor), l.core]),
    attemptFields: 15,
    attempts,
    spanKinds: KIND_ORDER,
    spanRows: KIND_ORDER.map((k) => model.spanRows[k]),
    spans: model.spans.map((s) => [KIND_ORDER.indexOf(s.kind), s.label, s.start.ms, s.end.ms, s.start.seq, s.end.seq, s.status, str(s.detail), s.row]),
    markers: model.markers.map((m) => [m.kind, m.at.ms, m.at.seq, m.label, str(m.detail), m.lane ?? -1]),
    strings,
  };
}
