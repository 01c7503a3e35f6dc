// The HTML report's content in plain Node (the browser suite, test/browser/, checks what it
// draws): the model's lanes, spans and markers for each kind of run, the embedded data, escaping,
// the legend and the marker comment, and byte-identical output for one trace.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { htmlReport, REPORT_HEAD, reportData, scriptJson } from '../../src/harness/html-report.js';
import { CORE_HANDOVER_SLACK_MS, reportModel } from '../../src/harness/report-layout.js';
import type { ReportAttempt, ReportModel, ReportSpan } from '../../src/harness/report-model.js';
import { readEventLog } from '../../src/trace/event-log-reader.js';
import type { Trace } from '../../src/trace/events.js';
import { exception, run } from '../support/run.js';

const root = resolve(import.meta.dirname, '../..');
const example = (name: string) => run(JSON.parse(readFileSync(join(root, 'examples', `${name}.json`), 'utf8'))).result.trace;
const spansOf = (m: ReportModel, kind: ReportSpan['kind']) => m.spans.filter((s) => s.kind === kind).map((s) => `${s.label} ${s.status}`);

/** No two attempts of one lane overlap, in simulated time nor in event order. */
function expectLanesDisjoint(attempts: readonly ReportAttempt[]): void {
  const byLane = new Map<number, ReportAttempt[]>();
  for (const a of attempts) byLane.set(a.lane, [...(byLane.get(a.lane) ?? []), a]);
  for (const list of byLane.values()) {
    list.sort((x, y) => x.start.seq - y.start.seq);
    for (let i = 1; i < list.length; i++) {
      expect(list[i].start.seq).toBeGreaterThan(list[i - 1].end.seq);
      expect(list[i].start.ms).toBeGreaterThanOrEqual(list[i - 1].end.ms);
    }
  }
}

