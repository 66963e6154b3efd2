import type pg from 'pg';

/** The money the fuzz run expects to be where: every seeded user's balance per currency, and each currency's total. */
export class LedgerModel {
  readonly balances = new Map<string, bigint>();
  readonly totals = new Map<string, bigint>();
  /** Idempotency keys a user's accepted payment holds: the canonical body and the answer a replay gets. */
  readonly keys = new Map<string, { body: string; status: number; sent: Record<string, unknown> }>();
  /** Payments that moved money, for the final count. */
  moved = 0;

  static async load(pool: pg.Pool, userIds: string[]): Promise<LedgerModel> {
    const model = new LedgerModel();
    const { rows } = await pool.query<{ user_id: string; currency: string; balance: string }>('SELECT user_id, currency, balance FROM accounts WHERE user_id = ANY($1)', [userIds]);
    for (const r of rows) model.balances.set(`${r.user_id}:${r.currency}`, BigInt(r.balance));
    model.totals.clear();
    for (const [currency, total] of await currencyTotals(pool)) model.totals.set(currency, total);
    return model;
  }

  balance(userId: string, currency: string): bigint {
    return this.balances.get(`${userId}:${currency}`) ?? 0n;
  }

  move(userId: string, currency: string, delta: bigint): void {
    this.balances.set(`${userId}:${currency}`, this.balance(userId, currency) + delta);
  }

  /** Differences between the model and the database, as readable lines (empty when they agree). */
  async differences(pool: pg.Pool): Promise<string[]> {
    const out: string[] = [];
    const { rows } = await pool.query<{ user_id: string; currency: string; balance: string }>('SELECT user_id, currency, balance FROM accounts WHERE user_id = ANY($1)', [
      [...new Set([...this.balances.keys()].map((k) => k.split(':')[0]))],
    ]);
    for (const r of rows) {
      const expected = this.balance(r.user_id, r.currency);
      if (BigInt(r.balance) !== expected) out.push(`${r.user_id} ${r.currency}: database ${r.balance}, expected ${expected}`);
    }
    for (const [currency, total] of await currencyTotals(pool)) {
      if (total !== (this.totals.get(currency) ?? 0n)) out.push(`total ${currency}: database ${total}, expected ${this.totals.get(currency)}`);
    }
    const unbalanced = await pool.query<{ payment_id: string }>(
      'SELECT e.payment_id FROM ledger_entries e JOIN accounts a ON a.id = e.account_id GROUP BY e.payment_id, a.currency HAVING sum(e.amount) <> 0 LIMIT 5',
    );
    for (const r of unbalanced.rows) out.push(`payment ${r.payment_id}: ledger entries do not sum to zero in a currency`);
    return out;
  }
}

async function currencyTotals(pool: pg.Pool): Promise<Map<string, bigint>> {
  const { rows } = await pool.query<{ currency: string; total: string }>('SELECT currency, sum(balance)::text AS total FROM accounts GROUP BY currency');
  return new Map(rows.map((r) => [r.currency, BigInt(r.total)]));
}

/** Status codes counted per request family, and in all. */
export class Histogram {
  readonly byFamily: Record<string, Record<string, number>> = {};
  readonly all: Record<string, number> = {};
  total = 0;

  /** A socket's outcome ('open', 'close 1008'): by family only, not among the HTTP statuses. */
  countOutcome(family: string, outcome: string): void {
    const f = (this.byFamily[family] ??= {});
    f[outcome] = (f[outcome] ?? 0) + 1;
  }

  count(family: string, status: number): void {
    const f = (this.byFamily[family] ??= {});
    f[status] = (f[status] ?? 0) + 1;
    this.all[status] = (this.all[status] ?? 0) + 1;
    this.total++;
  }
}
