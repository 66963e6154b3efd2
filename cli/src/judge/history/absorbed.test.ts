import { describe, expect, it } from 'vitest';
import { findAbsorbedRegression } from './absorbed.ts';
import { detectChangePoints } from './change-points.ts';
import { syntheticSeries } from './synthetic-series.ts';

const options = { higherIsWorse: true, tolerance: 0.05, confidence: 0.95 };
const find = (values: number[], o = options) => findAbsorbedRegression(values, detectChangePoints(values, { floor: { relative: 0.05 } }), o);

describe('findAbsorbedRegression', () => {
  it('the latest segment against the best earlier one', () => {
    // 100 → 115 at run 10 → 130 at run 20, in 2 % noise: +30 % since the first segment, through two shifts.
    const values = syntheticSeries(
      2,
      30,
      [
        [10, 0.15],
        [20, 130 / 115 - 1],
      ],
      0.02,
    );
    const found = find(values)!;
    expect(found.reference).toEqual([0, 10]);
    expect(found.latest).toEqual([20, 30]);
    expect(found.shifts).toEqual([10, 20]);
    expect(found.comparison.change).toBeGreaterThan(0.2);
  });

  it('a regression since recovered is not absorbed', () => {
    expect(
      find(
        syntheticSeries(3, 30, [
          [10, 0.2],
          [20, -0.2 / 1.2],
        ]),
      ),
    ).toBeUndefined();
  });

  it('within the tolerance it is not called out', () => {
    const values = syntheticSeries(4, 30, [[15, 0.08]], 0.005);
    expect(find(values)).toBeDefined();
    expect(find(values, { ...options, tolerance: 0.1 })).toBeUndefined();
  });

  it('for higher-is-better metrics, a fall is the regression', () => {
    const values = syntheticSeries(5, 30, [[15, -0.2]]);
    expect(find(values, { ...options, higherIsWorse: false })).toBeDefined();
    expect(find(values)).toBeUndefined();
  });

  it('none without a change point', () => {
    expect(find(syntheticSeries(6, 30))).toBeUndefined();
  });
});
