// Baseline comparisons printed like benchstat, the comparison line people already know how to read:
//   p95 GET /payments  212ms ± 3%  240ms ± 4%  +13.2% [+9.8%, +16.5%]  (p=0.001 n=10)
// The terminal (`perfgate compare`, `run --baseline`) and every report print these same cells.
import type { BaselineComparison, Unit, Verdict } from '../cli/src/model/index.ts';
import { oncePerMeasurement } from '../cli/src/model/index.ts';
import { formatCenter, formatInterval, formatP, formatPercentChange, loadModelSuffix } from './format.ts';
import { fromZero, verdictUnit } from './verdicts.ts';

/** `latency.p95` → `p95`: the latency prefix is implied by the unit. */
export function shortMetric(metric: string): string {
  return metric.replace(/^latency\./, '');
}

/** `p95 (open model) GET /payments`: a compared measurement's name, the load model beside a load latency. */
export function comparisonName(m: { metric: string; subject: string; loadModel?: 'closed' | 'open' | undefined }): string {
  return `${shortMetric(m.metric)}${loadModelSuffix(m)} ${m.subject}`;
}

/** The cells of one comparison: name, base, head, change (`~` unless a change was claimed), test note. */
export function comparisonCells(name: string, b: BaselineComparison, unit: Unit): string[] {
  // Medians of rounds on both sides: the change is the ratio of these two.
  const head = b.headValue ?? b.value * (1 + b.delta);
  const decided = b.change === 'regressed' || b.change === 'improved';
  const change = !decided ? '~' : fromZero(b) ? 'from 0' : `${formatPercentChange(b.delta)}${b.ci ? ` ${formatInterval(b.ci)}` : ''}`;
  const notes: string[] = [];
  const p = b.pAdjusted ?? b.p;
  if (p !== undefined) notes.push(formatP(p));
  if (b.n) notes.push(`n=${b.n[0] === b.n[1] ? b.n[0] : `${b.n[0]}+${b.n[1]}`}`);
  if (b.test === 'exact') notes.push('exact');
  // Why a move was not claimed: the noise floor it had to clear, beside the interval.
  if (b.noiseFloor && b.noiseFloor.relative > 0) notes.push(`floor ±${formatFloor(b.noiseFloor.relative)}`);
  return [name, formatCenter(b.value, b.baseSpread, unit), formatCenter(head, b.headSpread, unit), change, notes.length ? `(${notes.join(' ')})` : ''];
}

/** Columns of one compared verdict, or undefined when it has no baseline. */
export function benchstatColumns(v: Verdict): string[] | undefined {
  return v.baseline ? comparisonCells(comparisonName({ metric: v.metric, subject: v.subject, loadModel: v.measurement?.loadModel }), v.baseline, verdictUnit(v)) : undefined;
}

/** Aligned benchstat-style block, one line per compared verdict, with a header. */
export function formatBenchstatTable(verdicts: readonly Verdict[], baseLabel = 'base', headLabel = 'head'): string {
  const rows = oncePerMeasurement(verdicts)
    .map(benchstatColumns)
    .filter((r): r is string[] => r !== undefined);
  if (rows.length === 0) return '';
  return alignColumns([['', baseLabel, headLabel, 'change', ''], ...rows]).join('\n');
}

export type Align = 'left' | 'right';

/**
 * Pads cells into columns separated by `gap` spaces. Default alignment: first column left (names),
 * the others right (numbers line up on their units) except the last (stats) left. Trailing spaces are trimmed.
 */
export function alignColumns(rows: readonly (readonly string[])[], align?: readonly Align[], gap = 2): string[] {
  const cols = Math.max(0, ...rows.map((r) => r.length));
  const width = (s: string) => [...s].length; // code points, so "µ" and "±" count as one column
  const widths = Array.from({ length: cols }, (_, i) => Math.max(0, ...rows.map((r) => width(r[i] ?? ''))));
  const alignOf = (i: number): Align => align?.[i] ?? (i === 0 || i === cols - 1 ? 'left' : 'right');
  return rows.map((r) =>
    r
      .map((cell, i) => {
        const pad = ' '.repeat(widths[i]! - width(cell));
        return alignOf(i) === 'left' ? cell + pad : pad + cell;
      })
      .join(' '.repeat(gap))
      .trimEnd(),
  );
}

/** `5%`, `0.5%`, `>100%`: a floor relative to a baseline value. */
function formatFloor(relative: number): string {
  if (relative > 1) return '>100%';
  return `${Number((relative * 100).toPrecision(relative >= 0.1 ? 2 : 1))}%`;
}
