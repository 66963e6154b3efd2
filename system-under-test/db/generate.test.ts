import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { migrate } from '../api/db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { ensureSeeded, generate } from './generate.ts';

const PARAMS = { users: 40, payments: 2_000, seed: 99 };

async function fingerprint(url: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const out: Record<string, string> = {};
    for (const [table, order] of [
      ['users', 'id'],
      ['accounts', 'id'],
      ['payments', 'id'],
      ['ledger_entries', 'payment_id, amount'],
    ]) {
      const cols = table === 'ledger_entries' ? 'payment_id, account_id, amount, created_at' : '*';
      const { rows } = await client.query(`SELECT md5(string_agg(t::text, '|' ORDER BY ${order})) AS h, count(*) AS n FROM (SELECT ${cols} FROM ${table}) t`);
      out[table] = `${rows[0].n}:${rows[0].h}`;
    }
    return out;
  } finally {
    await client.end();
  }
}

describe('data generator', () => {
  const dbs: TestDatabase[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 3; i++) {
      const db = await createTestDatabase();
      dbs.push(db);
      await migrate(db.url);
    }
  });
  afterAll(async () => {
    await Promise.all(dbs.map((d) => d.drop()));
  });

  it('produces identical rows for the same seed and different rows for another seed', async () => {
    await generate(dbs[0].url, PARAMS);
    await generate(dbs[1].url, PARAMS);
    await generate(dbs[2].url, { ...PARAMS, seed: 100 });
    const [a, b, c] = await Promise.all(dbs.map((d) => fingerprint(d.url)));
    expect(a).toEqual(b);
    expect(a.payments).not.toEqual(c.payments);
    expect(a.payments.startsWith(`${PARAMS.payments + PARAMS.users * 3}:`)).toBe(true);
  });

  it('ends in the same planner statistics every time: ANALYZE reads every row rather than a random sample', async () => {
    // Larger than ANALYZE's default sample of 30,000 rows, where two seedings used to get different statistics.
    const big = { users: 200, payments: 20_000, seed: 7 };
    const stats = async (url: string) => {
      await generate(url, big);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query(`
          SELECT tablename, attname, null_frac, n_distinct, most_common_vals::text AS mcv, most_common_freqs::text AS mcf, histogram_bounds::text AS hist, correlation
          FROM pg_stats WHERE schemaname = 'public' AND tablename IN ('payments', 'ledger_entries') ORDER BY tablename, attname`);
        return rows;
      } finally {
        await client.end();
      }
    };
    const first = await stats(dbs[1].url);
    expect(first.length).toBeGreaterThan(10);
    expect(await stats(dbs[2].url)).toEqual(first);
  });

  it('conserves money: balances equal ledger sums, every currency sums to zero, no account is negative', async () => {
    const client = new pg.Client({ connectionString: dbs[0].url });
    await client.connect();
    try {
      const mismatched = await client.query(`
        SELECT a.id FROM accounts a LEFT JOIN ledger_entries l ON l.account_id = a.id
        GROUP BY a.id, a.balance HAVING a.balance <> COALESCE(SUM(l.amount), 0)`);
      expect(mismatched.rowCount).toBe(0);
      const totals = await client.query(`SELECT currency, SUM(balance)::text AS total FROM accounts GROUP BY currency`);
      expect(totals.rows.map((r) => r.total)).toEqual(['0', '0', '0']);
      const negative = await client.query(`SELECT count(*)::int AS n FROM accounts WHERE kind = 'user' AND balance < 0`);
      expect(negative.rows[0].n).toBe(0);
      const unbalanced = await client.query(`SELECT payment_id FROM ledger_entries GROUP BY payment_id HAVING SUM(amount) <> 0 OR count(*) <> 2`);
      expect(unbalanced.rowCount).toBe(0);
      const analytics = await client.query('SELECT SUM(transaction_count)::int AS n FROM payment_analytics_daily');
      expect(analytics.rows[0].n).toBe(PARAMS.payments + PARAMS.users * 3);
    } finally {
      await client.end();
    }
  });

  it('skips re-seeding with the same parameters, unless the API has changed the data since', async () => {
    expect((await ensureSeeded(dbs[0].url, PARAMS)).skipped).toBe(true);
    // What a payment made through the API leaves behind: its idempotency key.
    const client = new pg.Client({ connectionString: dbs[0].url });
    await client.connect();
    try {
      await client.query(`UPDATE payments SET idempotency_key = 'k', request_hash = 'h' WHERE id = (SELECT id FROM payments LIMIT 1)`);
    } finally {
      await client.end();
    }
    const again = await ensureSeeded(dbs[0].url, PARAMS);
    expect(again.skipped).toBe(false);
    expect((await ensureSeeded(dbs[0].url, PARAMS)).skipped).toBe(true);
  });
});
