import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bestSplit } from './e-divisive.ts';
import { syntheticSeries } from './synthetic-series.ts';

/** Q̂ straight from its definition, every pair summed anew. */
function qHat(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  const m = y.length;
  let between = 0;
  for (const a of x) for (const b of y) between += Math.abs(a - b);
  const within = (s: readonly number[]) => {
    let sum = 0;
    for (let i = 0; i < s.length; i++) for (let j = i + 1; j < s.length; j++) sum += Math.abs(s[i]! - s[j]!);
    return s.length > 1 ? (2 * sum) / (s.length * (s.length - 1)) : 0;
  };
  return ((n * m) / (n + m)) * ((2 * between) / (n * m) - within(x) - within(y));
}

function bruteForce(values: readonly number[], start: number, end: number, minSize: number) {
  let best: { index: number; end: number; q: number } | undefined;
  for (let tau = start + minSize; tau <= end - minSize; tau++)
    for (let kappa = tau + minSize; kappa <= end; kappa++) {
      const q = qHat(values.slice(start, tau), values.slice(tau, kappa));
      if (!best || q > best.q + 1e-9) best = { index: tau, end: kappa, q };
    }
  return best;
}

describe('bestSplit (E-divisive candidate)', () => {
  it('equals the definition summed pair by pair', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1000, max: 1000, noNaN: true }), { minLength: 4, maxLength: 24 }), fc.integer({ min: 2, max: 4 }), (values, minSize) => {
        const fast = bestSplit(values, 0, values.length, minSize);
        const slow = bruteForce(values, 0, values.length, minSize);
        if (!slow) return fast === undefined;
        expect(fast!.q).toBeCloseTo(slow.q, 6);
        return true;
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('works on a stretch inside the series', () => {
    const values = syntheticSeries(5, 30, [[18, 0.3]]);
    expect(bestSplit(values, 10, 30, 3)!.index).toBe(18);
    expect(bestSplit(values, 10, 15, 3)).toBeUndefined();
  });

  it('ends the second side before a later shift that would blur it', () => {
    // 100 → 130 at run 10, back to 100 at run 20: the best κ stops at 20.
    const values = syntheticSeries(9, 40, [
      [10, 0.3],
      [20, -0.3 / 1.3],
    ]);
    expect(bestSplit(values, 0, 40, 3)).toMatchObject({ index: 10, end: 20 });
  });
});
