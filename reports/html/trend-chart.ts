// One metric's history as a chart: each stored run's value (a dot, joined oldest to newest), each segment's mean as a
// level between its change points, every change point a dashed vertical line labelled with its shift, and the budget
// limit when it lies near the data. The y axis starts at 0, so noise looks as small as it is and a shift as large.
import type { ChangePoint, HistoryRun, MetricHistory, Verdict } from '../../cli/src/model/index.ts';
import { formatPercentChange, formatTimestamp, formatValue } from '../format.ts';
import { changePointText, shiftSize, shortSha } from '../history-wording.ts';
import { esc } from './escape.ts';
import { linearAxis, niceCeil } from './scale.ts';

/** Two geometries of one chart, as the other charts have: SVG text scales with the SVG, so phones get their own. */
interface Layout {
  cls: 'wide' | 'narrow';
  W: number;
  H: number;
  left: number;
  right: number;
  /** Room above the plot for the change points' labels. */
  top: number;
  bottom: number;
  xTicks: number;
  /** Labels carry the sha too where there is room. */
  shaInLabel: boolean;
}
const WIDE: Layout = { cls: 'wide', W: 820, H: 240, left: 58, right: 18, top: 34, bottom: 40, xTicks: 12, shaInLabel: true };
const NARROW: Layout = { cls: 'narrow', W: 360, H: 220, left: 46, right: 12, top: 34, bottom: 40, xTicks: 5, shaInLabel: false };

/** SVG text at font-size 12: about this wide per character (bold). */
const CHAR_W = 7.4;
/** Height of a row of change point labels. */
const ROW = 15;

const f1 = (n: number) => n.toFixed(1);

export type Limit = NonNullable<Verdict['limit']>;

/** A change point's label above the plot: where it sits, and on which of two rows, so that neighbours do not overlap. */
interface CpLabel {
  cp: ChangePoint;
  /** x of the dashed line: between the last run before and the first after. */
  x: number;
  text: string;
  anchor: 'start' | 'middle' | 'end';
  textX: number;
  /** 0 the lower row, 1 the upper; undefined when neither has room (the caption lists every change point anyway). */
  row?: 0 | 1;
}

function placeLabels(s: MetricHistory, xOfPoint: (i: number) => number, layout: Layout): CpLabel[] {
  const rightEdge: [number, number] = [-Infinity, -Infinity];
  return s.changePoints.map((cp) => {
    const x = (xOfPoint(cp.index - 1) + xOfPoint(cp.index)) / 2;
    const size = cp.change !== undefined ? formatPercentChange(cp.change) : shiftSize(cp, s).split(' ')[0]!;
    const text = layout.shaInLabel ? `${size} ${shortSha(cp.gitSha)}` : size;
    const width = text.length * CHAR_W;
    // Kept inside the chart: anchored at its end near the right edge, at its start near the left.
    const anchor = x + width / 2 > layout.W - 2 ? 'end' : x - width / 2 < 2 ? 'start' : 'middle';
    const textX = anchor === 'end' ? x + 4 : anchor === 'start' ? x - 4 : x;
    const from = anchor === 'end' ? textX - width : anchor === 'start' ? textX : textX - width / 2;
    const row = ([0, 1] as const).find((r) => from > rightEdge[r] + 6);
    if (row !== undefined) rightEdge[row] = from + width;
    return { cp, x, text, anchor, textX, ...(row !== undefined ? { row } : {}) };
  });
}

