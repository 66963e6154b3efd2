/**
 * The query catalog: every SQL statement PayPass runs, by name. Code runs queries only
 * through this catalog, so telemetry can say which named queries a route ran and the
 * explain check can EXPLAIN exactly what production runs.
 */
export interface CatalogQuery {
  name: string;
  table: string;
  type: 'select' | 'insert' | 'update' | 'delete' | 'refresh';
  sql: string;
}

const q = (name: string, type: CatalogQuery['type'], table: string, sql: string): CatalogQuery => ({ name, type, table, sql: sql.trim() });

// A payment row as the API shows it, minus the recipient's name (joined from users, or read alongside on insert).
const PAYMENT_ROW_COLUMNS = `p.id, p.sender_id, p.recipient_id, p.amount, p.currency, p.payment_type, p.status, p.description,
  p.failure_reason, p.created_at, p.updated_at,
  p.target_currency, p.exchange_rate::text AS exchange_rate, p.fee_amount, p.converted_amount, p.fx_provider,
  to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at_exact`;
const PAYMENT_COLUMNS = `${PAYMENT_ROW_COLUMNS}, u.display_name AS recipient_name`;

export const QUERIES = {
  healthCheck: q('healthCheck', 'select', 'none', 'SELECT 1'),
  findUserByEmail: q(
    'findUserByEmail',
    'select',
    'users',
    `
    SELECT id, password_hash FROM users WHERE lower(email) = lower($1) AND is_active`,
  ),
  // Is a token's subject still a user who may act? (A validly signed token can outlive its user.)
  findActiveUser: q(
    'findActiveUser',
    'select',
    'users',
    `
    SELECT id FROM users WHERE id = $1 AND is_active AND user_type <> 'system'`,
  ),
  insertUser: q(
    'insertUser',
    'insert',
    'users',
    `
    INSERT INTO users (email, password_hash, display_name, phone_number) VALUES ($1, $2, $3, $4)
    ON CONFLICT DO NOTHING RETURNING id, email, display_name, created_at`,
  ),
  ensureAccount: q(
    'ensureAccount',
    'insert',
    'accounts',
    `
    INSERT INTO accounts (user_id, currency) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
  ),
  listBalances: q(
    'listBalances',
    'select',
    'accounts',
    `
    SELECT currency, balance FROM accounts WHERE user_id = $1 AND kind = 'user' ORDER BY currency`,
  ),
  // Accepts a payment in one statement, with no transaction around it (the statement is atomic):
  // - checks the recipient (recipient_name null: 404) and the sender's balance against the debit $8
  //   (amount, plus the FX fee cross-border), a pre-check: settlement re-checks under lock;
  // - only if both hold, inserts the pending payment ($9..$13 null for p2p) with its idempotency key: the
  //   unique (sender_id, idempotency_key) index makes a concurrent insert of the same key wait for the first
  //   to commit and then insert nothing, so 50 simultaneous retries create one payment (id null: nothing
  //   inserted, the caller looks the key up with findPaymentByKey);
  // - returns the payment as the API shows it, so the 202 response needs no second read, and the fraud signal
  //   read from the database: the sender's payments in the last $14 seconds before this one (velocity).
  acceptPayment: q(
    'acceptPayment',
    'insert',
    'payments',
    `
    WITH recipient AS (
      SELECT display_name FROM users WHERE id = $2 AND is_active AND user_type <> 'system'
    ), funds AS (
      SELECT balance FROM accounts WHERE user_id = $1 AND currency = $4
    ), payment AS (
      INSERT INTO payments AS p (sender_id, recipient_id, amount, currency, payment_type, status, description, idempotency_key, request_hash,
        target_currency, exchange_rate, fee_amount, converted_amount, fx_provider)
      SELECT $1, $2, $3, $4, CASE WHEN $9::text IS NULL THEN 'p2p' ELSE 'cross_border' END, 'pending', $5, $6, $7,
        $9, $10::numeric, $11, $12, $13
      WHERE EXISTS (SELECT FROM recipient) AND (SELECT balance FROM funds) >= $8::bigint
      ON CONFLICT (sender_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
      RETURNING ${PAYMENT_ROW_COLUMNS}
    ), velocity AS (
      INSERT INTO payment_velocity AS v (sender_id, at_second, payments)
      SELECT $1, floor(extract(epoch FROM now()))::bigint, 1 FROM payment
      ON CONFLICT (sender_id, at_second) DO UPDATE SET payments = v.payments + 1
    )
    SELECT (SELECT display_name FROM recipient) AS recipient_name,
      (SELECT coalesce(sum(payments), 0)::int FROM payment_velocity WHERE sender_id = $1 AND at_second > floor(extract(epoch FROM now()))::bigint - $14) AS recent_payments, payment.*
    FROM (VALUES (1)) AS one LEFT JOIN payment ON true`,
  ),
  // The payment a sender made with an idempotency key, and the hash of the request that made it: a retry is
  // answered from the payment's current state (the key lives on the payment row, no separate store).
  findPaymentByKey: q(
    'findPaymentByKey',
    'select',
    'payments',
    `
    SELECT ${PAYMENT_COLUMNS}, p.request_hash FROM payments p JOIN users u ON p.recipient_id = u.id
    WHERE p.sender_id = $1 AND p.idempotency_key = $2`,
  ),
  // The FX house: a system user whose 'house' accounts take the sender's currency and pay out the recipient's.
  ensureFxHouse: q(
    'ensureFxHouse',
    'insert',
    'users',
    `
    WITH ins AS (
      INSERT INTO users (email, password_hash, display_name, user_type, is_active)
      VALUES ('fx-house@paypass.internal', '!', 'PayPass FX House', 'system', false) ON CONFLICT DO NOTHING RETURNING id)
    SELECT id FROM ins UNION ALL SELECT id FROM users WHERE lower(email) = 'fx-house@paypass.internal' LIMIT 1`,
  ),
  ensureHouseAccount: q(
    'ensureHouseAccount',
    'insert',
    'accounts',
    `
    INSERT INTO accounts (user_id, currency, kind) VALUES ($1, $2, 'house') ON CONFLICT DO NOTHING`,
  ),
  // Accounts of several (user, currency) pairs locked in one statement, in id order: no deadlock across currencies.
  lockAccountPairs: q(
    'lockAccountPairs',
    'select',
    'accounts',
    `
    SELECT id, user_id, currency, kind, balance FROM accounts
    WHERE (user_id, currency) IN (SELECT * FROM unnest($1::uuid[], $2::text[])) ORDER BY id FOR UPDATE`,
  ),
  insertLedgerEntryList: q(
    'insertLedgerEntryList',
    'insert',
    'ledger_entries',
    `
    INSERT INTO ledger_entries (payment_id, account_id, amount) SELECT $1, a, d FROM unnest($2::uuid[], $3::bigint[]) AS e (a, d)`,
  ),
  applyBalanceDeltaList: q(
    'applyBalanceDeltaList',
    'update',
    'accounts',
    `
    UPDATE accounts a SET balance = a.balance + d.delta FROM unnest($1::uuid[], $2::bigint[]) AS d (id, delta) WHERE a.id = d.id`,
  ),
  updatePaymentStatus: q(
    'updatePaymentStatus',
    'update',
    'payments',
    `
    UPDATE payments SET status = $2, failure_reason = $3, risk_score = COALESCE($5, risk_score), updated_at = clock_timestamp()
    WHERE id = $1 AND status = ANY($4::text[]) RETURNING id`,
  ),
  // Of the payments a ?sync=true request waits for, those already final (settled by another instance's worker).
  findSettledPayments: q(
    'findSettledPayments',
    'select',
    'payments',
    `
    SELECT id FROM payments WHERE id = ANY($1::uuid[]) AND status IN ('completed', 'failed')`,
  ),
  countRecentPayments: q(
    'countRecentPayments',
    'select',
    'payment_velocity',
    `
    SELECT coalesce(sum(payments), 0)::int AS n FROM payment_velocity WHERE sender_id = $1 AND at_second > floor(extract(epoch FROM now()))::bigint - $2`,
  ),
  // Velocity counts older than any window reads (the reconciler's tick).
  prunePaymentVelocity: q(
    'prunePaymentVelocity',
    'delete',
    'payment_velocity',
    `
    DELETE FROM payment_velocity WHERE at_second < floor(extract(epoch FROM now()))::bigint - $1`,
  ),
  // pending → processing (also a retried 'processing'), and in the same round trip what the worker needs
  // next: how many of the job's sender and recipient ($2) are active (user validation) and the fraud
  // signals read from the database, the sender's ($3) payments in the last $4 seconds (velocity).
  // No row: already final (a duplicate delivery).
  claimPaymentProcessing: q(
    'claimPaymentProcessing',
    'update',
    'payments',
    `
    UPDATE payments SET status = 'processing', updated_at = clock_timestamp()
    WHERE id = $1 AND status IN ('pending', 'processing')
    RETURNING (SELECT count(*)::int FROM users WHERE id = ANY($2::uuid[]) AND is_active) AS active_users,
      (SELECT coalesce(sum(payments), 0)::int FROM payment_velocity WHERE sender_id = $3 AND at_second > floor(extract(epoch FROM now()))::bigint - $4) AS recent_payments`,
  ),
  // Payments left pending or processing longer than $1 seconds (their job lost with the queue's data, or its
  // last attempt unable to write the failure), oldest first, as the job that would process them.
  findStalePayments: q(
    'findStalePayments',
    'select',
    'payments',
    `
    SELECT id, sender_id, recipient_id, amount, currency, payment_type FROM payments
    WHERE status IN ('pending', 'processing') AND updated_at < clock_timestamp() - make_interval(secs => $1)
    ORDER BY updated_at LIMIT $2`,
  ),
  lockPayment: q(
    'lockPayment',
    'select',
    'payments',
    `
    SELECT id, sender_id, recipient_id, amount, currency, status, target_currency, fee_amount, converted_amount FROM payments WHERE id = $1 FOR UPDATE`,
  ),
  // A p2p payment settled in one statement, so no account lock is held across a round trip to the API:
  // lock the payment (only while pending or processing, so a duplicate delivery of a final one finds nothing;
  // a concurrent one waits for the lock and then finds it final), check both users are active, and lock both
  // accounts (ORDER BY id: every transaction locks accounts in the same order, so opposite payments cannot
  // deadlock); only if the sender covers the amount (house accounts issue money and may go negative):
  // the two ledger entries (-amount, +amount: they sum to zero), the same deltas on the balances, and
  // → completed with the risk score. Nothing is written otherwise; the flags say why.
  settlePayment: q(
    'settlePayment',
    'update',
    'payments',
    `
    WITH payment AS (
      SELECT id FROM payments WHERE id = $1 AND status IN ('pending', 'processing') AND target_currency IS NULL FOR UPDATE
    ), active AS (
      SELECT count(*) = 2 AS ok FROM users WHERE id = ANY(ARRAY[$2, $3]::uuid[]) AND is_active
    ), locked AS (
      SELECT id, user_id, kind, balance FROM accounts
      WHERE currency = $4 AND user_id = ANY(ARRAY[$2, $3]::uuid[]) AND EXISTS (SELECT FROM payment) AND (SELECT ok FROM active)
      ORDER BY id FOR UPDATE
    ), legs AS (
      SELECT s.id AS sender, r.id AS recipient FROM locked s, locked r
      WHERE s.user_id = $2 AND r.user_id = $3 AND (s.kind = 'house' OR s.balance >= $5::bigint)
    ), deltas AS (
      SELECT sender AS account, -$5::bigint AS delta FROM legs UNION ALL SELECT recipient, $5::bigint FROM legs
    ), entries AS (
      INSERT INTO ledger_entries (payment_id, account_id, amount) SELECT $1, account, delta FROM deltas
    ), balances AS (
      UPDATE accounts a SET balance = a.balance + d.delta FROM deltas d WHERE a.id = d.account
    ), completed AS (
      UPDATE payments SET status = 'completed', failure_reason = NULL, risk_score = COALESCE($6, risk_score), updated_at = clock_timestamp()
      WHERE id = (SELECT id FROM payment) AND EXISTS (SELECT FROM legs) RETURNING id, updated_at
    )
    SELECT EXISTS (SELECT FROM payment) AS processing, (SELECT ok FROM active) AS users_active,
      EXISTS (SELECT FROM locked WHERE user_id = $3) AS recipient_account,
      EXISTS (SELECT FROM completed) AS completed, (SELECT updated_at FROM completed) AS completed_at`,
  ),
  getPayment: q(
    'getPayment',
    'select',
    'payments',
    `
    SELECT ${PAYMENT_COLUMNS} FROM payments p JOIN users u ON p.recipient_id = u.id
    WHERE p.id = $1 AND (p.sender_id = $2 OR p.recipient_id = $2)`,
  ),
  // The standards' getPaginatedPayments, with (created_at, id) as the cursor so equal timestamps never skip rows.
  getPaginatedPayments: q(
    'getPaginatedPayments',
    'select',
    'payments',
    `
    SELECT ${PAYMENT_COLUMNS} FROM payments p JOIN users u ON p.recipient_id = u.id
    WHERE p.sender_id = $1 AND ($2::timestamptz IS NULL OR (p.created_at, p.id) < ($2::timestamptz, $3::uuid))
    ORDER BY p.created_at DESC, p.id DESC LIMIT $4`,
  ),
  // Latest payments sent or received: two index range scans (sender, recipient) merged, not an OR scan.
  recentTransactions: q(
    'recentTransactions',
    'select',
    'payments',
    `
    SELECT * FROM (
      (SELECT ${PAYMENT_COLUMNS} FROM payments p JOIN users u ON p.recipient_id = u.id
       WHERE p.sender_id = $1 ORDER BY p.created_at DESC, p.id DESC LIMIT $2)
      UNION ALL
      (SELECT ${PAYMENT_COLUMNS} FROM payments p JOIN users u ON p.recipient_id = u.id
       WHERE p.recipient_id = $1 ORDER BY p.created_at DESC, p.id DESC LIMIT $2)
    ) t ORDER BY created_at DESC, id DESC LIMIT $2`,
  ),
  // The standards' findUserPayments: OFFSET pagination (kept to measure against the cursor variant).
  findUserPayments: q(
    'findUserPayments',
    'select',
    'payments',
    `
    SELECT p.id, p.amount, p.currency, p.status, p.description, p.created_at, u.display_name AS recipient_name
    FROM payments p JOIN users u ON p.recipient_id = u.id
    WHERE p.sender_id = $1 ORDER BY p.created_at DESC LIMIT $2 OFFSET $3`,
  ),
  refreshAnalytics: q(
    'refreshAnalytics',
    'refresh',
    'payment_analytics_daily',
    `
    REFRESH MATERIALIZED VIEW CONCURRENTLY payment_analytics_daily`,
  ),
  readAnalytics: q(
    'readAnalytics',
    'select',
    'payment_analytics_daily',
    `
    SELECT date, currency, transaction_count, total_amount, average_amount, unique_senders, unique_recipients
    FROM payment_analytics_daily WHERE date >= $1::date AND date <= $2::date ORDER BY date DESC, currency`,
  ),
} satisfies Record<string, CatalogQuery>;

export type QueryName = keyof typeof QUERIES;
