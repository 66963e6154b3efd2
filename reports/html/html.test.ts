import { describe, expect, it } from 'vitest';
import { loadTimelineResult, minimalResult, sampleResult } from '../fixtures/sample-result.ts';
import { curveFromHistogram, metricPercentile, percentileToX } from '../histogram.ts';
import { renderHtml } from './index.ts';

describe('renderHtml', () => {
  const html = renderHtml(sampleResult());

  it('is self-contained: no external src/href, no scripts, no remote fonts', () => {
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/<script|<link|@import|url\(/i);
    expect(html).toMatch(/^<!doctype html>/);
  });

  it('puts the verdict banner first, with counts', () => {
    const banner = html.indexOf('class="banner error"');
    expect(banner).toBeGreaterThan(0);
    expect(banner).toBeLessThan(html.indexOf('Needs attention'));
    expect(html).toContain('perfgate: ERROR');
    expect(html).toMatch(/<strong>2<\/strong> regressed/);
  });

  it('draws the charts: percentile lines, budget bars with samples, baseline intervals', () => {
    expect(html).toContain('Latency by percentile');
    expect((html.match(/class="s\d line"/g) ?? []).length).toBe(6); // 3 histogram series × wide/narrow
    expect(html).toContain('class="s3 line sparse"'); // GET /payments/:id from p50/p95/p99 points
    expect(html).toMatch(/<circle class="sample"/);
    expect(html).toMatch(/<line class="ci c-regressed"/);
    expect(html).toContain('class="band"');
    expect(html).toContain('different machine or mode');
  });

  it('escapes all text', () => {
    const r = sampleResult();
    r.verdicts[0].subject = `<img src=x onerror="alert(1)">&'`;
    r.checks[0].settings = { '<b>': '</style><script>' };
    const out = renderHtml(r);
    expect(out).not.toContain('<img src=x');
    expect(out).not.toContain('</style><script>');
    expect(out).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;');
  });

  it('shows the baseline column only when the run was compared with a baseline', () => {
    expect(html).toContain('<th>Baseline change</th>');
    const unbaselined = sampleResult();
    unbaselined.verdicts = unbaselined.verdicts.map(({ baseline: _dropped, ...v }) => v);
    const out = renderHtml(unbaselined);
    expect(out).toContain('Needs attention');
    expect(out).not.toContain('Baseline change');
  });

  it('names the load model beside every load latency: attention table, budgets, percentile chart', () => {
    const out = renderHtml(loadTimelineResult());
    expect(out).toContain('<td><strong>POST /payments</strong></td><td>latency.p95 (open model)</td><td>882 ms</td>');
    expect(out).toMatch(/<span class="metric">latency\.p95 \(open model\)<\/span> <span class="subject">GET \/payments<\/span>/);
    expect(out).toContain('<h3>Latency by percentile <span class="muted">(open model)</span></h3>');
    expect(out).toContain('<title>POST /payments latency.p95 (open model) limit 300 ms</title>');
    expect(out).toContain('<td>errors.ratio</td>');
    // A result from before the load models names none.
    expect(html).not.toMatch(/latency\.\w+ \((open|closed) model\)/);
  });

  it('shows a generator-bound measurement as not judged, with the reason, above the tables and in its budget row', () => {
    const out = renderHtml(loadTimelineResult());
    const note = out.indexOf('<div class="note bound"><p><strong>Generator-bound — not judged:</strong>');
    expect(note).toBeGreaterThan(0);
    expect(note).toBeLessThan(out.indexOf('Needs attention'));
    expect(out).toMatch(/<li class="brow bound"><div class="blabel"><span class="pill o-skipped">GENERATOR-BOUND<\/span>/);
    expect(out).toContain('<div class="bmsg">generator-bound — not judged: round 5: the open model&#39;s rate was not reached: 17,640 of 23,500 scheduled sends made</div>');
    // Its bar is drawn against the rule's limit, though the limit was not applied.
    expect(out).toMatch(/<li class="brow bound">.*?<line class="limitmark"/);
    // The plain skip of the sample stays a plain skip.
    expect(html).toMatch(/<span class="pill o-skipped">SKIPPED<\/span>/);
    expect(html).not.toContain('GENERATOR-BOUND');
  });

  it('renders a minimal run', () => {
    const out = renderHtml(minimalResult());
    expect(out).toContain('perfgate: PASS');
    expect(out).toContain('All budgets passed');
  });
});

describe('histogram curves', () => {
  it('decodes an hdr-histogram-js histogram (microseconds) into ms along the HDR axis', () => {
    const m = sampleResult().measurements.find((x) => x.histogram && x.subject === 'POST /payments')!;
    const curve = curveFromHistogram(m.histogram!)!;
    expect(curve.count).toBe(20_000);
    expect(curve.maxX).toBe(3);
    const p95 = curve.points.reduce((a, b) => (Math.abs(b.percentile - 95) < Math.abs(a.percentile - 95) ? b : a));
    expect(p95.ms).toBeGreaterThan(m.value * 0.97);
    expect(p95.ms).toBeLessThan(m.value * 1.03);
    expect(curveFromHistogram('not a histogram')).toBeUndefined();
  });

  it('maps percentiles to the log axis and reads metric names', () => {
    expect(percentileToX(90)).toBeCloseTo(1);
    expect(percentileToX(99.9)).toBeCloseTo(3);
    expect(metricPercentile('latency.p95')).toBe(95);
    expect(metricPercentile('latency.p999')).toBe(99.9);
    expect(metricPercentile('latency.max')).toBe(100);
    expect(metricPercentile('throughput.rps')).toBeUndefined();
  });
});

describe('renderHtml: files a check wrote', () => {
  it("links Lighthouse's reports under the check, one shared title as the heading", () => {
    const result = minimalResult();
    const title = 'Lighthouse report (median of 5 runs)';
    result.checks.push({
      id: 'lighthouse',
      title: 'Lighthouse (lab Core Web Vitals)',
      status: 'ok',
      durationMs: 1,
      files: [
        { path: 'lighthouse/page-root-mobile.html', title, subject: 'page:/ mobile' },
        { path: 'lighthouse/flow-send-payment-mobile.html', title, subject: 'flow:send payment mobile' },
      ],
    });
    const html = renderHtml(result);
    expect(html).toContain(`<h3>${title} <span class="muted">beside this report</span></h3>`);
    expect(html).toContain('<ul class="files"><li><a href="lighthouse/page-root-mobile.html">page:/ mobile</a></li>');
    // Both variants of a subject: a row per subject, a column per variant.
    result.checks.at(-1)!.files!.push({ path: 'lighthouse/page-root-desktop.html', title, subject: 'page:/ desktop' });
    const grid = renderHtml(result);
    expect(grid).toContain('<thead><tr><th></th><th>mobile</th><th>desktop</th></tr></thead>');
    expect(grid).toContain(
      '<tr><td>page:/</td><td><a href="lighthouse/page-root-mobile.html">mobile</a></td><td><a href="lighthouse/page-root-desktop.html">desktop</a></td></tr>',
    );
    expect(grid).toContain('<tr><td>flow:send payment</td><td><a href="lighthouse/flow-send-payment-mobile.html">mobile</a></td><td></td></tr>');
  });
});
