// Trace events told in a line for counterexample reports: number, type, TID, stage attempt,
// index, attempt, end reason and the failure's text.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/harness/scenario-run.js';
import type { ScenarioInput } from '../../src/scenario/schema.js';
import { eventLine, eventLineText, eventsAround, firstLine } from '../../src/trace/event-line.js';

const root = resolve(import.meta.dirname, '../..');
const run = (name: string) => runScenario(JSON.parse(readFileSync(join(root, 'examples', name), 'utf8')) as ScenarioInput);

describe('event lines', () => {
  const events = run('batch-abort.json').trace.events;

  it('a failed TaskEnd shows its TID, stage attempt, index, attempt, reason and exception', () => {
    const i = events.findIndex((e) => e.Event === 'SparkListenerTaskEnd' && e['Task End Reason'].Reason === 'ExceptionFailure');
    const l = eventLine(events[i], i);
    expect(l).toMatchObject({
      event: i,
      type: 'SparkListenerTaskEnd',
      stageAttempt: '0.0',
      taskIndex: 1,
      attempt: 0,
      reason: 'ExceptionFailure',
      detail: 'java.lang.RuntimeException: boom',
    });
    expect(eventLineText(l)).toBe(
      `event ${i}  SparkListenerTaskEnd  TID ${l.tid}  stage 0.0  index 1  attempt 0  ExceptionFailure  java.lang.RuntimeException: boom`,
    );
  });

  it('a failed job shows the first line of its message', () => {
    const i = events.findIndex((e) => e.Event === 'SparkListenerJobEnd');
    expect(eventLine(events[i], i).detail).toMatch(/^job 0 failed: Job aborted due to stage failure: Task 1 in stage 0\.0 failed 4 times/);
    expect(eventLine(events[i], i).detail).not.toContain('\n');
  });

  it("the project's streaming events show their epoch, partition, TID and attempt", () => {
    const stream = run('continuous-seed-article.json').trace.events;
    const i = stream.findIndex((e) => e.Event === 'SparkRetryHarnessPartitionOffsetReported');
    const l = eventLine(stream[i], i);
    expect(l.type).toBe('SparkRetryHarnessPartitionOffsetReported');
    expect(l.tid).toEqual(expect.any(Number));
    expect(l.attempt).toBe(0);
    expect(l.detail).toMatch(/^epoch \d+, partition \d+, offset \d+$/);
  });

  it('a window around an event stays within the trace', () => {
    expect(eventsAround(events, 0).map((l) => l.event)).toEqual([0, 1, 2]);
    const last = events.length - 1;
    expect(eventsAround(events, last).map((l) => l.event)).toEqual([last - 4, last - 3, last - 2, last - 1, last]);
  });

  it('firstLine keeps one line and cuts it', () => {
    expect(firstLine('a\nb')).toBe('a');
    expect(firstLine('x'.repeat(200), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
