// The HTML report's stylesheet and colours, inlined into every report (no external resources).
import type { ReasonName } from './report-model.js';

/** Bar colour and the label colour that reads on it, per end reason. */
export const REASON_COLORS: Record<ReasonName, { fill: string; text: string }> = {
  Success: { fill: '#43a047', text: '#ffffff' },
  ExceptionFailure: { fill: '#e53935', text: '#ffffff' },
  TaskKilled: { fill: '#8d8d8d', text: '#ffffff' },
  FetchFailed: { fill: '#fb8c00', text: '#1a1a1a' },
  ExecutorLostFailure: { fill: '#8e24aa', text: '#ffffff' },
  TaskResultLost: { fill: '#d81b60', text: '#ffffff' },
  TaskCommitDenied: { fill: '#795548', text: '#ffffff' },
  UnknownReason: { fill: '#3949ab', text: '#ffffff' },
  Running: { fill: '#90caf9', text: '#0d2a4a' },
};

function reasonRules(): string {
  return Object.entries(REASON_COLORS)
    .map(([reason, c]) => `.r-${reason}{fill:${c.fill}}.t-${reason}{fill:${c.text}}.sw-${reason}{background:${c.fill}}`)
    .join('\n');
}

export function reportStyle(): string {
  return `
:root{--ink:#1f2328;--muted:#59636e;--line:#d0d7de;--band:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;font:13px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--ink);background:#fff}
header{padding:12px 16px 4px}
h1{font-size:17px;margin:0 0 4px;font-weight:600;overflow-wrap:anywhere}
.summary{margin:0;color:var(--muted)}
.notes{margin:8px 16px 0;border:1px solid var(--line);background:var(--band);border-radius:6px;padding:6px 10px}
.notes.failed{border-color:#f1aeb5;background:#fff5f5}
.notes summary{cursor:pointer;font-weight:600}
.notes pre{margin:6px 0 0;white-space:pre-wrap;overflow-wrap:anywhere;font:12px/1.35 ui-monospace,"DejaVu Sans Mono",monospace;max-height:16em;overflow:auto}
.toolbar{display:flex;flex-wrap:wrap;align-items:center;gap:6px 14px;padding:8px 16px;border-bottom:1px solid var(--line);position:sticky;top:0;background:#fff;z-index:3}
.toolbar button{font:inherit;padding:2px 9px;border:1px solid var(--line);border-radius:5px;background:#f6f8fa;cursor:pointer}
.toolbar button[aria-pressed=true]{background:#ddf4ff;border-color:#54aeff}
.toolbar .hint{color:var(--muted);font-size:12px}
.toolbar .view{font-variant-numeric:tabular-nums;color:var(--muted);font-size:12px}
.axis-note{margin:6px 16px 0;color:#7d4e00}
.legend{display:flex;flex-wrap:wrap;gap:4px 16px;list-style:none;margin:0;padding:8px 16px;border-bottom:1px solid var(--line)}
.legend li{display:flex;align-items:center;gap:5px;white-space:nowrap}
.legend li.absent{opacity:.45}
.legend .swatch{display:inline-block;width:14px;height:11px;border-radius:2px}
.legend svg{width:16px;height:14px;overflow:visible}
.legend .count{color:var(--muted);font-variant-numeric:tabular-nums}
#chart{position:relative;padding:0 0 16px;user-select:none}
#chart svg{display:block}
#axis{position:sticky;top:var(--toolbar-height,40px);background:#fff;z-index:2;cursor:ew-resize;border-bottom:1px solid var(--line)}
#plot{cursor:grab}
#plot.panning{cursor:grabbing}
.gutter-label{font-size:12px;fill:var(--ink)}
.gutter-label.executor{font-weight:600}
.gutter-label.band{fill:var(--muted);font-style:italic}
.gutter-label.host{font-size:11px}
.tick line{stroke:#8c959f}
.tick text{font-size:11px;fill:var(--muted)}
.grid{stroke:#eaeef2}
.lane-bg{fill:#fff}
.lane-bg.odd{fill:#f8f9fa}
.lane-bg.lost{fill:url(#lost-hatch)}
.executor-sep{stroke:#8c959f}
.band-bg{fill:var(--band)}
.bar{stroke:none}
.bar.instant{stroke:#1f2328;stroke-width:1}
.bar.group{opacity:.85}
.bar-label{font-size:11px;pointer-events:none;dominant-baseline:central}
.span{stroke-width:1}
.span.s-succeeded,.span.s-committed{fill:#dcefdc;stroke:#43a047}
.span.s-failed{fill:#fde2e1;stroke:#d1242f}
.span.s-cancelled{fill:#eeeeee;stroke:#8d8d8d}
.span.s-running{fill:#e3f0fc;stroke:#4c8fd6}
.span.s-uncommitted{fill:#fff;stroke:#d1242f;stroke-dasharray:3 2}
.span-label{font-size:11px;fill:var(--ink);pointer-events:none;dominant-baseline:central}
.boundary{stroke:#7c4dff;stroke-dasharray:2 3;opacity:.6}
.marker-line{pointer-events:none}
.marker-line.abort{stroke:#d1242f;stroke-width:1.5}
.marker-line.job-failed{stroke:#8d8d8d;stroke-dasharray:4 3}
.marker-line.query-failed{stroke:#a40e26;stroke-dasharray:6 3}
.marker-line.executor-lost{stroke:#d1242f;stroke-dasharray:3 2}
.marker-line.executor-added{stroke:#2da44e;stroke-dasharray:2 2}
.marker{stroke:#fff;stroke-width:.8}
.marker.violation{fill:#6f42c1;stroke:#fff}
.marker-line.violation{stroke:#6f42c1;stroke-width:1.5;stroke-dasharray:5 2}
.marker-label.violation{fill:#6f42c1}
.marker.abort{fill:#d1242f}
.marker.job-failed{fill:#8d8d8d}
.marker.query-failed{fill:#a40e26}
.marker.fetch-failure{fill:#fb8c00;stroke:#1f2328}
.marker.executor-added{fill:#2da44e}
.marker.executor-lost{fill:#d1242f}
.marker-label{font-size:11px;pointer-events:none;dominant-baseline:central}
.marker-label.abort,.marker-label.query-failed,.marker-label.executor-lost{fill:#a40e26}
.selection{fill:#54aeff;opacity:.25}
.hit{cursor:pointer}
#tooltip{position:fixed;z-index:10;max-width:min(560px,90vw);padding:6px 9px;background:#1f2328;color:#fff;border-radius:6px;font-size:12px;line-height:1.35;white-space:pre-wrap;overflow-wrap:anywhere;pointer-events:none;box-shadow:0 3px 12px rgba(0,0,0,.25)}
#tooltip b{font-size:13px}
noscript p{margin:16px}
${reasonRules()}
`;
}
