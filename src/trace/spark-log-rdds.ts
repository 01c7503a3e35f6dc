// StageInfo and RDDInfo as Spark 3.2 writes them (JsonProtocol stageInfoToJson, rddInfoToJson):
// a simulated trace's StageInfo with each RDD's storage level (nothing is cached, so
// StorageLevel.NONE and no cached partitions or bytes), barrier flag and output deterministic
// level. That level is RDD.getOutputDeterministicLevel's rule: a root RDD is DETERMINATE, an RDD
// over a shuffle (no aggregator with a key ordering) is UNORDERED, a narrow dependency passes its
// parent's level on, and an RDD takes the highest level of its dependencies. A parent that is
// not in the stage's RDDs is across a shuffle: stages are cut exactly there.
import type { RddInfoJson, StageInfoJson } from './events.js';

const LEVELS = ['DETERMINATE', 'UNORDERED', 'INDETERMINATE'] as const;
type Level = (typeof LEVELS)[number];

const STORAGE_LEVEL_NONE = { 'Use Disk': false, 'Use Memory': false, Deserialized: false, Replication: 1 };

/** The deterministic level of every RDD of one stage, by RDD id. */
function deterministicLevels(rdds: readonly RddInfoJson[]): Map<number, Level> {
  const byId = new Map(rdds.map((r) => [r['RDD ID'], r]));
  const levels = new Map<number, Level>();
  const levelOf = (id: number): Level => {
    const known = levels.get(id);
    if (known !== undefined) return known;
    const r = byId.get(id)!;
    let rank = 0;
    for (const p of r['Parent IDs']) rank = Math.max(rank, LEVELS.indexOf(byId.has(p) ? levelOf(p) : 'UNORDERED'));
    levels.set(id, LEVELS[rank]);
    return LEVELS[rank];
  };
  for (const r of rdds) levelOf(r['RDD ID']);
  return levels;
}

export function sparkRddInfos(rdds: readonly RddInfoJson[]): Record<string, unknown>[] {
  const levels = deterministicLevels(rdds);
  return rdds.map((r) => ({
    'RDD ID': r['RDD ID'],
    Name: r.Name,
    Callsite: r.Callsite,
    'Parent IDs': r['Parent IDs'],
    'Storage Level': STORAGE_LEVEL_NONE,
    Barrier: false,
    DeterministicLevel: levels.get(r['RDD ID']),
    'Number of Partitions': r['Number of Partitions'],
    'Number of Cached Partitions': 0,
    'Memory Size': 0,
    'Disk Size': 0,
  }));
}

/** A StageInfo in Spark's field order, its times moved onto the wall clock. */
export function sparkStageInfo(si: StageInfoJson, wallClock: (t: number) => number, accumulables: unknown[] = []): Record<string, unknown> {
  return {
    'Stage ID': si['Stage ID'],
    'Stage Attempt ID': si['Stage Attempt ID'],
    'Stage Name': si['Stage Name'],
    'Number of Tasks': si['Number of Tasks'],
    'RDD Info': sparkRddInfos(si['RDD Info']),
    'Parent IDs': si['Parent IDs'],
    Details: si.Details,
    'Submission Time': si['Submission Time'] === undefined ? undefined : wallClock(si['Submission Time']),
    'Completion Time': si['Completion Time'] === undefined ? undefined : wallClock(si['Completion Time']),
    'Failure Reason': si['Failure Reason'],
    Accumulables: accumulables,
    'Resource Profile Id': si['Resource Profile Id'],
  };
}
