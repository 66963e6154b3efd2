import { describe, expect, it } from 'vitest';
import { compareMeasurements } from '../judge/compare-runs.ts';
import { BudgetFile, type Measurement } from '../model/index.ts';
import { printComparisons } from './print-comparisons.ts';

const sampled = (metric: string, samples: number[]): Measurement => ({ check: 'load', metric, subject: 'GET /stall', value: samples[0]!, unit: 'ms', samples });
const base = [10, 10.2, 9.9, 10.1, 10.3, 9.8, 10, 10.1, 9.9, 10.2];

describe('printComparisons', () => {
  it('labels a claimed change that no rule gates on its own line, and counts it so', () => {
    const budgets = BudgetFile.parse({ rules: [{ check: 'load', metric: 'latency.p95', max: 1000 }] });
    const run = { id: 'base', measurements: [sampled('latency.p95', base), sampled('latency.p99', base)] };
    const comparisons = compareMeasurements(
      run,
      [
        sampled('latency.p95', base),
        sampled(
          'latency.p99',
          base.map((x) => x * 2),
        ),
      ],
      { budgets },
    );
    const lines = printComparisons(comparisons, 'base', 'head').split('\n');
    expect(lines.find((l) => l.startsWith('p99'))).toMatch(/\+100% \[.*\]\s+\(p<0\.001 n=10\)\s+not gated$/);
    expect(lines.find((l) => l.startsWith('p95'))).not.toMatch(/not gated/);
    expect(lines.at(-1)).toBe('2 measurements compared: 1 regressed (1 not gated), 0 improved, 1 same, 0 inconclusive');
  });
});
