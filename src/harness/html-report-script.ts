// The HTML report's script, inlined into every report: it reads the embedded model
// (#report-data, src/harness/html-report.ts) and draws the timeline as SVG, redrawing only what
// the current view shows, so zoom and pan stay quick with thousands of attempts: attempts
// narrower than 3 px join their neighbours in one group bar, failed ones in groups of their own
// drawn on top, so a failure never hides nor colours its successful neighbours. Plain ES2017 in a
// string, run by the browser, never by Node; tested in headless Chromium (test/browser/).
export function reportScript(): string {
  return SCRIPT;
}

const SCRIPT = String.raw`
(function () {
'use strict';
var data = JSON.parse(document.getElementById('report-data').textContent);
var GUTTER = 200, RIGHT = 18, AXIS_H = 30, MARKER_H = 22, SPAN_H = 20, LANE_H = 22, BAR_H = 16, HEADER_H = 20, BAND_PAD = 6;
var F = data.attemptFields, A = data.attempts, COUNT = A.length / F;
var LANE = 0, SMS = 1, EMS = 2, SSEQ = 3, ESEQ = 4, TID = 5, STAGE = 6, SATT = 7, IDX = 8, ATT = 9, PART = 10, REASON = 11, DETAIL = 12, FLAGS = 13, RESUB = 14;
var BAND_NAMES = { run: 'query runs', batch: 'batches', epoch: 'epochs', job: 'jobs', stage: 'stage attempts' };
var plot = document.getElementById('plot'), axisSvg = document.getElementById('axis'), chart = document.getElementById('chart');
var tooltip = document.getElementById('tooltip'), viewText = document.getElementById('view');
var measureContext = document.createElement('canvas').getContext('2d');
var labelWidths = new Map();
var groups = [];
var state = { axis: data.endMs > 0 ? 'time' : 'order', from: 0, to: 1, width: 0 };
var layout = computeLayout();
var laneAttempts = attemptsByLane();
var spansByRow = spansByBandRow();

function esc(s) { return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'); }
function num(x) { return Math.round(x * 10) / 10; }

/** The whole run on the current axis: how far one may zoom out. */
function extent() { return state.axis === 'time' ? [0, Math.max(data.endMs, 1)] : [0, Math.max(data.eventCount, 1)]; }
/** Where its jobs, stages, queries and tasks are (a real run starts long before its first job). */
function activity() {
  var lo = Infinity, hi = -Infinity, t = state.axis === 'time';
  for (var a = 0; a < COUNT; a++) { lo = Math.min(lo, t ? A[a * F + SMS] : A[a * F + SSEQ]); hi = Math.max(hi, t ? A[a * F + EMS] : A[a * F + ESEQ]); }
  data.spans.forEach(function (s) { lo = Math.min(lo, t ? s[2] : s[4]); hi = Math.max(hi, t ? s[3] : s[5]); });
  data.markers.forEach(function (m) { if (m[0] !== 'executor-added') { lo = Math.min(lo, t ? m[1] : m[2]); hi = Math.max(hi, t ? m[1] : m[2]); } });
  var e = extent();
  if (!(hi > lo)) return e;
  return [Math.max(e[0], lo), Math.min(e[1], hi)];
}
function minSpan() { return state.axis === 'time' ? Math.min(0.05, extent()[1]) : 4; }
function fitView() {
  var e = activity(), pad = (e[1] - e[0]) * 0.02;
  state.from = e[0] - pad; state.to = e[1] + pad;
}
function clampView() {
  var e = extent(), len = e[1] - e[0], maxSpan = len * 1.04, span = state.to - state.from;
  span = Math.max(minSpan(), Math.min(maxSpan, span));
  var from = Math.max(e[0] - len * 0.02, Math.min(state.from, e[1] + len * 0.02 - span));
  if (!(span < maxSpan)) from = e[0] - len * 0.02;
  state.from = from; state.to = from + span;
}
function startOf(a) { return state.axis === 'time' ? A[a * F + SMS] : A[a * F + SSEQ]; }
function endOf(a) { return state.axis === 'time' ? A[a * F + EMS] : A[a * F + ESEQ]; }
function momentOf(ms, seq) { return state.axis === 'time' ? ms : seq; }
function plotWidth() { return Math.max(200, state.width - GUTTER - RIGHT); }
function xOf(u) { return GUTTER + (u - state.from) * plotWidth() / (state.to - state.from); }
function unitOf(x) { return state.from + (x - GUTTER) * (state.to - state.from) / plotWidth(); }

function computeLayout() {
  var y = 4, bands = [];
  var markerTop = y; y += MARKER_H;
  data.spanKinds.forEach(function (kind, k) {
    var rows = data.spanRows[k];
    if (rows === 0) return;
    bands.push({ kind: k, name: BAND_NAMES[kind], top: y + BAND_PAD / 2, rows: rows });
    y += rows * SPAN_H + BAND_PAD;
  });
  var lanesTop = y + 6, laneTop = [], executors = [];
  y = lanesTop;
  data.executors.forEach(function (x) {
    var header = y; y += HEADER_H;
    for (var l = x[3]; l < x[3] + x[4]; l++) { laneTop[l] = y; y += LANE_H; }
    executors.push({ id: x[0], host: x[1], cores: x[2], header: header, top: header + HEADER_H, bottom: y });
    y += 6;
  });
  return { markerTop: markerTop, bands: bands, lanesTop: lanesTop, laneTop: laneTop, executors: executors, height: y + 8 };
}

/** Per axis and lane: the attempts by start, and the latest end so far (attempts of a real log's lane may overlap). */
function attemptsByLane() {
  var lanes = [];
  for (var a = 0; a < COUNT; a++) (lanes[A[a * F + LANE]] = lanes[A[a * F + LANE]] || []).push(a);
  function index(startField, startTie, endField) {
    return lanes.map(function (all) {
      var list = all.slice().sort(function (p, q) { return A[p * F + startField] - A[q * F + startField] || A[p * F + startTie] - A[q * F + startTie]; });
      var maxEnd = [], latest = -Infinity;
      list.forEach(function (x) { latest = Math.max(latest, A[x * F + endField]); maxEnd.push(latest); });
      return { list: list, maxEnd: maxEnd };
    });
  }
  return { time: index(SMS, SSEQ, EMS), order: index(SSEQ, SSEQ, ESEQ) };
}

function spansByBandRow() {
  var rows = {};
  data.spans.forEach(function (s, i) { var key = s[0] + ':' + s[8]; (rows[key] = rows[key] || []).push(i); });
  return rows;
}

function labelWidth(text) {
  var w = labelWidths.get(text);
  if (w === undefined) { w = measureContext.measureText(text).width; labelWidths.set(text, w); }
  return w;
}

/** The text cut with an ellipsis to fit the width (11 px labels). */
function fitText(text, width) {
  if (labelWidth(text) <= width) return text;
  var cut = text;
  while (cut.length > 1 && labelWidth(cut + '…') > width) cut = cut.slice(0, -1);
  return cut + '…';
}

function niceStep(raw) {
  var p = Math.pow(10, Math.floor(Math.log10(raw))), m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}
function decimals(step) { return Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9))); }
function tickLabel(t, step) {
  if (state.axis === 'order') return '#' + Math.round(t);
  if (step >= 1000 || Math.abs(state.to) >= 1000) return (t / 1000).toFixed(decimals(step / 1000)) + ' s';
  return t.toFixed(decimals(step)) + ' ms';
}
function ticks() {
  var span = state.to - state.from, step = niceStep(span / Math.max(2, plotWidth() / 110));
  if (state.axis === 'order') step = Math.max(1, Math.round(step));
  var out = [];
  for (var t = Math.ceil(state.from / step) * step; t <= state.to && out.length < 200; t += step) out.push({ t: t, label: tickLabel(t, step) });
  return out;
}

function drawAxis(selection) {
  var parts = [], width = state.width;
  parts.push('<rect x="0" y="0" width="' + width + '" height="' + AXIS_H + '" fill="#fff"/>');
  parts.push('<text class="gutter-label band" x="8" y="' + (AXIS_H - 9) + '">' + (state.axis === 'time' ? 'ms from the start' : 'event number') + '</text>');
  ticks().forEach(function (tk) {
    var x = num(xOf(tk.t));
    if (x < GUTTER - 1) return;
    parts.push('<g class="tick"><line x1="' + x + '" y1="' + (AXIS_H - 7) + '" x2="' + x + '" y2="' + AXIS_H + '"/><text x="' + x + '" y="' + (AXIS_H - 11) + '" text-anchor="middle">' + esc(tk.label) + '</text></g>');
  });
  if (selection) parts.push('<rect class="selection" x="' + num(Math.min(selection[0], selection[1])) + '" y="0" width="' + num(Math.abs(selection[1] - selection[0])) + '" height="' + AXIS_H + '"/>');
  axisSvg.setAttribute('width', width); axisSvg.setAttribute('height', AXIS_H);
  axisSvg.innerHTML = parts.join('');
}

function drawFrame(parts) {
  parts.push('<defs><clipPath id="plot-clip"><rect x="' + GUTTER + '" y="0" width="' + plotWidth() + '" height="' + layout.height + '"/></clipPath>' +
    '<pattern id="lost-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fbeaea"/><line x1="0" y1="0" x2="0" y2="6" stroke="#e6a3a3" stroke-width="2"/></pattern></defs>');
  parts.push('<text class="gutter-label band" x="8" y="' + (layout.markerTop + MARKER_H / 2 + 4) + '">markers</text>');
  layout.bands.forEach(function (b) {
    parts.push('<rect class="band-bg" x="' + GUTTER + '" y="' + (b.top - 2) + '" width="' + plotWidth() + '" height="' + (b.rows * SPAN_H + 4) + '"/>');
    parts.push('<text class="gutter-label band" x="8" y="' + (b.top + SPAN_H / 2 + 4) + '">' + esc(b.name) + '</text>');
  });
  layout.executors.forEach(function (x, i) {
    var cores = x.cores === null ? 'cores unknown' : x.cores + (x.cores === 1 ? ' core' : ' cores');
    parts.push('<line class="executor-sep" x1="0" y1="' + x.header + '" x2="' + state.width + '" y2="' + x.header + '"/>');
    parts.push('<text class="gutter-label executor" x="8" y="' + (x.header + 14) + '">executor ' + esc(x.id) + '</text>');
    parts.push('<text class="gutter-label band host" x="8" y="' + (x.top + LANE_H / 2 + 4) + '">' + esc(fitText(x.host, GUTTER - 70)) + '</text>');
    parts.push('<text class="gutter-label band" x="' + (GUTTER - 8) + '" y="' + (x.header + 14) + '" text-anchor="end">' + esc(cores) + '</text>');
  });
  data.lanes.forEach(function (lane, l) {
    var top = layout.laneTop[l], label = laneLabel(l);
    parts.push('<rect class="lane-bg' + (l % 2 ? ' odd' : '') + '" data-lane="' + l + '" x="' + GUTTER + '" y="' + top + '" width="' + plotWidth() + '" height="' + LANE_H + '"/>');
    parts.push('<text class="gutter-label lane-label" x="' + (GUTTER - 8) + '" y="' + (top + LANE_H / 2 + 4) + '" text-anchor="end">' + esc(label) + '</text>');
  });
}

/** "core N" for a lane an executor's cores account for, else "lane N" (and "over cores" when they are known). */
function laneLabel(l) {
  var lane = data.lanes[l], cores = data.executors[lane[0]][2];
  if (cores !== null && lane[1] < cores) return 'core ' + lane[1];
  return 'lane ' + lane[1] + (cores === null ? '' : ' (over cores)');
}

function drawGrid(parts) {
  ticks().forEach(function (tk) {
    var x = num(xOf(tk.t));
    if (x >= GUTTER) parts.push('<line class="grid" x1="' + x + '" y1="0" x2="' + x + '" y2="' + layout.height + '"/>');
  });
}

function drawSpans(parts) {
  var lastBoundary = -1e9;
  layout.bands.forEach(function (b) {
    for (var row = 0; row < b.rows; row++) {
      var list = spansByRow[b.kind + ':' + row] || [], pending = null;
      var y = b.top + row * SPAN_H + 1;
      list.forEach(function (i) {
        var s = data.spans[i], x0 = xOf(momentOf(s[2], s[4])), x1 = xOf(momentOf(s[3], s[5]));
        if (x1 < GUTTER - 4 || x0 > state.width) return;
        if (x1 - x0 >= 3) {
          if (pending) flushSpanGroup(parts, pending, y);
          pending = null;
          drawSpan(parts, s, i, x0, x1, y);
        } else if (pending && x0 <= pending.x1 + 1.5) {
          pending.x1 = Math.max(pending.x1, x1); pending.n++;
        } else {
          if (pending) flushSpanGroup(parts, pending, y);
          pending = { x0: x0, x1: x1, n: 1, first: i, kind: b.kind };
        }
      });
      if (pending) flushSpanGroup(parts, pending, y);
    }
  });
  data.spans.forEach(function (s) {
    if (s[6] !== 'committed') return;
    var x = xOf(momentOf(s[3], s[5]));
    if (x < GUTTER || x > state.width || x - lastBoundary < 4) return;
    lastBoundary = x;
    parts.push('<line class="boundary" x1="' + num(x) + '" y1="' + layout.lanesTop + '" x2="' + num(x) + '" y2="' + layout.height + '"/>');
  });
}

function drawSpan(parts, s, i, x0, x1, y) {
  var w = x1 - x0, instant = w < 3;
  if (instant) { x0 = (x0 + x1) / 2 - 1.5; w = 3; } else { w = Math.max(1, w - 2); }
  parts.push('<rect class="span hit s-' + s[6] + '" data-s="' + i + '" x="' + num(x0) + '" y="' + y + '" width="' + num(w) + '" height="' + (SPAN_H - 3) + '" rx="2"/>');
  var left = Math.max(x0, GUTTER), room = x0 + w - left - 6;
  if (labelWidth(s[1]) <= room) parts.push('<text class="span-label" x="' + num(left + 4) + '" y="' + (y + (SPAN_H - 3) / 2) + '">' + esc(s[1]) + '</text>');
}

function flushSpanGroup(parts, g, y) {
  if (g.n === 1) { var s = data.spans[g.first]; drawSpan(parts, s, g.first, g.x0, g.x1, y); return; }
  groups.push({ spans: g.n, kind: data.spanKinds[g.kind], first: g.first });
  parts.push('<rect class="span hit s-committed group" data-g="' + (groups.length - 1) + '" x="' + num(g.x0) + '" y="' + y + '" width="' + num(Math.max(2, g.x1 - g.x0)) + '" height="' + (SPAN_H - 3) + '"/>');
}

/** The first attempt of the lane that may show: every one before it ended left of the view. */
function firstVisible(maxEnd) {
  var lo = 0, hi = maxEnd.length;
  while (lo < hi) { var mid = (lo + hi) >> 1; if (maxEnd[mid] < state.from) lo = mid + 1; else hi = mid; }
  return lo;
}

function isFailure(a) { var r = A[a * F + REASON]; return r !== 0 && r !== data.reasons.length - 1; }

/** One lane's visible attempts; tiny ones join groups, failures in groups of their own drawn on top. */
function drawAttempts(parts) {
  laneAttempts[state.axis].forEach(function (indexed, lane) {
    var list = indexed.list, y = layout.laneTop[lane] + (LANE_H - BAR_H) / 2, base = null, failures = {}, over = [], instantRight = -1e9;
    for (var i = firstVisible(indexed.maxEnd); i < list.length; i++) {
      var a = list[i], s = startOf(a), e = endOf(a);
      if (s > state.to) break;
      var x0 = xOf(s), x1 = xOf(e);
      if (state.axis === 'time' && A[a * F + SMS] === A[a * F + EMS]) {
        instantRight = Math.max(x0, instantRight + 10);
        over.push({ instant: a, x: instantRight });
      } else if (x1 - x0 >= 3) {
        if (base) { flushGroup(parts, base, y); base = null; }
        drawBar(parts, a, x0, x1, y);
      } else if (isFailure(a)) {
        var r = A[a * F + REASON], g = failures[r];
        if (g && x0 <= g.x1 + 1.5) { g.x1 = Math.max(g.x1, x1); g.list.push(a); }
        else { failures[r] = { x0: x0, x1: x1, list: [a] }; over.push(failures[r]); }
      } else if (base && x0 <= base.x1 + 1.5) {
        base.x1 = Math.max(base.x1, x1); base.list.push(a);
      } else {
        if (base) flushGroup(parts, base, y);
        base = { x0: x0, x1: x1, list: [a] };
      }
    }
    if (base) flushGroup(parts, base, y);
    over.forEach(function (g) { if (g.instant !== undefined) drawInstant(parts, g.instant, g.x, y); else flushGroup(parts, g, y); });
  });
}

function fullLabel(a) { return A[a * F + IDX] + '.' + A[a * F + ATT] + ' (TID ' + A[a * F + TID] + ')'; }
function shortLabel(a) { return A[a * F + IDX] + '.' + A[a * F + ATT]; }

function drawBar(parts, a, x0, x1, y) {
  var reason = data.reasons[A[a * F + REASON]], w = x1 - x0, gap = w >= 8 ? 2 : 1;
  parts.push('<rect class="bar hit r-' + reason + '" data-a="' + a + '" x="' + num(x0) + '" y="' + y + '" width="' + num(Math.max(1, w - gap)) + '" height="' + BAR_H + '" rx="2"/>');
  var left = Math.max(x0, GUTTER), room = x1 - gap - left - 6, text = fullLabel(a);
  if (labelWidth(text) > room) text = shortLabel(a);
  if (labelWidth(text) <= room) parts.push('<text class="bar-label t-' + reason + '" x="' + num(left + 4) + '" y="' + (y + BAR_H / 2) + '">' + esc(text) + '</text>');
}

function drawInstant(parts, a, cx, y) {
  var reason = data.reasons[A[a * F + REASON]], cy = y + BAR_H / 2, r = 5;
  parts.push('<path class="bar instant hit r-' + reason + '" data-a="' + a + '" d="M' + num(cx) + ' ' + (cy - r - 1) + 'l' + r + ' ' + (r + 1) + 'l-' + r + ' ' + (r + 1) + 'l-' + r + ' -' + (r + 1) + 'z"/>');
}

/** A group of attempts too narrow to draw one by one, in the colour of its most frequent end reason. */
function flushGroup(parts, g, y) {
  if (g.list.length === 1) { drawBar(parts, g.list[0], g.x0, Math.max(g.x1, g.x0 + 2), y); return; }
  var counts = {}, most = 0;
  g.list.forEach(function (a) { var r = A[a * F + REASON]; counts[r] = (counts[r] || 0) + 1; if (counts[r] > (counts[most] || 0)) most = r; });
  groups.push({ attempts: g.list, counts: counts });
  parts.push('<rect class="bar group hit r-' + data.reasons[most] + '" data-g="' + (groups.length - 1) + '" x="' + num(g.x0) + '" y="' + y + '" width="' + num(Math.max(2, g.x1 - g.x0)) + '" height="' + BAR_H + '"/>');
}

function markerGlyph(kind, x, y) {
  if (kind === 'violation') return 'M' + x + ' ' + (y - 7) + 'l2 4.5l5 .5l-3.8 3.2l1.2 4.8l-4.4 -2.5l-4.4 2.5l1.2 -4.8l-3.8 -3.2l5 -.5z';
  if (kind === 'fetch-failure') return 'M' + x + ' ' + (y - 6) + 'l5 6l-5 6l-5 -6z';
  if (kind === 'executor-added') return 'M' + x + ' ' + (y - 6) + 'l6 11h-12z';
  if (kind === 'executor-lost') return 'M' + (x - 5) + ' ' + (y - 5) + 'h3l2 3l2 -3h3l-3.5 5l3.5 5h-3l-2 -3l-2 3h-3l3.5 -5z';
  return 'M' + (x - 6) + ' ' + (y - 6) + 'h12l-6 10z';
}

function drawMarkers(parts) {
  var flags = [], lastGlyph = {};
  data.markers.forEach(function (m, i) {
    var x = xOf(momentOf(m[1], m[2])), kind = m[0], lane = m[5], key = kind + ':' + lane;
    // A lost executor's lanes stay hatched when its marker is left of the view.
    if (kind === 'executor-lost' && x < GUTTER - 6) return drawLostLanes(parts, m, x);
    if (x < GUTTER - 6 || x > state.width + 6) return;
    if (lastGlyph[key] !== undefined && Math.abs(x - lastGlyph[key]) < 1) return;
    lastGlyph[key] = x;
    if (kind === 'executor-added' || kind === 'executor-lost') return drawExecutorMarker(parts, m, i, x);
    if (kind === 'fetch-failure' && lane >= 0) {
      parts.push('<path class="marker hit fetch-failure" data-m="' + i + '" d="' + markerGlyph(kind, num(x), layout.laneTop[lane] + 6) + '"/>');
    } else {
      parts.push('<line class="marker-line ' + kind + '" x1="' + num(x) + '" y1="' + (layout.markerTop + MARKER_H - 4) + '" x2="' + num(x) + '" y2="' + layout.height + '"/>');
    }
    // In the marker row, a glyph that would overlap the one before it goes beside it.
    var gx = flags.length > 0 ? Math.max(x, flags[flags.length - 1].gx + 13) : x;
    flags.push({ m: m, i: i, gx: gx });
  });
  drawMarkerFlags(parts, flags);
}

/** The marker row: each glyph, and its label right of it (else left of it) where it overlaps nothing. */
function drawMarkerFlags(parts, flags) {
  var my = layout.markerTop + MARKER_H / 2, labelRight = GUTTER;
  flags.forEach(function (f, j) {
    var m = f.m, w = labelWidth(m[3]);
    var nextGlyph = j + 1 < flags.length ? flags[j + 1].gx - 8 : state.width - 4;
    var previousGlyph = j > 0 ? flags[j - 1].gx + 8 : GUTTER;
    parts.push('<path class="marker hit ' + m[0] + '" data-m="' + f.i + '" d="' + markerGlyph(m[0], num(f.gx), my) + '"/>');
    var at = null;
    if (f.gx + 9 >= labelRight && f.gx + 9 + w <= nextGlyph) at = f.gx + 9;
    else if (f.gx - 9 - w >= Math.max(labelRight, previousGlyph)) at = f.gx - 9 - w;
    if (at === null) return;
    parts.push('<text class="marker-label ' + m[0] + '" x="' + num(at) + '" y="' + my + '">' + esc(m[3]) + '</text>');
    labelRight = Math.max(at + w, f.gx) + 8;
  });
}

function executorOf(m) { return m[5] >= 0 ? layout.executors[data.lanes[m[5]][0]] : null; }

function drawLostLanes(parts, m, x) {
  var ex = executorOf(m), left = Math.max(x, GUTTER);
  if (ex) parts.push('<rect class="lane-bg lost" x="' + num(left) + '" y="' + ex.top + '" width="' + num(Math.max(0, state.width - left)) + '" height="' + (ex.bottom - ex.top) + '" opacity="0.7"/>');
}

function drawExecutorMarker(parts, m, i, x) {
  var ex = executorOf(m);
  if (!ex) return;
  if (m[0] === 'executor-lost') drawLostLanes(parts, m, x);
  parts.push('<line class="marker-line ' + m[0] + '" x1="' + num(x) + '" y1="' + ex.header + '" x2="' + num(x) + '" y2="' + ex.bottom + '"/>');
  parts.push('<path class="marker hit ' + m[0] + '" data-m="' + i + '" d="' + markerGlyph(m[0], num(x), ex.header + HEADER_H / 2) + '"/>');
  if (m[0] === 'executor-lost') parts.push('<text class="marker-label executor-lost" x="' + num(x + 9) + '" y="' + (ex.header + HEADER_H / 2) + '">' + esc(m[3]) + '</text>');
}

var scheduled = false;
function schedule() { if (!scheduled) { scheduled = true; requestAnimationFrame(render); } }

function render() {
  scheduled = false;
  state.width = Math.max(640, chart.clientWidth);
  clampView();
  groups = [];
  var parts = [], clipped = [];
  drawFrame(parts);
  drawGrid(parts);
  drawSpans(clipped);
  drawAttempts(clipped);
  drawMarkers(clipped);
  parts.push('<g clip-path="url(#plot-clip)">' + clipped.join('') + '</g>');
  plot.setAttribute('width', state.width); plot.setAttribute('height', layout.height);
  plot.innerHTML = parts.join('');
  plot.setAttribute('data-axis', state.axis); plot.setAttribute('data-from', state.from); plot.setAttribute('data-to', state.to);
  drawAxis(selection);
  document.getElementById('axis-time').setAttribute('aria-pressed', state.axis === 'time');
  document.getElementById('axis-order').setAttribute('aria-pressed', state.axis === 'order');
  viewText.textContent = 'showing ' + tickLabel(Math.max(state.from, 0), (state.to - state.from) / 10) + ' – ' + tickLabel(state.to, (state.to - state.from) / 10);
  saveHash();
}

// ---- interaction: zoom, pan, range selection, tooltip, keys, buttons, the URL hash
var drag = null, selection = null;
function zoomAt(factor, px) {
  var u = unitOf(px), span = state.to - state.from, next = span * factor;
  var e = extent();
  next = Math.max(minSpan(), Math.min((e[1] - e[0]) * 1.04, next));
  state.from = u - (u - state.from) * next / span; state.to = state.from + next;
  schedule();
}
function panBy(px) { var du = px * (state.to - state.from) / plotWidth(); state.from += du; state.to += du; schedule(); }
function centerPx() { return GUTTER + plotWidth() / 2; }
function localX(event, el) { return event.clientX - el.getBoundingClientRect().left; }

chart.addEventListener('wheel', function (event) {
  var overAxis = event.target.closest && event.target.closest('#axis');
  if (event.ctrlKey || event.metaKey || event.altKey || overAxis) {
    event.preventDefault();
    zoomAt(Math.exp(event.deltaY * 0.0025), Math.max(GUTTER, localX(event, plot)));
  } else if (event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
    event.preventDefault();
    panBy(event.deltaX || event.deltaY);
  }
}, { passive: false });

plot.addEventListener('mousedown', function (event) {
  if (event.button !== 0) return;
  drag = { kind: 'pan', x: event.clientX, from: state.from, to: state.to };
  plot.classList.add('panning');
  event.preventDefault();
});
axisSvg.addEventListener('mousedown', function (event) {
  if (event.button !== 0) return;
  var x = Math.max(GUTTER, localX(event, axisSvg));
  drag = { kind: 'select', x0: x }; selection = [x, x];
  event.preventDefault();
});
window.addEventListener('mousemove', function (event) {
  if (drag === null) return;
  if (drag.kind === 'pan') {
    var du = (event.clientX - drag.x) * (drag.to - drag.from) / plotWidth();
    state.from = drag.from - du; state.to = drag.to - du; schedule();
  } else {
    selection = [drag.x0, Math.max(GUTTER, Math.min(state.width - RIGHT, localX(event, axisSvg)))]; drawAxis(selection);
  }
});
window.addEventListener('mouseup', function () {
  if (drag && drag.kind === 'select' && selection && Math.abs(selection[1] - selection[0]) > 4) {
    var a = unitOf(Math.min(selection[0], selection[1])), b = unitOf(Math.max(selection[0], selection[1]));
    state.from = a; state.to = b;
  }
  if (drag) { drag = null; selection = null; plot.classList.remove('panning'); schedule(); }
});
plot.addEventListener('dblclick', function () { fitView(); schedule(); });

document.addEventListener('keydown', function (event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  var k = event.key;
  if (k === '+' || k === '=') zoomAt(1 / 1.5, centerPx());
  else if (k === '-' || k === '_') zoomAt(1.5, centerPx());
  else if (k === '0') { fitView(); schedule(); }
  else if (k === 'ArrowLeft') panBy(-plotWidth() / 8);
  else if (k === 'ArrowRight') panBy(plotWidth() / 8);
  else return;
  event.preventDefault();
});
document.getElementById('zoom-in').addEventListener('click', function () { zoomAt(1 / 1.5, centerPx()); });
document.getElementById('zoom-out').addEventListener('click', function () { zoomAt(1.5, centerPx()); });
document.getElementById('zoom-fit').addEventListener('click', function () { fitView(); schedule(); });
function setAxis(axis) { if (state.axis !== axis) { state.axis = axis; fitView(); schedule(); } }
document.getElementById('axis-time').addEventListener('click', function () { setAxis('time'); });
document.getElementById('axis-order').addEventListener('click', function () { setAxis('order'); });
window.addEventListener('resize', schedule);

function fmtMs(ms) { return ms >= 10000 ? (ms / 1000).toFixed(2) + ' s' : ms + ' ms'; }
function attemptTip(a) {
  var o = a * F, lane = data.lanes[A[o + LANE]], ex = data.executors[lane[0]];
  var lines = ['stage ' + A[o + STAGE] + '.' + A[o + SATT] + ', index ' + A[o + IDX] + (A[o + PART] >= 0 ? ', partition ' + A[o + PART] : '') + ', attempt ' + A[o + ATT] + (A[o + FLAGS] & 1 ? ' (speculative)' : ''),
    'executor ' + ex[0] + ' (' + ex[1] + '), ' + laneLabel(A[o + LANE]),
    fmtMs(A[o + SMS]) + ' → ' + fmtMs(A[o + EMS]) + ' (' + (A[o + EMS] === A[o + SMS] ? 'no simulated time' : fmtMs(A[o + EMS] - A[o + SMS])) + '); events #' + A[o + SSEQ] + ' → #' + A[o + ESEQ],
    data.reasons[A[o + REASON]]];
  if (data.strings[A[o + DETAIL]]) lines.push(data.strings[A[o + DETAIL]]);
  if (A[o + RESUB] >= 0) lines.push('its map output was lost: resubmitted at ' + fmtMs(A[o + RESUB]));
  return { title: fullLabel(a), lines: lines };
}
function groupTip(g) {
  if (g.spans) return { title: g.spans + ' ' + BAND_NAMES[g.kind] + ' too narrow to draw', lines: ['zoom in to see each'] };
  var names = Object.keys(g.counts).map(function (r) { return g.counts[r] + ' ' + data.reasons[r]; });
  return { title: g.attempts.length + ' task attempts too narrow to draw', lines: [names.join(', '), 'TIDs ' + A[g.attempts[0] * F + TID] + ' … ' + A[g.attempts[g.attempts.length - 1] * F + TID], 'zoom in to see each'] };
}
function tipFor(el) {
  if (el.hasAttribute('data-a')) return attemptTip(Number(el.getAttribute('data-a')));
  if (el.hasAttribute('data-g')) return groupTip(groups[Number(el.getAttribute('data-g'))]);
  if (el.hasAttribute('data-s')) { var s = data.spans[Number(el.getAttribute('data-s'))]; return { title: s[1] + ' (' + s[6] + ')', lines: [fmtMs(s[2]) + ' → ' + fmtMs(s[3]) + '; events #' + s[4] + ' → #' + s[5], data.strings[s[7]]] }; }
  var m = data.markers[Number(el.getAttribute('data-m'))];
  return { title: m[3], lines: ['at ' + fmtMs(m[1]) + ', event #' + m[2], data.strings[m[4]]] };
}
plot.addEventListener('mousemove', function (event) {
  var el = drag === null && event.target.closest ? event.target.closest('[data-a],[data-g],[data-s],[data-m]') : null;
  if (!el) { tooltip.hidden = true; return; }
  var tip = tipFor(el);
  tooltip.textContent = '';
  var b = document.createElement('b'); b.textContent = tip.title; tooltip.appendChild(b);
  tooltip.appendChild(document.createTextNode('\n' + tip.lines.filter(Boolean).join('\n')));
  tooltip.hidden = false;
  var x = event.clientX + 14, y = event.clientY + 14, r = tooltip.getBoundingClientRect();
  if (x + r.width > window.innerWidth - 4) x = Math.max(4, event.clientX - r.width - 14);
  if (y + r.height > window.innerHeight - 4) y = Math.max(4, event.clientY - r.height - 14);
  tooltip.style.left = x + 'px'; tooltip.style.top = y + 'px';
});
plot.addEventListener('mouseleave', function () { tooltip.hidden = true; });

/** The view into the URL, a moment after the last redraw (browsers limit how often a page may replace its URL). */
var hashTimer = null;
function saveHash() {
  clearTimeout(hashTimer);
  hashTimer = setTimeout(function () {
    try { history.replaceState(null, '', '#axis=' + state.axis + '&from=' + num(state.from * 1000) / 1000 + '&to=' + num(state.to * 1000) / 1000); } catch (e) { /* a file:// page may refuse */ }
  }, 250);
}
function loadHash() {
  var h = {};
  location.hash.replace(/^#/, '').split('&').forEach(function (kv) { var p = kv.split('='); if (p.length === 2) h[p[0]] = decodeURIComponent(p[1]); });
  if (h.axis === 'time' || h.axis === 'order') state.axis = h.axis;
  fitView();
  var from = Number(h.from), to = Number(h.to);
  if (h.from !== undefined && isFinite(from) && isFinite(to) && to > from) { state.from = from; state.to = to; }
}

measureContext.font = '11px ' + getComputedStyle(document.body).fontFamily;
document.documentElement.style.setProperty('--toolbar-height', document.getElementById('toolbar').offsetHeight + 'px');
if (data.endMs === 0) {
  var note = document.getElementById('axis-note');
  note.textContent = 'This run takes no simulated time: every event is at 0 ms. The event-order axis spreads its events out; on the simulated-time axis each attempt is a marker at 0 ms.';
  note.hidden = false;
}
loadHash();
render();
})();
`;
