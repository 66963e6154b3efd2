import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppFixture, type AppFixture } from '../../testing/app-fixture.ts';

describe('analytics and offset pagination', () => {
  const OPERATOR = 'analytics-test-operator-token';
  let f: AppFixture;
  let token: string;
  beforeAll(async () => {
    f = await createAppFixture({ users: 10, payments: 500, seed: 71 }, undefined, { operatorToken: OPERATOR });
    token = await f.login(1);
  });
  afterAll(() => f.close());
  const get = (url: string) => f.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

  it('serves daily aggregates from the materialized view, cached, and refreshes concurrently', async () => {
    const first = await get('/analytics/daily?from=2025-01-01&to=2025-12-31');
    expect(first.statusCode).toBe(200);
    expect(first.headers['x-cache']).toBe('MISS');
    const total = first.json().data.reduce((n: number, d: { transactionCount: number }) => n + d.transactionCount, 0);
    expect(total).toBe(500);
    expect((await get('/analytics/daily?from=2025-01-01&to=2025-12-31')).headers['x-cache']).toBe('HIT');
    // Refreshing is an operator action, not a user's.
    expect((await f.app.inject({ method: 'POST', url: '/analytics/refresh', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(403);
    const refresh = await f.app.inject({ method: 'POST', url: '/analytics/refresh', headers: { authorization: `Bearer ${OPERATOR}` } });
    expect(refresh.json().refreshed).toBe(true);
    expect((await get('/analytics/daily?from=2025-13-01')).statusCode).toBe(400);
  });

  it('pages with OFFSET (findUserPayments) in the same order as the cursor variant', async () => {
    const cursorPage = (await get('/payments?limit=10')).json().data.map((p: { id: string }) => p.id);
    const p1 = (await get('/payments?page=1&limit=5')).json();
    const p2 = (await get('/payments?page=2&limit=5')).json();
    expect([...p1.data, ...p2.data].map((p: { id: string }) => p.id)).toEqual(cursorPage);
    expect((await get('/payments?page=0')).statusCode).toBe(400);
  });
});
