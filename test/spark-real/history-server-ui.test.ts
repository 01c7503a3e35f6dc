// The History Server's Jobs page for a written log, rendered in a browser (issue 12 §5): Spark
// 3.2.0's own HistoryServer runs from the jars on a free port over a log `srh run --eventlog`
// wrote, and Debian's headless Chromium loads the application's Jobs page. Its DOM lists every job
// of the run summary in the completed or failed table, and a screenshot of it is taken (kept as
// $TMPDIR/srh-history-server-jobs.png, to look at).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, startHistoryServer, type HistoryServer } from './history-support.js';
import { root } from './support.js';
import type { RunSummary } from '../../src/trace/summary.js';

const tmp = mkdtempSync(join(tmpdir(), 'srh-history-ui-'));
const logDir = join(tmp, 'spark-events');
const screenshot = join(tmpdir(), 'srh-history-server-jobs.png');
const WINDOW = { width: 1280, height: 1000 };
const EXAMPLE = 'examples/micro-batch-restart.json';
const APP_ID = 'local-5';

let server: HistoryServer;
let summary: RunSummary;
let dom: string;

beforeAll(async () => {
  mkdirSync(logDir);
  const srh = (...args: string[]) => execFileSync(process.execPath, [join(root, 'bin/srh.js'), ...args], { cwd: root, encoding: 'utf8' });
  summary = JSON.parse(srh('run', EXAMPLE, '--json', '--eventlog', join(logDir, APP_ID))) as RunSummary;
  server = await startHistoryServer(logDir, APP_ID);
  const page = `${server.url}/history/${APP_ID}/jobs/`;
  dom = chromium(join(tmp, 'dom-profile'), ['--dump-dom', page]);
  chromium(join(tmp, 'shot-profile'), [`--screenshot=${screenshot}`, `--window-size=${WINDOW.width},${WINDOW.height}`, '--hide-scrollbars', page]);
}, 600_000);

afterAll(async () => {
  await server?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

/** The job ids in the first column of a jobs table of the page, in the page's order. */
function jobIdsIn(tableId: string): number[] {
  const start = dom.indexOf(`id="${tableId}"`);
  if (start < 0) return [];
  const table = dom.slice(start, dom.indexOf('</table>', start));
  return [...table.matchAll(/<tr[^>]*>\s*<td[^>]*>\s*(\d+)\s/g)].map((m) => Number(m[1]));
}

describe("the History Server's Jobs page for a written log", () => {
  it("is the application's page, with its name, user and job counts", () => {
    expect(dom).toMatch(/<title>micro-batch: batch 1 fails in the first run; one restart re-runs it and the query completes - Spark Jobs<\/title>/);
    expect(dom).toMatch(/<strong>User:<\/strong>\s*srh/);
    const succeeded = summary.jobs.filter((j) => j.result === 'JobSucceeded').length;
    const failed = summary.jobs.filter((j) => j.result === 'JobFailed').length;
    expect(dom).toMatch(new RegExp(`Completed Jobs:</strong></a>\\s*${succeeded}\\b`));
    expect(dom).toMatch(new RegExp(`Failed Jobs:</strong></a>\\s*${failed}\\b`));
  });

  it('lists every job of the run summary, succeeded ones as completed and failed ones as failed', () => {
    const byResult = (r: string) =>
      summary.jobs
        .filter((j) => j.result === r)
        .map((j) => j.jobId)
        .sort((a, b) => b - a);
    expect(jobIdsIn('completedJob-table')).toEqual(byResult('JobSucceeded'));
    expect(jobIdsIn('failedJob-table')).toEqual(byResult('JobFailed'));
    expect(byResult('JobFailed').length).toBeGreaterThan(0);
    // Each row names its stages' callsite and the run its query job ran in.
    for (const runId of new Set([...dom.matchAll(/runId = ([0-9a-f-]{36})/g)].map((m) => m[1]))) expect(dom).toContain(`(${runId})`);
    expect(dom).toContain('rdd 3 at Scenario.scala:3');
  });

  it('renders to a screenshot of the window size', () => {
    const png = readFileSync(screenshot);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) }).toEqual(WINDOW);
    // A blank page compresses to a few kilobytes; tables of jobs do not.
    expect(png.length).toBeGreaterThan(40_000);
  });
});
