// `perfgate history` in a terminal: each metric's trend as a sparkline with its change points, each run's value in a
// table when few metrics are shown, and the regressions a baseline has absorbed.
import type { History, MetricHistory } from '../cli/src/model/index.ts';
import { formatTimestamp, formatValue } from './format.ts';
import { absorbedText, changePointText, methodText, seriesName, shortSha } from './history-wording.ts';
import { sparkline } from './sparkline.ts';

export interface HistoryTextOptions {
  /** Where the runs were read from, named in the heading. */
  source?: string;
  /** Each run's value is tabled when this many series or fewer are shown. Default 4. */
  valueColumns?: number;
}

/** Aligns columns: every cell padded to its column's widest, the last column left ragged. */
function table(rows: string[][], rightAligned: ReadonlySet<number> = new Set()): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)));
  const pad = (cell: string, c: number) => {
    const gap = ' '.repeat(widths[c]! - [...cell].length);
    return rightAligned.has(c) ? gap + cell : cell + gap;
  };
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 && !rightAligned.has(c) ? cell : pad(cell, c))).join('  '));
}

function trendLine(s: MetricHistory, h: History): string[] {
  const byRun = new Map(s.points.map((p) => [p.runId, p.value]));
  const first = s.points[0]!;
  const last = s.points.at(-1)!;
  const steady = s.changePoints.length === 0 ? 'no change point' : `${s.changePoints.length} change point${s.changePoints.length === 1 ? '' : 's'}`;
  return [
    seriesName(s),
    sparkline(h.runs.map((r) => byRun.get(r.id))),
    `${formatValue(first.value, s.unit, { compact: true })} → ${formatValue(last.value, s.unit, { compact: true })}`,
    `${s.points.length} run${s.points.length === 1 ? '' : 's'}, ${steady}`,
  ];
}

function details(s: MetricHistory): string[] {
  const out = s.changePoints.map((cp) => `    ${cp.difference > 0 ? '▲' : '▼'} ${cp.direction === 'worse' ? 'worse ' : 'better'} ${changePointText(cp, s)}`);
  const absorbed = absorbedText(s);
  if (absorbed) out.push(`    ! absorbed regression: ${absorbed}`);
  if (s.environments) out.push(`    note: these runs come from ${s.environments.length} machines or targets (${s.environments.join('; ')}): their numbers may not compare`);
  return out;
}

/** `#  started  sha  run  <value per series>`, a ◆ beside the first run at a new level. */
function runsTable(h: History, shown: readonly MetricHistory[]): string[] {
  const header = ['#', 'started (UTC)', 'sha', 'run', ...shown.map((s) => `${s.metric} ${s.subject}`)];
  const rows = h.runs.map((r, i) => [
    String(i + 1),
    formatTimestamp(r.startedAt).replace(' UTC', ''),
    shortSha(r.gitSha),
    r.id,
    ...shown.map((s) => {
      const at = s.points.findIndex((p) => p.runId === r.id);
      if (at < 0) return '–';
      const shift = s.changePoints.some((cp) => cp.index === at) ? ' ◆' : '';
      return `${formatValue(s.points[at]!.value, s.unit)}${shift}`;
    }),
  ]);
  const right = new Set([0, ...shown.map((_, i) => 4 + i)]);
  return [...table([header, ...rows], right), ...(shown.some((s) => s.changePoints.length) ? ['◆ first run at a new level (a change point)'] : [])];
}

export function renderHistoryText(h: History, options: HistoryTextOptions = {}): string {
  const lines: string[] = [];
  const span = h.runs.length ? `, ${formatTimestamp(h.runs[0]!.startedAt)} → ${formatTimestamp(h.runs.at(-1)!.startedAt)}` : '';
  lines.push(`perfgate history: ${h.runs.length} run${h.runs.length === 1 ? '' : 's'}${span}${options.source ? ` (${options.source})` : ''}`);
  lines.push(methodText(h));
  for (const u of h.unreadable ?? []) lines.push(`note: left out ${u.file}: ${u.reason}`);
  lines.push('');
  if (h.series.length === 0) return `${[...lines, 'no measurements in these runs'].join('\n')}\n`;
  const trends = table(h.series.map((s) => trendLine(s, h)));
  h.series.forEach((s, i) => lines.push(trends[i]!, ...details(s)));
  lines.push('');
  const limit = options.valueColumns ?? 4;
  if (h.series.length <= limit) lines.push(...runsTable(h, h.series));
  else lines.push(`each run's value: narrow it to ${limit} series or fewer (METRIC-GLOB, --subject, --check), or --json`);
  return `${lines.join('\n')}\n`;
}
