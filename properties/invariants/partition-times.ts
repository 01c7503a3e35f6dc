// A time per stage and partition, kept compactly for a streaming check (I31, stage-ends.ts; spec
// §7.6, §10.2): it cannot be dropped with its stage attempt, since a later attempt of the stage
// may still launch the partition. A stage's partitions are dense from 0 (its RDD's, spec §3), so
// each stage keeps a Float64Array of times (8 bytes a partition, as tid-table.ts keeps TIDs); a
// partition far past the ones recorded, or a time that is not a number, goes to a map.

/** Not recorded: JSON has no Infinity, so no logged time is this. */
const NONE = Infinity;
/** A partition below this, or below 4 × the stage's recorded ones plus this, goes in the array. */
const DENSE_SLACK = 4096;

export class PartitionTimes {
  private readonly dense = new Map<number, { times: Float64Array; count: number }>();
  private readonly far = new Map<string, unknown>();

  /** Whether the partition has a time. */
  has(stage: number, partition: number): boolean {
    const d = this.dense.get(stage);
    if (d !== undefined && this.inArray(d.times, partition) && d.times[partition] !== NONE) return true;
    return this.far.has(`${stage}:${partition}`);
  }

  /** The partition's time, as it was given (undefined when it has none). */
  get(stage: number, partition: number): unknown {
    const d = this.dense.get(stage);
    if (d !== undefined && this.inArray(d.times, partition) && d.times[partition] !== NONE) return d.times[partition];
    return this.far.get(`${stage}:${partition}`);
  }

  /** Records the partition's time, unless it has one. */
  setFirst(stage: number, partition: number, time: unknown): void {
    if (this.has(stage, partition)) return;
    const d = this.dense.get(stage) ?? { times: new Float64Array(0), count: 0 };
    if (!Number.isFinite(time) || !Number.isInteger(partition) || partition < 0 || partition >= DENSE_SLACK + 4 * d.count) {
      this.far.set(`${stage}:${partition}`, time);
      return;
    }
    if (partition >= d.times.length) d.times = grown(d.times, partition);
    d.times[partition] = time as number;
    d.count++;
    this.dense.set(stage, d);
  }

  private inArray(times: Float64Array, partition: number): boolean {
    return Number.isInteger(partition) && partition >= 0 && partition < times.length;
  }
}

/** A copy of `times` long enough for `partition`, the new slots NONE. */
function grown(times: Float64Array, partition: number): Float64Array {
  let n = Math.max(16, times.length);
  while (n <= partition) n *= 2;
  const out = new Float64Array(n).fill(NONE);
  out.set(times);
  return out;
}
