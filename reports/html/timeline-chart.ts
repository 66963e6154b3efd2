// Load over time: for each subject's last round, throughput, latency (p50/p95/p99) and errors per second as three
// stacked panels on one time axis, the scenario's stages shaded behind them with their names. An open model's
// offered rate is drawn over the throughput, so a rate the target did not keep up with shows as a gap between them.
import type { Timeline, TimelinePoint } from '../../cli/src/model/index.ts';
import { formatValue } from '../format.ts';
import { esc } from './escape.ts';
import { linearAxis, niceCeil, valueScale } from './scale.ts';

type Stage = Timeline['stages'][number];

/** Two geometries of the same chart, as in the percentile chart: SVG text scales with the SVG, phones get their own. */
interface Layout {
  cls: 'wide' | 'narrow';
  W: number;
  left: number;
  right: number;
  /** Heights of the throughput, latency and errors panels. */
  panels: [number, number, number];
  /** Room above each panel for its title (the first one's also holds the stage names). */
  gap: number;
  bottom: number;
  /** Per-second hover boxes: a desktop has a pointer to hover with. */
  hover: boolean;
  xTicks: number;
}
const WIDE: Layout = { cls: 'wide', W: 820, left: 58, right: 18, panels: [112, 136, 58], gap: 34, bottom: 38, hover: true, xTicks: 10 };
const NARROW: Layout = { cls: 'narrow', W: 360, left: 46, right: 10, panels: [104, 124, 52], gap: 32, bottom: 38, hover: false, xTicks: 5 };

/** SVG text at font-size 12: about this wide per character, enough to decide whether a stage name fits its band. */
const CHAR_W = 6.9;
/** Height of the row of stage names above the panels. */
const STAGE_ROW = 18;

const LATENCIES = [
  ['p50', 'tl-p50'],
  ['p95', 'tl-p95'],
  ['p99', 'tl-p99'],
] as const;

const f1 = (n: number) => n.toFixed(1);

/** A log axis's ticks, its decades alone when the 1-2-5 ticks would crowd a short panel. */
function logTicks(ticks: number[]): number[] {
  if (ticks.length <= 5) return ticks;
  const decades = ticks.filter((t) => Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9);
  return decades.length >= 2 ? decades : ticks.filter((_, i) => i % 2 === 0);
}

function tickText(t: number): string {
  return t >= 1000 ? t.toLocaleString('en-US') : String(t);
}

/** The offered load of an open model with stages: ramps from the previous stage's target to each stage's, from 0. */
function offeredProfile(stages: readonly Stage[]): [number, number][] {
  if (stages.length === 0) return [];
  return [[stages[0]!.start, 0], ...stages.map((s): [number, number] => [s.end, s.target])];
}

function targetText(model: Timeline['model'], target: number): string {
  return model === 'open' ? formatValue(target, 'rps') : `${target.toLocaleString('en-US')} connection${target === 1 ? '' : 's'}`;
}

/** `0–30 s, to 400 req/s`: a stage's time range and target. */
function stageSpan(s: Stage, model: Timeline['model']): string {
  return `${s.start}–${s.end} s, to ${targetText(model, s.target)}`;
}

/** The name as it fits in `width`, shortened with an ellipsis, or '' when not even two letters fit. */
function fitted(name: string, width: number): string {
  const chars = Math.floor(width / CHAR_W);
  if (name.length <= chars) return name;
  return chars >= 3 ? `${name.slice(0, chars - 1)}…` : '';
}

