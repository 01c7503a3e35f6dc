// Where two traces first differ as event-log bytes. Walking the two event trees is several times
// cheaper than serializing both logs, and a campaign does it for every sampled scenario.
import type { TraceEvent } from './events.js';

export interface TraceDifference {
  /** Index of the first event whose event-log line differs (or that only one trace has). */
  eventIndex: number;
  first: string;
  second: string;
}

/** The first event whose JSON line differs between `a` and `b`, or null when the logs are identical. */
export function firstDifference(a: readonly TraceEvent[], b: readonly TraceEvent[]): TraceDifference | null {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (i < a.length && i < b.length && sameTree(a[i], b[i])) continue;
    // Trees can differ where bytes do not (a key holding undefined is not written): settle on bytes.
    const first = i < a.length ? JSON.stringify(a[i]) : '<no event>';
    const second = i < b.length ? JSON.stringify(b[i]) : '<no event>';
    if (first !== second) return { eventIndex: i, first, second };
  }
  return null;
}

/** Same JSON values with keys in the same order: then their JSON texts are identical. */
function sameTree(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  if (Array.isArray(x)) {
    if (!Array.isArray(y) || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!sameTree(x[i], y[i])) return false;
    return true;
  }
  if (Array.isArray(y)) return false;
  const kx = Object.keys(x);
  const ky = Object.keys(y);
  if (kx.length !== ky.length) return false;
  for (let i = 0; i < kx.length; i++) {
    if (kx[i] !== ky[i]) return false;
    if (!sameTree((x as Record<string, unknown>)[kx[i]], (y as Record<string, unknown>)[ky[i]])) return false;
  }
  return true;
}