describe('the report model', () => {
  it('gives each executor one lane per core and puts every attempt on a lane of its own executor', () => {
    const m = reportModel(example('batch-fetch-failure'), 't');
    expect(m.executors.map((x) => [x.id, x.host, x.cores, x.firstLane, x.laneCount])).toEqual([
      ['1', 'host-a', 2, 0, 2],
      ['2', 'host-b', 2, 2, 2],
    ]);
    expect(m.lanes).toEqual([
      { executor: '1', core: 0 },
      { executor: '1', core: 1 },
      { executor: '2', core: 0 },
      { executor: '2', core: 1 },
    ]);
    expect(m.attempts).toHaveLength(9);
    for (const a of m.attempts) expect(m.lanes[a.lane].executor).toBe(a.executor);
    expectLanesDisjoint(m.attempts);
  });

  it('has jobs and stage attempts as spans, with a failed stage attempt and a fetch-failure marker on its lane', () => {
    const m = reportModel(example('batch-fetch-failure'), 't');
    expect(spansOf(m, 'job')).toEqual(['job 0 succeeded']);
    expect(spansOf(m, 'stage')).toEqual(['stage 0.0 succeeded', 'stage 1.0 failed', 'stage 0.1 succeeded', 'stage 1.1 succeeded']);
    const fetch = m.markers.filter((x) => x.kind === 'fetch-failure');
    const failed = m.attempts.find((a) => a.reason === 'FetchFailed')!;
    expect(fetch).toEqual([expect.objectContaining({ lane: failed.lane, at: failed.end, label: `fetch failure: 0.0 (TID ${failed.tid})` })]);
    expect(failed.detail).toMatch(/^shuffle 0, map index \d+, reduce 0: /);
  });

  it("marks the abort with Spark's message, and each attempt ends with its reason and exception", () => {
    const m = reportModel(example('batch-abort'), 't');
    const abort = m.markers.filter((x) => x.kind === 'abort');
    expect(abort).toHaveLength(1);
    expect(abort[0].label).toBe('abort: job 0');
    expect(abort[0].detail).toMatch(/^Job aborted due to stage failure: Task 1 in stage 0\.0 failed 4 times/);
    expect(m.attempts.filter((a) => a.reason === 'ExceptionFailure').map((a) => `${a.index}.${a.attempt}`)).toEqual(['1.0', '1.1', '1.2', '1.3']);
    expect(m.attempts[1].detail).toContain('java.lang.RuntimeException: boom');
    expect(m.lanes).toHaveLength(2);
  });

  it('micro-batch: query runs and batches, the failed batch uncommitted in the first run and committed in the second', () => {
    const m = reportModel(example('micro-batch-restart'), 't');
    expect(m.streaming).toBe('microBatch');
    expect(spansOf(m, 'run')).toEqual(['run 0 failed', 'run 1 succeeded']);
    expect(spansOf(m, 'batch')).toEqual(['batch 0 committed', 'batch 1 uncommitted', 'batch 1 committed', 'batch 2 committed']);
    expect(m.markers.map((x) => x.kind)).toEqual(['executor-added', 'abort', 'query-failed']);
  });

  it('continuous with the global retry policy: epochs from commit to commit, the epoch the restart cut uncommitted', () => {
    const m = reportModel(example('continuous-global-retry'), 't');
    expect(m.streaming).toBe('continuous');
    expect(spansOf(m, 'run')).toEqual(['run 0 failed', 'run 1 succeeded']);
    // Run 1 starts at epoch 2 and commits it at once: it had been read before the restart.
    expect(spansOf(m, 'epoch')).toEqual([
      'epoch 0 committed',
      'epoch 1 committed',
      'epoch 2 uncommitted',
      'epoch 2 committed',
      'epoch 3 committed',
      'epoch 4 committed',
    ]);
    const epochs = m.spans.filter((s) => s.kind === 'epoch');
    for (let i = 1; i < epochs.length; i++) expect(epochs[i].start).toEqual(epochs[i - 1].end);
    expect(m.spanRows.epoch).toBe(1);
  });

  it('continuous fake retries take no simulated time, yet each has an event-order extent of its own', () => {
    const m = reportModel(example('continuous-seed-article'), 't');
    expect(m.endMs).toBe(0);
    const retries = m.attempts.filter((a) => a.index === 1);
    expect(retries.map((a) => a.attempt)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const a of retries) {
      expect(a.start.ms).toBe(a.end.ms);
      expect(a.end.seq).toBeGreaterThan(a.start.seq);
    }
    expectLanesDisjoint(m.attempts);
  });

  it('an executor lost in the map stage: its marker on its first lane, its running attempts ExecutorLostFailure, its map outputs resubmitted then', () => {
    const trace = run({
      scenario: 1,
      seed: 3,
      cluster: {
        master: 'cluster',
        executors: [
          { id: '1', host: 'a', cores: 2 },
          { id: '2', host: 'b', cores: 2 },
        ],
      },
      workload: {
        mode: 'batch',
        rdds: [
          { id: 0, partitions: 8 },
          { id: 1, partitions: 2, deps: [{ rdd: 0, type: 'shuffle' }] },
        ],
        jobs: [{ rdd: 1 }],
      },
      faults: [{ executorLost: { executor: '2', atMs: 150 } }],
    }).result.trace;
    const m = reportModel(trace, 't');
    const lost = m.markers.find((x) => x.kind === 'executor-lost')!;
    expect(lost).toMatchObject({ executor: '2', lane: 2, label: 'executor 2 lost' });
    expect(m.attempts.some((a) => a.reason === 'ExecutorLostFailure' && a.executor === '2')).toBe(true);
    expect(m.attempts.some((a) => a.executor === '2' && a.reason === 'Success' && a.resubmittedMs === lost.at.ms)).toBe(true);
  });

  it("a real Spark 3.3 event log of 12447 attempts: times from the application's start, one lane per core, a core handed over within the slack", () => {
    const read = readEventLog(join(root, 'test/fixtures/spark-event-logs/gpu_oom_eventlog.zstd'));
    if (!read.ok) throw new Error(read.error);
    const trace: Trace = { events: read.events, status: 'finished', stopReason: null, endTimeMs: 0 };
    const m = reportModel(trace, 'real');
    expect(m.attempts).toHaveLength(12447);
    expect(m.attempts.every((a) => a.start.ms >= 0 && a.end.ms >= a.start.ms)).toBe(true);
    expect(m.executors.map((x) => [x.id, x.cores, x.laneCount])).toEqual([
      ['0', 16, 16],
      ['1', 16, 16],
    ]);
    // Spark sets Finish Time after the core went to the next task: lanes overlap by that much at most.
    const byLane = new Map<number, ReportAttempt[]>();
    for (const a of m.attempts) byLane.set(a.lane, [...(byLane.get(a.lane) ?? []), a]);
    for (const list of byLane.values()) {
      list.sort((x, y) => x.start.ms - y.start.ms);
      for (let i = 1; i < list.length; i++) expect(list[i - 1].end.ms - list[i].start.ms).toBeLessThanOrEqual(CORE_HANDOVER_SLACK_MS);
    }
    expect(m.markers.filter((x) => x.kind === 'abort')).toHaveLength(1);
  });
});

