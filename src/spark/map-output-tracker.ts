// MapOutputTrackerMaster: where each map output of each shuffle lives, and the epoch that
// executor losses and fetch failures bump (spec §10.2, §10.4, §10.6). Outputs outlive jobs, so a
// later job can skip a map stage whose shuffle is complete.
import type { BlockManagerId } from './task-end-reason.js';

export interface MapStatus {
  location: BlockManagerId;
  /** The map task's TID (Spark 3's mapId). */
  mapId: number;
}

/** What a reader saw of an output that was later unregistered: where it was, and when it went. */
interface LostOutput {
  status: MapStatus;
  lostAtMs: number;
}

interface ShuffleOutputs {
  statuses: (MapStatus | null)[];
  lost: (LostOutput | null)[];
  missing: number;
}

export class MapOutputTracker {
  private shuffles = new Map<number, ShuffleOutputs>();
  private epochValue = 0;

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
      lost: new Array<LostOutput | null>(numMaps).fill(null),
      missing: numMaps,
    });
  }

  private outputs(shuffleId: number): ShuffleOutputs {
    const s = this.shuffles.get(shuffleId);
    if (s === undefined) throw new Error(`shuffle ${shuffleId} is not registered`);
    return s;
  }

  registerMapOutput(shuffleId: number, mapIndex: number, status: MapStatus): void {
    const s = this.outputs(shuffleId);
    if (s.statuses[mapIndex] === null) s.missing--;
    s.statuses[mapIndex] = status;
  }

  /** Removes one output, only if it is still at `location` (MapOutputTracker.unregisterMapOutput). */
  unregisterMapOutput(shuffleId: number, mapIndex: number, location: BlockManagerId, nowMs: number): void {
    const s = this.outputs(shuffleId);
    const st = s.statuses[mapIndex];
    if (st !== null && st.location.executorId === location.executorId) this.drop(s, mapIndex, nowMs);
  }

  /** Removes every output on `executorId`, for every shuffle, in ascending shuffle id order. */
  removeOutputsOnExecutor(executorId: string, nowMs: number): void {
    for (const id of [...this.shuffles.keys()].sort((a, b) => a - b)) {
      const s = this.shuffles.get(id)!;
      for (let i = 0; i < s.statuses.length; i++) {
        const st = s.statuses[i];
        if (st !== null && st.location.executorId === executorId) this.drop(s, i, nowMs);
      }
    }
  }

  private drop(s: ShuffleOutputs, mapIndex: number, nowMs: number): void {
    s.lost[mapIndex] = { status: s.statuses[mapIndex]!, lostAtMs: nowMs };
    s.statuses[mapIndex] = null;
    s.missing++;
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
    return out;
  }

  /**
   * What a reduce task that started at `startedAtMs` finds when it reads the shuffle: null when
   * every output is there; else the first missing map index and, when that output went away
   * after the task started, where the task had been told it was (so its fetch hit a dead block
   * manager rather than a missing location).
   */
  firstUnreadable(shuffleId: number, startedAtMs: number): { mapIndex: number; lostFrom: MapStatus | null } | null {
    const s = this.outputs(shuffleId);
    if (s.missing === 0) return null;
    for (let i = 0; i < s.statuses.length; i++) {
      if (s.statuses[i] !== null) continue;
      const lost = s.lost[i];
      return { mapIndex: i, lostFrom: lost !== null && lost.lostAtMs >= startedAtMs ? lost.status : null };
    }
    return null;
  }
}
