import { defineBudgets } from '../cli/src/index.ts';

// Used with --url when no --budgets is given: limits any HTTP API should meet.
export default defineBudgets({
  version: 1,
  rules: [
    { check: 'load', metric: 'latency.p95', subject: '*', max: 1000, source: 'performance-standards.md:77 paymentEndpoints < 1000ms (the loosest API target)' },
    { check: 'load', metric: 'errors.ratio', subject: '*', max: 0.01, source: 'generic: fewer than 1% failed requests' },
  ],
});
