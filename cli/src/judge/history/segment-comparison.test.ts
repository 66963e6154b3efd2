import { describe, expect, it } from 'vitest';
import { mulberry32, normalDraws } from '../../util/prng.ts';
import { compareSegments } from './segment-comparison.ts';

describe('compareSegments', () => {
  // Reference: scipy.stats.ttest_ind(after, before), and Fieller's quadratic solved with the pooled variance and t.ppf.
  it("matches Student's test and Fieller's interval", () => {
    const r = compareSegments([10.1, 9.8, 10.3, 10.0, 9.9, 10.2], [12.0, 12.4, 11.8, 12.1, 12.3]);
    expect(r.t).toBeCloseTo(16.15486606944279, 10);
    expect(r.df).toBe(9);
    expect(r.p / 5.914119820673786e-8).toBeCloseTo(1, 8);
    expect(r.change).toBeCloseTo(0.20597014925373158, 12);
    expect(r.ci![0]).toBeCloseTo(0.17473650202428326, 10);
    expect(r.ci![1]).toBeCloseTo(0.23811613394810838, 10);
    expect(r.difference[0]).toBeCloseTo(1.7801390189888606, 10);
    expect(r.difference[1]).toBeCloseTo(2.3598609810111433, 10);
  });

  it('constant segments: a difference is exact, none is none', () => {
    const moved = compareSegments([100, 100, 100], [120, 120, 120, 120]);
    expect(moved.p).toBe(0);
    expect(moved.change).toBeCloseTo(0.2, 12);
    expect(moved.ci).toEqual([moved.change, moved.change]);
    const still = compareSegments([5, 5, 5], [5, 5]);
    expect(still.p).toBe(1);
    expect(still.ci).toEqual([0, 0]);
  });

  it('no relative change from a mean of 0, but a difference interval', () => {
    const r = compareSegments([0, 0, 0, 0], [0.01, 0.012, 0.011]);
    expect(r.change).toBeUndefined();
    expect(r.ci).toBeUndefined();
    expect(r.difference[0]).toBeGreaterThan(0);
  });

  it('needs two runs a side', () => {
    expect(compareSegments([1], [2, 3]).p).toBeNaN();
  });

  // The interval is what reports print beside a change: it must cover the true ratio about 95 % of the time.
  it('covers the true change about 95 % of the time (2,000 seeded pairs)', () => {
    const z = normalDraws(mulberry32(7));
    let covered = 0;
    const trials = 2000;
    for (let i = 0; i < trials; i++) {
      const before = Array.from({ length: 10 }, () => 100 * (1 + 0.03 * z()));
      const after = Array.from({ length: 6 }, () => 120 * (1 + 0.03 * z()));
      const { ci } = compareSegments(before, after);
      if (ci && ci[0] <= 0.2 && 0.2 <= ci[1]) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.93);
    expect(covered / trials).toBeLessThan(0.97);
  });
});
