import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPayPass, type RunningPayPass } from '../../system-under-test/index.ts';
import { createTestDatabase, type TestDatabase } from '../../system-under-test/testing/test-database.ts';
import { allDashboardQueries } from './dashboard-queries.ts';
import { startMonitoring, type Monitoring } from './monitoring.ts';
import { startTraffic, type Traffic } from './paypass-traffic.ts';
import { pushPerfgateRun } from './perfgate-push.ts';
import { activeAlertmanagers, activeTargets, alertmanagerAlerts, instantQuery, labelValues, ruleGroups } from './prometheus-api.ts';
import { eventually } from './programs.ts';
import { allRules, ruleFiles } from './rule-files.ts';

// The compose stack of docker-compose.yml without Docker: PayPass in services mode (PostgreSQL and Redis of the test
// environment) under a little traffic, and Debian's prometheus, pushgateway and alertmanager with the config files
// compose mounts (dashboards/compose/*, dashboards/prometheus/*); see monitoring.ts for what is rewritten.
const REDIS_URL = process.env.PAYPASS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
// Prometheus scrapes every 5 s and evaluates rules as often: a rate needs two scrapes, a rule one more round.
const SCRAPES_SETTLE_MS = 60_000;

describe('the compose stack, run from its config files', () => {
  const redisPrefix = `dashboards-test-${randomBytes(4).toString('hex')}:`;
  let database: TestDatabase | undefined;
  let paypass: RunningPayPass | undefined;
  let monitoring: Monitoring | undefined;
  let traffic: Traffic | undefined;

  beforeAll(async () => {
    database = await createTestDatabase('dashboards_stack');
    paypass = await startPayPass({ databaseUrl: database.url, redisUrl: REDIS_URL, redisPrefix, seed: { users: 8, payments: 50, seed: 11 } });
    monitoring = await startMonitoring(new URL(paypass.url).host);
    traffic = await startTraffic(paypass.url, paypass.credentials);
    await pushPerfgateRun(monitoring.pushgateway.url, { target: 'paypass', gitSha: 'abc1234', finishedAt: Date.now() / 1000 });
  });

  afterAll(async () => {
    await traffic?.stop().catch(() => undefined);
    await monitoring?.stop();
    await paypass?.stop();
    await database?.drop();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${redisPrefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('scrapes every target of prometheus.yml, all up', async () => {
    const jobs = ['alertmanager', 'paypass', 'prometheus', 'pushgateway'];
    await eventually(async () => {
      const targets = await activeTargets(monitoring!.prometheus.url);
      const down = targets.filter((t) => t.health !== 'up').map((t) => `${t.labels.job} ${t.labels.instance}: ${t.health} ${t.lastError}`);
      const found = targets.map((t) => t.labels.job).sort();
      if (found.join() !== jobs.join()) return `targets of jobs ${found.join(', ')}, expected ${jobs.join(', ')}`;
      return down.length ? `not up: ${down.join('; ')}` : undefined;
    }, SCRAPES_SETTLE_MS);
  });

  it('loads every rule group of dashboards/prometheus and evaluates every rule without error', async () => {
    const expected = ruleFiles()
      .flatMap((f) => f.groups.map((g) => `${g.name}: ${g.rules.length} rules`))
      .sort();
    await eventually(async () => {
      const groups = await ruleGroups(monitoring!.prometheus.url);
      const loaded = groups.map((g) => `${g.name}: ${g.rules.length} rules`).sort();
      if (loaded.join('\n') !== expected.join('\n')) return `rule groups loaded:\n${loaded.join('\n')}\nexpected:\n${expected.join('\n')}`;
      const unhealthy = groups.flatMap((g) => g.rules.filter((r) => r.health !== 'ok').map((r) => `${r.name}: ${r.health} ${r.lastError ?? ''}`));
      return unhealthy.length ? `rules not evaluated cleanly: ${unhealthy.join('; ')}` : undefined;
    }, SCRAPES_SETTLE_MS);
  });

  it('records every recording rule from the live series', async () => {
    const recorded = [...new Set(allRules().flatMap((r) => (r.record ? [r.record] : [])))];
    await eventually(async () => {
      const empty = [];
      for (const name of recorded) if ((await instantQuery(monitoring!.prometheus.url, name)).length === 0) empty.push(name);
      return empty.length ? `recording rules without data: ${empty.join(', ')}` : undefined;
    }, SCRAPES_SETTLE_MS);
  });

  it('sends alerts to the Alertmanager of alertmanager.yml: the pushed regression reaches it', async () => {
    const alertmanager = `http://${monitoring!.addresses.alertmanager}/api/v2/alerts`;
    await eventually(async () => {
      const discovered = await activeAlertmanagers(monitoring!.prometheus.url);
      return discovered.includes(alertmanager) ? undefined : `Prometheus sends alerts to ${discovered.join(', ') || 'nothing'}, expected ${alertmanager}`;
    }, SCRAPES_SETTLE_MS);
    await eventually(async () => {
      const received = (await alertmanagerAlerts(monitoring!.alertmanager.url)).map((a) => a.labels.alertname);
      const missing = ['PerfgateRegression', 'PerfgateBudgetFailed'].filter((name) => !received.includes(name));
      return missing.length ? `Alertmanager has not received ${missing.join(', ')} (has: ${received.join(', ') || 'none'})` : undefined;
    }, SCRAPES_SETTLE_MS);
  });

  it('answers every query of every dashboard (panels, annotations, variables) with data', async () => {
    const queries = allDashboardQueries();
    expect(queries.length).toBeGreaterThan(50);
    await eventually(async () => {
      const empty: string[] = [];
      for (const query of queries) {
        const found =
          query.kind === 'expr'
            ? (await instantQuery(monitoring!.prometheus.url, query.expr)).length
            : (await labelValues(monitoring!.prometheus.url, query.label, query.series)).length;
        if (found === 0) empty.push(`${query.where}: ${query.kind === 'expr' ? query.expr : `label_values(${query.series}, ${query.label})`}`);
      }
      return empty.length ? `${empty.length} of ${queries.length} queries return no data:\n${empty.join('\n')}` : undefined;
    }, SCRAPES_SETTLE_MS);
    // The load really went through PayPass: mostly successes.
    expect(traffic!.statuses.get(201) ?? 0).toBeGreaterThan(0);
  });
});
