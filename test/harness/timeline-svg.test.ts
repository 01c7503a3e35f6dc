// The SVG timeline: one bar per task attempt, coloured by its end, within the run's time axis.
import { describe, expect, it } from 'vitest';
import { timelineSvg } from '../../src/harness/timeline-svg.js';
import { exception, run } from '../support/run.js';

describe('timelineSvg', () => {
  const r = run({
    scenario: 1,
    seed: 1,
    cluster: { master: 'local[2,2]' },
    workload: { mode: 'batch', rdds: [{ id: 0, partitions: 3 }], jobs: [{ rdd: 0 }] },
    faults: [{ task: { partition: 1, attempt: 0 }, fail: exception('x') }],
  });
  const svg = timelineSvg(r.result.trace, 'a <test> & "title"');

  it('draws one bar per task attempt, coloured by how it ended', () => {
    const bars = svg.match(/<rect [^>]*><title>TID [^<]*<\/title><\/rect>/g) ?? [];
    expect(bars).toHaveLength(r.summary.tasks.length);
    expect(bars.filter((b) => b.includes('fill="#e53935"'))).toHaveLength(1); // the one ExceptionFailure
    expect(bars.filter((b) => b.includes('fill="#4caf50"'))).toHaveLength(3);
  });

  it('escapes text and is one svg element', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('a &lt;test&gt; &amp; &quot;title&quot;');
  });

  it('draws a run with more task attempts than a call takes arguments (no spread of all bars)', () => {
    const big = run({
      scenario: 1,
      seed: 1,
      cluster: { master: 'local[8]' },
      workload: { mode: 'batch', rdds: [{ id: 0, partitions: 150_000 }], jobs: [{ rdd: 0 }] },
    });
    const out = timelineSvg(big.result.trace, 'big');
    expect(out.match(/<title>TID /g)?.length).toBe(150_000);
  });
});
