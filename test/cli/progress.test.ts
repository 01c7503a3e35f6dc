// A campaign's progress (issue 13 §4): a plain line every few seconds when stderr is a log, one
// live line redrawn in place on a terminal, cleared at the end; the rate and the time left.
import { describe, expect, it } from 'vitest';
import { campaignProgress, PLAIN_EVERY_MS, progressText } from '../../src/cli/progress.js';

function target(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, written, write: (t: string) => written.push(t) };
}

describe('campaign progress', () => {
  it('in a log: a plain line once every PLAIN_EVERY_MS, and at a failure', () => {
    let now = 0;
    const out = target(false);
    const p = campaignProgress(out, { timeLimitMs: 60_000 }, () => now);
    for (now = 0; now <= 12_000; now += 250) p.update(now / 10);
    expect(out.written).toEqual(['srh check: 500 scenarios, 100/s, 0 failures, 55 s left\n', 'srh check: 1,000 scenarios, 100/s, 0 failures, 50 s left\n']);
    p.failureFound();
    expect(out.written[2]).toMatch(/1 failure \(shrinking\)/);
    p.done();
    expect(out.written).toHaveLength(3);
    expect(PLAIN_EVERY_MS).toBe(5000);
  });

  it('on a terminal: one line redrawn in place, cleared at the end', () => {
    let now = 0;
    const out = target(true);
    const p = campaignProgress(out, { timeLimitMs: 60_000, runs: 2000 }, () => now);
    for (now = 0; now <= 1000; now += 100) p.update(now);
    expect(out.written.length).toBeGreaterThanOrEqual(4);
    expect(out.written.every((w) => w.startsWith('\r\x1b[K  ') && !w.includes('\n'))).toBe(true);
    p.done();
    expect(out.written.at(-1)).toBe('\r\x1b[K');
  });

  it('the time left is the sooner of the time limit and the runs at the current rate', () => {
    expect(progressText(1000, 0, 10_000, { timeLimitMs: 60_000 })).toBe('1,000 scenarios, 100/s, 0 failures, 50 s left');
    expect(progressText(1000, 0, 10_000, { timeLimitMs: 60_000, runs: 1500 })).toBe('1,000 scenarios, 100/s, 0 failures, 5 s left');
    expect(progressText(0, 0, 0, { timeLimitMs: 30_000, runs: 10 })).toBe('0 scenarios, 0/s, 0 failures, 30 s left');
  });
});
