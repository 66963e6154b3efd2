import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppFixture, type AppFixture } from '../../testing/app-fixture.ts';

describe('payments', () => {
  let f: AppFixture;
  let alice: string;
  let bob: string;
  let bobId: string;
  let key = 0;
  const nextKey = () => `key-${++key}`;

  beforeAll(async () => {
    f = await createAppFixture({ users: 12, payments: 400, seed: 11 });
    alice = await f.login(1);
    bob = await f.login(2);
    bobId = await f.userId(2);
  });
  afterAll(() => f.close());

  const pay = (token: string, body: unknown, idempotencyKey: string | null = nextKey()) =>
    f.app.inject({
      method: 'POST',
      url: '/payments?sync=true',
      headers: { authorization: `Bearer ${token}`, ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
      payload: body as object,
    });
  const balance = async (n: number, currency = 'USD') => {
    const { rows } = await f.pool.query<{ balance: string }>('SELECT a.balance FROM accounts a JOIN users u ON u.id = a.user_id WHERE u.email = $1 AND a.currency = $2', [
      `user${n}@paypass.test`,
      currency,
    ]);
    return BigInt(rows[0].balance);
  };
  const count = async (table: string) => Number((await f.pool.query(`SELECT count(*) FROM ${table}`)).rows[0].count);

  it('moves money with two ledger entries that sum to zero', async () => {
    const [a0, b0] = [await balance(1), await balance(2)];
    const res = await pay(alice, { recipientId: bobId, amount: 1234, currency: 'USD', description: 'lunch' });
    expect(res.statusCode).toBe(201);
    const payment = res.json();
    expect(payment).toMatchObject({ recipientId: bobId, amount: 1234, currency: 'USD', status: 'completed', description: 'lunch' });
    const { rows } = await f.pool.query<{ amount: string }>('SELECT amount FROM ledger_entries WHERE payment_id = $1 ORDER BY amount', [payment.id]);
    expect(rows.map((r) => r.amount)).toEqual(['-1234', '1234']);
    expect(await balance(1)).toBe(a0 - 1234n);
    expect(await balance(2)).toBe(b0 + 1234n);
  });

  it('answers 422 for insufficient funds and writes nothing', async () => {
    const before = await Promise.all(['payments', 'ledger_entries', 'idempotency_keys'].map(count));
    const a0 = await balance(1);
    const res = await pay(alice, { recipientId: bobId, amount: Number(a0) + 1, currency: 'USD' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toBe('insufficient_funds');
    expect(await Promise.all(['payments', 'ledger_entries', 'idempotency_keys'].map(count))).toEqual(before);
    expect(await balance(1)).toBe(a0);
  });

  it('replays the same result for the same key and body, 409 for a different body', async () => {
    const body = { recipientId: bobId, amount: 500, currency: 'USD' };
    const first = await pay(alice, body, 'replay-key');
    const a1 = await balance(1);
    const second = await pay(alice, { currency: 'USD', amount: 500, recipientId: bobId }, 'replay-key');
    expect(second.statusCode).toBe(first.statusCode);
    expect(second.json()).toEqual(first.json());
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(await balance(1)).toBe(a1);
    const conflict = await pay(alice, { ...body, amount: 501 }, 'replay-key');
    expect(conflict.statusCode).toBe(409);
    // Keys are per user: bob may use the same key for his own payment.
    expect((await pay(bob, { recipientId: await f.userId(1), amount: 1, currency: 'USD' }, 'replay-key')).statusCode).toBe(201);
  });

  it('validates the request', async () => {
    expect((await pay(alice, { recipientId: bobId, amount: 10, currency: 'USD' }, null)).statusCode).toBe(400);
    for (const amount of [0, -5, 10.5, '10', 2 ** 53, 1e300]) {
      expect((await pay(alice, { recipientId: bobId, amount, currency: 'USD' })).statusCode, `amount ${amount}`).toBe(400);
    }
    expect((await pay(alice, { recipientId: bobId, amount: 1, currency: 'XXX' })).statusCode).toBe(400);
    expect((await pay(alice, { recipientId: await f.userId(1), amount: 1, currency: 'USD' })).statusCode).toBe(400);
    expect((await pay(alice, { recipientId: '00000000-0000-4000-8000-000000000000', amount: 1, currency: 'USD' })).statusCode).toBe(404);
  });

  it('lets only the sender and the recipient read a payment', async () => {
    const created = (await pay(alice, { recipientId: bobId, amount: 7, currency: 'USD' })).json();
    const get = (token: string) => f.app.inject({ method: 'GET', url: `/payments/${created.id}`, headers: { authorization: `Bearer ${token}` } });
    expect((await get(alice)).statusCode).toBe(200);
    expect((await get(bob)).json().id).toBe(created.id);
    expect((await get(await f.login(3))).statusCode).toBe(404);
  });

  it('walks every cursor page without duplicates or gaps', async () => {
    const token = await f.login(4);
    const userId = await f.userId(4);
    // Ties on created_at are where a timestamp-only cursor skips or repeats rows.
    await f.pool.query(`UPDATE payments SET created_at = '2025-02-01T00:00:00.123456Z' WHERE id IN (SELECT id FROM payments WHERE sender_id = $1 LIMIT 9)`, [userId]);
    const expected = (await f.pool.query<{ id: string }>('SELECT id FROM payments WHERE sender_id = $1 ORDER BY created_at DESC, id DESC', [userId])).rows.map((r) => r.id);
    expect(expected.length).toBeGreaterThan(10);
    const seen: string[] = [];
    let cursor = '';
    for (let pages = 0; pages < 100; pages++) {
      const res = await f.app.inject({ method: 'GET', url: `/payments?limit=7&cursor=${cursor}`, headers: { authorization: `Bearer ${token}` } });
      expect(res.statusCode).toBe(200);
      const page = res.json();
      expect(page.data.length).toBeLessThanOrEqual(7);
      seen.push(...page.data.map((p: { id: string }) => p.id));
      if (!page.hasMore) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(expected);
  });

  it('rejects a malformed cursor and an out-of-range limit with 400', async () => {
    for (const query of ['cursor=not-base64!', `cursor=${Buffer.from('["x","y"]').toString('base64url')}`, 'limit=0', 'limit=101']) {
      const res = await f.app.inject({ method: 'GET', url: `/payments?${query}`, headers: { authorization: `Bearer ${alice}` } });
      expect(res.statusCode, query).toBe(400);
    }
  });
});
