import { defineBudgets } from '../cli/src/index.ts';

// Every limit cites the line of the standards document (performance-standards.md) it comes from.
// Latency limits judge the p95 over the whole run; regressions are judged round by round (see DESIGN.md).
const STANDARDS = 'performance-standards.md';

export default defineBudgets({
  version: 1,
  regression: { tolerance: 0.05, confidence: 0.95 },
  rules: [
    // Frontend (lab numbers: Lighthouse's simulated mobile throttling; bundle sizes are exact).
    // FID (line 37) cannot be measured in a lab; TBT (line 43) is its lab proxy.
    {
      check: 'lighthouse', metric: 'lcp', subject: 'page:*', max: 2500,
      source: `${STANDARDS}:36 largestContentfulPaint < 2.5s`,
    },
    {
      check: 'lighthouse', metric: 'cls', subject: 'page:*', max: 0.1,
      source: `${STANDARDS}:38 cumulativeLayoutShift < 0.1`,
    },
    {
      check: 'lighthouse', metric: 'fcp', subject: 'page:*', max: 1800,
      source: `${STANDARDS}:41 firstContentfulPaint < 1.8s`,
    },
    {
      check: 'lighthouse', metric: 'tti', subject: 'page:*', max: 3500,
      source: `${STANDARDS}:42 timeToInteractive < 3.5s`,
    },
    {
      check: 'lighthouse', metric: 'tbt', subject: 'page:*', max: 200,
      source: `${STANDARDS}:43 totalBlockingTime < 200ms (lab proxy for firstInputDelay, line 37)`,
    },
    {
      check: 'lighthouse', metric: 'requests.count', subject: 'page:*', max: 50,
      source: `${STANDARDS}:52 requestCount < 50 requests for initial load`,
    },
    {
      check: 'lighthouse', metric: 'bytes.images', subject: 'page:*', max: 500 * 1024,
      source: `${STANDARDS}:53 imageOptimization < 500KB total images`,
    },
    {
      check: 'bundle', metric: 'gzip.bytes', subject: 'bundle:initial', max: 200 * 1024,
      source: `${STANDARDS}:47 bundleSize.initial < 200KB gzipped`,
    },
    {
      check: 'bundle', metric: 'gzip.bytes', subject: 'route:*', max: 100 * 1024,
      source: `${STANDARDS}:48 bundleSize.route < 100KB gzipped per route`,
    },
    {
      check: 'bundle', metric: 'raw.bytes', subject: 'images:total', max: 500 * 1024,
      source: `${STANDARDS}:53 imageOptimization < 500KB total images (shipped in the build)`,
    },
    // Backend
    {
      check: 'load', metric: 'latency.p95', subject: 'GET /health', max: 50,
      source: `${STANDARDS}:79 healthChecks < 50ms`,
    },
    {
      check: 'load', metric: 'latency.p95', subject: 'POST /auth/*', max: 500,
      source: `${STANDARDS}:76 authEndpoints < 500ms`,
    },
    {
      check: 'load', metric: 'latency.p95', subject: 'POST /payments*', max: 1000,
      source: `${STANDARDS}:77 paymentEndpoints < 1000ms`,
    },
    {
      check: 'load', metric: 'latency.p95', subject: 'GET /payments*', max: 200,
      source: `${STANDARDS}:78 dataQueries < 200ms`,
    },
    {
      check: 'load', metric: 'throughput.rps', subject: 'GET /health', min: 1000,
      source: `${STANDARDS}:82 requestsPerSecond > 1000 RPS`,
    },
    // Database: every catalog query PayPass's routes run, EXPLAIN (ANALYZE, BUFFERS) on the seeded data.
    {
      check: 'explain', metric: 'plan.execution_ms', subject: 'query:*', max: 100,
      source: `${STANDARDS}:86 queryResponseTime < 100ms (95th percentile)`,
    },
    {
      // Buffers are exact on the same data: more than 20 % more pages read means the plan got worse.
      check: 'explain', metric: 'plan.buffers.shared_total', subject: 'query:*', severity: 'warn',
      regression: { tolerance: 0.2, confidence: 0.95 },
      source: `${STANDARDS}:86 queryResponseTime (pages read: the cause behind query time)`,
    },
    // Server side, from PayPass's own /metrics scraped at every round boundary.
    {
      check: 'load', metric: 'latency.p95', subject: 'fraud analysis', max: 500,
      source: `${STANDARDS}:113 fraudAnalysis < 500ms`,
    },
    {
      // Warn only: a load test saturates the server on purpose; the target is for normal traffic.
      check: 'load', metric: 'cpu.ratio', subject: 'server', max: 0.7, severity: 'warn',
      source: `${STANDARDS}:91 cpuUsage < 70% average (of one core, the Node event loop's)`,
    },
    {
      check: 'load', metric: 'heap.ratio', subject: 'server', max: 0.8, severity: 'warn',
      source: `${STANDARDS}:90 memoryUsage < 80% of allocated (share of the V8 heap limit in use)`,
    },
    // Payment processing (POST /payments?sync=true answers when the payment has settled: its latency is end to end)
    {
      check: 'load', metric: 'latency.p95', subject: 'POST /payments', max: 3000,
      source: `${STANDARDS}:112 paymentProcessing < 3s end-to-end`,
    },
    {
      check: 'load', metric: 'latency.p95', subject: 'POST /payments cross-border', max: 5000,
      source: `${STANDARDS}:114 crossBorderPayments < 5s end-to-end`,
    },
    {
      check: 'load', metric: 'throughput.rps', subject: 'POST /payments', min: 500,
      source: `${STANDARDS}:121 transactionsPerSecond > 500 TPS`,
    },
    {
      check: 'load', metric: 'errors.ratio', subject: 'POST /payments*', max: 0.005,
      source: `${STANDARDS}:117 paymentSuccessRate > 99.5%`,
    },
    {
      check: 'load', metric: 'errors.ratio', subject: '*', max: 0.001,
      source: `${STANDARDS}:118 uptime > 99.9% (as a ceiling on failed requests)`,
    },
  ],
});
