import { describe, expect, it } from 'vitest';
import type { Measurement, RunResult, Verdict } from '../cli/src/model/index.ts';
import { minimalResult, planRegression } from './fixtures/sample-result.ts';
import { causesNeedingAttention, describeCause, queryCauses } from './causes.ts';
import { renderJunit } from './junit.ts';
import { renderMarkdown } from './markdown.ts';

// A slow endpoint, the queries its requests ran, and an EXPLAIN that shows why: one line a reviewer can act on.
function slowPaymentsRun(): RunResult {
  const r = minimalResult();
  const p95: Measurement = {
    check: 'load',
    metric: 'latency.p95',
    subject: 'GET /payments',
    value: 480,
    unit: 'ms',
    queriesPerRequest: { getPaginatedPayments: 1, listBalances: 0.5 },
  };
  const explain = (subject: string, metric: string, value: number, unit: Measurement['unit']): Measurement => ({ check: 'explain', metric, subject, value, unit });
  const seq = explain('query:getPaginatedPayments.first', 'plan.seq_scan_rows', 50_000, 'count');
  r.measurements = [
    p95,
    explain('query:getPaginatedPayments.first', 'plan.execution_ms', 12.5, 'ms'),
    seq,
    explain('query:listBalances', 'plan.execution_ms', 0.01, 'ms'),
    explain('query:listBalances', 'plan.seq_scan_rows', 0, 'count'),
  ];
  const failing: Verdict = {
    check: 'load',
    metric: 'latency.p95',
    subject: 'GET /payments',
    status: 'fail',
    message: '480 ms exceeds max 200 ms',
    measurement: p95,
    limit: { kind: 'max', value: 200 },
  };
  const seqVerdict: Verdict = {
    check: 'explain',
    metric: 'plan.seq_scan_rows',
    subject: 'query:getPaginatedPayments.first',
    status: 'fail',
    message: 'over',
    measurement: seq,
    baseline: planRegression('Limit>Index Scan idx on payments', 'Limit>Sort>Seq Scan on payments'),
  };
  r.verdicts = [failing, seqVerdict];
  r.outcome = 'fail';
  return r;
}

describe('query causes', () => {
  it('links a failing endpoint to the queries it ran and to what EXPLAIN found for them', () => {
    const r = slowPaymentsRun();
    const causes = queryCauses(r.verdicts[0]!, r);
    expect(causes.map((c) => [c.query, c.perRequest])).toEqual([
      ['getPaginatedPayments', 1],
      ['listBalances', 0.5],
    ]);
    expect(describeCause(causes[0]!)).toBe(
      'getPaginatedPayments ×1/request (query:getPaginatedPayments.first: 12.5 ms, seq scans read 50,000 rows, EXPLAIN flags plan.seq_scan_rows, plan changed: Limit>Index Scan idx on payments → Limit>Sort>Seq Scan on payments)',
    );
    expect(describeCause(causes[1]!)).toBe('listBalances ×0.5/request (query:listBalances: 0.01 ms)');
    // Explain verdicts are not endpoints: only the load verdict gets a cause line.
    expect(causesNeedingAttention(r.verdicts, r).map((c) => c.subject)).toEqual(['GET /payments']);
  });

  it('shows them in summary.md and in the JUnit failure', () => {
    const r = slowPaymentsRun();
    expect(renderMarkdown(r)).toContain('- GET /payments: getPaginatedPayments ×1/request (query:getPaginatedPayments.first: 12.5 ms, seq scans read 50,000 rows');
    expect(renderJunit(r)).toContain('runs getPaginatedPayments ×1/request (query:getPaginatedPayments.first: 12.5 ms');
  });

  it('says nothing when the target exports no query counts', () => {
    const r = slowPaymentsRun();
    delete r.measurements[0]!.queriesPerRequest;
    expect(queryCauses(r.verdicts[0]!, r)).toEqual([]);
    expect(renderMarkdown(r)).not.toContain('Queries behind');
  });
});
