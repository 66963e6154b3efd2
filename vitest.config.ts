import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Test files that need what `pretest` (.ci/prerequisites.sh) provides — PostgreSQL, Redis, Chromium, PayPass itself
 * (its server, or perfgate run against it) — or that take seconds a test: the perfgate CLI in child processes, load
 * tests of several rounds. Every other test file is a unit test: `npm run test:unit` runs those alone, in well under a
 * minute, and the unit tier's set-up makes reaching PostgreSQL, Redis or a browser fail the test. A new test file is a
 * unit test unless it is listed here.
 */
export const INTEGRATION_TESTS = [
  // PostgreSQL
  'cli/src/checks/explain/index.test.ts',
  'cli/src/checks/explain/safety.test.ts',
  'cli/src/checks/explain/sql-text.test.ts',
  'cli/src/commands/run-database.test.ts',
  'system-under-test/api/db/migrate.test.ts',
  'system-under-test/db/generate.test.ts',
  // PostgreSQL: PayPass's app on a real database (system-under-test/testing/app-fixture.ts)
  'system-under-test/api/realtime/realtime.test.ts',
  'system-under-test/api/routes/accounts.test.ts',
  'system-under-test/api/routes/analytics.test.ts',
  'system-under-test/api/routes/auth.test.ts',
  'system-under-test/api/routes/health.test.ts',
  'system-under-test/api/routes/hostile-input.test.ts',
  'system-under-test/api/routes/authorization.test.ts',
  'system-under-test/api/routes/fuzz.test.ts',
  'system-under-test/api/routes/payments.test.ts',
  'system-under-test/api/routes/rate-limit.test.ts',
  'system-under-test/api/services/cross-border.test.ts',
  'system-under-test/api/services/invariants.test.ts',
  'system-under-test/api/services/payment-flow.test.ts',
  'system-under-test/api/services/round-trips.test.ts',
  'system-under-test/api/services/settlement-waits.test.ts',
  'system-under-test/api/services/velocity.test.ts',
  'system-under-test/api/telemetry/metrics.test.ts',
  'system-under-test/api/telemetry/tracing.test.ts',
  // Redis
  'system-under-test/api/cache/redis-cache.test.ts',
  'system-under-test/api/fx/fx-service.test.ts',
  'system-under-test/api/queue/bullmq-queue.test.ts',
  'system-under-test/api/realtime/realtime-redis.test.ts',
  'system-under-test/api/realtime/redis-bus.test.ts',
  // Chromium
  'cli/src/checks/lighthouse/index.test.ts',
  'cli/src/checks/lighthouse/behind-login.test.ts',
  'reports/html/browser.test.ts',
  'reports/html/trend-chart.browser.test.ts',
  'system-under-test/web/app.e2e.test.ts',
  'system-under-test/web/payments-live.e2e.test.ts',
  // PayPass itself: embedded PostgreSQL, services mode, perfgate run against it
  'system-under-test/index.test.ts',
  'system-under-test/services-mode.test.ts',
  // PayPass in services mode under injected faults (a redis-server of the test's own, pg_terminate_backend)
  'system-under-test/api/faults/redis-faults.test.ts',
  'system-under-test/api/faults/postgres-faults.test.ts',
  'system-under-test/api/faults/dependency-faults.test.ts',
  'cli/src/commands/run-paypass.test.ts',
  'cli/src/commands/compare-git.test.ts',
  // The perfgate CLI end to end in child processes (runCli of cli/test/run-cli.ts), or load tests of several rounds
  // against a small server over loopback: seconds a test, minutes in all
  'cli/src/checks/load/engine/open-model.test.ts',
  'cli/src/checks/load/load-scenario.test.ts',
  'cli/src/checks/load/users/flows.test.ts',
  'cli/src/checks/load/engine/generator-bound.test.ts',
  'cli/src/commands/calibrate.test.ts',
  'cli/src/commands/cli-options.test.ts',
  'cli/src/commands/compare.test.ts',
  'cli/src/commands/history.test.ts',
  'cli/src/commands/report.test.ts',
  'cli/src/commands/run-bad-input.test.ts',
  'cli/src/commands/run-url.test.ts',
  'cli/src/commands/k6.test.ts',
  'cli/src/commands/schema.test.ts',
  'cli/src/run/confirm.test.ts',
  'cli/src/util/load-module.test.ts',
  'cli/src/commands/run-alerts.test.ts',
  // A real Pushgateway or Alertmanager (Debian packages) started on a free loopback port
  'cli/src/alerts/alertmanager.test.ts',
  'cli/src/run/push.test.ts',
  // Prometheus, its Pushgateway and Alertmanager, promtool (Debian packages), and PayPass on PostgreSQL and Redis
  'dashboards/test/rules.test.ts',
  'dashboards/test/stack.test.ts',
];

export default defineConfig({
  test: {
    exclude: [...configDefaults.exclude, '.perfgate/**', '**/dist/**'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Load tests and embedded PostgreSQL are CPU-heavy on 2 cores: keep files few at a time.
    maxWorkers: 2,
    minWorkers: 1,
    // `vitest run` (npm test) runs both projects, every test file once. `npm run test:unit` runs the first alone, with
    // --no-isolate: its files share each worker's modules (what the CLI imports loads once, not once a file), which
    // makes the tier about three times faster; a unit test leaves no state behind that another would see.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: INTEGRATION_TESTS,
          setupFiles: ['./vitest.unit-setup.ts'],
          // A unit test takes seconds at most; one waiting on a service it was refused fails soon.
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: INTEGRATION_TESTS,
        },
      },
    ],
  },
});