function svg(s: MetricHistory, runs: readonly HistoryRun[], limit: Limit | undefined, layout: Layout): string {
  const { W, left, right, bottom } = layout;
  const plotW = W - left - right;
  const runIndex = new Map(runs.map((r, i) => [r.id, i]));
  const slot = plotW / Math.max(1, runs.length);
  const x = (run: number) => left + (run + 0.5) * slot;
  const points = s.points.map((p) => ({ ...p, run: runIndex.get(p.runId) ?? 0 }));
  const labels = placeLabels(s, (i) => x(points[i]!.run), layout);
  // A second row of labels takes room above the plot, not from it.
  const extra = labels.some((l) => l.row === 1) ? ROW : 0;
  const top = layout.top + extra;
  const H = layout.H + extra;
  const plotBottom = H - bottom;
  const values = points.map((p) => p.value);
  const dataMax = Math.max(...values, ...s.changePoints.flatMap((cp) => [cp.before.mean, cp.after.mean]));
  // A limit far above the data would flatten it: drawn only when near.
  const drawLimit = limit && limit.value > 0 && limit.value <= dataMax * 1.5 ? limit : undefined;
  const axis = linearAxis(Math.max(dataMax * 1.05, drawLimit?.value ?? 0) || 1);
  const max = axis.max;
  const y = (v: number) => plotBottom - (Math.max(0, v) / max) * (plotBottom - top);
  const out: string[] = [];

  for (const t of axis.ticks) {
    out.push(`<line class="grid" x1="${left}" x2="${W - right}" y1="${f1(y(t))}" y2="${f1(y(t))}"/>`);
    out.push(`<text class="tick" x="${left - 6}" y="${f1(y(t) + 4)}" text-anchor="end">${esc(formatValue(t, s.unit, { compact: true }))}</text>`);
  }
  // Run numbers under the plot, a round step apart.
  const step = Math.max(1, Math.ceil(niceCeil(runs.length / layout.xTicks)));
  for (let i = 0; i < runs.length; i += step) {
    out.push(`<text class="tick" x="${f1(x(i))}" y="${plotBottom + 16}" text-anchor="middle">${i + 1}</text>`);
  }
  out.push(`<text class="axis" x="${f1(left + plotW / 2)}" y="${H - 6}" text-anchor="middle">stored run, oldest → newest</text>`);

  if (drawLimit) {
    const yy = f1(y(drawLimit.value));
    out.push(
      `<line class="tr-limit" x1="${left}" x2="${W - right}" y1="${yy}" y2="${yy}"><title>${esc(`budget ${drawLimit.kind} ${formatValue(drawLimit.value, s.unit)}`)}</title></line>`,
    );
    out.push(
      `<text class="tick tr-halo" x="${W - right - 2}" y="${f1(y(drawLimit.value) - 4)}" text-anchor="end">${esc(`${drawLimit.kind} ${formatValue(drawLimit.value, s.unit, { compact: true })}`)}</text>`,
    );
  }

  // Each segment's mean, from its first run to its last.
  const bounds = [0, ...s.changePoints.map((cp) => cp.index), points.length];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const seg = points.slice(bounds[i], bounds[i + 1]);
    if (seg.length === 0) continue;
    const mean = seg.reduce((sum, p) => sum + p.value, 0) / seg.length;
    const latestWorse = i === bounds.length - 2 && s.absorbed !== undefined;
    out.push(
      `<line class="tr-mean${latestWorse ? ' absorbed' : ''}" x1="${f1(x(seg[0]!.run) - slot * 0.4)}" x2="${f1(x(seg.at(-1)!.run) + slot * 0.4)}" y1="${f1(y(mean))}" y2="${f1(y(mean))}"><title>${esc(`mean of runs ${seg[0]!.run + 1}–${seg.at(-1)!.run + 1}: ${formatValue(mean, s.unit)}`)}</title></line>`,
    );
  }

  // The values, joined in run order (a run without this measurement leaves a gap in time, not in the line).
  out.push(`<path class="tr-line" d="${points.map((p, i) => `${i ? 'L' : 'M'}${f1(x(p.run))},${f1(y(p.value))}`).join('')}"/>`);
  const dotR = slot > 10 ? 3.2 : slot > 5 ? 2.4 : 1.6;
  for (const p of points) {
    const run = runs[p.run];
    const what = [`run ${p.run + 1}`, run ? formatTimestamp(run.startedAt) : '', shortSha(run?.gitSha), p.runId, formatValue(p.value, s.unit)].filter(Boolean).join(' · ');
    out.push(`<circle class="tr-dot" cx="${f1(x(p.run))}" cy="${f1(y(p.value))}" r="${dotR}"><title>${esc(what)}</title></circle>`);
  }

  // Change points: a dashed line from its label down through the plot.
  for (const l of labels) {
    const textY = top - 14 - (l.row === 1 ? ROW : 0);
    const text = l.row === undefined ? '' : `<text x="${f1(l.textX)}" y="${textY}" text-anchor="${l.anchor}">${esc(l.text)}</text>`;
    out.push(
      `<g class="tr-cp ${l.cp.direction}"><line x1="${f1(l.x)}" x2="${f1(l.x)}" y1="${l.row === undefined ? top : textY + 6}" y2="${plotBottom}"/>${text}<title>${esc(changePointText(l.cp, s))}</title></g>`,
    );
  }

  const aria = `${s.subject} ${s.metric} over ${runs.length} runs${s.changePoints.length ? `, shifted ${s.changePoints.map((cp) => `${shiftSize(cp, s)} at ${shortSha(cp.gitSha)}`).join(' and ')}` : ', no change point'}`;
  return `<svg class="${layout.cls}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(aria)}">${out.join('')}</svg>`;
}

