import { describe, expect, it } from 'vitest';
import { packagePath } from '../util/paths.ts';
import { loadBudgets, parseBudgets } from './load-budgets.ts';

// What the registry would hand the judge: each check's metric names.
const KNOWN = {
  load: ['latency.p50', 'latency.p95', 'latency.p99', 'latency.max', 'throughput.rps', 'errors.ratio'].map((name) => ({ name })),
  explain: ['plan.execution_ms', 'plan.buffers.shared_hit', 'plan.buffers.shared_read'].map((name) => ({ name })),
  lighthouse: ['lcp', 'tbt'].map((name) => ({ name })),
};

describe('budget files', () => {
  it('reads YAML with the same schema and defaults', async () => {
    const budgets = await loadBudgets(packagePath('cli/test/fixtures/loose.budget.yaml'), KNOWN);
    expect(budgets.rules[0]).toMatchObject({ check: 'load', subject: '*', severity: 'error', max: 5000 });
  });

  it('names the path inside the file and what was expected', () => {
    const bad = {
      rules: [
        { check: 'load', metric: 'latency.p95', max: 1 },
        { check: 'load', metric: 'x', min: 1, severity: 'fatal' },
      ],
    };
    expect(() => parseBudgets(bad, 'b.yaml', KNOWN)).toThrow(expect.objectContaining({ code: 'BAD_BUDGET', exitCode: 2 }));
    expect(() => parseBudgets(bad, 'b.yaml', KNOWN)).toThrow(/^budget file b\.yaml: rules\[1\]\.severity: .*"error"\|"warn"/);
    expect(() => parseBudgets({ rules: [{ check: 'load', metric: 'x' }] }, 'b.yaml', KNOWN)).toThrow(/rules\[0\]: a rule needs max, min or regression/);
    expect(() => parseBudgets({ rules: [{ check: 'load', metric: 'x', max: 1, maks: 2 }] }, 'b.yaml', KNOWN)).toThrow(/rules\[0\]: .*maks/);
    expect(() => parseBudgets({ rules: [{ check: 'load', metric: 'latency.p95', min: 10, max: 1 }] }, 'b.yaml', KNOWN)).toThrow(/rules\[0\]: min is greater than max/);
  });

  it('names a metric the check does not have, so a typo cannot switch a budget off', () => {
    const typo = {
      rules: [
        { check: 'load', metric: 'latency.p95', max: 1 },
        { check: 'load', metric: 'latency.p59', max: 1 },
      ],
    };
    expect(() => parseBudgets(typo, 'b.yaml', KNOWN)).toThrow(
      /^budget file b\.yaml: rules\[1\]\.metric: the load check has no metric "latency\.p59"; expected one of latency\.p50, latency\.p95,/,
    );
    // A glob is fine when it matches some metric of the check.
    expect(parseBudgets({ rules: [{ check: 'explain', metric: 'plan.buffers.*', regression: { tolerance: 0.1 } }] }, 'b.yaml', KNOWN).rules).toHaveLength(1);
    expect(() => parseBudgets({ rules: [{ check: 'lighthouse', metric: 'latency.*', max: 1 }] }, 'b.yaml', KNOWN)).toThrow(
      /rules\[0\]\.metric: the lighthouse check has no metric "latency\.\*"/,
    );
  });
});
