import { alignColumns, comparisonCells, comparisonName } from '../../../reports/benchstat.ts';
import type { MetricComparison } from '../judge/compare-runs.ts';

/** The benchstat-style table of a comparison, then one line of counts, as the terminal prints it. */
export function printComparisons(comparisons: readonly MetricComparison[], baseLabel: string, headLabel: string): string {
  // A claimed change no budget rule covers cannot fail the run: it says so on its own line.
  const claimed = (c: MetricComparison) => c.result.change === 'regressed' || c.result.change === 'improved';
  const rows = comparisons.map((c) => [...comparisonCells(comparisonName(c.head), c.result, c.head.unit), claimed(c) && !c.gated ? 'not gated' : '']);
  const lines = rows.length ? alignColumns([['', baseLabel, headLabel, 'change', '', ''], ...rows], ['left', 'right', 'right', 'right', 'left', 'left']) : [];
  const counts = ['regressed', 'improved', 'same', 'inconclusive'].map((k) => {
    const of = comparisons.filter((c) => c.result.change === k);
    const notGated = of.filter((c) => !c.gated).length;
    return `${of.length} ${k}${notGated && (k === 'regressed' || k === 'improved') ? ` (${notGated} not gated)` : ''}`;
  });
  // Per measurement; the verdict line below it counts per budget rule, which may judge a measurement twice.
  lines.push('', `${comparisons.length} measurement${comparisons.length === 1 ? '' : 's'} compared: ${counts.join(', ')}`);
  return lines.join('\n');
}
