import { describe, expect, it } from 'vitest';
import { hodgesLehmann, pairwiseDifferences } from './hodges-lehmann.ts';
import { HWC_CHICKEN_EXAMPLE, R_WILCOX_EXAMPLE } from './fixtures.ts';

describe('hodgesLehmann against published outputs', () => {
  it('R ?wilcox.test data: shift y − x = -0.305 (SAS NPAR1WAY, Geyer Stat 5601)', () => {
    const r = hodgesLehmann(R_WILCOX_EXAMPLE.y, R_WILCOX_EXAMPLE.x);
    expect(r.estimate).toBeCloseTo(R_WILCOX_EXAMPLE.hlShiftYminusX, 12);
    expect(r.method).toBe('exact');
  });

  it('R ?wilcox.test data: exact 95% interval from the U distribution', () => {
    // Hand derivation (R's exact branch): k = qwilcox(0.025, 5, 10) = 9 because
    // P(U <= 8) = 60/3003 = 0.0200 < 0.025 <= P(U <= 9) = 83/3003 (see u-distribution.test.ts);
    // the interval is [D(9), D(50 + 1 − 9)] = [D(9), D(42)] of the 50 sorted differences y − x,
    // which are D(8) = D(9) = -0.76 (1.15 − 1.91 = 0.88 − 1.64) and D(42) = 0.15 (0.88 − 0.73),
    // achieved coverage 1 − 2·60/3003 = 0.96004.
    // SAS's asymptotic (Moses) limits for the same data are [-0.76, 0.17]: SAS takes
    // k = floor(mn/2 − z·sigma) = floor(8.997) = 8 (D(43) = 0.17), while R's continuity-corrected
    // inversion (and the exact k) give 9. The lower limits agree; the upper differs by that one
    // order statistic, which is the documented difference between the two conventions.
    const r = hodgesLehmann(R_WILCOX_EXAMPLE.y, R_WILCOX_EXAMPLE.x);
    expect(r.ci[0]).toBeCloseTo(R_WILCOX_EXAMPLE.sasMosesCi[0], 12);
    expect(r.ci[1]).toBeCloseTo(0.15, 12);
    expect(r.achievedConfidence).toBeCloseTo(1 - (2 * 60) / 3003, 12);
  });

  it('Hollander–Wolfe–Chicken data (ties → normal): SAS shift 0.56 and Moses limits [-0.37, 1.183]', () => {
    const r = hodgesLehmann(HWC_CHICKEN_EXAMPLE.a, HWC_CHICKEN_EXAMPLE.b);
    expect(r.method).toBe('normal');
    expect(r.estimate).toBeCloseTo(HWC_CHICKEN_EXAMPLE.hlShift, 12);
    expect(r.ci[0]).toBeCloseTo(HWC_CHICKEN_EXAMPLE.mosesCi[0], 12);
    expect(r.ci[1]).toBeCloseTo(HWC_CHICKEN_EXAMPLE.mosesCi[1], 12);
    // R prints 0.5600562 here (uniroot on a flat step); we report the textbook median of differences.
    expect(Math.abs(r.estimate - HWC_CHICKEN_EXAMPLE.rUnirootEstimate)).toBeLessThan(1e-4);
  });
});

describe('hodgesLehmann properties', () => {
  const x = [10.2, 11.5, 9.8, 12.1, 10.9, 11.1, 10.4];
  const y = [9.1, 9.9, 8.7, 10.3, 9.4, 9.6];

  it('is the median of all pairwise differences', () => {
    const d = Array.from(pairwiseDifferences(x, y));
    expect(d).toHaveLength(42);
    expect(hodgesLehmann(x, y).estimate).toBeCloseTo((d[20] + d[21]) / 2, 14);
  });

  it('swapping samples negates the estimate and mirrors the interval', () => {
    const a = hodgesLehmann(x, y);
    const b = hodgesLehmann(y, x);
    expect(b.estimate).toBeCloseTo(-a.estimate, 14);
    expect(b.ci[0]).toBeCloseTo(-a.ci[1], 14);
    expect(b.ci[1]).toBeCloseTo(-a.ci[0], 14);
  });

  it('is equivariant: shifting x by c shifts estimate and interval by c', () => {
    const a = hodgesLehmann(x, y);
    const b = hodgesLehmann(
      x.map((v) => v + 3),
      y,
    );
    expect(b.estimate - a.estimate).toBeCloseTo(3, 12);
    expect(b.ci[0] - a.ci[0]).toBeCloseTo(3, 12);
    expect(b.ci[1] - a.ci[1]).toBeCloseTo(3, 12);
  });

  it('interval contains the estimate and widens with confidence', () => {
    const c90 = hodgesLehmann(x, y, { confidence: 0.9 });
    const c99 = hodgesLehmann(x, y, { confidence: 0.99 });
    expect(c90.ci[0]).toBeLessThanOrEqual(c90.estimate);
    expect(c90.ci[1]).toBeGreaterThanOrEqual(c90.estimate);
    expect(c99.ci[0]).toBeLessThanOrEqual(c90.ci[0]);
    expect(c99.ci[1]).toBeGreaterThanOrEqual(c90.ci[1]);
  });

  it('tiny samples that cannot reach the level give the full range of differences (R uses k = 1)', () => {
    const r = hodgesLehmann([1, 2], [3, 4]);
    expect(r.ci).toEqual([-3, -1]);
  });

  it('constant identical samples give a zero estimate and [0, 0]', () => {
    expect(hodgesLehmann([4, 4, 4], [4, 4])).toMatchObject({ estimate: 0, ci: [0, 0] });
  });

  it('rejects empty samples and bad confidence', () => {
    expect(() => hodgesLehmann([], [1])).toThrow(/empty/);
    expect(() => hodgesLehmann([1], [1], { confidence: 1 })).toThrow(/confidence/);
  });
});
