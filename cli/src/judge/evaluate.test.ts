import { describe, expect, it } from 'vitest';
import { BudgetFile, type CheckRun, type Measurement } from '../model/index.ts';
import { evaluateBudgets } from './evaluate.ts';
import { outcomeOf, summarize } from './summarize.ts';

const m = (subject: string, metric: string, value: number): Measurement => ({ check: 'load', subject, metric, value, unit: 'ms' });
const ok: CheckRun[] = [{ id: 'load', title: 'load', status: 'ok', durationMs: 1 }];
const budgets = BudgetFile.parse({
  rules: [
    { check: 'load', metric: 'latency.p95', subject: 'GET /*', max: 50 },
    { check: 'load', metric: 'throughput.rps', subject: 'GET /health', min: 1000, severity: 'warn' },
    { check: 'load', metric: 'latency.p95', subject: 'DELETE /*', max: 10 },
  ],
});

describe('evaluateBudgets', () => {
  it('judges each matching measurement against max and min, honours severity, skips rules that matched nothing', () => {
    const verdicts = evaluateBudgets(budgets, [m('GET /health', 'latency.p95', 12), m('GET /payments', 'latency.p95', 51), m('GET /health', 'throughput.rps', 900)], ok);
    const by = (subject: string, metric: string) => verdicts.find((v) => v.subject === subject && v.metric === metric)!;
    expect(by('GET /health', 'latency.p95').status).toBe('pass');
    expect(by('GET /payments', 'latency.p95')).toMatchObject({ status: 'fail', limit: { kind: 'max', value: 50 } });
    expect(by('GET /health', 'throughput.rps')).toMatchObject({ status: 'warn', limit: { kind: 'min', value: 1000 } });
    expect(by('DELETE /*', 'latency.p95')).toMatchObject({ status: 'skipped' });
    const summary = summarize(verdicts);
    expect(summary).toMatchObject({ pass: 1, fail: 1, warn: 1, skipped: 1 });
    expect(outcomeOf(verdicts, ok)).toEqual({ outcome: 'fail', exitCode: 1 });
  });

  it('treats a value equal to the limit as within it', () => {
    const [v] = evaluateBudgets(BudgetFile.parse({ rules: [{ check: 'load', metric: 'latency.p95', max: 50 }] }), [m('GET /', 'latency.p95', 50)], ok);
    expect(v!.status).toBe('pass');
  });

  it('gives a check that could not run an error verdict and exit code 3, outranking failures', () => {
    const failed: CheckRun[] = [{ id: 'load', title: 'load', status: 'error', durationMs: 1, error: 'ECONNREFUSED' }];
    const verdicts = evaluateBudgets(budgets, [], failed);
    expect(verdicts[0]).toMatchObject({ status: 'error', message: 'check "load" could not run: ECONNREFUSED' });
    expect(verdicts.slice(1).every((v) => v.status === 'skipped')).toBe(true);
    expect(outcomeOf(verdicts, failed)).toEqual({ outcome: 'error', exitCode: 3 });
  });

  it('passes when every verdict passes', () => {
    const verdicts = evaluateBudgets(BudgetFile.parse({ rules: [{ check: 'load', metric: 'latency.p95', max: 50 }] }), [m('GET /', 'latency.p95', 5)], ok);
    expect(outcomeOf(verdicts, ok)).toEqual({ outcome: 'pass', exitCode: 0 });
  });

  it('sums up a check that was not run in one skipped verdict, with its reason', () => {
    const checks: CheckRun[] = [...ok, { id: 'lighthouse', title: 'Lighthouse', status: 'skipped', durationMs: 0, error: 'needs --url and --pages' }];
    const withPages = BudgetFile.parse({ rules: [...budgets.rules, { check: 'lighthouse', metric: 'lcp', max: 2500 }, { check: 'lighthouse', metric: 'cls', max: 0.1 }] });
    const verdicts = evaluateBudgets(withPages, [m('GET /health', 'latency.p95', 5)], checks).filter((v) => v.check === 'lighthouse');
    expect(verdicts).toEqual([
      { check: 'lighthouse', metric: 'check', subject: 'Lighthouse', status: 'skipped', message: 'not run (needs --url and --pages): 2 rules not judged' },
    ]);
  });

  it('judges a regression-only rule only with a baseline; without one it says so, once', () => {
    const regressionOnly = BudgetFile.parse({ rules: [{ check: 'load', metric: 'latency.p99', regression: { tolerance: 0.1, confidence: 0.95 } }] });
    const measured = [m('GET /a', 'latency.p99', 5), m('GET /b', 'latency.p99', 6)];
    const alone = evaluateBudgets(regressionOnly, measured, ok);
    expect(alone).toHaveLength(1);
    expect(alone[0]).toMatchObject({ status: 'skipped', message: 'judged only against a baseline (--baseline NAME): 2 measurements not compared' });
    const compared = evaluateBudgets(regressionOnly, measured, ok, { baseline: true });
    expect(compared.map((v) => [v.subject, v.status])).toEqual([
      ['GET /a', 'pass'],
      ['GET /b', 'pass'],
    ]);
  });
});
