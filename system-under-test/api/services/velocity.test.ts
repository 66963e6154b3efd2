import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUERIES } from '../../db/queries.ts';
import { createAppFixture, type AppFixture } from '../../testing/app-fixture.ts';
import { Db } from '../db/db.ts';
import { VELOCITY_WINDOW_SECONDS } from './fraud-service.ts';
import { PaymentReconciler } from './payment-reconciler.ts';

describe('the fraud velocity signal (a sender’s payments in the last minute)', () => {
  let f: AppFixture;
  let db: Db;
  beforeAll(async () => {
    f = await createAppFixture({ users: 4, payments: 12, seed: 85 }, undefined, { reconciler: false });
    db = new Db(f.pool);
  });
  afterAll(() => f.close());

  const recent = async (userId: string) => (await db.run<{ n: number }>(QUERIES.countRecentPayments, [userId, VELOCITY_WINDOW_SECONDS])).rows[0]!.n;

  it('counts each accepted payment once, and neither a refused one nor a retry with the same key', async () => {
    const token = await f.login(3);
    const sender = await f.userId(3);
    const recipientId = await f.userId(4);
    const before = await recent(sender);
    const pay = (key: string, amount: number) =>
      f.app.inject({
        method: 'POST',
        url: '/payments?sync=true',
        headers: { authorization: `Bearer ${token}`, 'idempotency-key': key },
        payload: { recipientId, amount, currency: 'USD' },
      });
    for (const key of ['v1', 'v2', 'v3']) expect((await pay(key, 100)).statusCode).toBe(201);
    expect((await pay('v3', 100)).statusCode).toBe(201); // a retry: the same payment
    expect((await pay('v4', 1e11)).statusCode).toBe(422); // more than the balance: nothing written
    expect(await recent(sender)).toBe(before + 3);
  });

  it('forgets counts older than any window reads on the reconciler’s pass', async () => {
    const sender = await f.userId(1);
    await f.pool.query('INSERT INTO payment_velocity (sender_id, at_second, payments) VALUES ($1, floor(extract(epoch FROM now()))::bigint - 600, 7)', [sender]);
    const old = async () =>
      (await f.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM payment_velocity WHERE at_second < floor(extract(epoch FROM now()))::bigint - 300')).rows[0]!.n;
    expect(await old()).toBe(1);
    expect(await recent(sender)).toBe(0); // outside the window: no signal
    await new PaymentReconciler(db, async () => undefined).reconcile();
    expect(await old()).toBe(0);
  });
});
