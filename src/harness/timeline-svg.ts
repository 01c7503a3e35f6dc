// An SVG timeline of a run (`srh run FILE --timeline OUT.svg`): one band per executor, one row
// per task slot, one bar per task attempt from launch to end, coloured by how it ended, with
// job and stage-attempt markers along the time axis. A pure function of the trace.
import type { Trace, TraceEvent } from '../trace/events.js';

/** Right after the opening tag: how `--timeline` knows its own earlier outputs (src/cli/output-guard.ts). */
export const TIMELINE_MARKER = '<!-- spark-retry-harness timeline -->';

const COLORS: Record<string, string> = {
  Success: '#4caf50',
  ExceptionFailure: '#e53935',
  TaskKilled: '#9e9e9e',
  FetchFailed: '#fb8c00',
  ExecutorLostFailure: '#8e24aa',
  TaskResultLost: '#d81b60',
  TaskCommitDenied: '#795548',
  UnknownReason: '#3949ab',
  Running: '#90caf9',
};

interface Bar {
  tid: number;
  label: string;
  executor: string;
  start: number;
  end: number;
  reason: string;
}

const ROW = 18;
const LEFT = 90;
const WIDTH = 1000;

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function bars(events: readonly TraceEvent[], endTime: number): Bar[] {
  const byTid = new Map<number, Bar>();
  for (const e of events) {
    if (e.Event === 'SparkListenerTaskStart') {
      const ti = e['Task Info'];
      byTid.set(ti['Task ID'], {
        tid: ti['Task ID'],
        label: `${ti['Task ID']}: ${ti.Index}.${ti.Attempt} s${e['Stage ID']}`,
        executor: ti['Executor ID'],
        start: ti['Launch Time'],
        end: endTime,
        reason: 'Running',
      });
    } else if (e.Event === 'SparkListenerTaskEnd' && e['Task End Reason'].Reason !== 'Resubmitted') {
      const b = byTid.get(e['Task Info']['Task ID']);
      if (b === undefined) continue;
      b.end = e['Task Info']['Finish Time'];
      b.reason = e['Task End Reason'].Reason;
    }
  }
  return [...byTid.values()];
}

/** Greedy slots: a bar takes the first row of its executor that is free at its start. */
function rows(list: Bar[]): Map<Bar, number> {
  const out = new Map<Bar, number>();
  const free: number[] = [];
  for (const b of [...list].sort((x, y) => x.start - y.start || x.tid - y.tid)) {
    let row = free.findIndex((t) => t <= b.start);
    if (row < 0) {
      row = free.length;
      free.push(0);
    }
    free[row] = Math.max(b.end, b.start + 1);
    out.set(b, row);
  }
  return out;
}

export function timelineSvg(trace: Trace, title: string): string {
  const all = bars(trace.events, trace.endTimeMs);
  // Loops, not spreads: a big run has more bars than a call can take arguments.
  const end = all.reduce((m, b) => Math.max(m, b.end), Math.max(1, trace.endTimeMs));
  const x = (t: number): number => LEFT + (t / end) * WIDTH;
  const executors = [...new Set(all.map((b) => b.executor))].sort();
  const parts: string[] = [];
  let y = 40;
  for (const ex of executors) {
    const mine = all.filter((b) => b.executor === ex);
    const slot = rows(mine);
    let rowsUsed = 0;
    for (const r of slot.values()) rowsUsed = Math.max(rowsUsed, r + 1);
    const height = rowsUsed * ROW;
    parts.push(`<text x="4" y="${y + 13}" font-size="12">executor ${escape(ex)}</text>`);
    parts.push(`<rect x="${LEFT}" y="${y}" width="${WIDTH}" height="${height}" fill="#fafafa" stroke="#ddd"/>`);
    for (const b of mine) {
      const bx = x(b.start);
      const w = Math.max(1.5, x(b.end) - bx);
      const by = y + slot.get(b)! * ROW + 2;
      parts.push(
        `<rect x="${bx.toFixed(1)}" y="${by}" width="${w.toFixed(1)}" height="${ROW - 4}" fill="${COLORS[b.reason] ?? '#000'}"><title>${escape(`TID ${b.label} ${b.reason} ${b.start}-${b.end} ms`)}</title></rect>`,
      );
      if (w > 40) parts.push(`<text x="${(bx + 2).toFixed(1)}" y="${by + 11}" font-size="9" fill="#fff">${escape(b.label)}</text>`);
    }
    y += height + 10;
  }
  // Stage attempt submissions along the axis.
  for (const e of trace.events) {
    if (e.Event !== 'SparkListenerStageSubmitted') continue;
    const t = e['Stage Info']['Submission Time'] ?? 0;
    parts.push(
      `<line x1="${x(t).toFixed(1)}" y1="30" x2="${x(t).toFixed(1)}" y2="${y}" stroke="#90a4ae" stroke-dasharray="2,3"><title>stage ${e['Stage Info']['Stage ID']}.${e['Stage Info']['Stage Attempt ID']} submitted at ${t} ms</title></line>`,
    );
  }
  const legend = Object.entries(COLORS)
    .map(
      ([k, c], i) =>
        `<rect x="${LEFT + i * 110}" y="${y + 8}" width="10" height="10" fill="${c}"/><text x="${LEFT + i * 110 + 14}" y="${y + 17}" font-size="10">${k}</text>`,
    )
    .join('');
  const height = y + 30;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${LEFT + WIDTH + 20}" height="${height}" font-family="sans-serif">${TIMELINE_MARKER}` +
    `<text x="4" y="18" font-size="14">${escape(title)} (${trace.status}, ${end} ms simulated)</text>` +
    `<text x="${LEFT}" y="34" font-size="10">0 ms</text><text x="${LEFT + WIDTH - 40}" y="34" font-size="10">${end} ms</text>` +
    parts.join('') +
    legend +
    `</svg>\n`
  );
}
