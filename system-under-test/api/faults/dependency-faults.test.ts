import { describe, expect, it } from 'vitest';
import { DEFAULT_PROVIDERS } from '../fx/providers.ts';
import { TEST_REDIS_URL } from '../testing/redis-scratch.ts';
import { FaultRun, report } from './fault-run.ts';
import { expectRecovered } from './expect-recovered.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('faults during load: fraud checks and FX providers (services mode)', () => {
  it('(d) fraud checks hang past their 2 s timeout: the payments are retried, then completed or failed', async () => {
    let hanging = false;
    const run = await FaultRun.start({ redisUrl: TEST_REDIS_URL, rate: 20, fraud: { locationLatencyMs: () => (hanging ? 10_000 : 0) } });
    try {
      run.flow();
      await sleep(2_000);
      const start = Date.now();
      hanging = true;
      await sleep(4_000);
      hanging = false;
      const end = Date.now();
      await sleep(4_000);
      const outcome = await run.outcome('fraud check hangs (10 s, timeout 2 s) for 4 s', start, end);
      report(outcome);
      await expectRecovered(run, outcome);
    } finally {
      await run.close();
    }
  });

  it('(e) FX providers fail, then time out: cross-border payments get 503 fx_unavailable, nothing written, plain ones go on', async () => {
    // Providers of this run's own (objects the test can turn bad and good again), quotes cached briefly, breakers that reopen soon.
    const providers = DEFAULT_PROVIDERS.map((p) => ({ ...p }));
    const fx = { providers, cacheTtlSeconds: 0.2, breaker: { threshold: 5, resetMs: 1_000 } };
    const run = await FaultRun.start({ redisUrl: TEST_REDIS_URL, rate: 20, crossBorder: true, fx });
    try {
      run.flow();
      await sleep(2_000);
      const start = Date.now();
      for (const p of providers) p.failureRate = 1;
      await sleep(3_000);
      for (const p of providers) Object.assign(p, { failureRate: 0, latencyMs: 3_000 }); // past the 2 s provider timeout
      await sleep(3_000);
      for (const [i, p] of providers.entries()) p.latencyMs = DEFAULT_PROVIDERS[i]!.latencyMs;
      const end = Date.now();
      await sleep(4_000);
      const outcome = await run.outcome('FX providers fail 3 s, then time out 3 s', start, end);
      report(outcome);
      expect(outcome.refused['503 fx_unavailable'], 'cross-border payments refused with fx_unavailable').toBeGreaterThan(0);
      expect(
        Object.keys(outcome.refused).filter((k) => k !== '503 fx_unavailable'),
        'nothing else refused',
      ).toEqual([]);
      const { rows } = await run.admin.query<{ n: number }>("SELECT count(*)::int AS n FROM payments WHERE payment_type = 'cross_border' AND status = 'completed'");
      expect(rows[0]!.n, 'cross-border payments completed outside the outage').toBeGreaterThan(0);
      await expectRecovered(run, outcome);
    } finally {
      await run.close();
    }
  });
});
