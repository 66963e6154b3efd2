import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultRun, report } from './fault-run.ts';
import { expectRecovered } from './expect-recovered.ts';
import { PrivateRedis } from './private-redis.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('faults during load: Redis (services mode, a redis-server of the test its own)', () => {
  let redis: PrivateRedis;
  beforeAll(async () => void (redis = await PrivateRedis.start()));
  afterAll(() => redis?.stop());

  it('(a) Redis drops every client and stalls for 3 s: accepted payments finish, the API recovers, /health said unhealthy', async () => {
    const run = await FaultRun.start({ redisUrl: redis.url });
    try {
      run.flow();
      await sleep(2_000);
      const start = Date.now();
      await redis.command('CLIENT', 'KILL', 'TYPE', 'normal');
      await redis.command('DEBUG', 'SLEEP', '3');
      const end = Date.now();
      await sleep(4_000);
      const outcome = await run.outcome('Redis: CLIENT KILL + DEBUG SLEEP 3', start, end);
      report(outcome);
      expect(outcome.healthDuringFault['503'], '/health unhealthy during the stall').toBeGreaterThan(0);
      await expectRecovered(run, outcome);
    } finally {
      await run.close();
    }
  });

  it('(b) Redis restarts empty, its queued jobs lost: the reconciler finishes the stranded payments', async () => {
    // Slow fraud checks keep a backlog in the queue, so the restart strands payments waiting in it.
    const run = await FaultRun.start({ redisUrl: redis.url, fraud: { locationLatencyMs: () => 400 } });
    try {
      run.flow();
      await sleep(3_000);
      const start = Date.now();
      await redis.restartEmpty(1_000);
      const end = Date.now();
      await sleep(4_000);
      const outcome = await run.outcome('Redis: restart without its data (1 s down)', start, end);
      report(outcome);
      const { rows } = await run.admin.query<{ n: number }>("SELECT count(*)::int AS n FROM payments WHERE status IN ('pending', 'processing')");
      expect(rows[0]!.n, 'payments left pending or processing').toBe(0);
      expect(outcome.reconciled, 'payments stranded by the restart, finished by the reconciler').toBeGreaterThan(0);
      expect(outcome.healthDuringFault['503'], '/health unhealthy while Redis was down').toBeGreaterThan(0);
      await expectRecovered(run, outcome);
    } finally {
      await run.close();
    }
  });
});
