// Seeded random streams, forked by name from the scenario's seed. Each consumer ("offers",
// "durations", …) owns its stream, so adding a consumer never shifts the numbers another sees.
// This is the only source of randomness in the simulator (no Math.random anywhere).
import seedrandom from 'seedrandom';

export interface RandomStream {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

export interface RandomStreams {
  fork(name: string): RandomStream;
}

export function randomStreams(seed: number): RandomStreams {
  return {
    fork(name: string): RandomStream {
      // alea: fast, and its output depends only on the seed string. Seeded on first use, so a
      // run that never draws from a stream does not pay for it.
      let prng: (() => number) | null = null;
      const draw = (): number => (prng ??= seedrandom.alea(`srh/${seed}/${name}`))();
      return {
        next: draw,
        int: (n: number) => Math.floor(draw() * n),
      };
    },
  };
}

/** Fisher–Yates shuffle in place, driven by `rng`. */
export function shuffleInPlace<T>(items: T[], rng: RandomStream): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
  return items;
}
