// MapOutputTrackerMaster: where each map output of each shuffle lives, and the epoch that
// executor losses and fetch failures bump (spec §10.2, §10.4, §10.6). Outputs outlive jobs, so a
// later job can skip a map stage whose shuffle is complete.
import { assert } from '../sim/assert.js';
import type { BlockManagerId } from './task-end-reason.js';

export interface MapStatus {
  location: BlockManagerId;
  /** The map task's TID (Spark 3's mapId). */
  mapId: number;
}

interface ShuffleOutputs {
  statuses: (MapStatus | null)[];
  /** Every change, oldest first: a reader fetches from the statuses it was told at its start. */
  changes: { version: number; mapIndex: number; previous: MapStatus | null }[];
  missing: number;
}

export class MapOutputTracker {
  private shuffles = new Map<number, ShuffleOutputs>();
  private epochValue = 0;
  /** Counts every registration and removal, so a reader can name the statuses it started with. */
  private versionValue = 0;

  get version(): number {
    return this.versionValue;
  }

  get epoch(): number {
    return this.epochValue;
  }

  incrementEpoch(): void {
    this.epochValue++;
  }

  registerShuffle(shuffleId: number, numMaps: number): void {
    if (this.shuffles.has(shuffleId)) return;
    this.shuffles.set(shuffleId, {
      statuses: new Array<MapStatus | null>(numMaps).fill(null),
      changes: [],
      missing: numMaps,
    });
  }

  private outputs(shuffleId: number): ShuffleOutputs {
    const s = this.shuffles.get(shuffleId);
    assert(s !== undefined, () => `shuffle ${shuffleId} is not registered`);
    return s;
  }

  registerMapOutput(shuffleId: number, mapIndex: number, status: MapStatus): void {
    const s = this.outputs(shuffleId);
    assert(mapIndex >= 0 && mapIndex < s.statuses.length, () => `map index ${mapIndex} outside shuffle ${shuffleId}'s ${s.statuses.length} partitions`);
    if (s.statuses[mapIndex] === null) s.missing--;
    s.changes.push({ version: ++this.versionValue, mapIndex, previous: s.statuses[mapIndex] });
    s.statuses[mapIndex] = status;
  }

  /** Removes one output, only if it is still at `location` (MapOutputTracker.unregisterMapOutput). */
  unregisterMapOutput(shuffleId: number, mapIndex: number, location: BlockManagerId): void {
    const s = this.outputs(shuffleId);
    const st = s.statuses[mapIndex];
    if (st !== null && st.location.executorId === location.executorId) this.drop(s, mapIndex);
  }

  /** Removes every output on `executorId`, for every shuffle, in ascending shuffle id order. */
  removeOutputsOnExecutor(executorId: string): void {
    for (const id of [...this.shuffles.keys()].sort((a, b) => a - b)) {
      const s = this.shuffles.get(id)!;
      for (let i = 0; i < s.statuses.length; i++) {
        const st = s.statuses[i];
        if (st !== null && st.location.executorId === executorId) this.drop(s, i);
      }
    }
  }

  private drop(s: ShuffleOutputs, mapIndex: number): void {
    assert(s.statuses[mapIndex] !== null, () => `map output ${mapIndex} dropped twice`);
    s.changes.push({ version: ++this.versionValue, mapIndex, previous: s.statuses[mapIndex] });
    s.statuses[mapIndex] = null;
    s.missing++;
  }

  /** The shuffle's statuses as they were at `version` (what a reader started then was told). */
  statusesAt(shuffleId: number, version: number): (MapStatus | null)[] {
    const s = this.outputs(shuffleId);
    const out = s.statuses.slice();
    for (let k = s.changes.length - 1; k >= 0 && s.changes[k].version > version; k--) out[s.changes[k].mapIndex] = s.changes[k].previous;
    return out;
  }

  /** One map output's status as it was at `version`: only the changes since are walked back. */
  statusAt(shuffleId: number, mapIndex: number, version: number): MapStatus | null {
    const s = this.outputs(shuffleId);
    let out = s.statuses[mapIndex];
    for (let k = s.changes.length - 1; k >= 0 && s.changes[k].version > version; k--) if (s.changes[k].mapIndex === mapIndex) out = s.changes[k].previous;
    return out;
  }

  status(shuffleId: number, mapIndex: number): MapStatus | null {
    return this.outputs(shuffleId).statuses[mapIndex];
  }

  isComplete(shuffleId: number): boolean {
    const s = this.shuffles.get(shuffleId);
    return s !== undefined && s.missing === 0;
  }

  /** Map indices without a registered output, ascending. */
  missingMapIndices(shuffleId: number): number[] {
    const s = this.outputs(shuffleId);
    const out: number[] = [];
    for (let i = 0; i < s.statuses.length; i++) if (s.statuses[i] === null) out.push(i);
    assert(out.length === s.missing, () => `shuffle ${shuffleId} counts ${s.missing} missing outputs but lacks ${out.length}`);
    return out;
  }

  /** The first map index of the shuffle without a registered output, or null when it is complete. */
  firstMissing(shuffleId: number): number | null {
    const s = this.outputs(shuffleId);
    if (s.missing === 0) return null;
    const i = s.statuses.indexOf(null);
    assert(i >= 0, () => `shuffle ${shuffleId} counts ${s.missing} missing outputs but has them all`);
    return i;
  }
}
