import { describe, expect, it } from 'vitest';
import type { BaselineComparison } from '../cli/src/model/index.ts';
import { alignColumns, comparisonCells } from './benchstat.ts';
import { formatCenter, formatP, formatPercentChange, formatValue } from './format.ts';

function comparison(over: Partial<BaselineComparison>): BaselineComparison {
  return {
    run: 'base',
    value: 212,
    headValue: 240,
    delta: 0.132,
    change: 'regressed',
    test: 'mann-whitney-u',
    p: 0.001,
    pAdjusted: 0.001,
    ci: [0.098, 0.165],
    n: [10, 10],
    baseSpread: 0.03,
    headSpread: 0.04,
    tolerance: 0.05,
    reason: { code: 'beyond-tolerance' },
    ...over,
  };
}
const line = (name: string, b: BaselineComparison, unit: 'ms' | 'rps' = 'ms') => comparisonCells(name, b, unit).join('  ');

describe('one formatter for values, percents and p-values', () => {
  it('prints a value the same way in a benchstat line as in a report, only without the space', () => {
    expect(formatValue(212, 'ms')).toBe('212 ms');
    expect(formatValue(212, 'ms', { compact: true })).toBe('212ms');
    expect(formatCenter(212, 0.03, 'ms')).toBe('212ms ± 3%');
    expect(formatCenter(1234, undefined, 'rps')).toBe('1,234req/s');
  });

  it('signs percentages and prints p as benchstat does', () => {
    expect(formatPercentChange(0.132)).toBe('+13.2%');
    expect(formatPercentChange(-0.04)).toBe('-4.0%');
    expect(formatPercentChange(0)).toBe('0.0%');
    expect(formatP(0.4123)).toBe('p=0.412');
    expect(formatP(0.0004)).toBe('p<0.001');
  });
});

describe('benchstat-style lines', () => {
  it('prints change and interval for a claimed regression', () => {
    expect(line('p95 GET /payments', comparison({}))).toBe('p95 GET /payments  212ms ± 3%  240ms ± 4%  +13.2% [+9.8%, +16.5%]  (p=0.001 n=10)');
  });

  it('prints ~ when the change is same or inconclusive, like benchstat, with the adjusted p', () => {
    expect(line('p95 GET /payments', comparison({ change: 'inconclusive', pAdjusted: 0.412 }))).toBe('p95 GET /payments  212ms ± 3%  240ms ± 4%  ~  (p=0.412 n=10)');
    expect(line('x', comparison({ change: 'same', n: [10, 8] }))).toMatch(/~ {2}\(p=0\.001 n=10\+8\)$/);
  });

  it('marks exact comparisons and a value that grew from 0', () => {
    const exact = comparison({
      test: 'exact',
      value: 0,
      headValue: 50_000,
      p: undefined,
      pAdjusted: undefined,
      n: undefined,
      ci: undefined,
      baseSpread: undefined,
      headSpread: undefined,
    });
    expect(comparisonCells('plan.seq_scan_rows query:x', exact, 'count')).toEqual(['plan.seq_scan_rows query:x', '0', '50,000', 'from 0', '(exact)']);
  });

  it('alignColumns counts µ and ± as one column and trims trailing space', () => {
    expect(
      alignColumns(
        [
          ['a', '850µs'],
          ['bbb', '1ms'],
        ],
        ['left', 'right'],
      ),
    ).toEqual(['a    850µs', 'bbb    1ms']);
    expect(
      alignColumns([
        ['a', ''],
        ['bb', 'x'],
      ]),
    ).toEqual(['a', 'bb  x']);
  });
});
