import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile, normalSf } from './normal.ts';

describe('normal distribution', () => {
  it('matches standard table values', () => {
    // Phi(1.959963984540054) = 0.975 and Phi(0) = 0.5 by definition of the quantile/symmetry.
    expect(normalCdf(0)).toBe(0.5);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    // Phi(-1) = 0.15865525393145707 (erfc(1/sqrt 2)/2).
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 15);
  });

  it('keeps relative precision far in the tail', () => {
    // Phi(-8) ≈ 6.220961e-16 (tables of the normal tail); 1 − Phi(8) computed naively would be 0.
    expect(normalSf(8) / 6.220961e-16).toBeCloseTo(1, 6);
  });

  it('quantile inverts the cdf', () => {
    for (const p of [1e-12, 1e-6, 0.01, 0.025, 0.3, 0.5, 0.8, 0.975, 0.999]) {
      expect(normalCdf(normalQuantile(p)) / p).toBeCloseTo(1, 10);
    }
  });
});
