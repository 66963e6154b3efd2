import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppFixture, type AppFixture } from '../../testing/app-fixture.ts';
import { Db } from '../db/db.ts';
import { PaymentEvents } from './payment-events.ts';
import { SettlementWaits } from './settlement-waits.ts';

describe('waiting for a payment to settle (?sync=true)', () => {
  let f: AppFixture;
  let db: Db;
  let paymentIds: string[];
  beforeAll(async () => {
    f = await createAppFixture({ users: 4, payments: 12, seed: 83 }, undefined, { reconciler: false });
    db = new Db(f.pool);
    // Seeded payments, set back to pending: as if a worker somewhere were still on them.
    const { rows } = await f.pool.query<{ id: string }>("UPDATE payments SET status = 'pending' WHERE id IN (SELECT id FROM payments ORDER BY id LIMIT 4) RETURNING id");
    paymentIds = rows.map((r) => r.id);
  });
  afterAll(() => f.close());

  const update = (paymentId: string, status: 'processing' | 'completed' | 'failed') => ({ paymentId, senderId: 'a', recipientId: 'b', status });

  it('ends the wait the moment this process announces the payment final, and at once once it has', async () => {
    const events = new PaymentEvents();
    const waits = new SettlementWaits(db, events, 60_000); // no poll within the test: only the announcement can end it
    const id = paymentIds[0]!;
    const waiting = waits.wait(id, 5_000);
    events.emit('update', update(id, 'processing'));
    events.emit('update', update(id, 'completed'));
    expect(await waiting).toBe(true);
    expect(await waits.wait(id, 1)).toBe(true); // announced before the wait began
  });

  it('finds a payment settled elsewhere with one query for all the waits', async () => {
    const waits = new SettlementWaits(db, new PaymentEvents(), 50);
    const [done, failed, still] = paymentIds.slice(1, 4) as [string, string, string];
    const waiting = [waits.wait(done, 5_000), waits.wait(failed, 5_000), waits.wait(still, 600)];
    await f.pool.query("UPDATE payments SET status = 'completed' WHERE id = $1", [done]);
    await f.pool.query("UPDATE payments SET status = 'failed' WHERE id = $1", [failed]);
    expect(await Promise.all(waiting)).toEqual([true, true, false]); // the last one is still pending: it times out
  });
});
