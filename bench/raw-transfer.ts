import type pg from 'pg';

/**
 * The same double-entry transfer PayPass performs, as bare SQL in one transaction: the floor
 * that PayPass's HTTP, auth, idempotency, queue, fraud checks and telemetry are measured against.
 */
export async function rawTransfer(pool: pg.Pool, senderId: string, recipientId: string, amount: number, currency: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ id: string; user_id: string; balance: string }>(
      'SELECT id, user_id, balance FROM accounts WHERE currency = $1 AND user_id = ANY($2::uuid[]) ORDER BY id FOR UPDATE',
      [currency, [senderId, recipientId]],
    );
    const sender = rows.find((r) => r.user_id === senderId);
    const recipient = rows.find((r) => r.user_id === recipientId);
    if (!sender || !recipient || BigInt(sender.balance) < BigInt(amount)) throw new Error('insufficient funds');
    const payment = await client.query<{ id: string }>(
      "INSERT INTO payments (sender_id, recipient_id, amount, currency, status, payment_type) VALUES ($1, $2, $3, $4, 'completed', 'p2p') RETURNING id",
      [senderId, recipientId, amount, currency],
    );
    const paymentId = payment.rows[0]!.id;
    await client.query('INSERT INTO ledger_entries (payment_id, account_id, amount) VALUES ($1, $2, $3), ($1, $4, $5)', [paymentId, sender.id, -amount, recipient.id, amount]);
    await client.query('UPDATE accounts SET balance = balance + d.delta FROM (VALUES ($1::uuid, $2::bigint), ($3::uuid, $4::bigint)) AS d(id, delta) WHERE accounts.id = d.id', [
      sender.id,
      -amount,
      recipient.id,
      amount,
    ]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
