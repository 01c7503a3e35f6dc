// The trace invariants on real Spark event logs (read-only test data, vendored from ../shared): every log,
// from Spark 1.2 to 4.2, plain, zstd and rolling, holds every invariant marked `needs: 'trace'`, and
// `srh eventlog check` reads each once, as a stream (README "Large logs": no check needs it whole).
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_INVARIANTS } from '../../properties/invariants/index.js';
import { readEventLog } from '../../src/trace/event-log-reader.js';
import { isUnreadable, resolveEventLogPath } from '../../src/trace/event-log-source.js';
import { checkEventLog } from '../../src/trace/log-check.js';

// The shared real logs, vendored as fixtures so a clean clone (CI) checks them too.
const dir = resolve(import.meta.dirname, '../fixtures/spark-event-logs');
const logs = readdirSync(dir)
  .filter((f) => f !== 'README.md')
  .sort();
const traceInvariants = ALL_INVARIANTS.filter((i) => i.needs === 'trace');

describe('real Spark event logs', () => {
  it('the fixture folder holds the 17 logs its README lists', () => {
    expect(logs).toHaveLength(17);
  });

  it.each(logs)('%s holds every trace invariant', (name) => {
    const r = readEventLog(join(dir, name));
    if (!r.ok) throw new Error(r.error);
    expect(r.events.length).toBeGreaterThan(10);
    const violations = traceInvariants.flatMap((inv) => inv.check({ events: r.events }).map((v) => `${v.invariant}: ${v.message}`));
    expect(violations).toEqual([]);
  });

  it('each is read once, as a stream: readWhole is empty and every trace invariant ran', async () => {
    for (const name of logs) {
      const source = resolveEventLogPath(join(dir, name));
      if (source.kind !== 'log' || isUnreadable(source.log)) throw new Error(`${name} is not one readable log`);
      const c = await checkEventLog(source.log, { maxFailures: null });
      if (isUnreadable(c)) throw new Error(c.error);
      expect(c.readWhole, name).toEqual([]);
      expect(
        c.invariants.map((i) => i.id),
        name,
      ).toEqual(traceInvariants.map((i) => i.id));
    }
  });

  it('the logs exercise the checks: task failures, aborts, fetch failures and resubmissions appear', () => {
    const reasons = new Set<string>();
    let aborts = 0;
    for (const name of logs) {
      const r = readEventLog(join(dir, name));
      if (!r.ok) continue;
      for (const e of r.events) {
        if (e.Event === 'SparkListenerTaskEnd') reasons.add(e['Task End Reason'].Reason);
        if (
          e.Event === 'SparkListenerJobEnd' &&
          e['Job Result'].Result === 'JobFailed' &&
          e['Job Result'].Exception?.Message.includes(' times, most recent failure: ')
        )
          aborts++;
      }
    }
    for (const r of ['Success', 'ExceptionFailure', 'TaskKilled', 'FetchFailed', 'Resubmitted', 'ExecutorLostFailure']) expect(reasons.has(r), r).toBe(true);
    expect(aborts).toBeGreaterThan(0);
  });
});
