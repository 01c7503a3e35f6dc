// What a streaming query's sink showed, read from its sink commits: per source partition, the
// records by offset, merged into ranges, with how many offsets below the highest were never shown
// and how many were shown more than once. For `srh run`'s summary (continuous mode can lose or
// repeat records after a restart from a stale offset-log entry, streaming spec §5.9).
import type { TraceEvent } from './events.js';

export interface PartitionOutput {
  partition: number;
  /** Disjoint [from, to) ranges, ascending. */
  ranges: [number, number][];
  missing: number;
  repeated: number;
}

export function sinkOutputOf(events: readonly TraceEvent[]): PartitionOutput[] {
  const shown: [number, number][][] = [];
  for (const e of events) {
    if (e.Event !== 'SparkRetryHarnessSinkCommitted' || e.records === undefined) continue;
    e.records.forEach((r, p) => (shown[p] ??= []).push(r));
  }
  return [...shown.entries()].map(([partition, list]) => outputOf(partition, list ?? []));
}

function outputOf(partition: number, list: [number, number][]): PartitionOutput {
  const sorted = list.filter(([from, to]) => to > from).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const ranges: [number, number][] = [];
  let total = 0;
  for (const [from, to] of sorted) {
    total += to - from;
    const last = ranges.at(-1);
    if (last !== undefined && from <= last[1]) last[1] = Math.max(last[1], to);
    else ranges.push([from, to]);
  }
  const union = ranges.reduce((n, [from, to]) => n + to - from, 0);
  const end = ranges.at(-1)?.[1] ?? 0;
  return { partition, ranges, missing: end - union, repeated: total - union };
}
