// A few facts per TID in typed arrays (issue 12 §4): whether it started, in which stage, how many
// of its TaskEnds were not Resubmitted and whether the first was an ExecutorLostFailure. Checks
// read them for tasks the live facts already dropped (a late Resubmitted, SPARK-37300's late end).
// TIDs of an application are dense from its first one (spec §3); any other TID goes to a map.

const STARTED = 1;
const FIRST_LOST = 2;
const ENDS_SHIFT = 2;
const MAX_SPAN = 1 << 26;

export class TidTable {
  private base: number | null = null;
  private stage = new Int32Array(1024);
  private flags = new Uint8Array(1024);
  private readonly far = new Map<number, { stage: number; flags: number }>();

  started(tid: number): boolean {
    return (this.flagsOf(tid) & STARTED) !== 0;
  }

  /** The stage the TID started in, or null. */
  stageOf(tid: number): number | null {
    if (!this.started(tid)) return null;
    const k = this.slot(tid, false);
    return k === null ? this.far.get(tid)!.stage : this.stage[k];
  }

  /** How many TaskEnds of the TID were not Resubmitted (3 means 3 or more). */
  decisiveEnds(tid: number): number {
    return this.flagsOf(tid) >> ENDS_SHIFT;
  }

  firstEndWasExecutorLost(tid: number): boolean {
    return (this.flagsOf(tid) & FIRST_LOST) !== 0;
  }

  start(tid: number, stage: number): void {
    this.set(tid, stage, this.flagsOf(tid) | STARTED);
  }

  end(tid: number, executorLost: boolean): void {
    const f = this.flagsOf(tid);
    const n = f >> ENDS_SHIFT;
    if (n === 3) return;
    const lost = n === 0 && executorLost ? FIRST_LOST : 0;
    this.set(tid, null, (f & (STARTED | FIRST_LOST)) | lost | ((n + 1) << ENDS_SHIFT));
  }

  private flagsOf(tid: number): number {
    const k = this.slot(tid, false);
    if (k !== null) return this.flags[k];
    return this.far.get(tid)?.flags ?? 0;
  }

  private set(tid: number, stage: number | null, flags: number): void {
    const k = this.slot(tid, true);
    if (k === null) {
      const old = this.far.get(tid);
      this.far.set(tid, { stage: stage ?? old?.stage ?? -1, flags });
      return;
    }
    if (stage !== null) this.stage[k] = stage;
    this.flags[k] = flags;
  }

  /** The array slot of a TID (growing the arrays when `grow`), or null when it lives in the map. */
  private slot(tid: number, grow: boolean): number | null {
    if (!Number.isInteger(tid)) return null;
    if (this.base === null) {
      if (!grow) return null;
      this.base = tid;
    }
    const k = tid - this.base;
    if (k < 0 || k >= MAX_SPAN) return null;
    if (k >= this.flags.length) {
      if (!grow) return null;
      let n = this.flags.length;
      while (n <= k) n *= 2;
      const stage = new Int32Array(n);
      stage.set(this.stage);
      const flags = new Uint8Array(n);
      flags.set(this.flags);
      this.stage = stage;
      this.flags = flags;
    }
    return k;
  }
}
