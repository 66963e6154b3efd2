import { TARGETS, type Target } from './standards.ts';

export interface EndpointClass {
  name: string;
  title: string;
  /** Label matchers on http_request_duration_seconds that pick the class's routes (Fastify route templates). */
  matchers: string;
  target: Target;
}

/**
 * The standards' four API targets, each for a class of PayPass routes, classified as budgets/paypass.budget.ts does.
 * ../prometheus/paypass-latency.rules.yml records a p95 per class with the same matchers (dashboards.test.ts checks).
 */
export const ENDPOINT_CLASSES: EndpointClass[] = [
  { name: 'health', title: 'Health checks', matchers: 'route="/health"', target: TARGETS.healthP95Seconds },
  { name: 'auth', title: 'Auth endpoints', matchers: 'route=~"/auth/.+"', target: TARGETS.authP95Seconds },
  { name: 'payments', title: 'Payment endpoint (POST /payments)', matchers: 'method="POST", route="/payments"', target: TARGETS.paymentsP95Seconds },
  {
    name: 'data',
    title: 'Data queries (GET)',
    matchers: 'method="GET", route=~"/payments|/payments/:id|/accounts|/me/balances|/users/:id/balances|/analytics/daily"',
    target: TARGETS.dataQueriesP95Seconds,
  },
];
