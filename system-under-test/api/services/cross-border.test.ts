import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppFixture } from '../../testing/app-fixture.ts';
import { DEFAULT_FX_OPTIONS, type FxOptions } from '../fx/fx-options.ts';
import { DEFAULT_PROVIDERS } from '../fx/providers.ts';

const fxWith = (failureRate: number): Partial<FxOptions> => ({
  ...DEFAULT_FX_OPTIONS,
  providers: DEFAULT_PROVIDERS.map((p) => ({ ...p, latencyMs: 5, jitterMs: 2, failureRate })),
});

async function setup(fx: Partial<FxOptions>, seed: number) {
  const f = await createAppFixture({ users: 6, payments: 40, seed }, undefined, { fx });
  const tokens = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => f.login(n)));
  const ids = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => f.userId(n)));
  const pay = (from: number, to: number, amount: number, currency: string, targetCurrency: string | undefined, key: string) =>
    f.app.inject({
      method: 'POST',
      url: '/payments?sync=true',
      headers: { authorization: `Bearer ${tokens[from]}`, 'idempotency-key': key },
      payload: { recipientId: ids[to], amount, currency, targetCurrency },
    });
  const balance = async (i: number, currency: string) =>
    Number((await f.pool.query('SELECT balance FROM accounts WHERE user_id = $1 AND currency = $2', [ids[i], currency])).rows[0]?.balance ?? 0);
  return { f, ids, pay, balance };
}

describe('cross-border payments', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => void (s = await setup(fxWith(0), 51)));
  afterAll(() => s.f.close());

  async function assertConservedPerCurrency(): Promise<void> {
    const totals = await s.f.pool.query(`SELECT currency, SUM(balance)::text AS total FROM accounts GROUP BY currency ORDER BY currency`);
    expect(totals.rows.every((r) => r.total === '0')).toBe(true);
    // Every completed payment balances within each currency it touches.
    const unbalanced = await s.f.pool.query(`
      SELECT l.payment_id FROM ledger_entries l JOIN accounts a ON a.id = l.account_id
      GROUP BY l.payment_id, a.currency HAVING SUM(l.amount) <> 0`);
    expect(unbalanced.rowCount).toBe(0);
    const shape = await s.f.pool.query(`
      SELECT p.id FROM payments p LEFT JOIN ledger_entries l ON l.payment_id = p.id
      WHERE p.status = 'completed' AND p.payment_type = 'cross_border' GROUP BY p.id HAVING count(l.id) <> 4`);
    expect(shape.rowCount).toBe(0);
    const drift = await s.f.pool.query(`
      SELECT a.id FROM accounts a LEFT JOIN ledger_entries l ON l.account_id = a.id GROUP BY a.id, a.balance HAVING a.balance <> COALESCE(SUM(l.amount), 0)`);
    expect(drift.rowCount).toBe(0);
    const negative = await s.f.pool.query(`SELECT count(*)::int AS n FROM accounts WHERE kind = 'user' AND balance < 0`);
    expect(negative.rows[0].n).toBe(0);
  }

  it('debits amount + fee in the source currency and credits the converted amount in the target', async () => {
    const [usdBefore, eurBefore] = [await s.balance(0, 'USD'), await s.balance(1, 'EUR')];
    const res = await s.pay(0, 1, 10_000, 'USD', 'EUR', 'xb-1');
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ type: 'cross_border', status: 'completed', amount: 10_000, currency: 'USD' });
    expect(body.fx).toEqual({ targetCurrency: 'EUR', rate: '0.91908000', fee: 40, convertedAmount: 9_190, provider: 'beta' });
    expect(await s.balance(0, 'USD')).toBe(usdBefore - 10_040);
    expect(await s.balance(1, 'EUR')).toBe(eurBefore + 9_190);
    const { rows } = await s.f.pool.query(
      `SELECT a.currency, a.kind, l.amount::int FROM ledger_entries l JOIN accounts a ON a.id = l.account_id WHERE l.payment_id = $1 ORDER BY l.amount`,
      [body.id],
    );
    expect(rows).toEqual([
      { currency: 'USD', kind: 'user', amount: -10_040 },
      { currency: 'EUR', kind: 'house', amount: -9_190 },
      { currency: 'EUR', kind: 'user', amount: 9_190 },
      { currency: 'USD', kind: 'house', amount: 10_040 },
    ]);
    await assertConservedPerCurrency();
  });

  it('treats targetCurrency equal to currency as a plain payment', async () => {
    const res = await s.pay(2, 3, 500, 'USD', 'USD', 'xb-same');
    expect(res.statusCode).toBe(201);
    expect(res.json().type).toBe('p2p');
    expect(res.json().fx).toBeUndefined();
  });

  it('rejects what cannot be converted or covered, writing nothing', async () => {
    expect((await s.pay(0, 1, 1, 'USD', 'GBP', 'xb-tiny')).statusCode).toBe(400);
    const all = await s.balance(4, 'EUR');
    const res = await s.pay(4, 5, all, 'EUR', 'USD', 'xb-broke'); // the amount fits, amount + fee does not
    expect(res.statusCode).toBe(422);
    const { rows } = await s.f.pool.query(`SELECT count(*)::int AS n FROM payments WHERE idempotency_key IN ('xb-tiny', 'xb-broke')`);
    expect(rows[0].n).toBe(0);
  });

  it('conserves money per currency across concurrent cross-border payments in all directions', async () => {
    const currencies = ['USD', 'EUR', 'GBP'];
    const results = await Promise.all(
      Array.from({ length: 90 }, (_, i) => {
        const from = i % 6;
        const to = (from + 1 + (i % 5)) % 6;
        const currency = currencies[i % 3];
        const target = i % 10 === 9 ? undefined : currencies[(i + 1 + (i % 2)) % 3]; // some plain payments mixed in
        return s.pay(from, to, 1_000 + i * 37, currency, target, `xb-mesh-${i}`);
      }),
    );
    expect(results.map((r) => r.statusCode).filter((c) => c !== 201)).toEqual([]);
    await assertConservedPerCurrency();
    const metrics = (await s.f.app.inject({ method: 'GET', url: '/metrics' })).body;
    const count = metrics.match(/payment_processing_duration_seconds_count\{payment_type="cross_border",currency="USD"\} (\d+)/);
    expect(Number(count?.[1])).toBeGreaterThan(20);
    const under5s = metrics.match(/payment_processing_duration_seconds_bucket\{le="5",payment_type="cross_border",currency="USD"\} (\d+)/);
    expect(under5s?.[1]).toBe(count?.[1]);
  });
});

describe('cross-border payments when every FX provider fails', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => void (s = await setup(fxWith(1), 52)));
  afterAll(() => s.f.close());

  it('answers 503 and writes nothing: no payment, no idempotency claim, no balance change', async () => {
    const before = await s.balance(0, 'USD');
    const res = await s.pay(0, 1, 10_000, 'USD', 'EUR', 'xb-down');
    expect(res.statusCode).toBe(503);
    expect(res.json().error).toBe('fx_unavailable');
    const { rows } = await s.f.pool.query(
      `SELECT (SELECT count(*)::int FROM payments WHERE payment_type = 'cross_border') AS payments,
              (SELECT count(*)::int FROM idempotency_keys WHERE key = 'xb-down') AS keys`,
    );
    expect(rows[0]).toEqual({ payments: 0, keys: 0 });
    expect(await s.balance(0, 'USD')).toBe(before);
    expect((await s.pay(0, 1, 10_000, 'USD', 'USD', 'plain-still-works')).statusCode).toBe(201);
  });
});
