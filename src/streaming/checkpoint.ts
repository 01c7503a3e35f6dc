// A query's checkpoint: the offset log (write-ahead, write-once per batch or epoch) and the
// commit log (streaming spec §4.1, §5.5). It outlives query runs, which is what makes a restart
// resume where the last run stopped.

export class Checkpoint {
  private readonly offsets = new Set<number>();
  private readonly commits = new Set<number>();

  /** HDFSMetadataLog.add: false (and the old entry kept) when the id is already there. */
  addOffsets(id: number): boolean {
    if (this.offsets.has(id)) return false;
    this.offsets.add(id);
    return true;
  }

  hasOffsets(id: number): boolean {
    return this.offsets.has(id);
  }

  addCommit(id: number): boolean {
    if (this.commits.has(id)) return false;
    this.commits.add(id);
    return true;
  }

  hasCommit(id: number): boolean {
    return this.commits.has(id);
  }

  latestOffsets(): number | null {
    return maxOf(this.offsets);
  }

  latestCommit(): number | null {
    return maxOf(this.commits);
  }
}

function maxOf(s: Set<number>): number | null {
  let m: number | null = null;
  for (const v of s) if (m === null || v > m) m = v;
  return m;
}
