import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppFixture, type AppFixture } from '../../testing/app-fixture.ts';

describe('balances are private', () => {
  let f: AppFixture;
  beforeAll(async () => {
    f = await createAppFixture({ users: 4, payments: 20, seed: 21 });
  });
  afterAll(() => f.close());

  it('returns the caller’s balance in every currency, matching the database', async () => {
    const token = await f.login(1);
    const res = await f.app.inject({ method: 'GET', url: '/me/balances', headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.userId).toBe(await f.userId(1));
    expect(body.balances.map((b: { currency: string }) => b.currency)).toEqual(['EUR', 'GBP', 'USD']);
    const { rows } = await f.pool.query<{ balance: string }>("SELECT balance FROM accounts WHERE user_id = $1 AND currency = 'USD'", [body.userId]);
    expect(body.balances[2].balance).toBe(Number(rows[0].balance));
  });

  it('answers 403 for someone else’s balances and 401 without a token', async () => {
    const token = await f.login(1);
    const other = await f.userId(2);
    const res = await f.app.inject({ method: 'GET', url: `/users/${other}/balances`, headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(403);
    const own = await f.app.inject({ method: 'GET', url: `/users/${await f.userId(1)}/balances`, headers: { authorization: `Bearer ${token}` } });
    expect(own.statusCode).toBe(200);
    expect((await f.app.inject({ method: 'GET', url: '/me/balances' })).statusCode).toBe(401);
  });
});
