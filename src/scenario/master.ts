// The master string (spec §2, SparkMasterRegex R1/R2). The simulator needs a fixed core count,
// so `local[*]` is refused with a fix; cluster managers are replaced by "cluster" + executors.
import type { Master } from './types.js';

const LOCAL_N = /^local\[([0-9]+)\]$/;
const LOCAL_N_F = /^local\[([0-9]+)\s*,\s*([0-9]+)\]$/;
const LOCAL_STAR = /^local\[\*(\s*,\s*([0-9]+))?\]$/;

export const MASTER_FORMS = '"local", "local[N]", "local[N,F]" or "cluster"';

export function parseMaster(s: string): Master | { error: string } {
  if (s === 'local') return { kind: 'local', threads: 1, maxFailures: null };
  if (s === 'cluster') return { kind: 'cluster' };
  const star = LOCAL_STAR.exec(s);
  if (star) {
    const fix = star[2] === undefined ? 'local[N]' : `local[N,${star[2]}]`;
    return { error: `"${s}": the simulator needs a fixed core count; write ${fix} instead of ${s}` };
  }
  let m = LOCAL_N.exec(s);
  if (m) return threads(s, Number(m[1]), null);
  m = LOCAL_N_F.exec(s);
  if (m) return threads(s, Number(m[1]), Number(m[2]));
  return { error: `unsupported master "${s}"; expected ${MASTER_FORMS} (for a real cluster manager use "cluster" with "executors")` };
}

function threads(s: string, n: number, f: number | null): Master | { error: string } {
  if (n < 1) return { error: `"${s}": a local master needs at least 1 thread` };
  return { kind: 'local', threads: n, maxFailures: f };
}
