import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { minimalResult, sampleResult } from './fixtures/sample-result.ts';
import { renderExposition, renderOpenMetrics, runFamilies, targetLabel } from './openmetrics.ts';

const promtool = spawnSync('promtool', ['--version']).status === 0;

describe('openmetrics report', () => {
  it('writes the contract series of a small run, in order, ending with # EOF', () => {
    expect(renderOpenMetrics(minimalResult())).toBe(
      [
        '# HELP perfgate_measurement Value a check measured (unit in the unit label).',
        '# TYPE perfgate_measurement gauge',
        'perfgate_measurement{check="load",metric="latency.p95",subject="GET /health",unit="ms",target="localhost:3000",git_sha="4e1d0c2b9a7f"} 3.8',
        '# HELP perfgate_verdict Budget verdict of a measurement: 1 for the status it got (pass, fail, warn, error, skipped).',
        '# TYPE perfgate_verdict gauge',
        'perfgate_verdict{check="load",metric="latency.p95",subject="GET /health",status="pass",target="localhost:3000",git_sha="4e1d0c2b9a7f"} 1',
        '# HELP perfgate_run_outcome Outcome of the run: 1 for pass, fail, error or interrupted.',
        '# TYPE perfgate_run_outcome gauge',
        'perfgate_run_outcome{outcome="pass",target="localhost:3000",git_sha="4e1d0c2b9a7f"} 1',
        '# HELP perfgate_run_timestamp_seconds When the run finished, in seconds since the Unix epoch.',
        '# TYPE perfgate_run_timestamp_seconds gauge',
        'perfgate_run_timestamp_seconds{target="localhost:3000",git_sha="4e1d0c2b9a7f"} 1772352030',
        '# HELP perfgate_budget_failures Budget rules the run failed.',
        '# TYPE perfgate_budget_failures gauge',
        'perfgate_budget_failures{target="localhost:3000",git_sha="4e1d0c2b9a7f"} 0',
        '# HELP perfgate_regressions Measurements that regressed against the baseline.',
        '# TYPE perfgate_regressions gauge',
        'perfgate_regressions{target="localhost:3000",git_sha="4e1d0c2b9a7f"} 0',
        '# EOF',
        '',
      ].join('\n'),
    );
  });

  it('gives each compared measurement one regression series with its relative change', () => {
    const result = sampleResult();
    const regression = runFamilies(result).find((f) => f.name === 'perfgate_regression')!;
    const compared = new Set(result.verdicts.filter((v) => v.baseline).map((v) => `${v.check} ${v.metric} ${v.subject}`));
    expect(regression.samples).toHaveLength(compared.size);
    const regressed = result.verdicts.find((v) => v.baseline?.change === 'regressed')!;
    expect(regression.samples).toContainEqual({
      labels: { check: regressed.check, metric: regressed.metric, subject: regressed.subject, change: 'regressed', target: 'paypass', git_sha: '4e1d0c2b9a7f' },
      value: regressed.baseline!.delta,
    });
  });

  it('escapes backslashes, quotes and line feeds in label values', () => {
    const result = minimalResult();
    result.measurements[0]!.subject = 'GET /a"b\\c\nd';
    expect(renderOpenMetrics(result)).toContain('subject="GET /a\\"b\\\\c\\nd"');
  });

  it('names the target "paypass" or by the host of its URL', () => {
    expect(targetLabel({ kind: 'paypass', mode: 'embedded' })).toBe('paypass');
    expect(targetLabel({ kind: 'url', url: 'https://shop.example.test:8443/api' })).toBe('shop.example.test:8443');
  });

  it('leaves # EOF out of the Prometheus text format a Pushgateway takes', () => {
    const text = renderExposition(runFamilies(minimalResult()), 'prometheus');
    expect(text).not.toContain('# EOF');
    expect(text.endsWith('perfgate_regressions{target="localhost:3000",git_sha="4e1d0c2b9a7f"} 0\n')).toBe(true);
  });

  it.skipIf(!promtool)('passes promtool check metrics', () => {
    for (const result of [sampleResult(), minimalResult()]) {
      const check = spawnSync('promtool', ['check', 'metrics'], { input: renderOpenMetrics(result), encoding: 'utf8' });
      expect(check.stdout + check.stderr).toBe('');
      expect(check.status).toBe(0);
    }
  });
});
