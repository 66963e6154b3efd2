import { describe, expect, it } from 'vitest';
import { alignColumns, formatComparison, formatComparisonTable, formatP, formatPercent, formatValue } from './benchstat-format.ts';
import type { Comparison } from './compare.ts';

function comparison(over: Partial<Comparison>): Comparison {
  return {
    baseMedian: 212, headMedian: 240, baseSpread: 0.03, headSpread: 0.04, change: 0.132, estimate: 0.13,
    ci: [0.098, 0.165], scale: 'log-ratio', p: 0.001, method: 'exact', n: [10, 10], confidence: 0.95,
    tolerance: 0.05, higherIsWorse: true, verdict: 'regressed', reason: '', ...over,
  };
}

describe('formatValue', () => {
  it('formats each unit', () => {
    expect(formatValue(212, 'ms')).toBe('212ms');
    expect(formatValue(24.56, 'ms')).toBe('24.6ms');
    expect(formatValue(0.85, 'ms')).toBe('850µs');
    expect(formatValue(1250, 'ms')).toBe('1.25s');
    expect(formatValue(2.5, 's')).toBe('2.5s');
    expect(formatValue(1234, 'rps')).toBe('1.23k rps');
    expect(formatValue(850, 'rps')).toBe('850 rps');
    expect(formatValue(1536, 'bytes')).toBe('1.5KiB');
    expect(formatValue(5 * 1024 * 1024, 'bytes')).toBe('5MiB');
    expect(formatValue(512, 'bytes')).toBe('512B');
    expect(formatValue(0.012, 'ratio')).toBe('1.2%');
    expect(formatValue(1.2, 'percent')).toBe('1.2%');
    expect(formatValue(0.93, 'score')).toBe('0.93');
    expect(formatValue(98, 'score')).toBe('98');
    expect(formatValue(0, 'count')).toBe('0');
  });

  it('formats signed percentages and p-values', () => {
    expect(formatPercent(0.132)).toBe('+13.2%');
    expect(formatPercent(-0.04)).toBe('-4.0%');
    expect(formatPercent(0)).toBe('+0.0%');
    expect(formatP(0.4123)).toBe('p=0.412');
    expect(formatP(0.0004)).toBe('p<0.001');
  });
});

describe('benchstat-style lines', () => {
  it('prints change and interval for a decided regression', () => {
    expect(formatComparison('p95 GET /payments', comparison({}), 'ms')).toBe(
      'p95 GET /payments  212ms ± 3%  240ms ± 4%  +13.2% [+9.8%, +16.5%]  (p=0.001 n=10)',
    );
  });

  it('prints ~ when the verdict is same or inconclusive, like benchstat', () => {
    const c = comparison({ verdict: 'inconclusive', p: 0.412 });
    expect(formatComparison('p95 GET /payments', c, 'ms')).toBe('p95 GET /payments  212ms ± 3%  240ms ± 4%  ~  (p=0.412 n=10)');
    expect(formatComparison('x', comparison({ verdict: 'same', n: [10, 8] }), 'ms')).toMatch(/~ {2}\(p=0\.001 n=10\+8\)$/);
  });

  it('shows the adjusted p and verdict when given', () => {
    const line = formatComparison('x', comparison({}), 'ms', { p: 0.08, verdict: 'inconclusive' });
    expect(line).toBe('x  212ms ± 3%  240ms ± 4%  ~  (p=0.080 n=10)');
  });

  it('aligns a table: names left, values right, stats left', () => {
    const out = formatComparisonTable([
      { name: 'p95 GET /payments', comparison: comparison({}), unit: 'ms' },
      { name: 'throughput', comparison: comparison({ baseMedian: 1200, headMedian: 1190, verdict: 'same', p: 0.5, baseSpread: 0.01, headSpread: 0.02 }), unit: 'rps' },
    ]).split('\n');
    expect(out).toHaveLength(3);
    // Every row's stats column starts at the same position.
    const at = out.slice(1).map((l) => l.indexOf('(p='));
    expect(new Set(at).size).toBe(1);
    expect(out[2]).toMatch(/^throughput +1\.2k rps ± 1% +1\.19k rps ± 2% +~  \(p=0\.500 n=10\)$/);
  });

  it('alignColumns counts µ and ± as one column and trims trailing space', () => {
    expect(alignColumns([['a', '850µs'], ['bbb', '1ms']], ['left', 'right'])).toEqual(['a    850µs', 'bbb    1ms']);
    expect(alignColumns([['a', ''], ['bb', 'x']])).toEqual(['a', 'bb  x']);
  });
});
