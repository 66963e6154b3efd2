// HDR-style latency-by-percentile chart: x = log10(1/(1-p)) so the tail (99 %, 99.9 %) gets room,
// one line per endpoint; budget limits on latency percentiles drawn as short dashes.
import type { Measurement, Verdict } from '../../cli/src/model/index.ts';
import { formatMetricName, formatValue } from '../format.ts';
import { type CurvePoint, curveFromHistogram, curveFromPoints, metricPercentile, percentileToX } from '../histogram.ts';
import { esc } from './escape.ts';
import { valueScale } from './scale.ts';

interface Series {
  subject: string;
  points: CurvePoint[];
  fromHistogram: boolean;
  count?: number;
  maxX: number;
  /** The load model its latencies were measured under, when recorded. */
  loadModel?: 'closed' | 'open';
}

/** Two layouts of the same chart: SVG text scales with the SVG, so phones get their own geometry. */
interface Layout {
  cls: string;
  W: number;
  H: number;
  M: { left: number; right: number; top: number; bottom: number };
}
const WIDE: Layout = { cls: 'wide', W: 820, H: 340, M: { left: 56, right: 26, top: 26, bottom: 40 } };
const NARROW: Layout = { cls: 'narrow', W: 360, H: 280, M: { left: 48, right: 22, top: 24, bottom: 40 } };

/** Series per subject of one check: the decoded histogram when any latency measurement has one. */
export function latencySeries(measurements: readonly Measurement[]): Series[] {
  const subjects = [...new Set(measurements.filter((m) => metricPercentile(m.metric) !== undefined).map((m) => m.subject))];
  return subjects.flatMap((subject): Series[] => {
    const own = measurements.filter((m) => m.subject === subject);
    const loadModel = own.find((m) => m.metric.startsWith('latency.') && m.loadModel)?.loadModel;
    const model = loadModel ? { loadModel } : {};
    const encoded = own.find((m) => m.metric.startsWith('latency.') && m.histogram)?.histogram;
    const curve = encoded ? curveFromHistogram(encoded) : undefined;
    if (curve) return [{ subject, points: curve.points, fromHistogram: true, count: curve.count, maxX: curve.maxX, ...model }];
    const points = curveFromPoints(own);
    if (points.length === 0) return [];
    const finite = points.filter((p) => p.percentile < 100).map((p) => percentileToX(p.percentile));
    return [{ subject, points, fromHistogram: false, maxX: Math.max(2, Math.ceil(Math.max(0, ...finite))), ...model }];
  });
}

function tickLabel(x: number): string {
  if (x === 0) return '0%';
  const p = 100 * (1 - 10 ** -x);
  return `${Number(p.toFixed(x > 2 ? x - 2 : 0))}%`;
}

