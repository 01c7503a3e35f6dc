// The round trip of a written event log (issue 12 §5): simulate, write as Spark 3.2 writes it, read
// back with the project's reader. Over generated scenarios of every mode, the log gives back the
// same trace, the same run summary and the retry limit the scenario implies, and `srh eventlog
// check` reaches the same verdicts on it as the invariants on the simulated trace. So that there
// are violations to agree on, some runs use a mutant's broken rules and some traces are damaged
// before they are written (a job, stage or task event dropped or posted twice).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ALL_INVARIANTS } from '../../properties/invariants/index.js';
import { maxTaskFailuresOf } from '../../properties/invariants/invariant.js';
import { scenarioArbitrary } from '../../properties/arbitraries/scenario.js';
import { MUTANTS } from '../../src/harness/mutants.js';
import { runScenario } from '../../src/harness/scenario-run.js';
import { MAX_START_TIME_MS } from '../../src/scenario/schema.js';
import { readEventLog } from '../../src/trace/event-log-reader.js';
import { resolveEventLogPath, isUnreadable } from '../../src/trace/event-log-source.js';
import type { Trace } from '../../src/trace/events.js';
import { checkEventLog } from '../../src/trace/log-check.js';
import { writeSparkEventLog } from '../../src/trace/spark-log-writer.js';
import { summarize } from '../../src/trace/summary.js';
import { simulatedEventsOf } from '../../src/trace/written-log.js';

const tmp = mkdtempSync(join(tmpdir(), 'srh-round-trip-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const TRACE_INVARIANTS = ALL_INVARIANTS.filter((i) => i.needs === 'trace');

/** Per trace invariant, how many violations it finds on the simulated trace. */
function simulatedVerdicts(trace: Trace, maxTaskFailures: number): Record<string, number> {
  const ctx = { events: trace.events, maxTaskFailures, finished: trace.status === 'finished' };
  return Object.fromEntries(TRACE_INVARIANTS.map((i) => [i.id, i.check(ctx).length]));
}

async function loggedVerdicts(path: string): Promise<{ verdicts: Record<string, number>; limit: number | null }> {
  const source = resolveEventLogPath(path);
  if (source.kind !== 'log' || isUnreadable(source.log)) throw new Error(`${path} is not one readable log`);
  const c = await checkEventLog(source.log, { maxFailures: null });
  if (isUnreadable(c)) throw new Error(c.error);
  return { verdicts: Object.fromEntries(c.invariants.map((i) => [i.id, i.violations.length])), limit: c.maxTaskFailures.value };
}

const SCHEDULER_EVENT = /^SparkListener(Job|Stage|Task)/;

/**
 * The trace with its k-th job, stage or task event (k modulo their number) dropped or posted twice.
 * A log in 3.2's form carries task partitions in the event after StageSubmitted and restores them
 * at TaskStart, so without the 3.3 field neither is dropped: the partitions would be lost with it.
 */
function damaged(trace: Trace, damage: { duplicate: boolean; at: number } | undefined, partitionIds: boolean): Trace {
  if (damage === undefined) return trace;
  const carriesPartitions = (name: string) => name === 'SparkListenerStageSubmitted' || name === 'SparkListenerTaskStart';
  const damageable = (name: string) => SCHEDULER_EVENT.test(name) && (partitionIds || damage.duplicate || !carriesPartitions(name));
  const indexes = trace.events.flatMap((e, i) => (damageable(e.Event) ? [i] : []));
  if (indexes.length === 0) return trace;
  const i = indexes[damage.at % indexes.length];
  const events = [...trace.events];
  events.splice(i, damage.duplicate ? 0 : 1, ...(damage.duplicate ? [events[i]] : []));
  return { ...trace, events };
}

const caseArbitrary = fc.record({
  input: scenarioArbitrary(),
  startTimeMs: fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: MAX_START_TIME_MS })),
  partitionIds: fc.boolean(),
  mutant: fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: fc.constantFrom(...MUTANTS), weight: 1 }),
  damage: fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary: fc.record({ duplicate: fc.boolean(), at: fc.nat() }), weight: 1 }),
});

describe('simulate, write, read back', () => {
  let n = 0;
  let violated = 0;
  let didNotTerminate = 0;
  const modes = new Set<string>();

  it('gives the same trace, summary, retry limit and verdicts (300 generated scenarios, fixed seed)', async () => {
    await fc.assert(
      fc.asyncProperty(caseArbitrary, async ({ input, startTimeMs, partitionIds, mutant, damage }) => {
        const simulated = runScenario(startTimeMs === undefined ? input : { ...input, startTimeMs }, mutant?.rules);
        const trace = damaged(simulated.trace, damage, partitionIds);
        const run = { ...simulated, trace, summary: summarize(trace) };
        const path = join(tmp, `log-${n++}`);
        writeSparkEventLog(path, run.trace, run.scenario, { partitionIds });
        const read = readEventLog(path);
        if (!read.ok) throw new Error(read.error);
        const finished = run.trace.status === 'finished';
        // A run stopped by a limit is written as an application still running: no ApplicationEnd.
        const expected = finished ? run.trace.events : run.trace.events.slice(0, -1);
        expect(simulatedEventsOf(read.events)).toEqual(expected);
        expect(summarize({ ...run.trace, events: read.events })).toEqual(run.summary);
        const limit = maxTaskFailuresOf(run.scenario);
        const logged = await loggedVerdicts(path);
        expect(logged.limit).toBe(limit);
        const verdicts = simulatedVerdicts(run.trace, limit);
        expect(logged.verdicts).toEqual(verdicts);
        modes.add(run.scenario.workload.mode);
        if (Object.values(verdicts).some((v) => v > 0)) violated++;
        if (!finished) didNotTerminate++;
      }),
      { seed: 20261202, numRuns: 300 },
    );
    // The property saw every mode, traces with violations, and runs stopped by a limit.
    expect([...modes].sort()).toEqual(['batch', 'continuous', 'microBatch']);
    expect(violated).toBeGreaterThan(10);
    expect(didNotTerminate).toBeGreaterThan(0);
  }, 300_000);
});
