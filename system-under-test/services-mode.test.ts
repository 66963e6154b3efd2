import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPayPass, type RunningPayPass } from './index.ts';
import { createTestDatabase, type TestDatabase } from './testing/test-database.ts';

const REDIS_URL = process.env.PAYPASS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('startPayPass (services mode: PostgreSQL + Redis + BullMQ)', () => {
  const prefix = `paypass-test-${randomBytes(4).toString('hex')}:`;
  let database: TestDatabase;
  let paypass: RunningPayPass;
  beforeAll(async () => {
    database = await createTestDatabase();
    paypass = await startPayPass({ databaseUrl: database.url, redisUrl: REDIS_URL, redisPrefix: prefix, seed: { users: 20, payments: 100, seed: 61 } });
  });
  afterAll(async () => {
    await paypass?.stop();
    await database?.drop();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('processes a payment through BullMQ and reports Redis in /health', async () => {
    expect(paypass.mode).toBe('services');
    const health = (await (await fetch(`${paypass.url}/health`)).json()) as { checks: { name: string; details: { driver?: string } }[] };
    expect(health.checks.find((c) => c.name === 'cache')?.details.driver).toBe('redis');
    const login = (await (
      await fetch(`${paypass.url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(paypass.credentials[0]),
      })
    ).json()) as { token: string };
    const auth = { authorization: `Bearer ${login.token}`, 'content-type': 'application/json' };
    const page = (await (await fetch(`${paypass.url}/payments?limit=1`, { headers: auth })).json()) as { data: { recipientId: string }[] };
    const res = await fetch(`${paypass.url}/payments?sync=true`, {
      method: 'POST',
      headers: { ...auth, 'idempotency-key': 'svc-1' },
      body: JSON.stringify({ recipientId: page.data[0].recipientId, amount: 20_000, currency: 'USD' }),
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { status: string }).status).toBe('completed');
    const redis = new Redis(REDIS_URL);
    expect((await redis.keys(`${prefix}bull:payment-processing:*`)).length).toBeGreaterThan(0);
    await redis.quit();
  });
});
