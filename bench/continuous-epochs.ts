// `npm run bench`, continuous mode (issue 13 §3): a valid continuous scenario of very many 1 ms
// epochs costs time in proportion to its epochs (streaming spec §5.2, §5.3). Runs 20,000 and
// 80,000 epochs over 2 partitions and reports the time per epoch of each and their ratio.
import { validateScenario } from '../src/scenario/validate.js';
import type { Scenario } from '../src/scenario/types.js';
import { simulate } from '../src/simulate.js';

export function manyEpochsScenario(epochs: number): Scenario {
  const r = validateScenario({
    scenario: 1,
    name: `bench: ${epochs} continuous epochs of 1 ms`,
    seed: 1,
    cluster: { master: 'local[3]' },
    workload: { mode: 'continuous', partitions: 2, epochs, epochIntervalMs: 1 },
  });
  if (!r.ok) throw new Error(`bench scenario is invalid: ${JSON.stringify(r.errors)}`);
  return r.scenario;
}

export interface EpochScaling {
  runs: { epochs: number; events: number; seconds: number }[];
  /** Time per epoch at 80,000 over time per epoch at 20,000: about 1 when the cost is linear. */
  perEpochRatio: number;
}

/** The best of three runs at each size, so one GC pause or busy neighbour does not decide it. */
export function continuousEpochScaling(): EpochScaling {
  simulate(manyEpochsScenario(5_000)); // JIT warm-up
  const runs = [20_000, 80_000].map((epochs) => {
    const s = manyEpochsScenario(epochs);
    let best = Infinity;
    let events = 0;
    for (let i = 0; i < 3; i++) {
      const t0 = process.hrtime.bigint();
      events = simulate(s).trace.events.length;
      best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
    }
    return { epochs, events, seconds: best };
  });
  const [a, b] = runs;
  return { runs, perEpochRatio: b.seconds / b.epochs / (a.seconds / a.epochs) };
}
