// The HTML report in a real browser (issue 13 §5): Debian's headless Chromium loads reports of
// the examples and of a run with thousands of attempts, and the tests assert on what it draws
// (lanes, bars and their labels, the gap between adjacent bars, the abort, fetch-failure and
// executor markers, the legend, streaming batches and epochs, fake retries as markers) and on
// zoom, pan and the tooltip driven by real input events. SRH_SCREENSHOTS=DIR keeps a screenshot
// of each example there.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlReport } from '../../src/harness/html-report.js';
import { readEventLog } from '../../src/trace/event-log-reader.js';
import { run } from '../support/run.js';
import { Chromium, dumpDom, type Page } from './chromium.js';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'srh-browser-'));
const screenshots = process.env.SRH_SCREENSHOTS;
let browser: Chromium;

/** The report of an example, written by the built CLI as a user writes it. */
function exampleReport(name: string): string {
  const out = join(dir, `${name}.html`);
  const r = spawnSync(process.execPath, [join(root, 'bin/srh.js'), 'run', `examples/${name}.json`, '--report', out], { cwd: root, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return out;
}

function reportOf(name: string, scenario: unknown): string {
  const out = join(dir, `${name}.html`);
  writeFileSync(out, htmlReport(run(scenario).result.trace, { title: name }));
  return out;
}

async function openReport(file: string, hash = ''): Promise<Page> {
  return browser.open(`file://${file}${hash}`);
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface Drawn {
  lanes: number;
  bars: { a: number; reason: string; lane: number; box: Box }[];
  labels: string[];
  legend: { text: string; box: Box }[];
  markers: Record<string, number>;
  axis: string;
  from: number;
  to: number;
  ticks: string[];
  elements: number;
}

/** What the plot shows now: its lanes, bars (by lane, left to right), labels, legend, markers and view. */
function drawn(page: Page): Promise<Drawn> {
  return page.evaluate<Drawn>(`(() => {
    const box = (el) => { const r = el.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; };
    const plot = document.getElementById('plot');
    const laneTops = [...plot.querySelectorAll('rect.lane-bg[data-lane]')].map((el) => [Number(el.dataset.lane), el.getBoundingClientRect()]);
    const laneOf = (el) => { const r = el.getBoundingClientRect(); const hit = laneTops.find(([, t]) => r.y >= t.y - 1 && r.y + r.height <= t.y + t.height + 1); return hit ? hit[0] : -1; };
    const bars = [...plot.querySelectorAll('.bar[data-a]')].map((el) => ({ a: Number(el.dataset.a), reason: [...el.classList].find((c) => c.startsWith('r-')).slice(2), lane: laneOf(el), box: box(el) }));
    bars.sort((p, q) => p.lane - q.lane || p.box.x - q.box.x);
    const markers = {};
    for (const el of plot.querySelectorAll('path.marker')) { const k = [...el.classList].find((c) => c !== 'marker' && c !== 'hit'); markers[k] = (markers[k] || 0) + 1; }
    return {
      lanes: laneTops.length,
      bars,
      labels: [...plot.querySelectorAll('.bar-label')].map((t) => t.textContent),
      legend: [...document.querySelectorAll('#legend li')].map((li) => ({ text: li.textContent, box: box(li) })),
      markers,
      axis: plot.dataset.axis,
      from: Number(plot.dataset.from),
      to: Number(plot.dataset.to),
      ticks: [...document.querySelectorAll('#axis .tick text')].map((t) => t.textContent),
      elements: plot.querySelectorAll('*').length,
    };
  })()`);
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

async function keepScreenshot(page: Page, name: string): Promise<void> {
  const png = await page.screenshot();
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  if (screenshots === undefined) return;
  mkdirSync(screenshots, { recursive: true });
  writeFileSync(join(screenshots, `${name}.png`), png);
}

beforeAll(() => {
  browser = Chromium.launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('the report of examples/batch-abort.json in Chromium', () => {
  let page: Page;
  beforeAll(async () => {
    page = await openReport(exampleReport('batch-abort'));
  });
  afterAll(() => page.close());

  it('draws one lane per core, one bar per attempt labelled index.attempt (TID n), a gap between adjacent bars', async () => {
    const d = await drawn(page);
    expect(d.lanes).toBe(2); // local[2,4]: the driver's 2 cores
    expect(d.bars).toHaveLength(7);
    expect(d.bars.filter((b) => b.reason === 'ExceptionFailure')).toHaveLength(4);
    expect(d.labels).toEqual(expect.arrayContaining(['0.0 (TID 0)', '1.0 (TID 1)', '1.3 (TID 6)']));
    for (let i = 1; i < d.bars.length; i++) {
      const [left, right] = [d.bars[i - 1], d.bars[i]];
      if (left.lane === right.lane) expect(right.box.x - (left.box.x + left.box.width)).toBeGreaterThanOrEqual(1);
    }
    expect(new Set(d.bars.map((b) => b.lane))).toEqual(new Set([0, 1]));
    await keepScreenshot(page, 'batch-abort');
  });

  it('marks the abort, draws the job and stage spans and labelled time ticks', async () => {
    const d = await drawn(page);
    expect(d.markers.abort).toBe(1);
    const text = await page.evaluate<string>(`document.getElementById('plot').textContent`);
    expect(text).toContain('abort: job 0');
    expect(text).toContain('job 0');
    expect(text).toContain('stage 0.0');
    expect(d.ticks).toEqual(expect.arrayContaining(['0 ms', '100 ms', '400 ms']));
  });

  it('shows a legend of every end reason with its count, no two entries overlapping', async () => {
    const d = await drawn(page);
    expect(d.legend.map((l) => l.text)).toEqual(expect.arrayContaining(['Success 3', 'ExceptionFailure 4', 'TaskKilled 0', 'job aborted']));
    for (let i = 0; i < d.legend.length; i++)
      for (let j = i + 1; j < d.legend.length; j++) expect(overlaps(d.legend[i].box, d.legend[j].box), `${d.legend[i].text} / ${d.legend[j].text}`).toBe(false);
  });

  it('shows the full label and the failure in a tooltip on hover', async () => {
    const d = await drawn(page);
    const last = d.bars.find(
      (b) => b.reason === 'ExceptionFailure' && d.labels.includes('1.3 (TID 6)') && b.box.x === Math.max(...d.bars.map((x) => x.box.x)),
    )!;
    await page.mouse('mouseMoved', last.box.x + last.box.width / 2, last.box.y + last.box.height / 2);
    const tip = await page.evaluate<{ hidden: boolean; text: string }>(
      `({ hidden: document.getElementById('tooltip').hidden, text: document.getElementById('tooltip').textContent })`,
    );
    expect(tip.hidden).toBe(false);
    expect(tip.text).toContain('1.3 (TID 6)');
    expect(tip.text).toContain('stage 0.0, index 1, partition 1, attempt 3');
    expect(tip.text).toContain('java.lang.RuntimeException: boom');
  });

  it('zooms with Ctrl+wheel about the pointer, pans by dragging, fits on double-click', async () => {
    const before = await drawn(page);
    const x = before.bars[0].box.x + 300;
    await page.wheel(x, before.bars[0].box.y, -400, 2);
    const zoomed = await drawn(page);
    expect(zoomed.to - zoomed.from).toBeLessThan((before.to - before.from) / 2);
    expect(zoomed.from).toBeGreaterThan(before.from);
    await page.drag(x, before.bars[0].box.y, x - 200);
    const panned = await drawn(page);
    expect(panned.from).toBeGreaterThan(zoomed.from);
    expect(panned.to - panned.from).toBeCloseTo(zoomed.to - zoomed.from, 6);
    await page.mouse('mousePressed', x, before.bars[0].box.y, { clickCount: 2 });
    await page.mouse('mouseReleased', x, before.bars[0].box.y, { clickCount: 2 });
    await page.frames();
    const fitted = await drawn(page);
    expect([fitted.from, fitted.to]).toEqual([before.from, before.to]);
  });

  it('zooms to a range dragged across the axis, and back with the fit key', async () => {
    const axis = await page.evaluate<Box>(
      `(() => { const r = document.getElementById('axis').getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; })()`,
    );
    const before = await drawn(page);
    await page.drag(axis.x + 400, axis.y + 10, axis.x + 600);
    const d = await drawn(page);
    expect(d.to - d.from).toBeLessThan((before.to - before.from) / 4);
    await page.key('0');
    expect((await drawn(page)).from).toBe(before.from);
  });
});

it('keeps the view in the URL: the same link shows the same part of the run', async () => {
  const page = await openReport(exampleReport('batch-two-jobs-skip'));
  await page.key('+');
  await page.key('ArrowRight');
  const zoomed = await drawn(page);
  const url = await page.evaluate<string>(`new Promise((r) => setTimeout(() => r(location.href), 400))`);
  expect(url).toMatch(/#axis=time&from=[\d.]+&to=[\d.]+$/);
  const again = await browser.open(url);
  const d = await drawn(again);
  expect(d.from).toBeCloseTo(zoomed.from, 2);
  expect(d.to).toBeCloseTo(zoomed.to, 2);
  await again.close();
  await page.close();
});

it('chromium --dump-dom shows the bars and the abort marker after the script ran', () => {
  const dom = dumpDom(`file://${exampleReport('batch-abort')}`);
  expect(dom.match(/<rect class="bar hit r-\w+" data-a="\d+"/g)).toHaveLength(7);
  expect(dom).toContain('class="marker hit abort"');
  expect(dom).toContain('>1.3 (TID 6)</text>');
});

describe('streaming reports', () => {
  it('continuous-seed-article: no simulated time, so event order; on the time axis the fake retries are side-by-side markers', async () => {
    const page = await openReport(exampleReport('continuous-seed-article'));
    const d = await drawn(page);
    expect(d.axis).toBe('order');
    expect(await page.evaluate<boolean>(`document.getElementById('axis-note').hidden`)).toBe(false);
    expect(d.bars).toHaveLength(7);
    expect(d.ticks.length).toBeGreaterThan(3);
    for (const t of d.ticks) expect(t).toMatch(/^#\d+$/);
    await keepScreenshot(page, 'continuous-seed-article');
    await page.evaluate(`document.getElementById('axis-time').click()`);
    await page.frames();
    const time = await drawn(page);
    expect(time.axis).toBe('time');
    const instants = await page.evaluate<number[]>(`[...document.querySelectorAll('#plot path.bar.instant')].map((el) => el.getBoundingClientRect().x)`);
    expect(instants).toHaveLength(7);
    const retries = time.bars.filter((b) => b.lane === 1).map((b) => b.box);
    expect(retries).toHaveLength(6);
    for (let i = 1; i < retries.length; i++) expect(overlaps(retries[i - 1], retries[i])).toBe(false);
    expect(time.markers.abort).toBe(1);
    expect(time.markers['query-failed']).toBe(1);
    await keepScreenshot(page, 'continuous-seed-article-time');
    await page.close();
  });

  it('micro-batch-restart: query runs and batches above the lanes, batch 1 uncommitted then committed', async () => {
    const page = await openReport(exampleReport('micro-batch-restart'));
    const spans = await page.evaluate<{ text: string; cls: string }[]>(
      `[...document.querySelectorAll('#plot rect.span[data-s]')].map((el) => ({ text: el.nextElementSibling && el.nextElementSibling.classList.contains('span-label') ? el.nextElementSibling.textContent : '', cls: el.getAttribute('class') }))`,
    );
    const batches = spans.filter((s) => s.text.startsWith('batch '));
    expect(batches.map((s) => s.text)).toEqual(['batch 0', 'batch 1', 'batch 1', 'batch 2']);
    expect(batches[1].cls).toContain('s-uncommitted');
    expect(spans.filter((s) => s.text.startsWith('run ')).map((s) => s.text)).toEqual(['run 0', 'run 1']);
    expect(await page.evaluate<number>(`document.querySelectorAll('#plot line.boundary').length`)).toBe(3);
    await keepScreenshot(page, 'micro-batch-restart');
    await page.close();
  });

  it('continuous-global-retry: epochs on the axis, the epoch cut by the restart uncommitted', async () => {
    const page = await openReport(exampleReport('continuous-global-retry'));
    const text = await page.evaluate<string>(`document.getElementById('plot').textContent`);
    for (const label of ['epoch 1', 'epoch 2', 'epoch 3', 'epoch 4', 'run 0', 'run 1']) expect(text).toContain(label);
    expect(await page.evaluate<number>(`document.querySelectorAll('#plot rect.span.s-uncommitted').length`)).toBe(1);
    await keepScreenshot(page, 'continuous-global-retry');
    await page.close();
  });
});

describe('executor and fetch-failure markers', () => {
  it('batch-fetch-failure: a fetch-failure marker on the lane and in the marker row, the failed stage attempt', async () => {
    const page = await openReport(exampleReport('batch-fetch-failure'));
    const d = await drawn(page);
    expect(d.markers['fetch-failure']).toBe(2);
    expect(d.lanes).toBe(4); // two executors of 2 cores
    expect(await page.evaluate<number>(`document.querySelectorAll('#plot rect.span.s-failed').length`)).toBe(1);
    await keepScreenshot(page, 'batch-fetch-failure');
    await page.close();
  });

  it('an executor lost: its marker, its lanes hatched from then on, added markers for each executor', async () => {
    const file = reportOf('executor-lost', {
      scenario: 1,
      seed: 3,
      cluster: {
        master: 'cluster',
        executors: [
          { id: '1', host: 'host-a', cores: 2 },
          { id: '2', host: 'host-b', cores: 2 },
        ],
      },
      workload: { mode: 'batch', rdds: [{ id: 0, partitions: 8 }], jobs: [{ rdd: 0 }] },
      faults: [{ executorLost: { executor: '2', atMs: 150 } }],
    });
    const page = await openReport(file);
    const d = await drawn(page);
    expect(d.markers['executor-added']).toBe(2);
    expect(d.markers['executor-lost']).toBe(1);
    expect(await page.evaluate<number>(`document.querySelectorAll('#plot rect.lane-bg.lost').length`)).toBe(1);
    expect(d.bars.some((b) => b.reason === 'ExecutorLostFailure')).toBe(true);
    await page.close();
    // A view (from the URL) that starts after the loss: no marker there, the lanes still hatched.
    const later = await openReport(file, '#axis=time&from=200&to=280');
    const v = await drawn(later);
    expect([v.from, v.to, v.markers['executor-lost']]).toEqual([200, 280, undefined]);
    expect(await later.evaluate<number>(`document.querySelectorAll('#plot rect.lane-bg.lost').length`)).toBe(1);
    await later.close();
  });
});

describe('a run with thousands of attempts', () => {
  const file = () =>
    reportOf('thousands', {
      scenario: 1,
      seed: 5,
      cluster: {
        master: 'cluster',
        executors: [
          { id: '1', host: 'host-a', cores: 4 },
          { id: '2', host: 'host-b', cores: 4 },
        ],
      },
      workload: {
        mode: 'batch',
        rdds: [
          { id: 0, partitions: 6000 },
          { id: 1, partitions: 20, deps: [{ rdd: 0, type: 'shuffle' }] },
        ],
        jobs: [{ rdd: 1 }],
      },
      faults: [{ task: { partition: 4000, attempt: 0 }, fail: { reason: 'ExceptionFailure', className: 'java.lang.RuntimeException', description: 'boom' } }],
    });

  it('draws a bounded number of elements when it shows them all, and each attempt with its label when zoomed in', async () => {
    const page = await openReport(file());
    const all = await drawn(page);
    expect(all.lanes).toBe(8);
    expect(all.elements).toBeLessThan(3000);
    expect(await page.evaluate<number>(`document.querySelectorAll('#plot rect.bar.group').length`)).toBeGreaterThan(0);
    // The one failure stays visible among 6000 successes, in a colour of its own.
    expect(all.bars.filter((b) => b.reason === 'ExceptionFailure')).toHaveLength(1);
    const y = all.bars[0]?.box.y ?? 400;
    const started = Date.now();
    for (let i = 0; i < 12; i++) await page.wheel(700, y, -300, 2);
    const zoomed = await drawn(page);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(zoomed.to - zoomed.from).toBeLessThan((all.to - all.from) / 100);
    expect(zoomed.labels.some((l) => /^\d+\.0 \(TID \d+\)$/.test(l))).toBe(true);
    expect(zoomed.elements).toBeLessThan(all.elements);
    await page.key('ArrowRight');
    expect((await drawn(page)).from).toBeGreaterThan(zoomed.from);
    await page.close();
  });
});

it('a real Spark 3.3 log of 12447 attempts: one lane per core, drawn at load and redrawn on a zoom within a second', async () => {
  const read = readEventLog(join(root, 'test/fixtures/spark-event-logs/gpu_oom_eventlog.zstd'));
  if (!read.ok) throw new Error(read.error);
  const file = join(dir, 'gpu-oom.html');
  writeFileSync(file, htmlReport({ events: read.events, status: 'finished', stopReason: null, endTimeMs: 0 }, { title: 'gpu_oom' }));
  const page = await openReport(file);
  const d = await drawn(page);
  expect(d.lanes).toBe(32); // two executors of 16 cores
  const load = await page.evaluate<number>(`performance.getEntriesByType('navigation')[0].loadEventEnd`);
  expect(load).toBeLessThan(3000);
  const y = d.bars[0].box.y;
  const redraw = await page.evaluate<number>(`new Promise((resolve) => {
    const started = performance.now();
    document.getElementById('plot').dispatchEvent(new WheelEvent('wheel', { deltaY: -500, ctrlKey: true, clientX: 800, clientY: ${y}, bubbles: true, cancelable: true }));
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - started)));
  })`);
  expect(redraw).toBeLessThan(1000);
  expect((await drawn(page)).to - (await drawn(page)).from).toBeLessThan(d.to - d.from);
  await page.close();
});

it('the report opens nothing from the network: no external script, style, image or font', () => {
  const html = readFileSync(exampleReport('batch-two-jobs-skip'), 'utf8');
  expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i);
  expect(html).not.toMatch(/url\((?!#)/);
  expect(html).not.toMatch(/@import/);
});
