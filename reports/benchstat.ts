// Baseline comparisons printed like benchstat, the comparison line people already know how to read.
// Cells and alignment come from the judge's own formatter, so reports print what the terminal prints.
import { alignColumns, formatCenter, formatP, formatPercent } from '../cli/src/judge/stats/benchstat-format.ts';
import type { Verdict } from '../cli/src/model/index.ts';
import { oncePerMeasurement } from '../cli/src/judge/summarize.ts';
import { fromZero, verdictUnit } from './verdicts.ts';

/** `latency.p95` → `p95`: the latency prefix is implied by the unit. */
export function shortMetric(metric: string): string {
  return metric.replace(/^latency\./, '');
}

/** Columns of one comparison: name, base, head, change, test note. */
export function benchstatColumns(v: Verdict): string[] | undefined {
  const b = v.baseline;
  if (!b) return undefined;
  const unit = verdictUnit(v);
  // Medians of rounds on both sides (as `perfgate compare` prints): the change is the ratio of these two.
  const head = b.headValue ?? b.value * (1 + b.delta);
  // Only a claimed change prints a number; same/inconclusive print `~` like benchstat.
  const decided = b.change === 'regressed' || b.change === 'improved';
  const change = !decided ? '~' : fromZero(b) ? 'from 0' : `${formatPercent(b.delta)}${b.ci ? ` [${formatPercent(b.ci[0])}, ${formatPercent(b.ci[1])}]` : ''}`;
  const notes: string[] = [];
  const p = b.pAdjusted ?? b.p;
  if (p !== undefined) notes.push(formatP(p));
  if (b.n) notes.push(`n=${b.n[0] === b.n[1] ? b.n[0] : `${b.n[0]}+${b.n[1]}`}`);
  if (b.test === 'exact') notes.push('exact');
  return [
    `${shortMetric(v.metric)} ${v.subject}`,
    formatCenter(b.value, b.baseSpread ?? Number.NaN, unit),
    formatCenter(head, b.headSpread ?? Number.NaN, unit),
    change,
    notes.length ? `(${notes.join(' ')})` : '',
  ];
}

/** Aligned benchstat-style block, one line per compared verdict, with a header. */
export function formatBenchstatTable(verdicts: readonly Verdict[], baseLabel = 'base', headLabel = 'head'): string {
  const rows = oncePerMeasurement(verdicts).map(benchstatColumns).filter((r): r is string[] => r !== undefined);
  if (rows.length === 0) return '';
  return alignColumns([['', baseLabel, headLabel, 'change', ''], ...rows]).join('\n');
}
