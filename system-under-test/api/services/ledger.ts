import { QUERIES } from '../../db/queries.ts';
import type { Db, Queryable } from '../db/db.ts';
import { InsufficientFundsError } from '../errors.ts';

/** The sender or the recipient is no longer an active user: the payment fails, nothing is written. */
export class InvalidUsersError extends Error {
  constructor() {
    super('invalid_users');
  }
}

export interface Transfer {
  paymentId: string;
  senderId: string;
  recipientId: string;
  amount: number;
  currency: string;
}

/**
 * Settles a pending or processing p2p payment in one statement (see settlePayment in the catalog): both accounts
 * locked in id order, funds checked, two ledger entries summing to zero applied to the balances, the
 * payment marked completed. Returns when it was completed (its updated_at), or null when the payment was not
 * an open p2p payment (nothing written); throws (nothing written) InvalidUsersError when a user is not active,
 * InsufficientFundsError when the sender cannot cover the amount.
 */
export async function transfer(db: Db, t: Transfer, riskScore: number | null = null, on?: Queryable): Promise<Date | null> {
  const settle = () =>
    db.run<{ processing: boolean; users_active: boolean; recipient_account: boolean; completed: boolean; completed_at: Date | null }>(
      QUERIES.settlePayment,
      [t.paymentId, t.senderId, t.recipientId, t.currency, t.amount, riskScore],
      on,
    );
  let { rows } = await settle();
  if (rows[0].processing && !rows[0].users_active) throw new InvalidUsersError();
  if (rows[0].processing && !rows[0].recipient_account) {
    // The recipient's first payment in this currency opens the account (idempotent), then settles.
    await db.run(QUERIES.ensureAccount, [t.recipientId, t.currency], on);
    ({ rows } = await settle());
  }
  const { processing, recipient_account, completed, completed_at } = rows[0];
  if (!processing) return null;
  if (!recipient_account) throw new Error(`recipient account missing for ${t.recipientId}`);
  if (!completed || !completed_at) throw new InsufficientFundsError();
  return completed_at;
}