function svg(series: Series[], verdicts: readonly Verdict[], layout: Layout): { svg: string; limits: number } {
  const { W, H, M } = layout;
  const maxX = Math.max(...series.map((s) => s.maxX));
  const px = (x: number) => M.left + (x / maxX) * (W - M.left - M.right);
  const dataMax = Math.max(...series.flatMap((s) => s.points.map((p) => p.ms)));
  // Limits far above the data would flatten every line: only those near the data are drawn.
  const limits = verdicts.filter(
    (v) =>
      v.limit?.kind === 'max' &&
      metricPercentile(v.metric) !== undefined &&
      metricPercentile(v.metric)! < 100 &&
      v.limit.value <= dataMax * 1.3 &&
      series.some((s) => s.subject === v.subject),
  );
  const y = valueScale([...series.flatMap((s) => s.points.map((p) => p.ms)), ...limits.map((v) => v.limit!.value)], H - M.bottom, M.top);

  const grid: string[] = [];
  for (const t of y.ticks) {
    grid.push(`<line class="grid" x1="${M.left}" x2="${W - M.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}"/>`);
    grid.push(`<text class="tick" x="${M.left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end">${String(t)}</text>`);
  }
  for (let x = 0; x <= maxX; x++) {
    grid.push(`<line class="grid" x1="${px(x).toFixed(1)}" x2="${px(x).toFixed(1)}" y1="${M.top}" y2="${H - M.bottom}"/>`);
    grid.push(`<text class="tick" x="${px(x).toFixed(1)}" y="${H - M.bottom + 16}" text-anchor="middle">${tickLabel(x)}</text>`);
  }
  // Axis titles sit above and below the plot: a rotated title would crowd the tick labels on phones.
  grid.push(`<text class="axis" x="4" y="${M.top - 8}" text-anchor="start">ms${y.log ? ' (log)' : ''}</text>`);
  const title = layout === WIDE ? 'percentile (log scale of 1/(1−p))' : 'percentile (log scale)';
  grid.push(`<text class="axis" x="${(M.left + W - M.right) / 2}" y="${H - 6}" text-anchor="middle">${title}</text>`);

  const lines = series.map((s, i) => {
    const cls = `s${i % 8}`;
    const finite = s.points.filter((p) => p.percentile < 100 && percentileToX(p.percentile) <= maxX);
    const d = finite.map((p, j) => `${j ? 'L' : 'M'}${px(percentileToX(p.percentile)).toFixed(1)},${y(p.ms).toFixed(1)}`).join('');
    const dots = s.fromHistogram
      ? ''
      : s.points
          .map((p) => {
            const cx = p.percentile >= 100 ? px(maxX) : px(percentileToX(p.percentile));
            return `<circle class="${cls} dot" cx="${cx.toFixed(1)}" cy="${y(p.ms).toFixed(1)}" r="${p.label ? 4.5 : 3.5}"><title>${esc(`${s.subject} ${p.label ?? `p${p.percentile}`} ${formatValue(p.ms, 'ms')}`)}</title></circle>`;
          })
          .join('');
    return `<g><path class="${cls} line${s.fromHistogram ? '' : ' sparse'}" d="${d}"><title>${esc(s.subject)}</title></path>${dots}</g>`;
  });
  const marks = limits.map((v) => {
    const i = series.findIndex((s) => s.subject === v.subject);
    const cx = px(Math.min(maxX, percentileToX(metricPercentile(v.metric)!)));
    const cy = y(v.limit!.value).toFixed(1);
    return `<line class="s${i % 8} limit" x1="${(cx - 14).toFixed(1)}" x2="${(cx + 14).toFixed(1)}" y1="${cy}" y2="${cy}"><title>${esc(`${v.subject} ${formatMetricName({ metric: v.metric, loadModel: v.measurement?.loadModel })} limit ${formatValue(v.limit!.value, 'ms')}`)}</title></line>`;
  });

  const svg = `<svg class="${layout.cls}" viewBox="0 0 ${W} ${H}" role="img" aria-label="latency by percentile">${grid.join('')}${lines.join('')}${marks.join('')}</svg>`;
  return { svg, limits: marks.length };
}

/** The chart plus its HTML legend (names stay readable on phones, where SVG text shrinks). */
export function percentileChart(measurements: readonly Measurement[], verdicts: readonly Verdict[]): string {
  const series = latencySeries(measurements);
  if (series.length === 0) return '';
  const wide = svg(series, verdicts, WIDE);
  const narrow = svg(series, verdicts, NARROW);
  // The section's heading names a single load model; the legend names each only when they differ.
  const mixed = new Set(series.flatMap((s) => (s.loadModel ? [s.loadModel] : []))).size > 1;
  const legend = series
    .map((s, i) => {
      const max = s.points.find((p) => p.label === 'max');
      const how = [mixed && s.loadModel ? `${s.loadModel} model` : '', s.fromHistogram ? `${s.count!.toLocaleString('en-US')} requests` : 'percentile points']
        .filter(Boolean)
        .join(' · ');
      return `<li><span class="swatch s${i % 8}"></span><span class="name">${esc(s.subject)}</span> <span class="muted">${esc(how)}${max ? ` · max ${esc(formatValue(max.ms, 'ms'))}` : ''}</span></li>`;
    })
    .join('');
  return `<figure class="chart">${wide.svg}${narrow.svg}
<figcaption><ul class="legend">${legend}${wide.limits ? '<li><span class="swatch limitkey"></span>budget limit at its percentile</li>' : ''}</ul></figcaption></figure>`;
}
