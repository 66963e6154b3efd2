/**
 * benchstat-style text output: one line per comparison,
 *   p95 GET /payments  212ms ± 3%  240ms ± 4%  +13.2% [+9.8%, +16.5%]  (p=0.001 n=10)
 * with "~" in place of the change when there is no decided change (as benchstat prints
 * "~ (p=0.412 n=10)"), and a column aligner for a whole table.
 */
import type { Unit } from '../../model/measurement.ts';
import type { Comparison } from './compare.ts';

/** Three significant digits, without exponent notation for the magnitudes we print. */
function sig3(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return trimZeros(v.toFixed(1));
  if (a >= 1) return trimZeros(v.toFixed(2));
  return trimZeros(v.toPrecision(3));
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** Scales a value by the largest step it reaches: e.g. 1536 bytes -> 1.5 KiB. */
function scaled(v: number, steps: ReadonlyArray<readonly [number, string]>): string {
  const a = Math.abs(v);
  let [div, suffix] = steps[0];
  for (const [d, s] of steps) if (a >= d) [div, suffix] = [d, s];
  return `${sig3(v / div)}${suffix}`;
}

/**
 * Formats one value with its unit: ms and s auto-scale between µs, ms and s; rps to k/M rps;
 * bytes in binary units (KiB, MiB, GiB); ratio (0.012) as a percentage (1.2%); percent (1.2) as
 * 1.2%; score and count plain.
 */
export function formatValue(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return String(value);
  switch (unit) {
    case 'ms':
      return scaled(value / 1000, TIME_STEPS);
    case 's':
      return scaled(value, TIME_STEPS);
    case 'rps':
      return `${scaled(value, [[1, ''], [1e3, 'k'], [1e6, 'M']])} rps`;
    case 'bytes':
      return scaled(value, [[1, 'B'], [1024, 'KiB'], [1024 ** 2, 'MiB'], [1024 ** 3, 'GiB'], [1024 ** 4, 'TiB']]);
    case 'ratio':
      return `${sig3(value * 100)}%`;
    case 'percent':
      return `${sig3(value)}%`;
    case 'score':
    case 'count':
      return sig3(value);
  }
}

const TIME_STEPS: ReadonlyArray<readonly [number, string]> = [[1e-9, 'ns'], [1e-6, 'µs'], [1e-3, 'ms'], [1, 's']];

/** Signed percentage with one decimal: +13.2%, -4.0%. */
export function formatPercent(x: number): string {
  if (!Number.isFinite(x)) return '?';
  const v = (x * 100).toFixed(1);
  return `${x >= 0 && !v.startsWith('-') ? '+' : ''}${v}%`;
}

/** "212ms ± 3%": a median with its relative spread (omitted when unknown). */
export function formatCenter(median: number, spread: number, unit: Unit): string {
  const s = Number.isFinite(spread) ? ` ± ${Math.round(spread * 100)}%` : '';
  return `${formatValue(median, unit)}${s}`;
}

/** p as benchstat prints it: three decimals, or "p<0.001" below that. */
export function formatP(p: number): string {
  return p < 0.001 ? 'p<0.001' : `p=${p.toFixed(3)}`;
}

export interface FormatOptions {
  /** Verdict to display; defaults to the comparison's own (pass the BH-based one when adjusted). */
  verdict?: Comparison['verdict'];
  /** p to display; defaults to the comparison's raw p (pass the adjusted one when adjusted). */
  p?: number;
}

/**
 * The cells of one line: [name, base, head, change, stats]. The change shows only for a decided
 * regression or improvement; otherwise "~", because a printed +2.1% invites reading noise as signal.
 */
export function formatComparisonCells(name: string, c: Comparison, unit: Unit, opts: FormatOptions = {}): string[] {
  const verdict = opts.verdict ?? c.verdict;
  const p = opts.p ?? c.p;
  const [nb, nh] = c.n;
  const stats = `(${formatP(p)} n=${nb === nh ? nb : `${nb}+${nh}`})`;
  const decided = verdict === 'regressed' || verdict === 'improved';
  const change = decided ? `${formatPercent(c.change)} [${formatPercent(c.ci[0])}, ${formatPercent(c.ci[1])}]` : '~';
  return [name, formatCenter(c.baseMedian, c.baseSpread, unit), formatCenter(c.headMedian, c.headSpread, unit), change, stats];
}

/** One unaligned line, cells separated by two spaces. */
export function formatComparison(name: string, c: Comparison, unit: Unit, opts: FormatOptions = {}): string {
  return formatComparisonCells(name, c, unit, opts).join('  ');
}

export type Align = 'left' | 'right';

/**
 * Pads cells into columns separated by `gap` spaces. Default alignment: first column left (names),
 * the others right (numbers line up on their units) except the last (stats) left. Rows may have
 * different lengths; trailing spaces are trimmed.
 */
export function alignColumns(rows: readonly (readonly string[])[], align?: readonly Align[], gap = 2): string[] {
  const cols = Math.max(0, ...rows.map((r) => r.length));
  const width = (s: string) => [...s].length; // code points, so "µ" and "±" count as one column
  const widths = Array.from({ length: cols }, (_, i) => Math.max(0, ...rows.map((r) => width(r[i] ?? ''))));
  const alignOf = (i: number): Align => align?.[i] ?? (i === 0 || i === cols - 1 ? 'left' : 'right');
  return rows.map((r) =>
    r
      .map((cell, i) => {
        const pad = ' '.repeat(widths[i] - width(cell));
        return alignOf(i) === 'left' ? cell + pad : pad + cell;
      })
      .join(' '.repeat(gap))
      .trimEnd(),
  );
}

/** A whole benchstat-like table, with an optional header row. */
export function formatComparisonTable(
  entries: ReadonlyArray<{ name: string; comparison: Comparison; unit: Unit } & FormatOptions>,
  header: readonly string[] | null = ['', 'base', 'head', 'change', ''],
): string {
  const rows = entries.map((e) => formatComparisonCells(e.name, e.comparison, e.unit, e));
  return alignColumns(header ? [header, ...rows] : rows).join('\n');
}
