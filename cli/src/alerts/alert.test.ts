import { describe, expect, it } from 'vitest';
import { alertsOf, noticeOf } from './alert.ts';
import { failingRun, passingRun } from './fixtures/runs.ts';

describe('alerts of a run', () => {
  it('raises one alert per failed or warned budget and per regression, with its numbers', () => {
    const alerts = alertsOf(failingRun().verdicts);
    expect(alerts.map((a) => [a.key, a.severity])).toEqual([
      ['budget|load|latency.p95|POST /payments', 'error'],
      ['budget|load|latency.p99|GET /payments/:id', 'warn'],
      ['regression|load|latency.p95|GET /payments', 'error'],
    ]);
    expect(alerts[0]).toMatchObject({
      value: 234.6,
      unit: 'ms',
      limit: { kind: 'max', value: 200 },
      message: 'load latency.p95 POST /payments: 234.6 ms exceeds max 200 ms',
    });
    expect(alerts[2]).toMatchObject({
      value: 109.1,
      baseline: { run: 'run-base', value: 96.4, delta: 0.132, ci: [0.098, 0.165], p: 0.001 },
      message: 'load latency.p95 GET /payments: regressed +13.2% [+9.8%, +16.5%] against baseline run run-base (p=0.001)',
    });
  });

  it('tells a measurement two rules failed once, as its more severe failure', () => {
    const run = failingRun();
    const warnToo = { ...run.verdicts[0]!, status: 'warn' as const, severity: 'warn' as const };
    const alerts = alertsOf([warnToo, ...run.verdicts]);
    expect(alerts.filter((a) => a.subject === 'POST /payments')).toMatchObject([{ severity: 'error' }]);
  });

  it('raises nothing for a passing run, and names the checks that ran to the end', () => {
    const notice = noticeOf(passingRun(), '127.0.0.1:8080');
    expect(notice.alerts).toEqual([]);
    expect(notice).toMatchObject({ runId: 'run-passing', outcome: 'pass', target: '127.0.0.1:8080', gitSha: '4e1d0c2b9a7f', completedChecks: ['load'] });
  });
});
