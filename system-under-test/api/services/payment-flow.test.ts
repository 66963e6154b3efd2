import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppFixture, type AppFixture } from '../../testing/app-fixture.ts';

describe('asynchronous payment flow', () => {
  let f: AppFixture;
  let token: string;
  let recipientId: string;
  beforeAll(async () => {
    // A low block amount makes the fraud path reachable with seeded balances.
    f = await createAppFixture({ users: 6, payments: 30, seed: 31 }, undefined, { fraud: { suspiciousAmount: 20_000, blockedAmount: 40_000 } });
    token = await f.login(1);
    recipientId = await f.userId(2);
  });
  afterAll(() => f.close());

  const post = (url: string, key: string, amount: number) =>
    f.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}`, 'idempotency-key': key }, payload: { recipientId, amount, currency: 'USD' } });

  it('answers 202 pending, then the queue completes the payment', async () => {
    const res = await post('/payments', 'async-1', 250);
    expect(res.statusCode).toBe(202);
    expect(res.json().status).toBe('pending');
    let status = 'pending';
    for (let i = 0; i < 100 && status !== 'completed'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      status = (await f.app.inject({ method: 'GET', url: `/payments/${res.json().id}`, headers: { authorization: `Bearer ${token}` } })).json().status;
    }
    expect(status).toBe('completed');
    const { rows } = await f.pool.query('SELECT count(*)::int AS n FROM ledger_entries WHERE payment_id = $1', [res.json().id]);
    expect(rows[0].n).toBe(2);
  });

  it('blocks a high-risk payment (score >= 70): failed, no ledger entries, risk recorded', async () => {
    const res = await post('/payments?sync=true', 'fraud-1', 45_000);
    expect(res.statusCode).toBe(422);
    const { payment } = res.json();
    expect(payment.status).toBe('failed');
    expect(payment.failureReason).toMatch(/^fraud_blocked/);
    const { rows } = await f.pool.query('SELECT risk_score, (SELECT count(*)::int FROM ledger_entries WHERE payment_id = $1) AS entries FROM payments WHERE id = $1', [payment.id]);
    expect(rows[0]).toEqual({ risk_score: 70, entries: 0 });
  });

  it('lets a suspicious but acceptable payment through (risk 30 < 70)', async () => {
    const res = await post('/payments?sync=true', 'fraud-2', 25_000);
    expect(res.statusCode).toBe(201);
    const { rows } = await f.pool.query('SELECT risk_score FROM payments WHERE id = $1', [res.json().id]);
    expect(rows[0].risk_score).toBe(30);
  });
});

describe('a payment the queue refuses', () => {
  let f: AppFixture;
  beforeAll(async () => void (f = await createAppFixture({ users: 3, payments: 5, seed: 33 })));
  afterAll(() => f.close());

  it('is failed, moves no money, and a retry with its key replays the 503 rather than a pending 202', async () => {
    const token = await f.login(1);
    const recipientId = await f.userId(2);
    await f.queue.close();
    const post = () =>
      f.app.inject({
        method: 'POST',
        url: '/payments',
        headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'q-down' },
        payload: { recipientId, amount: 300, currency: 'USD' },
      });
    const first = await post();
    expect(first.statusCode).toBe(503);
    const retry = await post();
    expect(retry.statusCode).toBe(503);
    expect(retry.json()).toMatchObject({ error: 'queue_unavailable' });
    const { rows } = await f.pool.query(
      `SELECT status, failure_reason, (SELECT count(*)::int FROM ledger_entries l WHERE l.payment_id = p.id) AS entries FROM payments p WHERE id = $1`,
      [retry.json().paymentId],
    );
    expect(rows).toEqual([{ status: 'failed', failure_reason: 'queue_unavailable', entries: 0 }]);
  });
});
