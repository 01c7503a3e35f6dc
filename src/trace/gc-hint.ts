// A full garbage collection, asked for at steady points of a long read (issue 12 §4): the checks'
// live state stays small, but what they keep per running stage attempt outlives the young
// generation, and V8 lets the old generation grow several times over that before it collects.
// Collecting every 64 MB of input keeps the peak near the live set whatever the log's
// size. The collector is reached through a context of its own (`--expose-gc` set at run time
// exposes `gc` to contexts created afterwards); where that fails the hint does nothing.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | null | undefined;

export function collectGarbage(): void {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as unknown;
      collect = typeof gc === 'function' ? (gc as () => void) : null;
    } catch {
      collect = null;
    }
  }
  collect?.();
}
