import { describe, expect, it } from 'vitest';
import { KNOWN_METRICS } from '../cli/src/checks/registry.ts';
import { loadBudgets } from '../cli/src/judge/load-budgets.ts';
import { packagePath } from '../cli/src/util/paths.ts';

describe('the PayPass budget', () => {
  it('loads (TypeScript) and every rule cites its source line in the standards', async () => {
    const budgets = await loadBudgets(packagePath('budgets/paypass.budget.ts'), KNOWN_METRICS);
    expect(budgets.rules.length).toBeGreaterThanOrEqual(6);
    for (const rule of budgets.rules) expect(rule.source).toMatch(/^performance-standards\.md:\d+ /);
    const health = budgets.rules.find((r) => r.subject === 'GET /health' && r.metric === 'latency.p95');
    expect(health).toMatchObject({ max: 50, severity: 'error' });
  });
});

describe('the generic budget (used with --url)', () => {
  it('judges any front end, API and database by the standards, each rule citing its line', async () => {
    const budgets = await loadBudgets(packagePath('budgets/generic.budget.ts'), KNOWN_METRICS);
    expect(new Set(budgets.rules.map((r) => r.check))).toEqual(new Set(['lighthouse', 'bundle', 'load', 'explain']));
    expect(budgets.rules.find((r) => r.metric === 'plan.seq_scan_rows')).toMatchObject({ max: 10_000, severity: 'error' });
    for (const rule of budgets.rules.filter((r) => r.check !== 'load' || r.metric !== 'errors.ratio')) expect(rule.source).toMatch(/^performance-standards\.md:\d+ /);
  });
});

describe.each([
  ['budgets/paypass-e2e.budget.ts', 'payment settled', 3000],
  ['budgets/paypass-10k.budget.ts', 'payment settled', 3000],
])('the scenario budget %s', (file, subject, max) => {
  it('loads, cites the standards on every rule, and holds payments to the end-to-end target', async () => {
    const budgets = await loadBudgets(packagePath(file), KNOWN_METRICS);
    for (const rule of budgets.rules) expect(rule.source).toMatch(/^performance-standards\.md:\d+ /);
    expect(budgets.rules.find((r) => r.subject === subject && r.metric === 'latency.p95')).toMatchObject({ max });
  });
});
