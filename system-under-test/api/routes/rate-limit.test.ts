import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppFixture, type AppFixture } from '../../testing/app-fixture.ts';
import { rateLimitFromEnv } from './rate-limit.ts';

describe('rate limiter', () => {
  let f: AppFixture;
  beforeAll(async () => {
    f = await createAppFixture({ users: 2, payments: 0, seed: 81 }, undefined, { rateLimit: { max: 3, windowMs: 60_000 } });
  });
  afterAll(() => f.close());

  it('answers 429 with Retry-After and X-RateLimit-* headers past the limit, never for /health', async () => {
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 4; i++) {
      last = await f.app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'x@y.z', password: 'nope' } });
      statuses.push(last.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect(last!.headers['retry-after']).toBeDefined();
    expect(last!.headers['x-ratelimit-limit']).toBe('3');
    expect(last!.headers['x-ratelimit-remaining']).toBe('0');
    expect((await f.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });

  it('is disabled unless configured', () => {
    expect(rateLimitFromEnv(undefined)).toBe(false);
    expect(rateLimitFromEnv('100/1000')).toEqual({ max: 100, windowMs: 1000 });
  });
});
