import { describe, expect, it } from 'vitest';
import type { Measurement, Verdict } from '../cli/src/model/index.ts';
import { comparisonName, formatBenchstatTable } from './benchstat.ts';
import { formatMetricName } from './format.ts';
import { changeText, generatorBoundGroups, generatorBoundText, metricText, outcomeLabel } from './verdicts.ts';

const seqScan = (base: number, head: number): Verdict => ({
  check: 'explain',
  metric: 'plan.seq_scan_rows',
  subject: 'query:page',
  status: 'pass',
  message: '',
  measurement: { check: 'explain', metric: 'plan.seq_scan_rows', subject: 'query:page', value: head, unit: 'count' },
  baseline: { run: 'b', value: base, headValue: head, delta: 1, change: 'regressed', test: 'exact', tolerance: 0.05, reason: { code: 'exact', base, head, beyond: true } },
});

describe('baseline change text', () => {
  it('says an exact value grew from 0 instead of printing a +100 % placeholder', () => {
    expect(changeText(seqScan(0, 50_000))).toBe('0 → 50,000 regressed');
    expect(formatBenchstatTable([seqScan(0, 50_000)])).toMatch(/plan\.seq_scan_rows query:page\s+0\s+50,000\s+from 0\s+\(exact\)/);
    expect(changeText(seqScan(100, 200))).toMatch(/^\+100(\.0)?% regressed$/);
  });
});

const loadVerdict = (metric: string, extra: Partial<Measurement> = {}, status: Verdict['status'] = 'pass'): Verdict => ({
  check: 'load',
  metric,
  subject: 'GET /payments',
  status,
  message: '',
  measurement: { check: 'load', metric, subject: 'GET /payments', value: 12, unit: 'ms', ...extra },
});

describe('load model beside a latency', () => {
  it('names the model of a load latency, and of nothing else', () => {
    expect(formatMetricName({ metric: 'latency.p95', loadModel: 'open' })).toBe('latency.p95 (open model)');
    expect(formatMetricName({ metric: 'latency.max', loadModel: 'closed' })).toBe('latency.max (closed model)');
    expect(formatMetricName({ metric: 'throughput.rps', loadModel: 'open' })).toBe('throughput.rps');
    expect(formatMetricName({ metric: 'latency.p95' })).toBe('latency.p95');
    expect(metricText(loadVerdict('latency.p99', { loadModel: 'open' }))).toBe('latency.p99 (open model)');
    expect(metricText(loadVerdict('latency.p99'))).toBe('latency.p99');
    expect(metricText({ check: 'load', metric: 'latency.p95', subject: 'x', status: 'error', message: 'no measurement' })).toBe('latency.p95');
    expect(comparisonName({ metric: 'latency.p50', subject: 'GET /x', loadModel: 'closed' })).toBe('p50 (closed model) GET /x');
    expect(comparisonName({ metric: 'latency.p50', subject: 'GET /x' })).toBe('p50 GET /x');
  });
});

describe('generator-bound verdicts', () => {
  const why = 'round 2: its event loop was busy 97 % of the round (limit 90 %)';
  const bound = loadVerdict('latency.p95', { loadModel: 'closed', generatorBound: why }, 'skipped');

  it('read as generator-bound and not judged, with the reason', () => {
    expect(outcomeLabel(bound)).toBe('GENERATOR-BOUND');
    expect(generatorBoundText(bound)).toBe(`generator-bound — not judged: ${why}`);
    // A plain skip stays one; a judged verdict of a bound measurement (an older judge) is not relabelled.
    expect(outcomeLabel(loadVerdict('latency.p95', {}, 'skipped'))).toBe('SKIPPED');
    expect(generatorBoundText(loadVerdict('latency.p95', { generatorBound: why }, 'fail'))).toBe('');
  });

  it('group by subject and reason, each metric once', () => {
    const other = { ...bound, metric: 'throughput.rps', measurement: { ...bound.measurement!, metric: 'throughput.rps', unit: 'rps' as const } };
    expect(generatorBoundGroups([bound, other, bound, loadVerdict('latency.p50')])).toEqual([
      { subject: 'GET /payments', reason: why, metrics: ['latency.p95 (closed model)', 'throughput.rps'] },
    ]);
  });
});
