import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile } from './normal.ts';
import { incompleteBeta, logGamma, studentCdf, studentQuantile, studentTwoSidedP } from './student-t.ts';

// Reference values from scipy.stats.t (2 * t.sf(t, df) and t.ppf(p, df)).
describe('Student t distribution', () => {
  it('log Γ matches factorials and Γ(1/2) = √π', () => {
    expect(logGamma(1)).toBeCloseTo(0, 13);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(logGamma(0.25)).toBeCloseTo(Math.log(3.625609908221908), 12);
  });

  it('incomplete beta: I_x(1, 1) = x and I_x(a, b) = 1 − I_{1−x}(b, a)', () => {
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 14);
    expect(incompleteBeta(0.2, 2.5, 0.5) + incompleteBeta(0.8, 0.5, 2.5)).toBeCloseTo(1, 14);
    expect(incompleteBeta(0, 2, 3)).toBe(0);
    expect(incompleteBeta(1, 2, 3)).toBe(1);
  });

  it('two-sided p at fractional degrees of freedom', () => {
    const cases: [number, number, number][] = [
      [3, 4.5, 0.03438086788875962],
      [2.5, 7.3, 0.03965023466560043],
      [10, 2.2, 0.007104463710258442],
      [0.3, 30, 0.7662461052843528],
      [6, 40, 4.7264551327881806e-7],
    ];
    for (const [t, df, p] of cases) expect(Math.abs(studentTwoSidedP(t, df) - p) / p).toBeLessThan(1e-10);
  });

  it('closed forms at 1 and 2 degrees of freedom', () => {
    for (const t of [-7, -1.3, 0, 0.4, 2, 25]) {
      expect(studentCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 13);
      expect(studentCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 13);
    }
  });

  it('tends to the normal distribution', () => {
    expect(studentCdf(1.7, 1e7)).toBeCloseTo(normalCdf(1.7), 7);
    expect(studentQuantile(0.975, 1e7)).toBeCloseTo(normalQuantile(0.975), 6);
  });

  it('quantiles', () => {
    const cases: [number, number, number][] = [
      [0.975, 10, 2.228138851986274],
      [0.975, 1, 12.706204736174694],
      [0.9995, 5, 6.868826625881276],
      [0.975, 2.7, 3.3921483831737507],
      [0.975, 37.4, 2.0254612332283064],
    ];
    for (const [p, df, t] of cases) {
      expect(studentQuantile(p, df)).toBeCloseTo(t, 10);
      expect(studentQuantile(1 - p, df)).toBeCloseTo(-t, 10);
    }
    expect(studentQuantile(0.5, 3)).toBe(0);
  });
});
