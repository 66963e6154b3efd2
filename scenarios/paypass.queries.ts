import type pg from 'pg';
import { defineQueries } from '../cli/src/index.ts';
import { QUERIES } from '../system-under-test/db/queries.ts';

/** PayPass's page size (routes/payments.ts: limit defaults to 20); the cursor route fetches one extra row to know hasMore. */
const PAGE = 20;
/** How deep the "deep page" is, in pages, at most; the actual depth adapts to the heavy sender's history. */
const MAX_DEPTH_PAGES = 50;

interface HeavySender {
  id: string;
  email: string;
  payments: number;
  /** Rows before the deep page: a multiple of PAGE, leaving at least one full page after it. */
  depth: number;
  /** (created_at, id) of the depth-th payment, newest first: the cursor the route would hand out for the deep page. */
  cursor: { createdAt: string; id: string } | null;
}

// Computed once per database connection (every check run opens its own), shared by the queries below.
const heavySenders = new WeakMap<pg.ClientBase, Promise<HeavySender>>();

/** The active, loggable user who sent the most payments: the longest history, where OFFSET pagination hurts most. */
function heavySender(db: pg.ClientBase): Promise<HeavySender> {
  let found = heavySenders.get(db);
  if (!found) {
    found = findHeavySender(db);
    heavySenders.set(db, found);
  }
  return found;
}

async function findHeavySender(db: pg.ClientBase): Promise<HeavySender> {
  const { rows } = await db.query<{ id: string; email: string; n: number }>(`
    SELECT u.id, u.email, count(*)::int AS n
    FROM payments p JOIN users u ON u.id = p.sender_id
    WHERE u.is_active AND u.user_type <> 'system'
    GROUP BY u.id, u.email ORDER BY n DESC, u.id LIMIT 1`);
  const top = rows[0];
  if (!top) throw new Error('no active user has sent a payment; seed the database first (npm run paypass seeds it)');
  const depth = Math.min(MAX_DEPTH_PAGES, Math.max(0, Math.floor(top.n / PAGE) - 1)) * PAGE;
  let cursor: HeavySender['cursor'] = null;
  if (depth > 0) {
    // Same order as getPaginatedPayments; created_at as text keeps the microseconds a JS Date would drop.
    const at = await db.query<{ created_at: string; id: string }>(
      `SELECT created_at::text AS created_at, id FROM payments WHERE sender_id = $1 ORDER BY created_at DESC, id DESC OFFSET $2 LIMIT 1`,
      [top.id, depth - 1],
    );
    cursor = { createdAt: at.rows[0].created_at, id: at.rows[0].id };
  }
  return { id: top.id, email: top.email, payments: top.n, depth, cursor };
}

/**
 * The read queries behind PayPass's routes, EXPLAINed exactly as PayPass runs them (the SQL comes from the query
 * catalog, never copied), with the parameters the routes pass. The deep-page pair is the standards' comparison:
 * OFFSET reads and throws away every row before the page; the (created_at, id) cursor seeks straight to it.
 */
export default defineQueries({
  name: 'paypass-reads',
  description: 'login lookup, payment history (first page, deep page by cursor and by OFFSET), balances, fraud velocity, analytics',
  runs: 5,
  queries: [
    {
      // POST /auth/login
      name: QUERIES.findUserByEmail.name,
      sql: QUERIES.findUserByEmail.sql,
      params: async (db) => [(await heavySender(db)).email],
    },
    {
      // GET /payments (no cursor): the first page
      name: 'getPaginatedPayments.first',
      sql: QUERIES.getPaginatedPayments.sql,
      params: async (db) => [(await heavySender(db)).id, null, null, PAGE + 1],
    },
    {
      // GET /payments?cursor=...: the page after `depth` rows, reached by the cursor the previous page returned
      name: 'getPaginatedPayments.deep',
      sql: QUERIES.getPaginatedPayments.sql,
      params: async (db) => {
        const s = await heavySender(db);
        return [s.id, s.cursor?.createdAt ?? null, s.cursor?.id ?? null, PAGE + 1];
      },
    },
    {
      // GET /payments?page=N: the same deep page by OFFSET
      name: 'findUserPayments.deep',
      sql: QUERIES.findUserPayments.sql,
      params: async (db) => {
        const s = await heavySender(db);
        return [s.id, PAGE, s.depth];
      },
    },
    {
      // GET /accounts/balances and the WebSocket initial_data
      name: QUERIES.listBalances.name,
      sql: QUERIES.listBalances.sql,
      params: async (db) => [(await heavySender(db)).id],
    },
    {
      // Fraud velocity rule on POST /payments: payments by the sender in the last 60 seconds
      name: QUERIES.countRecentPayments.name,
      sql: QUERIES.countRecentPayments.sql,
      params: async (db) => [(await heavySender(db)).id, 60],
    },
    {
      // GET /analytics/daily?from&to: the 30 days up to the latest day in the materialized view
      name: QUERIES.readAnalytics.name,
      sql: QUERIES.readAnalytics.sql,
      params: async (db) => {
        const { rows } = await db.query<{ from: string; to: string }>(
          `SELECT (coalesce(max(date), current_date) - 29)::text AS from, coalesce(max(date), current_date)::text AS to FROM payment_analytics_daily`,
        );
        return [rows[0].from, rows[0].to];
      },
    },
  ],
});

/** For tests and reports: which depth and sender the deep-page queries used. */
export { heavySender, PAGE };
