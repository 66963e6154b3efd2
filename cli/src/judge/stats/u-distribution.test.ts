import { describe, expect, it } from 'vitest';
import { uCdf, uDistribution, uQuantile, uSf } from './u-distribution.ts';

describe('exact U distribution', () => {
  it('matches a hand enumeration for m = n = 3', () => {
    // The 20 rank sets of the first sample and their U = rank sum − 6:
    // {123}:0 {124}:1 {125}:2 {134}:2 {126}:3 {135}:3 {234}:3 {136}:4 {145}:4 {235}:4
    // {146}:5 {236}:5 {245}:5 {156}:6 {246}:6 {345}:6 {256}:7 {346}:7 {356}:8 {456}:9
    const counts = Array.from(uDistribution(3, 3).probabilities, (p) => Math.round(p * 20));
    expect(counts).toEqual([1, 1, 2, 3, 3, 3, 3, 2, 1, 1]);
  });

  it('is symmetric in the sample sizes and sums to 1', () => {
    const a = uDistribution(4, 7).probabilities;
    const b = uDistribution(7, 4).probabilities;
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(a.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 14);
  });

  it('keeps extreme tails exact for large sizes: P(U = 0) = 1 / C(98, 49)', () => {
    // C(98, 49) = 25477612258980856902730428600 (exact integer), far beyond 2^53.
    expect(uCdf(0, 49, 49) * 25477612258980856902730428600).toBeCloseTo(1, 10);
    expect(uSf(49 * 49, 49, 49)).toBeCloseTo(uCdf(0, 49, 49), 40);
  });

  it('quantile is the smallest u with P(U <= u) >= p (R qwilcox semantics)', () => {
    // (5, 10): P(U <= 8) = 60/3003 = 0.01998 < 0.025 <= P(U <= 9) = 83/3003 = 0.02764.
    expect(uCdf(8, 5, 10)).toBeCloseTo(60 / 3003, 15);
    expect(uCdf(9, 5, 10)).toBeCloseTo(83 / 3003, 15);
    expect(uQuantile(0.025, 5, 10)).toBe(9);
    // Boundary: for (3, 3), P(U <= 1) = 0.1 exactly, so qwilcox(0.1) = 1, not 2.
    expect(uQuantile(0.1, 3, 3)).toBe(1);
  });

  it('rejects nonsense sizes', () => {
    expect(() => uDistribution(0, 3)).toThrow(/positive integers/);
    expect(() => uDistribution(2.5, 3)).toThrow(/positive integers/);
  });
});