/** The chart of one metric's history, both geometries, and its change points in words beneath. */
export function trendChart(s: MetricHistory, runs: readonly HistoryRun[], limit?: Limit): string {
  const caption = s.changePoints.length
    ? `<ul class="tr-shifts">${s.changePoints.map((cp) => `<li><span class="pill c-${cp.direction === 'worse' ? 'regressed' : 'improved'}">${cp.direction === 'worse' ? 'WORSE' : 'BETTER'}</span> ${esc(changePointText(cp, s))}</li>`).join('')}</ul>`
    : `<p class="muted tr-none">no change point in ${s.points.length} runs (a shift is named once at least 3 runs agree on it)</p>`;
  return `<figure class="chart trend">${svg(s, runs, limit, WIDE)}${svg(s, runs, limit, NARROW)}<figcaption>${caption}</figcaption></figure>`;
}

export const TREND_STYLES = `
.tr-line{fill:none;stroke:var(--s0);stroke-width:1.4;opacity:.55}.tr-dot{fill:var(--s0);stroke:var(--bg);stroke-width:1}
.tr-mean{stroke:var(--fg);stroke-width:2.6;opacity:.7;stroke-linecap:round}.tr-mean.absorbed{stroke:var(--regressed);opacity:1}
.tr-limit{stroke:var(--fail);stroke-width:1.4;stroke-dasharray:6 4}
.tr-cp line{stroke-width:1.6;stroke-dasharray:4 3}.tr-cp text{font-size:12px;font-weight:700}
.tr-halo,.tr-cp text{paint-order:stroke;stroke:var(--bg);stroke-width:3px;stroke-linejoin:round}
.tr-cp.worse line{stroke:var(--regressed)}.tr-cp.worse text{fill:var(--regressed)}.tr-cp.better line{stroke:var(--improved)}.tr-cp.better text{fill:var(--improved)}
.tr-method{font-size:.85em;margin:2px 0 8px}.tr-shifts{list-style:none;padding:0;margin:6px 0 0;font-size:.9em}.tr-shifts li{margin:2px 0}.tr-none{margin:4px 0 0;font-size:.9em}
details.trend{margin:10px 0 16px}details.trend>summary{cursor:pointer;padding:2px 0}.tr-subject{font-weight:600}
.swatch.tr-dotkey{width:8px;height:8px;border-radius:50%;background:var(--s0)}.swatch.tr-meankey{background:var(--fg);opacity:.7}
.note.absorbed p{margin:0}.note.absorbed ul{margin:4px 0 0;padding-left:20px}
.swatch.tr-cpkey{width:0;height:12px;border-left:2px dashed var(--regressed);border-radius:0}.swatch.tr-limitkey{background:repeating-linear-gradient(90deg,var(--fail) 0 5px,transparent 5px 8px)}
`;
