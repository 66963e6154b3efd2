import type { BudgetRuleInput } from '../cli/src/index.ts';

/**
 * The rules of the standards document that hold for any web front end and any PostgreSQL database, shared by
 * PayPass's budget and the generic one used with --url. Each cites its line of performance-standards.md.
 */
export const STANDARDS = 'performance-standards.md';

export const frontendRules: BudgetRuleInput[] = [
  // Frontend (lab numbers: Lighthouse's simulated mobile throttling; bundle sizes are exact).
  // FID (line 37) cannot be measured in a lab; TBT (line 43) is its lab proxy.
  {
    check: 'lighthouse',
    metric: 'lcp',
    subject: 'page:*',
    max: 2500,
    source: `${STANDARDS}:36 largestContentfulPaint < 2.5s`,
  },
  {
    check: 'lighthouse',
    metric: 'cls',
    subject: 'page:*',
    max: 0.1,
    source: `${STANDARDS}:38 cumulativeLayoutShift < 0.1`,
  },
  {
    check: 'lighthouse',
    metric: 'fcp',
    subject: 'page:*',
    max: 1800,
    source: `${STANDARDS}:41 firstContentfulPaint < 1.8s`,
  },
  {
    check: 'lighthouse',
    metric: 'tti',
    subject: 'page:*',
    max: 3500,
    source: `${STANDARDS}:42 timeToInteractive < 3.5s`,
  },
  {
    check: 'lighthouse',
    metric: 'tbt',
    subject: 'page:*',
    max: 200,
    source: `${STANDARDS}:43 totalBlockingTime < 200ms (lab proxy for firstInputDelay, line 37)`,
  },
  {
    check: 'lighthouse',
    metric: 'requests.count',
    subject: 'page:*',
    max: 50,
    source: `${STANDARDS}:52 requestCount < 50 requests for initial load`,
  },
  {
    check: 'lighthouse',
    metric: 'bytes.images',
    subject: 'page:*',
    max: 500 * 1024,
    source: `${STANDARDS}:53 imageOptimization < 500KB total images`,
  },
  {
    check: 'bundle',
    metric: 'gzip.bytes',
    subject: 'bundle:initial*',
    max: 200 * 1024,
    source: `${STANDARDS}:47 bundleSize.initial < 200KB gzipped`,
  },
  {
    check: 'bundle',
    metric: 'gzip.bytes',
    subject: 'route:*',
    max: 100 * 1024,
    source: `${STANDARDS}:48 bundleSize.route < 100KB gzipped per route`,
  },
  {
    // All JS and CSS together: growth anywhere (a grown chunk, a new lazy one) is judged against the baseline.
    check: 'bundle',
    metric: 'gzip.bytes',
    subject: 'bundle:total',
    regression: { tolerance: 0.05, confidence: 0.95 },
    source: `${STANDARDS}:47 bundleSize (total JS and CSS, gzipped: no silent growth)`,
  },
  {
    check: 'bundle',
    metric: 'raw.bytes',
    subject: 'images:total',
    max: 500 * 1024,
    source: `${STANDARDS}:53 imageOptimization < 500KB total images (shipped in the build)`,
  },
];

// The median and the tail gate on regressions as p95 does: a claimed p50 or p99 change fails the run.
export const latencyRegressionRules: BudgetRuleInput[] = (['latency.p50', 'latency.p99'] as const).map((metric) => ({
  check: 'load',
  metric,
  subject: '*',
  regression: { tolerance: 0.1, confidence: 0.95 },
  source: `${STANDARDS}:77 paymentEndpoints (a regression of the median or the tail)`,
}));

export const databaseRules: BudgetRuleInput[] = [
  // Database: every catalog query PayPass's routes run, EXPLAIN (ANALYZE, BUFFERS) on the seeded data.
  {
    check: 'explain',
    metric: 'plan.execution_ms',
    subject: 'query:*',
    max: 100,
    source: `${STANDARDS}:86 queryResponseTime < 100ms (95th percentile)`,
  },
  {
    // A query reading a big table end to end has lost (or never had) its index; small lookup tables may be scanned.
    check: 'explain',
    metric: 'plan.seq_scan_rows',
    subject: 'query:*',
    max: 10_000,
    source: `${STANDARDS}:743 Indexes for common query patterns (no query reads a table without one)`,
  },
  {
    // Buffers are exact on the same data: more than 20 % more pages read means the plan got worse.
    check: 'explain',
    metric: 'plan.buffers.shared_total',
    subject: 'query:*',
    severity: 'warn',
    regression: { tolerance: 0.2, confidence: 0.95 },
    source: `${STANDARDS}:86 queryResponseTime (pages read: the cause behind query time)`,
  },
];
