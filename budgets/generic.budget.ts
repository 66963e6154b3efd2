import { defineBudgets } from '../cli/src/index.ts';
import { databaseRules, frontendRules, latencyRegressionRules, STANDARDS } from './standards-rules.ts';

// Used with --url when no --budgets is given: the standards' limits that hold for any web app, API and database.
// Each rule judges only what ran: pages with --pages (or /), a build with --bundle-dir, queries with --queries.
export default defineBudgets({
  version: 1,
  rules: [
    ...frontendRules,
    { check: 'load', metric: 'latency.p95', subject: '*', max: 1000, source: `${STANDARDS}:77 paymentEndpoints < 1000ms (the loosest API target)` },
    { check: 'load', metric: 'errors.ratio', subject: '*', max: 0.01, source: 'generic: fewer than 1% failed requests' },
    ...latencyRegressionRules,
    ...databaseRules,
  ],
});
