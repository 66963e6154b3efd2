import { describe, expect, it } from 'vitest';
import { compareSamples } from './compare.ts';
import { hodgesLehmann } from './hodges-lehmann.ts';
import { mulberry32, normalDraws } from '../../util/prng.ts';

/**
 * Monte Carlo check that the intervals mean what they say: draw many base/head pairs from one
 * distribution with a known ratio and count how often the 95 % interval covers it. With T trials
 * the binomial standard error at 95 % is sqrt(.95·.05/T) ≈ 0.7 % for T = 1000, so the bounds below
 * are ±3–4 SE around the nominal level (exact intervals are slightly conservative by construction).
 */
describe('interval coverage (seeded simulation)', () => {
  it('exact log-ratio interval, n = 10 vs 10, lognormal noise, true ratio 1.10', () => {
    const z = normalDraws(mulberry32(20240601));
    const trueRatio = 1.1;
    const trials = 1000;
    let covered = 0;
    for (let t = 0; t < trials; t++) {
      const base = Array.from({ length: 10 }, () => 100 * Math.exp(0.05 * z()));
      const head = Array.from({ length: 10 }, () => 100 * trueRatio * Math.exp(0.05 * z()));
      const c = compareSamples(base, head);
      if (1 + c.ci[0] <= trueRatio && trueRatio <= 1 + c.ci[1]) covered++;
    }
    // Achieved level of the exact interval for (10, 10) is 1 − 2·P(U <= 23) ≈ 0.957.
    expect(covered / trials).toBeGreaterThan(0.93);
    expect(covered / trials).toBeLessThan(0.985);
  });

  it('normal-approximation interval, n = 60 vs 55, heavy-tailed noise, true shift 2', () => {
    const u = mulberry32(7);
    const z = normalDraws(u);
    // Shift model with a heavy-ish tail: normal plus occasional big outliers (like GC pauses).
    const draw = () => z() + (u() < 0.1 ? 5 * Math.abs(z()) : 0);
    const trials = 400;
    let covered = 0;
    for (let t = 0; t < trials; t++) {
      const y = Array.from({ length: 55 }, draw);
      const x = Array.from({ length: 60 }, () => draw() + 2);
      const r = hodgesLehmann(x, y);
      if (r.ci[0] <= 2 && 2 <= r.ci[1]) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.92);
    expect(covered / trials).toBeLessThan(0.985);
  });
});
