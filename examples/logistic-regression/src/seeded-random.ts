/** A deterministic source of random numbers; the same seed gives the same sequence. */
export interface SeededRandom {
  /** A float in [0, 1). */
  nextFloat(): number;
  /** An integer in [0, n), uniformly; `n` must be a positive integer. */
  nextIndex(n: number): number;
}

/**
 * Creates a mulberry32 generator (32-bit state, period 2^32), which is plenty for picking
 * samples in a solver and keeps runs reproducible across platforms. Any integer seed works;
 * it is reduced to 32 bits.
 */
export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const nextFloat = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    nextFloat,
    nextIndex: (n) => Math.floor(nextFloat() * n),
  };
}
