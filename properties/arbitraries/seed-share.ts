// Shares of the generated scenarios chosen from a scenario's seed draw, not by draws of their
// own: a scenario's other fields stay what its draws gave, so a fixed campaign seed keeps
// generating the scenarios it did, and each share shrinks away with the seed. Each share hashes
// the seed with constants of its own, so the shares are independent of each other.

/** Whether `seed` falls in the `share` (0..1) that `salt` and `multiplier` pick. */
export function seedShare(seed: number, salt: number, multiplier: number, share: number): boolean {
  return (Math.imul(seed ^ salt, multiplier) >>> 0) / 2 ** 32 < share;
}
