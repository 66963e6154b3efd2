import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { MemoryPaymentQueue } from '../queue/memory-queue.ts';
import { RedisCache } from '../cache/redis-cache.ts';
import { createAppFixture, type AppFixture } from '../../testing/app-fixture.ts';

describe('GET /health', () => {
  let f: AppFixture;
  beforeAll(async () => {
    f = await createAppFixture({ users: 2, payments: 0, seed: 1 });
  });
  afterAll(() => f.close());

  it('reports database and cache checks with timings and pool metrics', async () => {
    const res = await f.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe('healthy');
    const database = body.checks.find((c: { name: string }) => c.name === 'database');
    expect(database.details.responseTime).toBeGreaterThanOrEqual(0);
    expect(database.details.connectionPool).toEqual({ total: expect.any(Number), idle: expect.any(Number), waiting: 0 });
    expect(body.checks.find((c: { name: string }) => c.name === 'cache').status).toBe('healthy');
  });

  it('answers 503 when the cache is unreachable', async () => {
    const cache = new RedisCache('redis://127.0.0.1:1', 'health-test:');
    const queue = new MemoryPaymentQueue();
    const app = await buildApp({ pool: f.pool, cache, queue });
    try {
      const res = await app.inject({ method: 'GET', url: '/health' });
      expect(res.statusCode).toBe(503);
      expect(res.json().status).toBe('unhealthy');
    } finally {
      await app.close();
      await queue.close();
      cache.redis.disconnect();
    }
  });
});
