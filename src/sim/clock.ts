// Virtual time. Every wait in the simulator (task durations, the 200 ms stage resubmit delay,
// epoch intervals) is measured on this clock; the wall clock is never read.

import { assert } from './assert.js';

export class VirtualClock {
  private nowMs = 0;

  get now(): number {
    return this.nowMs;
  }

  /** Moves time forward to `t`; time never runs backwards. */
  advanceTo(t: number): void {
    assert(t >= this.nowMs, () => `virtual clock cannot go back from ${this.nowMs} to ${t}`);
    this.nowMs = t;
  }
}
