import { describe, expect, it } from 'vitest';
import { packagePath } from '../util/paths.ts';
import { loadBudgets, parseBudgets } from './load-budgets.ts';
import { CHECK_IDS } from '../checks/registry.ts';

describe('budget files', () => {
  it('loads the PayPass budgets (TypeScript) and every rule cites its source line in the standards', async () => {
    const budgets = await loadBudgets(packagePath('budgets/paypass.budget.ts'), CHECK_IDS);
    expect(budgets.rules.length).toBeGreaterThanOrEqual(6);
    for (const rule of budgets.rules) expect(rule.source).toMatch(/^performance-standards\.md:\d+ /);
    const health = budgets.rules.find((r) => r.subject === 'GET /health' && r.metric === 'latency.p95');
    expect(health).toMatchObject({ max: 50, severity: 'error' });
  });

  it('reads YAML with the same schema and defaults', async () => {
    const budgets = await loadBudgets(packagePath('cli/test/fixtures/loose.budget.yaml'), ['load']);
    expect(budgets.rules[0]).toMatchObject({ check: 'load', subject: '*', severity: 'error', max: 5000 });
  });

  it('names the path inside the file and what was expected', () => {
    const bad = { rules: [{ check: 'load', metric: 'latency.p95', max: 1 }, { check: 'load', metric: 'x', min: 1, severity: 'fatal' }] };
    expect(() => parseBudgets(bad, 'b.yaml', ['load'])).toThrow(expect.objectContaining({ code: 'BAD_BUDGET', exitCode: 2 }));
    expect(() => parseBudgets(bad, 'b.yaml', ['load'])).toThrow(/^budget file b\.yaml: rules\[1\]\.severity: .*"error"\|"warn"/);
    expect(() => parseBudgets({ rules: [{ check: 'load', metric: 'x' }] }, 'b.yaml', ['load'])).toThrow(/rules\[0\]: a rule needs max, min or regression/);
    expect(() => parseBudgets({ rules: [{ check: 'load', metric: 'x', max: 1, maks: 2 }] }, 'b.yaml', ['load'])).toThrow(/rules\[0\]: .*maks/);
    expect(() => parseBudgets({ rules: [{ check: 'load', metric: 'latency.p95', min: 10, max: 1 }] }, 'b.yaml', ['load'])).toThrow(/rules\[0\]: min is greater than max/);
  });

  it('names a metric the check does not have, so a typo cannot switch a budget off', () => {
    const typo = { rules: [{ check: 'load', metric: 'latency.p95', max: 1 }, { check: 'load', metric: 'latency.p59', max: 1 }] };
    expect(() => parseBudgets(typo, 'b.yaml', CHECK_IDS)).toThrow(
      /^budget file b\.yaml: rules\[1\]\.metric: the load check has no metric "latency\.p59"; expected one of latency\.p50, latency\.p95,/,
    );
    // A glob is fine when it matches some metric of the check.
    expect(parseBudgets({ rules: [{ check: 'explain', metric: 'plan.buffers.*', regression: { tolerance: 0.1 } }] }, 'b.yaml', CHECK_IDS).rules).toHaveLength(1);
    expect(() => parseBudgets({ rules: [{ check: 'lighthouse', metric: 'latency.*', max: 1 }] }, 'b.yaml', CHECK_IDS)).toThrow(/rules\[0\]\.metric: the lighthouse check has no metric "latency\.\*"/);
  });
});

describe('the generic budget (used with --url)', () => {
  it('judges any front end, API and database by the standards, each rule citing its line', async () => {
    const budgets = await loadBudgets(packagePath('budgets/generic.budget.ts'), CHECK_IDS);
    expect(new Set(budgets.rules.map((r) => r.check))).toEqual(new Set(['lighthouse', 'bundle', 'load', 'explain']));
    expect(budgets.rules.find((r) => r.metric === 'plan.seq_scan_rows')).toMatchObject({ max: 10_000, severity: 'error' });
    for (const rule of budgets.rules.filter((r) => r.check !== 'load' || r.metric !== 'errors.ratio')) expect(rule.source).toMatch(/^performance-standards\.md:\d+ /);
  });
});