/** A path through the points that have a value, broken where a second had none (no response ended in it). */
function linePath(points: readonly TimelinePoint[], value: (p: TimelinePoint) => number | undefined, x: (t: number) => number, y: (v: number) => number): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    const v = value(p);
    if (v === undefined || !Number.isFinite(v)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${f1(x(p.t + 0.5))},${f1(y(v))}`;
    pen = true;
  }
  return d;
}

function svg(tl: Timeline, layout: Layout): string {
  const { W, left, right, gap, bottom } = layout;
  const points = [...tl.points].sort((a, b) => a.t - b.t);
  const T = Math.max(1, ...points.map((p) => p.t + 1), ...tl.stages.map((s) => s.end));
  const plotW = W - left - right;
  const x = (t: number) => left + (Math.max(0, Math.min(T, t)) / T) * plotW;
  // Panel tops and bottoms, top to bottom, under the row of stage names when there are stages.
  const top0 = (tl.stages.length ? STAGE_ROW : 0) + gap;
  const tops = [top0, top0 + layout.panels[0] + gap, top0 + layout.panels[0] + gap + layout.panels[1] + gap];
  const bottoms = tops.map((t, i) => t + layout.panels[i]!);
  const H = bottoms[2]! + bottom;
  const out: string[] = [];

  // Stages: shaded bands across all three panels, alternating shades so neighbours part, names in the top row.
  for (const [i, s] of tl.stages.entries()) {
    const x0 = x(s.start);
    const x1 = x(s.end);
    if (x1 - x0 <= 0) continue;
    const label = fitted(s.name, x1 - x0 - 6);
    out.push(
      `<g class="stage" data-stage="${esc(s.name)}"><rect class="stageband ${i % 2 ? 'odd' : 'even'}" x="${f1(x0)}" y="${STAGE_ROW - 2}" width="${f1(x1 - x0)}" height="${f1(bottoms[2]! - STAGE_ROW + 2)}"><title>${esc(`${s.name}: ${stageSpan(s, tl.model)}`)}</title></rect>` +
        (i > 0 ? `<line class="stageedge" x1="${f1(x0)}" x2="${f1(x0)}" y1="${STAGE_ROW - 2}" y2="${f1(bottoms[2]!)}"/>` : '') +
        (label ? `<text class="stagename" x="${f1((x0 + x1) / 2)}" y="${STAGE_ROW - 5}" text-anchor="middle">${esc(label)}</text>` : '') +
        '</g>',
    );
  }

  /** Horizontal grid lines with labels left of the plot, and the panel's title above it, clear of the labels. */
  const panel = (i: number, title: string, ticks: number[], y: (v: number) => number) => {
    for (const t of ticks) {
      const yy = f1(y(t));
      out.push(`<line class="grid" x1="${left}" x2="${W - right}" y1="${yy}" y2="${yy}"/>`);
      out.push(`<text class="tick" x="${left - 6}" y="${f1(y(t) + 4)}" text-anchor="end">${esc(tickText(t))}</text>`);
    }
    out.push(`<text class="axis" x="${left}" y="${tops[i]! - 10}" text-anchor="start">${esc(title)}</text>`);
  };

  // Throughput, with the open model's offered rate when its stages say what it was.
  const offered = tl.model === 'open' ? offeredProfile(tl.stages) : [];
  const rpsAxis = linearAxis(Math.max(1, ...points.map((p) => p.rps), ...offered.map(([, r]) => r)));
  const yRps = (v: number) => bottoms[0]! - (v / rpsAxis.max) * layout.panels[0];
  panel(0, 'throughput, req/s', rpsAxis.ticks, yRps);
  const rpsLine = linePath(points, (p) => p.rps, x, yRps);
  if (rpsLine && points.length > 1)
    out.push(`<path class="tl-area" d="${rpsLine}L${f1(x(points.at(-1)!.t + 0.5))},${f1(bottoms[0]!)}L${f1(x(points[0]!.t + 0.5))},${f1(bottoms[0]!)}Z"/>`);
  if (offered.length) out.push(`<path class="tl-offered" d="${offered.map(([t, r], j) => `${j ? 'L' : 'M'}${f1(x(t))},${f1(yRps(r))}`).join('')}"/>`);
  out.push(`<path class="tl-line tl-rps" d="${rpsLine}"/>`);

  // Latency percentiles: log when they span decades, as in the percentile chart.
  const latencies = points.flatMap((p) => [p.p50, p.p95, p.p99]).filter((v): v is number => v !== undefined && Number.isFinite(v));
  const logScale = valueScale(latencies.length ? latencies : [1], bottoms[1]!, tops[1]!);
  const latAxis = linearAxis(Math.max(1e-3, ...latencies));
  const yLat = logScale.log ? logScale : (v: number) => bottoms[1]! - (v / latAxis.max) * layout.panels[1];
  panel(1, `latency, ms${logScale.log ? ' (log)' : ''}`, logScale.log ? logTicks(logScale.ticks) : latAxis.ticks, yLat);
  for (const [key, cls] of LATENCIES) out.push(`<path class="tl-line ${cls}" d="${linePath(points, (p) => p[key], x, yLat)}"/>`);
  if (latencies.length === 0) out.push(`<text class="tick" x="${f1(left + plotW / 2)}" y="${f1((tops[1]! + bottoms[1]!) / 2)}" text-anchor="middle">no responses</text>`);

  // Errors per second: a bar a second, so one bad second is not smoothed away.
  const errMax = niceCeil(Math.max(1, ...points.map((p) => p.errors)));
  const yErr = (v: number) => bottoms[2]! - (v / errMax) * layout.panels[2];
  panel(2, 'errors per second', [0, errMax], yErr);
  const barW = Math.max(1, plotW / T - (plotW / T > 4 ? 1.5 : 0));
  for (const p of points) {
    if (p.errors <= 0) continue;
    const x0 = x(p.t) + (plotW / T - barW) / 2;
    out.push(`<rect class="tl-err" x="${f1(x0)}" y="${f1(yErr(p.errors))}" width="${f1(barW)}" height="${f1(bottoms[2]! - yErr(p.errors))}"/>`);
  }
  if (!points.some((p) => p.errors > 0))
    out.push(`<text class="tick" x="${f1(left + plotW / 2)}" y="${f1(bottoms[2]! - layout.panels[2] / 2 + 4)}" text-anchor="middle">no errors</text>`);

  // Time axis under the last panel.
  // Whole seconds: a 2.5 s step reads oddly on a clock.
  const step = Math.ceil(niceCeil(T / layout.xTicks));
  for (let t = 0; t <= T + 1e-9; t += step) {
    const xx = f1(x(t));
    out.push(`<line class="grid" x1="${xx}" x2="${xx}" y1="${bottoms[2]}" y2="${bottoms[2]! + 4}"/>`);
    out.push(`<text class="tick" x="${xx}" y="${bottoms[2]! + 17}" text-anchor="middle">${esc(tickText(Number(t.toPrecision(12))))}</text>`);
  }
  out.push(`<text class="axis" x="${f1(left + plotW / 2)}" y="${H - 4}" text-anchor="middle">seconds into the round</text>`);

  // A hover box a second: what happened in it, and in which stage, in words.
  if (layout.hover && points.length <= 1200) {
    for (const p of points) {
      const lat = LATENCIES.flatMap(([key]) => (p[key] !== undefined ? [`${key} ${formatValue(p[key], 'ms')}`] : []));
      const stage = tl.stages.find((st) => p.t + 0.5 >= st.start && p.t + 0.5 < st.end);
      const when = `${p.t}–${p.t + 1} s${stage ? ` (${stage.name})` : ''}`;
      const text = [when, formatValue(p.rps, 'rps'), ...lat, `${p.errors.toLocaleString('en-US')} error${p.errors === 1 ? '' : 's'}`].join(' · ');
      out.push(`<rect class="tl-hit" x="${f1(x(p.t))}" y="${tops[0]}" width="${f1(plotW / T)}" height="${bottoms[2]! - tops[0]!}"><title>${esc(text)}</title></rect>`);
    }
  }

  const label = `${tl.subject}: throughput, latency and errors per second over ${T} s${tl.stages.length ? `, stages ${tl.stages.map((s) => s.name).join(', ')}` : ''}`;
  return `<svg class="${layout.cls}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(label)}">${out.join('')}</svg>`;
}

/** `mean 412 req/s · p99 up to 180 ms · 12 errors`: the numbers a reader looks for first. */
function stats(tl: Timeline): string {
  const n = tl.points.length;
  const mean = tl.points.reduce((s, p) => s + p.rps, 0) / n;
  const p99 = tl.points.map((p) => p.p99).filter((v): v is number => v !== undefined);
  const errors = tl.points.reduce((s, p) => s + p.errors, 0);
  return [
    `${n} s`,
    `mean ${formatValue(mean, 'rps')}`,
    p99.length ? `p99 up to ${formatValue(Math.max(...p99), 'ms')}` : '',
    `${errors.toLocaleString('en-US')} error${errors === 1 ? '' : 's'}`,
  ]
    .filter(Boolean)
    .join(' · ');
}

function stageList(tl: Timeline): string {
  if (tl.stages.length === 0) return '';
  const items = tl.stages.map(
    (s, i) => `<li><span class="stagekey ${i % 2 ? 'odd' : 'even'}"></span><strong>${esc(s.name)}</strong> <span class="muted">${esc(stageSpan(s, tl.model))}</span></li>`,
  );
  return `<ul class="stages">${items.join('')}</ul>`;
}

function legend(timelines: readonly Timeline[], stagesOnce: boolean): string {
  const items = [
    '<li><span class="swatch tl-rps"></span>throughput</li>',
    ...(timelines.some((t) => t.model === 'open' && t.stages.length) ? ['<li><span class="swatch offeredkey"></span>offered rate (open model)</li>'] : []),
    ...LATENCIES.map(([key, cls]) => `<li><span class="swatch ${cls}"></span>${key}</li>`),
    '<li><span class="swatch tl-err"></span>errors</li>',
    ...(timelines.some((t) => t.stages.length) && !stagesOnce ? ['<li><span class="swatch stagekey even"></span>stage</li>'] : []),
  ];
  return `<ul class="legend">${items.join('')}</ul>`;
}

/**
 * The check's timelines, one figure a subject: throughput, latency and errors over the last round's seconds, stages
 * shaded. `bound` names the subjects whose generator was the bottleneck, and why: their charts say so, so the
 * target is not blamed for a rate it was never sent. '' without timelines. Past the fourth, subjects start folded.
 */
export function timelineCharts(timelines: readonly Timeline[] | undefined, bound: ReadonlyMap<string, string> = new Map()): string {
  const drawn = (timelines ?? []).filter((t) => t.points.length > 0);
  if (drawn.length === 0) return '';
  // A scenario's stages are every subject's: listed once under the legend, unless subjects differ.
  const key = (t: Timeline) => JSON.stringify([t.model, t.stages]);
  const stagesOnce = drawn[0]!.stages.length > 0 && drawn.every((t) => key(t) === key(drawn[0]!));
  const figures = drawn.map((tl, i) => {
    const why = bound.get(tl.subject);
    const flag = why === undefined ? '' : ' <span class="pill o-skipped">GENERATOR-BOUND</span>';
    const head = `<summary><span class="tl-subject">${esc(tl.subject)}</span>${flag} <span class="muted">${esc(tl.model)} model · round ${esc(tl.round)} · ${esc(stats(tl))}</span></summary>`;
    const note = why === undefined ? '' : `<p class="tl-bound muted">generator-bound — not judged: ${esc(why)}</p>`;
    return `<details class="timeline"${i < 4 ? ' open' : ''}>${head}${note}<figure class="chart">${svg(tl, WIDE)}${svg(tl, NARROW)}${stagesOnce ? '' : `<figcaption>${stageList(tl)}</figcaption>`}</figure></details>`;
  });
  return `${legend(drawn, stagesOnce)}${stagesOnce ? stageList(drawn[0]!) : ''}${figures.join('\n')}`;
}
