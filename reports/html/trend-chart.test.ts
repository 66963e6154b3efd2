import { describe, expect, it } from 'vitest';
import { historyRuns } from '../../cli/test/history-runs.ts';
import { historyOf } from '../../cli/test/history-fixture.ts';
import { absorbedNotes, historySection } from './history-section.ts';
import { renderHtml } from './index.ts';
import { trendChart } from './trend-chart.ts';

const runs = historyRuns({ count: 25, stepAt: 14, step: 0.2 });
const history = historyOf(runs, { baselines: [{ name: 'main', runId: runs[20]!.id }] });
const newest = runs.at(-1)!;
const payments = history.series.find((s) => s.metric === 'latency.p95' && s.subject === 'GET /payments')!;

describe('trendChart', () => {
  const html = trendChart(payments, history.runs, { kind: 'max', value: 60 });

  it('draws both geometries, a dot a run with its sha and id, each segment mean and the limit', () => {
    expect(html.match(/<svg class="(wide|narrow)"/g)).toEqual(['<svg class="wide"', '<svg class="narrow"']);
    expect(html.match(/class="tr-dot"/g)).toHaveLength(50);
    expect(html).toContain(`run 15 · 2026-11-15 08:00 UTC · ${runs[14]!.environment.gitSha!.slice(0, 7)} · ${runs[14]!.id}`);
    expect(html.match(/class="tr-mean/g)).toHaveLength(4);
    expect(html).toContain('class="tr-mean absorbed"');
    expect(html).toContain('max 60ms');
  });

  it('marks the change point with a vertical line and its shift, the sha where there is room', () => {
    const cp = payments.changePoints[0]!;
    const pct = `+${(cp.change! * 100).toFixed(1)}%`;
    expect(html).toMatch(new RegExp(`<g class="tr-cp worse"><line x1="([\\d.]+)" x2="\\1"`));
    expect(html).toContain(`>${pct} ${cp.gitSha!.slice(0, 7)}</text>`);
    expect(html).toContain(`>${pct}</text>`);
    // And in words beneath, with its interval.
    expect(html).toMatch(/WORSE<\/span> \+\d+\.\d% \[\+\d+\.\d%, \+\d+\.\d%\] \(p&lt;0\.001\) at /);
  });

  it('a flat history says it has no change point', () => {
    const health = history.series.find((s) => s.subject === 'GET /health')!;
    expect(trendChart(health, history.runs)).toContain('no change point in 25 runs');
  });

  it('staggers the labels of change points close together', () => {
    const close = historyOf(
      historyRuns({
        count: 30,
        noise: 0.01,
        steps: [
          [12, 0.3],
          [15, 0.3],
          [27, 0.3],
        ],
      }),
    );
    const s = close.series.find((x) => x.subject === 'GET /payments')!;
    expect(s.changePoints.map((cp) => cp.index)).toEqual([12, 15, 27]);
    const chart = trendChart(s, close.runs);
    const narrow = chart.slice(chart.indexOf('<svg class="narrow"'));
    const rows = [...narrow.matchAll(/<text x="[\d.]+" y="([\d.]+)" text-anchor="\w+">\+/g)].map((m) => Number(m[1]));
    expect(rows).toHaveLength(3);
    expect(rows[0]).not.toBe(rows[1]);
    expect(rows[2]).toBe(rows[0]);
  });
});

describe('the report with a history', () => {
  const html = renderHtml(newest, { history });

  it('has a History section with a trend chart per budgeted metric', () => {
    expect(html).toContain('<h3>History <span class="muted">(25 stored runs, 2026-11-01 08:00 UTC → 2026-11-25 08:00 UTC)</span></h3>');
    expect(html.match(/<details class="trend"/g)).toHaveLength(2);
    // The absorbed regression comes first, flagged.
    expect(html.indexOf('ABSORBED REGRESSION')).toBeLessThan(html.indexOf('GET /health</span> <span class="muted">latency.p95'));
  });

  it('says at the top that a baseline absorbed a regression', () => {
    const top = html.slice(0, html.indexOf('<section'));
    expect(top).toContain('Regression absorbed into the history');
    expect(top).toMatch(/<strong>GET \/payments<\/strong> latency\.p95 is now \+\d+\.\d% \[.*\] slower than 11 runs ago/);
    expect(top).toContain('baseline &quot;main&quot; was saved since');
  });

  it('nothing without a history, or for metrics no budget rule judged', () => {
    expect(renderHtml(newest)).not.toContain('History');
    expect(historySection(history, [])).toBe('');
    expect(absorbedNotes(undefined, newest.verdicts)).toBe('');
    // A verdict without a budget rule (a measurement compared, not budgeted) gets no chart.
    expect(
      historySection(
        history,
        newest.verdicts.map(({ rule: _rule, ...v }) => v),
      ),
    ).toBe('');
  });
});
