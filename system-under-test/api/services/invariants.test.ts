import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppFixture, type AppFixture } from '../../testing/app-fixture.ts';

describe('ledger invariants under concurrency', () => {
  let f: AppFixture;
  const tokens: string[] = [];
  const ids: string[] = [];
  beforeAll(async () => {
    f = await createAppFixture({ users: 8, payments: 100, seed: 41 });
    for (let n = 1; n <= 8; n++) {
      tokens.push(await f.login(n));
      ids.push(await f.userId(n));
    }
  });
  afterAll(() => f.close());

  const pay = (from: number, to: number, amount: number, key: string, currency = 'USD') =>
    f.app.inject({
      method: 'POST',
      url: '/payments?sync=true',
      headers: { authorization: `Bearer ${tokens[from]}`, 'idempotency-key': key },
      payload: { recipientId: ids[to], amount, currency },
    });
  const usd = async (i: number) => BigInt((await f.pool.query("SELECT balance FROM accounts WHERE user_id = $1 AND currency = 'USD'", [ids[i]])).rows[0].balance);

  async function assertLedgerHolds(): Promise<void> {
    const totals = await f.pool.query(`SELECT currency, SUM(balance)::text AS total FROM accounts GROUP BY currency ORDER BY currency`);
    expect(totals.rows).toEqual([
      { currency: 'EUR', total: '0' },
      { currency: 'GBP', total: '0' },
      { currency: 'USD', total: '0' },
    ]);
    const badCompleted = await f.pool.query(`
      SELECT p.id FROM payments p LEFT JOIN ledger_entries l ON l.payment_id = p.id WHERE p.status = 'completed'
      GROUP BY p.id HAVING count(l.id) <> 2 OR SUM(l.amount) <> 0`);
    expect(badCompleted.rowCount).toBe(0);
    const entriesOnUnsettled = await f.pool.query(`SELECT count(*)::int AS n FROM ledger_entries l JOIN payments p ON p.id = l.payment_id WHERE p.status <> 'completed'`);
    expect(entriesOnUnsettled.rows[0].n).toBe(0);
    const drift = await f.pool.query(`
      SELECT a.id FROM accounts a LEFT JOIN ledger_entries l ON l.account_id = a.id GROUP BY a.id, a.balance HAVING a.balance <> COALESCE(SUM(l.amount), 0)`);
    expect(drift.rowCount).toBe(0);
    const negative = await f.pool.query(`SELECT count(*)::int AS n FROM accounts WHERE kind = 'user' AND balance < 0`);
    expect(negative.rows[0].n).toBe(0);
  }

  it('keeps money conserved across 200 concurrent payments in both directions', async () => {
    const requests = Array.from({ length: 200 }, (_, i) => {
      const from = i % 8;
      const to = (i * 3 + 1) % 8 === from ? (from + 1) % 8 : (i * 3 + 1) % 8;
      return pay(from, to, 100 + i, `mesh-${i}`, ['USD', 'EUR', 'GBP'][i % 3]);
    });
    const results = await Promise.all(requests);
    expect(results.filter((r) => r.statusCode === 201).length).toBeGreaterThan(190);
    expect(results.every((r) => [201, 422].includes(r.statusCode))).toBe(true);
    await assertLedgerHolds();
  });

  it('charges once for 50 concurrent retries of one idempotency key', async () => {
    const before = await usd(2);
    const results = await Promise.all(Array.from({ length: 50 }, () => pay(2, 3, 777, 'retry-storm')));
    expect(results.every((r) => [201, 202].includes(r.statusCode))).toBe(true);
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
    await new Promise((r) => setTimeout(r, 100));
    const { rows } = await f.pool.query("SELECT count(*)::int AS n FROM payments WHERE idempotency_key = 'retry-storm'");
    expect(rows[0].n).toBe(1);
    expect(await usd(2)).toBe(before - 777n);
    await assertLedgerHolds();
  });

  it('never lets two racing payments overdraw one account', async () => {
    const balance = await usd(4);
    const share = Number((balance * 6n) / 10n); // each fits alone, both together do not
    const [a, b] = await Promise.all([pay(4, 5, share, 'race-a'), pay(4, 6, share, 'race-b')]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 422]);
    expect(await usd(4)).toBe(balance - BigInt(share));
    await assertLedgerHolds();
  });
});
