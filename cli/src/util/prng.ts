/**
 * Seeded pseudo-random numbers for reproducible simulations in tests (Math.random cannot be
 * seeded, and a coverage test that fails once in a hundred runs is worse than none).
 */

/** mulberry32: tiny 32-bit generator, uniform in [0, 1); plenty for Monte Carlo checks. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws from a uniform source (Box–Muller). */
export function normalDraws(uniform: () => number): () => number {
  return () => {
    const u1 = 1 - uniform(); // (0, 1], so log is finite
    const u2 = uniform();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  };
}
