import { alignColumns, comparisonCells, shortMetric } from '../../../reports/benchstat.ts';
import type { MetricComparison } from '../judge/compare-runs.ts';

/** The benchstat-style table of a comparison, then one line of counts, as the terminal prints it. */
export function printComparisons(comparisons: readonly MetricComparison[], baseLabel: string, headLabel: string): string {
  const rows = comparisons.map((c) => comparisonCells(`${shortMetric(c.head.metric)} ${c.head.subject}`, c.result, c.head.unit));
  const lines = rows.length ? alignColumns([['', baseLabel, headLabel, 'change', ''], ...rows]) : [];
  const counts = ['regressed', 'improved', 'same', 'inconclusive'].map((k) => `${comparisons.filter((c) => c.result.change === k).length} ${k}`);
  // Per measurement; the verdict line below it counts per budget rule, which may judge a measurement twice.
  lines.push('', `${comparisons.length} measurement${comparisons.length === 1 ? '' : 's'} compared: ${counts.join(', ')}`);
  return lines.join('\n');
}
