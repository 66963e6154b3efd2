import type pg from 'pg';
import { QUERIES } from '../../db/queries.ts';
import type { Db } from '../db/db.ts';
import { InsufficientFundsError } from '../errors.ts';
import { toMinorUnits } from '../money.ts';

export interface CrossBorderTransfer {
  paymentId: string;
  senderId: string;
  recipientId: string;
  currency: string;
  targetCurrency: string;
  /** amount + fee, in currency. */
  debit: number;
  /** In targetCurrency. */
  converted: number;
}

const houses = new WeakMap<Db, Promise<string>>();

/** The FX house user id, created on first use (seeding truncates users, so a migration row would not survive). */
export function fxHouseId(db: Db): Promise<string> {
  let id = houses.get(db);
  if (!id) {
    id = db.run<{ id: string }>(QUERIES.ensureFxHouse).then((r) => r.rows[0].id);
    id.catch(() => houses.delete(db));
    houses.set(db, id);
  }
  return id;
}

/**
 * Cross-border double entry inside the caller's transaction, balanced per currency:
 * sender -debit / FX house +debit in the source currency, FX house -converted /
 * recipient +converted in the target currency. The fee stays with the FX house.
 * All four accounts are locked in one statement in id order, so payments in opposite
 * directions (and plain transfers) cannot deadlock.
 */
export async function crossBorderTransfer(db: Db, client: pg.PoolClient, t: CrossBorderTransfer): Promise<void> {
  const house = await fxHouseId(db);
  await db.run(QUERIES.ensureHouseAccount, [house, t.currency], client);
  await db.run(QUERIES.ensureHouseAccount, [house, t.targetCurrency], client);
  await db.run(QUERIES.ensureAccount, [t.recipientId, t.targetCurrency], client);
  const { rows } = await db.run<{ id: string; user_id: string; currency: string; kind: string; balance: string }>(
    QUERIES.lockAccountPairs,
    [
      [t.senderId, house, house, t.recipientId],
      [t.currency, t.currency, t.targetCurrency, t.targetCurrency],
    ],
    client,
  );
  const find = (userId: string, currency: string) => rows.find((r) => r.user_id === userId && r.currency === currency);
  const sender = find(t.senderId, t.currency);
  const houseFrom = find(house, t.currency);
  const houseTo = find(house, t.targetCurrency);
  const recipient = find(t.recipientId, t.targetCurrency);
  if (!houseFrom || !houseTo || !recipient) throw new Error('cross-border accounts missing');
  if (!sender || toMinorUnits(sender.balance) < t.debit) throw new InsufficientFundsError();
  const accounts = [sender.id, houseFrom.id, houseTo.id, recipient.id];
  const deltas = [-t.debit, t.debit, -t.converted, t.converted];
  await db.run(QUERIES.insertLedgerEntryList, [t.paymentId, accounts, deltas], client);
  await db.run(QUERIES.applyBalanceDeltaList, [accounts, deltas], client);
}
