// EpochCoordinator (streaming spec §5.4, rules R1–R7): collects each partition's offset report
// and epoch commit, commits an epoch once every partition has done both and the previous epoch
// is committed, cascades waiting epochs in order, and trips the backlog limit.

export interface EpochCoordinatorQuery<M> {
  /** query.addOffset(e): the offset log entry for e (write-once), from every reader's offset in partition order. */
  addOffset(epoch: number, offsets: number[]): void;
  /** Commit epoch e: the sink commit with every writer's message in partition order, then query.commit(e) (R4). */
  commit(epoch: number, messages: M[]): void;
  /** query.stopInNewThread(new IllegalStateException(message)) (R5). */
  stopWithFailure(message: string): void;
}

export const BACKLOG_MESSAGES = {
  offsets: 'Size of the partition offset queue has exceeded its maximum',
  commits: 'Size of the partition commit queue has exceeded its maximum',
  epochs: 'Size of the epoch queue has exceeded its maximum',
} as const;

const BACKLOG = new Set<string>(Object.values(BACKLOG_MESSAGES));

/** Whether a failure message is one of the coordinator's backlog errors (R5). */
export function isBacklogMessage(message: string | null | undefined): boolean {
  return message !== null && message !== undefined && BACKLOG.has(message);
}

/** M is what a writer's CommitPartitionEpoch carries (its WriterCommitMessage). */
export class EpochCoordinator<M> {
  private readonly offsets = new Map<number, Map<number, number>>();
  private readonly commits = new Map<number, Map<number, M>>();
  private offsetEntries = 0;
  private commitEntries = 0;
  private readonly waiting = new Set<number>();
  private lastCommittedEpoch: number;
  private stopped = false;
  private failed = false;

  constructor(
    private readonly numPartitions: number,
    startEpoch: number,
    private readonly backlogLimit: number,
    private readonly query: EpochCoordinatorQuery<M>,
  ) {
    this.lastCommittedEpoch = startEpoch - 1;
  }

  get lastCommitted(): number {
    return this.lastCommittedEpoch;
  }

  get writesStopped(): boolean {
    return this.stopped;
  }

  /** R6: StopContinuousExecutionWrites. */
  stopWrites(): void {
    this.stopped = true;
  }

  /** R1: ReportPartitionOffset. A repeat for the same key overwrites it. */
  reportPartitionOffset(partition: number, epoch: number, offset: number): void {
    if (this.stopped) return;
    const byPartition = entry(this.offsets, epoch);
    if (!byPartition.has(partition)) this.offsetEntries++;
    byPartition.set(partition, offset);
    if (byPartition.size === this.numPartitions) {
      this.query.addOffset(epoch, inPartitionOrder(byPartition, this.numPartitions));
      this.resolve(epoch);
    }
    this.checkBacklog();
  }

  /** R2: CommitPartitionEpoch. The first commit for (epoch, partition) wins. */
  commitPartitionEpoch(partition: number, epoch: number, message: M): void {
    if (this.stopped) return;
    const byPartition = entry(this.commits, epoch);
    if (byPartition.has(partition)) return;
    byPartition.set(partition, message);
    this.commitEntries++;
    this.resolve(epoch);
    this.checkBacklog();
  }

  /** R3: commit e when complete and e-1 is committed, then the waiting epochs after it. */
  private resolve(epoch: number): void {
    const complete = (this.commits.get(epoch)?.size ?? 0) === this.numPartitions && (this.offsets.get(epoch)?.size ?? 0) === this.numPartitions;
    if (!complete) return;
    if (this.lastCommittedEpoch !== epoch - 1) {
      this.waiting.add(epoch);
      return;
    }
    this.commitEpoch(epoch);
    let next = epoch + 1;
    while (this.waiting.has(next)) {
      this.waiting.delete(next);
      this.commitEpoch(next);
      next++;
    }
    // Entries of epochs before the last committed one are dropped; its own stay.
    this.dropBefore(this.offsets, this.lastCommittedEpoch, 'offsets');
    this.dropBefore(this.commits, this.lastCommittedEpoch, 'commits');
  }

  private commitEpoch(epoch: number): void {
    this.query.commit(epoch, inPartitionOrder(this.commits.get(epoch)!, this.numPartitions));
    this.lastCommittedEpoch = epoch;
  }

  private dropBefore(m: Map<number, Map<number, unknown>>, epoch: number, which: 'offsets' | 'commits'): void {
    for (const [e, set] of m) {
      if (e >= epoch) continue;
      if (which === 'offsets') this.offsetEntries -= set.size;
      else this.commitEntries -= set.size;
      m.delete(e);
    }
  }

  /** R5: checked in this order; only the first failure is kept. */
  private checkBacklog(): void {
    if (this.failed) return;
    let message: string | null = null;
    if (this.offsetEntries > this.backlogLimit) message = BACKLOG_MESSAGES.offsets;
    else if (this.commitEntries > this.backlogLimit) message = BACKLOG_MESSAGES.commits;
    else if (this.waiting.size > this.backlogLimit) message = BACKLOG_MESSAGES.epochs;
    if (message === null) return;
    this.failed = true;
    this.query.stopWithFailure(message);
  }
}

function entry<V>(m: Map<number, Map<number, V>>, epoch: number): Map<number, V> {
  let byPartition = m.get(epoch);
  if (byPartition === undefined) {
    byPartition = new Map();
    m.set(epoch, byPartition);
  }
  return byPartition;
}

function inPartitionOrder<V>(byPartition: Map<number, V>, numPartitions: number): V[] {
  const out: V[] = [];
  for (let p = 0; p < numPartitions; p++) out.push(byPartition.get(p)!);
  return out;
}
