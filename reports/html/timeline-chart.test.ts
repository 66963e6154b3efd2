import { describe, expect, it } from 'vitest';
import type { Timeline } from '../../cli/src/model/index.ts';
import { loadTimelineResult, sampleResult } from '../fixtures/sample-result.ts';
import { renderHtml } from './index.ts';
import { timelineCharts } from './timeline-chart.ts';

const staged = (): Timeline => loadTimelineResult().checks[0]!.timelines![0]!;

/** A closed model's window of `n` seconds without stages. */
function flat(n: number, extra: Partial<Timeline> = {}): Timeline {
  const points = Array.from({ length: n }, (_, t) => ({ t, rps: 100 + t, p50: 5, p95: 9, p99: 14, errors: 0 }));
  return { subject: 'GET /health', model: 'closed', round: 3, stages: [], points, ...extra };
}

/** The wide (desktop) or narrow (phone) SVG of the first timeline. */
function svgOf(html: string, cls: 'wide' | 'narrow'): string {
  const m = html.match(new RegExp(`<svg class="${cls}"[\\s\\S]*?</svg>`));
  if (!m) throw new Error(`no ${cls} svg`);
  return m[0];
}

describe('timelineCharts', () => {
  it('renders nothing without timelines or without points', () => {
    expect(timelineCharts(undefined)).toBe('');
    expect(timelineCharts([])).toBe('');
    expect(timelineCharts([flat(0)])).toBe('');
  });

  it('draws throughput, three latency percentiles and errors per second, in a desktop and a phone geometry', () => {
    const html = timelineCharts([staged()]);
    for (const cls of ['wide', 'narrow'] as const) {
      const svg = svgOf(html, cls);
      expect(svg).toMatch(/<path class="tl-line tl-rps" d="M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){69}"/); // a point a second, 70 s
      for (const p of ['tl-p50', 'tl-p95', 'tl-p99']) expect(svg).toMatch(new RegExp(`<path class="tl-line ${p}" d="M`));
      expect(svg).toContain('<rect class="tl-err"');
      expect(svg).toContain('throughput, req/s');
      expect(svg).toContain('errors per second');
    }
    expect(html).toMatch(/<summary><span class="tl-subject">GET \/payments<\/span> <span class="muted">open model · round 5 · 70 s · mean /);
  });

  it('marks each stage as a shaded band with its name, on both geometries', () => {
    const html = timelineCharts([staged()]);
    const wide = svgOf(html, 'wide');
    for (const name of ['warmup', 'ramp', 'peak', 'cooldown'])
      expect(wide).toMatch(new RegExp(`<g class="stage" data-stage="${name}"><rect class="stageband (even|odd)"[^>]*><title>${name}: `));
    expect(wide).toMatch(/<text class="stagename"[^>]*>peak<\/text>/);
    expect(wide).toContain('<title>peak: 30–60 s, to 400 req/s</title>');
    // Hovering a second of the peak says so, with that second's numbers.
    expect(wide).toMatch(/<rect class="tl-hit"[^>]*><title>45–46 s \(peak\) · \d+ req\/s · p50 [\d.]+ ms · p95 [\d.]+ ms · p99 [\d.]+ ms · \d+ errors?<\/title>/);
    // The peak band spans 30–60 s of a 70 s axis: 3/7 of the plot, starting at 3/7 of it.
    const band = wide.match(/data-stage="peak"><rect class="stageband \w+" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/)!;
    const plot = 820 - 58 - 18;
    expect(Number(band[1])).toBeCloseTo(58 + (plot * 30) / 70, 0);
    expect(Number(band[2])).toBeCloseTo((plot * 30) / 70, 0);
    expect(svgOf(html, 'narrow')).toMatch(/<g class="stage" data-stage="peak">/);
    // Stages shared by every subject are listed once, with their targets.
    expect(html).toMatch(/<ul class="stages">.*<strong>peak<\/strong> <span class="muted">30–60 s, to 400 req\/s<\/span>/);
  });

  it('shortens a stage name that does not fit its band, and keeps the whole name in the band title', () => {
    const tl = staged();
    tl.stages[0]!.name = 'warmup-with-a-very-long-name';
    const narrow = svgOf(timelineCharts([tl]), 'narrow');
    expect(narrow).toMatch(/<text class="stagename"[^>]*>warm[^<]*…<\/text>/);
    expect(narrow).toContain('<title>warmup-with-a-very-long-name: 0–10 s, to 100 req/s</title>');
  });

  it("draws an open model's offered rate, ramping from 0 through each stage's target", () => {
    const wide = svgOf(timelineCharts([staged()]), 'wide');
    const d = wide.match(/<path class="tl-offered" d="([^"]+)"/)![1]!;
    expect(d.match(/[ML]/g)).toHaveLength(5); // from 0, then the end of each of the 4 stages
    // A closed model's targets are connections, not a rate: no offered-rate line, the target reads as connections.
    const closed = { ...staged(), model: 'closed' as const };
    const html = timelineCharts([closed]);
    expect(html).not.toContain('tl-offered');
    expect(html).toContain('30–60 s, to 400 connections');
  });

  it('draws a window without stages with no bands, and says when it had no errors', () => {
    const html = timelineCharts([flat(20)]);
    expect(html).not.toContain('class="stage"');
    expect(html).not.toContain('<ul class="stages">');
    expect(svgOf(html, 'wide')).toContain('>no errors</text>');
    expect(html).toContain('closed model · round 3 · 20 s');
  });

  it('breaks a latency line over seconds in which no response ended', () => {
    const tl = flat(10);
    delete tl.points[4]!.p95;
    const wide = svgOf(timelineCharts([tl]), 'wide');
    const d = wide.match(/<path class="tl-line tl-p95" d="([^"]+)"/)![1]!;
    expect(d.match(/M/g)).toHaveLength(2);
    expect(d.match(/L/g)).toHaveLength(7);
  });

  it('flags a subject whose generator was the bottleneck, with the reason', () => {
    const html = timelineCharts([flat(5)], new Map([['GET /health', 'round 3: its event loop was busy 97 % of the round']]));
    expect(html).toContain('GENERATOR-BOUND');
    expect(html).toContain('generator-bound — not judged: round 3: its event loop was busy 97 % of the round');
  });

  it('escapes subjects and stage names', () => {
    const tl = staged();
    tl.subject = 'GET /<script>';
    tl.stages[2]!.name = 'p"eak<b>';
    const html = timelineCharts([tl]);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).toContain('data-stage="p&quot;eak&lt;b&gt;"');
  });

  it('folds subjects past the fourth', () => {
    const html = timelineCharts(Array.from({ length: 6 }, (_, i) => flat(5, { subject: `GET /e${i}` })));
    expect(html.match(/<details class="timeline" open>/g)).toHaveLength(4);
    expect(html.match(/<details class="timeline">/g)).toHaveLength(2);
  });
});

describe('report.html with timelines', () => {
  it('shows the load check over time only when the check run recorded timelines', () => {
    const html = renderHtml(loadTimelineResult());
    expect(html).toContain('Over time');
    expect(html.match(/<details class="timeline"/g)).toHaveLength(3);
    expect(html).toMatch(/<g class="stage" data-stage="peak">/);
    expect(renderHtml(sampleResult())).not.toContain('Over time');
  });
});
