import { describe, expect, it } from 'vitest';
import { benjaminiHochberg } from './benjamini-hochberg.ts';
import { compareSamples, decide } from './compare.ts';
import { mulberry32, normalDraws } from '../../util/prng.ts';

/** n draws of `center` with multiplicative (lognormal) noise of relative size `noise`. */
function sample(seed: number, n: number, center: number, noise: number): number[] {
  const z = normalDraws(mulberry32(seed));
  return Array.from({ length: n }, () => center * Math.exp(noise * z()));
}

describe('compareSamples verdicts', () => {
  it('a clear 30% slowdown, n = 10, 3% noise → regressed, interval contains +30%', () => {
    const base = sample(1, 10, 200, 0.03);
    const head = sample(2, 10, 260, 0.03);
    const c = compareSamples(base, head);
    expect(c.verdict).toBe('regressed');
    expect(c.method).toBe('exact');
    expect(c.p).toBeLessThan(0.001);
    expect(c.ci[0]).toBeLessThan(0.3);
    expect(c.ci[1]).toBeGreaterThan(0.3);
    expect(c.change).toBeGreaterThan(0.2);
    expect(c.reason).toMatchObject({ code: 'beyond-tolerance', tolerance: 0.05, significant: true });
  });

  it('the same slowdown on a throughput metric (higherIsWorse: false) is an improvement', () => {
    const c = compareSamples(sample(1, 10, 200, 0.03), sample(2, 10, 260, 0.03), { higherIsWorse: false });
    expect(c.verdict).toBe('improved');
  });

  it('a 30% drop in latency is improved; in throughput regressed', () => {
    const base = sample(3, 10, 100, 0.03);
    const head = sample(4, 10, 70, 0.03);
    expect(compareSamples(base, head).verdict).toBe('improved');
    expect(compareSamples(base, head, { higherIsWorse: false }).verdict).toBe('regressed');
  });

  it('identical samples are same or inconclusive, never regressed', () => {
    for (const seed of [5, 6, 7, 8]) {
      const s = sample(seed, 10, 150, 0.05);
      const c = compareSamples(s, [...s]);
      expect(c.p).toBe(1); // every value tied with its copy
      expect(['same', 'inconclusive']).toContain(c.verdict);
    }
    const constant = compareSamples([100, 100, 100], [100, 100, 100]);
    expect(constant).toMatchObject({ p: 1, verdict: 'same', ci: [0, 0] });
  });

  it('a real but tiny change (1%, very low noise) is same, not regressed', () => {
    const base = sample(9, 20, 100, 0.001);
    const head = sample(10, 20, 101, 0.001);
    const c = compareSamples(base, head);
    expect(c.p).toBeLessThan(0.05);
    expect(c.verdict).toBe('same');
    expect(c.reason).toMatchObject({ code: 'within-tolerance', significant: true });
  });

  it('noisy data with a modest change is inconclusive', () => {
    const c = compareSamples(sample(41, 5, 100, 0.3), sample(42, 5, 108, 0.3));
    expect(c.p).toBeGreaterThan(0.05);
    expect(c.verdict).toBe('inconclusive');
  });

  it('fewer than minSamples on a side is inconclusive whatever the data say', () => {
    const c = compareSamples([100, 101], [200, 201, 202, 203]);
    expect(c.verdict).toBe('inconclusive');
    expect(c.reason).toEqual({ code: 'too-few-rounds', need: 3 });
    expect(compareSamples([100, 101], [200, 201], { minSamples: 2 }).n).toEqual([2, 2]);
  });

  it('the interval is for the ratio: scaling both samples leaves it unchanged', () => {
    const base = sample(13, 8, 50, 0.05);
    const head = sample(14, 8, 60, 0.05);
    const a = compareSamples(base, head);
    const b = compareSamples(
      base.map((v) => v * 1000),
      head.map((v) => v * 1000),
    );
    expect(b.ci[0]).toBeCloseTo(a.ci[0], 12);
    expect(b.ci[1]).toBeCloseTo(a.ci[1], 12);
    expect(a.scale).toBe('log-ratio');
  });

  it('swapping base and head gives the same p and the reciprocal ratio interval', () => {
    const base = sample(15, 9, 80, 0.04);
    const head = sample(16, 7, 90, 0.04);
    const a = compareSamples(base, head);
    const b = compareSamples(head, base);
    expect(b.p).toBeCloseTo(a.p, 15);
    expect(1 + b.ci[0]).toBeCloseTo(1 / (1 + a.ci[1]), 12);
    expect(1 + b.ci[1]).toBeCloseTo(1 / (1 + a.ci[0]), 12);
  });

  it('falls back to shift / baseline median when values include zero', () => {
    const base = [0, 2, 3, 4, 5, 2, 3];
    const head = [0, 20, 30, 40, 50, 20, 30];
    const c = compareSamples(base, head);
    expect(c.scale).toBe('shift/base-median');
    expect(c.baseMedian).toBe(3);
    expect(c.verdict).toBe('regressed');
    // Baseline median 0 → no relative change can be stated.
    const zero = compareSamples([0, 0, 0, 1], [0, 5, 6, 7]);
    expect(zero.verdict).toBe('inconclusive');
    expect(zero.reason).toEqual({ code: 'no-relative-change' });
  });

  it('reports the spread columns as relative MAD', () => {
    const c = compareSamples([90, 100, 110], [100, 100, 100]);
    expect(c.baseSpread).toBeCloseTo(0.1, 15);
    expect(c.headSpread).toBe(0);
  });
});

describe('decide with multiplicity-adjusted p-values', () => {
  it('a borderline regression stops being one once p is adjusted across many metrics', () => {
    const c = compareSamples(sample(21, 6, 100, 0.02), sample(22, 6, 112, 0.02));
    expect(c.verdict).toBe('regressed');
    // Fully separated 6 vs 6: p = 2 / C(12, 6) = 2/924. The run also compared 29 unchanged
    // metrics with large p-values, so BH multiplies the smallest p by 30: 60/924 = 0.065.
    expect(c.p).toBeCloseTo(2 / 924, 15);
    const all = [c.p, ...Array.from({ length: 29 }, (_, i) => 0.2 + i * 0.02)];
    const adjusted = benjaminiHochberg(all)[0];
    expect(adjusted).toBeGreaterThan(c.p);
    expect(adjusted).toBeCloseTo(60 / 924, 15);
    const d = decide(c, adjusted);
    expect(d.verdict).toBe('inconclusive');
  });

  it('decide reuses the comparison’s tolerance and direction unless overridden', () => {
    const c = compareSamples(sample(1, 10, 200, 0.03), sample(2, 10, 260, 0.03), { tolerance: 0.1 });
    expect(decide(c, c.p).verdict).toBe('regressed');
    // Under a 50% tolerance the same +30% (interval inside ±50%) is practically irrelevant.
    expect(decide(c, c.p, { tolerance: 0.5 }).verdict).toBe('same');
    expect(decide(c, 0.2).verdict).toBe('inconclusive');
    expect(decide(c, c.p, { higherIsWorse: false }).verdict).toBe('improved');
  });
});