describe('the HTML', () => {
  const trace = example('batch-abort');
  const html = htmlReport(trace, { title: 'batch abort' });

  it('opens with the doctype and the marker comment by which --report knows its own outputs', () => {
    expect(html.startsWith(REPORT_HEAD)).toBe(true);
    expect(REPORT_HEAD).toBe('<!DOCTYPE html>\n<!-- spark-retry-harness html report: written by srh --report -->\n');
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('is byte-identical for one trace, and for two simulations of one scenario', () => {
    expect(htmlReport(trace, { title: 'batch abort' })).toBe(html);
    expect(htmlReport(example('batch-abort'), { title: 'batch abort' })).toBe(html);
  });

  it('embeds the model: the script reads back what reportData gives', () => {
    const json = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)![1];
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(reportData(reportModel(trace, 'batch abort')))));
    const data = JSON.parse(json);
    expect(data.attempts).toHaveLength(7 * data.attemptFields);
  });

  it('lists every end reason in the legend with its count, and each marker kind', () => {
    for (const [reason, n] of [
      ['Success', 3],
      ['ExceptionFailure', 4],
      ['TaskKilled', 0],
      ['Running', 0],
    ] as const) {
      expect(html).toMatch(
        new RegExp(`<li class="reason${n === 0 ? ' absent' : ''}" data-reason="${reason}">.*?${reason} <span class="count">${n}</span></li>`),
      );
    }
    for (const kind of ['violation', 'abort', 'fetch-failure', 'executor-added', 'executor-lost', 'instant', 'boundary'])
      expect(html).toContain(`data-marker="${kind}"`);
  });

  it('escapes what a trace or a title holds: no text can end the data script or open an element', () => {
    const evil = '</script><script>alert(1)</script> & "quotes"';
    const t = run({
      scenario: 1,
      seed: 1,
      cluster: { master: 'local[1,2]' },
      workload: { mode: 'batch', rdds: [{ id: 0, partitions: 1 }], jobs: [{ rdd: 0 }] },
      faults: [{ task: { attempt: 0 }, fail: exception(evil) }],
    }).result.trace;
    const out = htmlReport(t, { title: evil, notes: { heading: evil, text: evil, failed: true } });
    expect(out).not.toContain('<script>alert');
    expect(out.match(/<\/script>/g)).toHaveLength(2);
    expect(out).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    const json = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(out)![1];
    expect(JSON.parse(json).strings.some((s: string) => s.includes(evil))).toBe(true);
    expect(scriptJson('\u2028</b>&')).toBe('"\\u2028\\u003c/b\\u003e\\u0026"');
  });

  it('marks given violations at their events, and shows the notes above the timeline', () => {
    const out = htmlReport(trace, {
      title: 't',
      notes: { heading: 'property I5 fails', text: 'what went wrong', failed: true },
      violations: [{ event: 5, message: 'too early' }],
    });
    expect(out).toContain('<details class="notes failed" open><summary>property I5 fails</summary><pre>what went wrong</pre></details>');
    const data = JSON.parse(/id="report-data">(.*?)<\/script>/s.exec(out)![1]);
    const violation = data.markers.find((m: unknown[]) => m[0] === 'violation');
    expect(violation.slice(0, 4)).toEqual(['violation', expect.any(Number), 5, 'violation (event 5)']);
    expect(data.strings[violation[4]]).toBe('too early');
  });
});
