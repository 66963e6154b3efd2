import { describe, expect, it } from 'vitest';
import { loadTimelineResult, minimalResult, planRegression, sampleResult } from './fixtures/sample-result.ts';
import { mdText, renderMarkdown } from './markdown.ts';

describe('renderMarkdown', () => {
  const md = renderMarkdown(sampleResult());

  it('starts with the verdict line', () => {
    const first = md.split('\n')[0];
    expect(first).toMatch(/^\*\*perfgate: ERROR\*\* — 1 failed, 1 error, 2 regressed, 1 warning, 11 passed, 1 skipped/);
    expect(first).toContain('target PayPass \\(embedded\\)'.replace(/\\/g, ''));
    expect(first).toContain('run 2026-03-01 10:04 UTC');
  });

  it('lists failures, errors and regressions before passes, passes folded', () => {
    const fail = md.indexOf('**FAIL**');
    const error = md.indexOf('**ERROR**');
    const regressed = md.indexOf('**REGRESSED**');
    const details = md.indexOf('<details>');
    const pass = md.indexOf('**PASS**');
    expect(fail).toBeGreaterThan(0);
    expect(fail).toBeLessThan(error);
    expect(error).toBeLessThan(regressed);
    expect(regressed).toBeLessThan(details);
    expect(details).toBeLessThan(pass);
  });

  it('prints baseline comparisons benchstat-style with ~ for same/inconclusive', () => {
    expect(md).toMatch(/p95 POST \/payments +207ms ± 3% +235ms ± 4% +\+13\.2% \[\+9\.8%, \+16\.5%\] +\(p=0\.002 n=10\)/);
    expect(md).toMatch(/p95 GET \/health .* ~ +\(p=/);
  });

  it('notes a baseline from another machine or mode, and ends with the environment', () => {
    expect(md).toContain('different machine or mode');
    expect(md.trimEnd().split('\n').at(-1)).toMatch(/^<sub>Environment: AMD EPYC/);
  });

  it('escapes table-breaking characters in cells', () => {
    const r = sampleResult();
    r.verdicts[0].subject = 'GET /search?q=a|b <script>';
    const text = renderMarkdown(r);
    expect(text).toContain('GET /search?q=a\\|b \\<script\\>');
    // Every row of a table has as many cells as its header: no escaped `|` split a cell.
    const cells = (row: string) => row.replace(/\\\|/g, '').split('|').length;
    for (const block of text.split('\n\n')) {
      const rows = block.split('\n').filter((l) => l.startsWith('| '));
      for (const row of rows) expect(cells(row)).toBe(cells(rows[0]!));
    }
    expect(mdText('a|b')).toBe('a\\|b');
  });

  it('cites the source of each limit a reviewer must act on', () => {
    const r = sampleResult();
    const failing = r.verdicts.find((v) => v.status === 'fail')!;
    failing.rule = { ...failing.rule!, source: 'performance-standards.md:79 healthChecks < 50ms' };
    const text = renderMarkdown(r);
    expect(text).toMatch(/\| Source \|/);
    expect(text).toContain('performance-standards.md:79 healthChecks \\< 50ms');
  });

  it('names a query plan that changed under a regressed verdict', () => {
    const r = sampleResult();
    const failing = r.verdicts.find((v) => v.status === 'fail')!;
    failing.subject = 'query:page';
    failing.baseline = planRegression('Index Scan idx on payments', 'Seq Scan on payments');
    expect(renderMarkdown(r)).toContain('**Query plans that changed:**\n\n- query:page: Index Scan idx on payments → Seq Scan on payments');
  });

  it('handles a run without baseline or problems', () => {
    const text = renderMarkdown(minimalResult());
    expect(text.split('\n')[0]).toMatch(/^\*\*perfgate: PASS\*\* — 1 passed · target http:\/\/localhost:3000/);
    expect(text).toContain('All budgets passed.');
    expect(text).not.toContain('baseline');
  });

  it('names the load model beside every load latency, and nothing for results from before the models', () => {
    const text = renderMarkdown(loadTimelineResult());
    const row = text.split('\n').find((l) => l.startsWith('| **FAIL** | load | POST /payments | latency.p95'));
    expect(row).toBeDefined();
    expect(row).toContain('| latency.p95 (open model) | 882 ms |');
    // Other metrics of the same run carry no model: it changes what a latency means, not a ratio.
    expect(text).toMatch(/\| errors\.ratio \| 1\.83 %/);
    expect(text).not.toContain('errors.ratio (open model)');
    // Older results have no model: the name alone.
    expect(md).toMatch(/\| latency\.p95 \| 235 ms \|/);
    expect(md).not.toMatch(/latency\.\w+ \((open|closed) model\)/);
  });

  it('names the model in the benchstat lines of a compared load latency', () => {
    const r = sampleResult();
    for (const v of r.verdicts) if (v.measurement?.check === 'load') v.measurement = { ...v.measurement, loadModel: 'closed' };
    const text = renderMarkdown(r);
    expect(text).toMatch(/p95 \(closed model\) POST \/payments +207ms ± 3%/);
    expect(text).toMatch(/\| latency\.p95 \(closed model\) \| 235 ms \|/);
  });

  it('reads a generator-bound measurement as not judged, with the reason, never as a plain skip', () => {
    const text = renderMarkdown(loadTimelineResult());
    const row = text.split('\n').find((l) => l.includes('| GET /health |'))!;
    expect(row).toMatch(/^\| \*\*GENERATOR-BOUND\*\* \| load \| GET \/health \| latency\.p95 \(open model\) \| 3\.62 ms \|/);
    expect(row).toContain("generator-bound — not judged: round 5: the open model's rate was not reached: 17,640 of 23,500 scheduled sends made");
    expect(row).not.toContain('SKIPPED');
    // Said where it cannot be missed, outside the folded table.
    const callout = text.indexOf('> **Generator-bound — not judged:**');
    expect(callout).toBeGreaterThan(0);
    expect(callout).toBeLessThan(text.indexOf('<details>'));
    expect(text).toContain("> - GET /health: round 5: the open model's rate was not reached");
  });

  it('does not claim all budgets passed when some were not judged', () => {
    const r = loadTimelineResult();
    r.verdicts = r.verdicts.filter((v) => v.status !== 'fail');
    const text = renderMarkdown(r);
    expect(text).toContain('All judged budgets passed.');
    expect(text).not.toContain('All budgets passed.');
  });
});

describe('renderMarkdown: files a check wrote', () => {
  it("links Lighthouse's reports by subject, paths encoded", () => {
    const result = minimalResult();
    result.checks.push({
      id: 'lighthouse',
      title: 'Lighthouse (lab Core Web Vitals)',
      status: 'ok',
      durationMs: 1,
      files: [{ path: 'lighthouse/page-send-mobile.html', title: 'Lighthouse report (median of 5 runs)', subject: 'page:/send mobile' }],
    });
    expect(renderMarkdown(result)).toContain('reports beside this summary:** [page:/send mobile](lighthouse/page-send-mobile.html)');
  });
});
