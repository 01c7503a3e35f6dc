// Generated scenarios restricted to what the real backend can express (issue 10 §6; the rules are
// src/backend/spark/expressible.ts): the campaign's own scenarios with what real Spark cannot
// raise taken out (TaskResultLost and UnknownReason entries, exceptions it cannot build with the
// scenario's description, a streaming selector's job, the
// global retry policy, a silent rate source), a cluster's executors given equal cores (at most
// four JVMs), and continuous queries kept short (at most three epochs), since they run in real
// time. A projection of the full arbitrary, so the generators stay one.
import fc from 'fast-check';
import type { ScenarioInput } from '../../src/scenario/schema.js';
import { MAX_REAL_EXECUTORS } from '../../src/backend/spark/expressible.js';
import { scenarioArbitrary, SMALL, type Mode, type ScenarioLimits } from './scenario.js';

/** The modes the real backend runs today. */
export const REAL_MODES: readonly Mode[] = ['batch', 'microBatch', 'continuous'];
const UNRAISABLE = new Set(['TaskResultLost', 'UnknownReason']);
/** Exception classes the runner cannot build with the scenario's description (no (String) constructor). */
const UNBUILDABLE = new Set(['org.apache.spark.TaskOutputFileAlreadyExistException']);
const MAX_REAL_EPOCHS = 3;

export function realScenarioArbitrary(limits: ScenarioLimits = SMALL): fc.Arbitrary<ScenarioInput> {
  const modes = (limits.modes ?? REAL_MODES).filter((m) => REAL_MODES.includes(m));
  return scenarioArbitrary({ ...limits, maxExecutors: Math.min(limits.maxExecutors, MAX_REAL_EXECUTORS), modes: modes.length > 0 ? modes : REAL_MODES }).map(
    toRealBackend,
  );
}

/** The scenario with what real Spark cannot express taken out. */
export function toRealBackend(s: ScenarioInput): ScenarioInput {
  const out = structuredClone(s) as ScenarioInput & Record<string, unknown>;
  const cluster = out.cluster as { executors?: { cores: number }[] };
  if (cluster.executors !== undefined && cluster.executors.length > 0) {
    const cores = cluster.executors[0].cores;
    for (const e of cluster.executors) e.cores = cores;
  }
  const w = out.workload as Record<string, unknown>;
  const streaming = w.mode !== 'batch';
  if (w.mode === 'continuous') {
    w.retryPolicy = 'none';
    w.epochs = Math.min(Number(w.epochs ?? 1), MAX_REAL_EPOCHS);
    if (Number(w.recordsPerSecond ?? 10) < 1) w.recordsPerSecond = 1;
  }
  out.faults = (out.faults as Record<string, unknown>[]).filter((f) => {
    const fail = f.fail as { reason?: string; className?: string } | undefined;
    return !UNRAISABLE.has(String(fail?.reason)) && !UNBUILDABLE.has(String(fail?.className));
  }) as ScenarioInput['faults'];
  if (streaming) for (const f of out.faults as { task?: Record<string, unknown> }[]) if (f.task !== undefined) delete f.task.job;
  return out;
}
