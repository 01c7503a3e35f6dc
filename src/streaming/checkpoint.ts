// A query's checkpoint: the offset log (write-ahead, write-once per batch or epoch) and the
// commit log (streaming spec §4.1, §5.5). It outlives query runs, which is what makes a restart
// resume where the last run stopped.

/** An offset log entry: the source's offset per source partition (records read so far). */
export type SourceOffsets = readonly number[];

export class Checkpoint {
  private readonly offsets = new Map<number, SourceOffsets>();
  private readonly commits = new Set<number>();
  // Entries are never removed, so the latest ids are kept as they are added: a continuous query
  // asks for the latest commit at every partition's report, and a scan of the log each time made
  // a run's cost grow with the square of its epochs.
  private latestOffsetsId: number | null = null;
  private latestCommitId: number | null = null;

  /** HDFSMetadataLog.add: false (and the old entry kept) when the id is already there (§5.5, §5.9). */
  addOffsets(id: number, offsets: SourceOffsets): boolean {
    if (this.offsets.has(id)) return false;
    this.offsets.set(id, offsets);
    if (this.latestOffsetsId === null || id > this.latestOffsetsId) this.latestOffsetsId = id;
    return true;
  }

  offsetsOf(id: number): SourceOffsets | undefined {
    return this.offsets.get(id);
  }

  addCommit(id: number): boolean {
    if (this.commits.has(id)) return false;
    this.commits.add(id);
    if (this.latestCommitId === null || id > this.latestCommitId) this.latestCommitId = id;
    return true;
  }

  hasCommit(id: number): boolean {
    return this.commits.has(id);
  }

  latestOffsets(): number | null {
    return this.latestOffsetsId;
  }

  latestCommit(): number | null {
    return this.latestCommitId;
  }
}
