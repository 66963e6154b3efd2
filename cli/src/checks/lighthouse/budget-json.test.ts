import { describe, expect, it } from 'vitest';
import { budgetJson, pathOf, toLighthouseBudgets, type PerfgateRule } from './budget-json.ts';

/** The frontend targets of performance-standards.md, as perfgate rules. */
const STANDARDS: PerfgateRule[] = [
  { check: 'lighthouse', metric: 'lcp', subject: 'page:*', max: 2500 },
  { check: 'lighthouse', metric: 'cls', subject: 'page:*', max: 0.1 },
  { check: 'lighthouse', metric: 'fcp', subject: 'page:*', max: 1800 },
  { check: 'lighthouse', metric: 'tti', subject: 'page:*', max: 3500 },
  { check: 'lighthouse', metric: 'tbt', subject: 'page:*', max: 200 },
  { check: 'lighthouse', metric: 'requests.count', subject: 'page:*', max: 50 },
  { check: 'lighthouse', metric: 'bytes.images', subject: 'page:*', max: 500 * 1024 },
  { check: 'bundle', metric: 'gzip.bytes', subject: 'bundle:initial', max: 200 * 1024 },
  { check: 'bundle', metric: 'gzip.bytes', subject: 'route:*', max: 100 * 1024 },
  { check: 'lighthouse', metric: 'score.performance', subject: 'page:*', min: 90 },
  { check: 'load', metric: 'latency.p95', subject: 'GET /payments', max: 200 },
];

const TIMING = new Set([
  'first-contentful-paint',
  'interactive',
  'first-meaningful-paint',
  'max-potential-fid',
  'total-blocking-time',
  'speed-index',
  'largest-contentful-paint',
  'cumulative-layout-shift',
]);
const RESOURCE = new Set(['total', 'document', 'script', 'stylesheet', 'image', 'media', 'font', 'other', 'third-party']);

/** The rules Lighthouse's budget validator enforces (Budget.initializeBudget), asserted here. */
function assertValidBudgetJson(json: unknown): void {
  expect(Array.isArray(json)).toBe(true);
  for (const b of json as Record<string, unknown>[]) {
    expect(Object.keys(b).every((k) => ['path', 'options', 'timings', 'resourceSizes', 'resourceCounts'].includes(k))).toBe(true);
    const path = b.path as string;
    expect(path.startsWith('/')).toBe(true);
    expect((path.match(/\*/g) ?? []).length).toBeLessThanOrEqual(1);
    expect(!path.includes('$') || (path.endsWith('$') && path.indexOf('$') === path.length - 1)).toBe(true);
    for (const [key, names, field] of [
      ['timings', TIMING, 'metric'],
      ['resourceSizes', RESOURCE, 'resourceType'],
      ['resourceCounts', RESOURCE, 'resourceType'],
    ] as const) {
      const list = b[key] as Record<string, unknown>[] | undefined;
      if (!list) continue;
      const seen = new Set<unknown>();
      for (const e of list) {
        expect(Object.keys(e).sort()).toEqual(['budget', field].sort());
        expect(names.has(e[field] as string)).toBe(true);
        expect(typeof e.budget).toBe('number');
        expect(seen.has(e[field])).toBe(false);
        seen.add(e[field]);
      }
    }
  }
}

describe('budget.json export', () => {
  it('maps the standards to one global budget and says what it left out', () => {
    const { budgets, skipped } = toLighthouseBudgets(STANDARDS);
    expect(budgets).toEqual([
      {
        path: '/*',
        timings: [
          { metric: 'cumulative-layout-shift', budget: 0.1 },
          { metric: 'first-contentful-paint', budget: 1800 },
          { metric: 'interactive', budget: 3500 },
          { metric: 'largest-contentful-paint', budget: 2500 },
          { metric: 'total-blocking-time', budget: 200 },
        ],
        resourceSizes: [
          { resourceType: 'image', budget: 500 },
          { resourceType: 'script', budget: 200 },
        ],
        resourceCounts: [{ resourceType: 'total', budget: 50 }],
      },
    ]);
    expect(skipped.map((s) => `${s.rule.check}/${s.rule.metric}/${s.rule.subject}`)).toEqual([
      'bundle/gzip.bytes/route:*',
      'lighthouse/score.performance/page:*',
      'load/latency.p95/GET /payments',
    ]);
    expect(skipped[1].reason).toMatch(/maxima only/);
    assertValidBudgetJson(JSON.parse(budgetJson(STANDARDS)));
  });

  it('gives a page its own budget after the global one, carrying the global entries it does not override', () => {
    const rules: PerfgateRule[] = [
      { check: 'lighthouse', metric: 'lcp', subject: 'page:/dashboard mobile', max: 3000 },
      { check: 'lighthouse', metric: 'lcp', subject: 'page:/dashboard desktop', max: 1500 },
      { check: 'lighthouse', metric: 'lcp', max: 2500 },
      { check: 'lighthouse', metric: 'bytes.total', subject: 'page:/blog/*', max: 300 * 1024 },
      { check: 'lighthouse', metric: 'tbt', subject: 'page:* mobile', max: 200 },
    ];
    const { budgets } = toLighthouseBudgets(rules);
    expect(budgets.map((b) => b.path)).toEqual(['/*', '/blog/*', '/dashboard$']);
    expect(budgets[2].timings).toEqual([
      { metric: 'largest-contentful-paint', budget: 1500 }, // the stricter of mobile and desktop
      { metric: 'total-blocking-time', budget: 200 },
    ]);
    expect(budgets[1].resourceSizes).toEqual([{ resourceType: 'total', budget: 300 }]);
    assertValidBudgetJson(budgets);
  });

  it('turns subjects into robots.txt paths', () => {
    expect(pathOf('*')).toBe('/*');
    expect(pathOf('page:/ mobile')).toBe('/$');
    expect(pathOf('page:/login')).toBe('/login$');
    expect(pathOf('page:http://h:1/send desktop')).toBe('/send$');
    expect(pathOf('page:/a/*/b/*')).toBeUndefined();
    expect(pathOf('route:Analytics')).toBeUndefined();
  });

  it('writes an empty list when nothing maps', () => {
    expect(budgetJson([{ check: 'load', metric: 'latency.p95', max: 1 }])).toBe('[]\n');
  });
});
