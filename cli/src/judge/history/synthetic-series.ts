// Seeded synthetic histories for the change-point tests: a level of 100 with relative normal noise and steps.
import { mulberry32, normalDraws } from '../../util/prng.ts';

/** `steps`: [first run at the new level, relative step] — e.g. [[15, 0.2]] is +20 % from run 15 on. */
export function syntheticSeries(seed: number, runs: number, steps: readonly (readonly [number, number])[] = [], noise = 0.03): number[] {
  const z = normalDraws(mulberry32(seed));
  return Array.from({ length: runs }, (_, i) => {
    const level = steps.reduce((l, [at, step]) => (i >= at ? l * (1 + step) : l), 100);
    return level * (1 + noise * z());
  });
}
