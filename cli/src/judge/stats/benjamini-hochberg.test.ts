import { describe, expect, it } from 'vitest';
import { benjaminiHochberg } from './benjamini-hochberg.ts';
import { C212_BH_EXAMPLE } from './fixtures.ts';

describe('benjaminiHochberg', () => {
  it('matches the adjusted values published in the c212 documentation example', () => {
    const adjusted = benjaminiHochberg(C212_BH_EXAMPLE.p);
    for (const [raw, published] of C212_BH_EXAMPLE.published) {
      const i = C212_BH_EXAMPLE.p.indexOf(raw);
      expect(adjusted[i]).toBeCloseTo(published, 7);
    }
  });

  it('hand-derived: p = (0.01, 0.04, 0.03, 0.005), m = 4', () => {
    // Sorted 0.005, 0.01, 0.03, 0.04 → m/rank·p = 0.02, 0.02, 0.04, 0.04; running minimum from
    // the top leaves them unchanged. Back in input order: 0.02, 0.04, 0.04, 0.02.
    const r = benjaminiHochberg([0.01, 0.04, 0.03, 0.005]);
    [0.02, 0.04, 0.04, 0.02].forEach((v, i) => expect(r[i]).toBeCloseTo(v, 15));
  });

  it('step-up monotonicity: a smaller raw p never gets a larger adjusted p', () => {
    // 0.04 at rank 4 of 4 stays 0.04; 0.039 at rank 3 would be 0.052 but is capped by 0.04.
    const r = benjaminiHochberg([0.001, 0.02, 0.039, 0.04]);
    expect(r[2]).toBeCloseTo(0.04, 15);
    for (let i = 1; i < r.length; i++) expect(r[i]).toBeGreaterThanOrEqual(r[i - 1]);
  });

  it('caps at 1, keeps NaN out of m, handles empty input', () => {
    expect(benjaminiHochberg([0.9, 0.95])).toEqual([0.95, 0.95]);
    const r = benjaminiHochberg([0.01, NaN, 0.02]);
    expect(r[1]).toBeNaN();
    expect(r[0]).toBeCloseTo(0.02, 15);
    expect(r[2]).toBeCloseTo(0.02, 15);
    expect(benjaminiHochberg([])).toEqual([]);
    expect(() => benjaminiHochberg([1.2])).toThrow(/outside/);
  });

  it('equals the definition min_{j >= i} (m/j) p_(j) on random inputs', () => {
    let s = 7;
    const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
    const p = Array.from({ length: 25 }, () => rnd() ** 3);
    const sorted = [...p].sort((a, b) => a - b);
    const m = p.length;
    const adjusted = benjaminiHochberg(p);
    p.forEach((pi, idx) => {
      const rank = sorted.indexOf(pi) + 1;
      let best = Infinity;
      for (let j = rank; j <= m; j++) best = Math.min(best, (m / j) * sorted[j - 1]);
      expect(adjusted[idx]).toBeCloseTo(Math.min(1, best), 14);
    });
  });
});
