/**
 * The targets of performance-standards.md that the dashboards draw as thresholds, each with the line it comes from.
 * The alert rules in ../prometheus/ hold the same numbers (YAML cannot import them); dashboards.test.ts checks that
 * each alert's threshold is its target's.
 */
export interface Target {
  value: number;
  /** Lower is better (a latency) or higher is better (a success rate, a throughput). */
  better: 'lower' | 'higher';
  source: string;
}

const line = (n: number, text: string): string => `performance-standards.md:${n} ${text}`;

export const TARGETS = {
  authP95Seconds: { value: 0.5, better: 'lower', source: line(76, 'authEndpoints < 500ms') },
  paymentsP95Seconds: { value: 1, better: 'lower', source: line(77, 'paymentEndpoints < 1000ms') },
  dataQueriesP95Seconds: { value: 0.2, better: 'lower', source: line(78, 'dataQueries < 200ms') },
  healthP95Seconds: { value: 0.05, better: 'lower', source: line(79, 'healthChecks < 50ms') },
  databaseQueryP95Seconds: { value: 0.1, better: 'lower', source: line(86, 'queryResponseTime < 100ms (95th percentile)') },
  heapRatio: { value: 0.8, better: 'lower', source: line(90, 'memoryUsage < 80% of allocated') },
  cpuRatio: { value: 0.7, better: 'lower', source: line(91, 'cpuUsage < 70% average') },
  processingP95Seconds: { value: 3, better: 'lower', source: line(112, 'paymentProcessing < 3s end-to-end') },
  fraudP95Seconds: { value: 0.5, better: 'lower', source: line(113, 'fraudAnalysis < 500ms') },
  crossBorderP95Seconds: { value: 5, better: 'lower', source: line(114, 'crossBorderPayments < 5s end-to-end') },
  paymentSuccessRatio: { value: 0.995, better: 'higher', source: line(117, 'paymentSuccessRate > 99.5%') },
  availabilityRatio: { value: 0.999, better: 'higher', source: line(118, 'uptime > 99.9%') },
  serverErrorRatio: { value: 0.001, better: 'lower', source: line(118, 'uptime > 99.9% (at most 0.1 % of requests fail)') },
  paymentsPerSecond: { value: 500, better: 'higher', source: line(121, 'transactionsPerSecond > 500 TPS') },
} as const satisfies Record<string, Target>;
