import { describe, expect, it } from 'vitest';
import { mannWhitneyU } from './mann-whitney.ts';
import { R_TIES_EXAMPLE, R_WILCOX_EXAMPLE, SCIPY_MWU_EXAMPLE, UVA_PACKAGING_EXAMPLE } from './fixtures.ts';

describe('mannWhitneyU against published reference outputs', () => {
  it('SciPy docs males/females: U1 = 17, exact p = 1/9', () => {
    const r = mannWhitneyU(SCIPY_MWU_EXAMPLE.males, SCIPY_MWU_EXAMPLE.females);
    expect(r.method).toBe('exact');
    expect(r.u).toBe(SCIPY_MWU_EXAMPLE.u1);
    expect(r.p).toBeCloseTo(SCIPY_MWU_EXAMPLE.exactP, 14);
    expect(mannWhitneyU(SCIPY_MWU_EXAMPLE.females, SCIPY_MWU_EXAMPLE.males).u).toBe(SCIPY_MWU_EXAMPLE.u2);
  });

  it('SciPy docs males/females: asymptotic (continuity-corrected) p = 0.11134688653314041', () => {
    const r = mannWhitneyU(SCIPY_MWU_EXAMPLE.males, SCIPY_MWU_EXAMPLE.females, { exact: false });
    expect(r.method).toBe('normal');
    expect(r.p).toBeCloseTo(SCIPY_MWU_EXAMPLE.asymptoticP, 13);
  });

  it('R ?wilcox.test example: W = 35, exact two-sided p = 0.2544 (one-sided 0.1272061)', () => {
    const { x, y } = R_WILCOX_EXAMPLE;
    const r = mannWhitneyU(x, y);
    expect(r).toMatchObject({ u: R_WILCOX_EXAMPLE.uX, method: 'exact' });
    expect(r.p).toBeCloseTo(R_WILCOX_EXAMPLE.twoSidedExactP, 4);
    // Two-sided exact p is twice the published one-sided tail.
    expect(r.p / 2).toBeCloseTo(R_WILCOX_EXAMPLE.oneSidedExactP, 7);
    expect(mannWhitneyU(y, x).u).toBe(R_WILCOX_EXAMPLE.uY);
  });

  it('R ?wilcox.test example, normal approximation: SAS Pr > |Z| = 0.2446', () => {
    const r = mannWhitneyU(R_WILCOX_EXAMPLE.x, R_WILCOX_EXAMPLE.y, { exact: false });
    expect(r.p).toBeCloseTo(R_WILCOX_EXAMPLE.twoSidedNormalP, 4);
  });

  it('UVA StatLab packaging weights: W = 13, exact p = 0.04988', () => {
    const r = mannWhitneyU(UVA_PACKAGING_EXAMPLE.a, UVA_PACKAGING_EXAMPLE.b);
    expect(r).toMatchObject({ u: UVA_PACKAGING_EXAMPLE.w, method: 'exact' });
    expect(r.p).toBeCloseTo(UVA_PACKAGING_EXAMPLE.p, 5);
  });

  it('R with ties falls back to the tie- and continuity-corrected normal approximation (W = 51.5, p = 0.5966)', () => {
    const r = mannWhitneyU(R_TIES_EXAMPLE.x, R_TIES_EXAMPLE.y);
    expect(r).toMatchObject({ u: R_TIES_EXAMPLE.w, method: 'normal' });
    expect(r.p).toBeCloseTo(R_TIES_EXAMPLE.p, 4);
  });

  it('R with ties inside one sample: W = 0, p = 0.001364', () => {
    const r = mannWhitneyU(R_TIES_EXAMPLE.x, R_TIES_EXAMPLE.y2);
    expect(r).toMatchObject({ u: R_TIES_EXAMPLE.w2, method: 'normal' });
    expect(r.p).toBeCloseTo(R_TIES_EXAMPLE.p2, 6);
  });
});

describe('mannWhitneyU hand-derived cases', () => {
  it('n = 3 vs 3 completely separated: exact p = 2/20 = 0.1', () => {
    // C(6,3) = 20 equally likely rank sets; only {1,2,3} gives U = 0 and only {4,5,6} gives U = 9.
    expect(mannWhitneyU([1, 2, 3], [4, 5, 6])).toEqual({ u: 0, p: 0.1, method: 'exact' });
    expect(mannWhitneyU([4, 5, 6], [1, 2, 3])).toEqual({ u: 9, p: 0.1, method: 'exact' });
  });

  it('n = 3 vs 3, U = 1: two-sided p = 2 * (1 + 1) / 20 = 0.2', () => {
    // U counts for (3,3): 1,1,2,3,3,3,3,2,1,1 over u = 0..9; P(U <= 1) = 2/20.
    expect(mannWhitneyU([1, 2, 4], [3, 5, 6]).p).toBeCloseTo(0.2, 15);
  });

  it('uses the normal approximation from 50 values per side, as R does (n < 50 is exact)', () => {
    const a = Array.from({ length: 50 }, (_, i) => i * 2);
    const b = Array.from({ length: 50 }, (_, i) => i * 2 + 1);
    expect(mannWhitneyU(a, b).method).toBe('normal');
    expect(mannWhitneyU(a.slice(1), b.slice(1)).method).toBe('exact');
  });
});

describe('mannWhitneyU guards and properties', () => {
  it('throws a clear error for an empty sample', () => {
    expect(() => mannWhitneyU([], [1, 2])).toThrow(/empty/);
    expect(() => mannWhitneyU([1, 2], [])).toThrow(/empty/);
  });

  it('throws for non-finite values instead of silently ranking them', () => {
    expect(() => mannWhitneyU([1, NaN], [1, 2])).toThrow(/finite/);
    expect(() => mannWhitneyU([1, 2], [Infinity])).toThrow(/finite/);
  });

  it('identical constant samples give p = 1', () => {
    expect(mannWhitneyU([5, 5, 5], [5, 5, 5, 5])).toMatchObject({ p: 1, u: 6 });
  });

  it('is symmetric: swapping the samples keeps p and mirrors U', () => {
    const a = [12.1, 13.4, 11.8, 15.0, 12.9, 14.2];
    const b = [13.3, 14.8, 15.9, 13.9, 16.1, 14.4, 15.2];
    const ab = mannWhitneyU(a, b);
    const ba = mannWhitneyU(b, a);
    expect(ba.p).toBeCloseTo(ab.p, 15);
    expect(ab.u + ba.u).toBe(a.length * b.length);
  });

  it('never returns p above 1 (U exactly at the centre)', () => {
    const r = mannWhitneyU([1, 4], [2, 3]);
    expect(r.u).toBe(2);
    expect(r.p).toBe(1);
  });
});
