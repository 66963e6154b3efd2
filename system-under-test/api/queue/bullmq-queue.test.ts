import { afterEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { BullPaymentQueue } from './bullmq-queue.ts';
import type { PaymentJobData } from './payment-queue.ts';

const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const job = (paymentId: string, amount: number): PaymentJobData => ({ paymentId, senderId: 's', recipientId: 'r', amount, currency: 'USD' });

// The same semantics as the in-process driver, on real Redis: the standards' queue settings as BullMQ runs them.
describe('BullMQ payment queue (real Redis)', () => {
  let queue: BullPaymentQueue | undefined;
  afterEach(async () => {
    await queue?.obliterate();
    await queue?.close();
  });
  const fresh = () => (queue = new BullPaymentQueue(REDIS, `perfgate-test-${randomUUID()}`));

  it('runs high-value payments first, FIFO within a priority', async () => {
    const q = fresh();
    for (const [id, amount] of [['a', 5], ['b', 5_000], ['c', 50_000], ['d', 6], ['e', 60_000]] as const) await q.enqueue(job(id, amount));
    const order: string[] = [];
    await q.start(async (data) => void order.push(data.paymentId));
    expect(await q.waitFor('d', 10_000)).toBe(true);
    expect(order).toEqual(['c', 'e', 'b', 'a', 'd']);
    expect(await q.depth()).toBe(0);
  });

  it('tries a failing payment 3 times, 2 s then 4 s apart, and tells the handler its final attempt', async () => {
    const q = fresh();
    const seen: { attempt: number; final: boolean; at: number }[] = [];
    await q.start(async (_data, attempt) => {
      seen.push({ attempt: attempt.attempt, final: attempt.isFinalAttempt, at: Date.now() });
      if (!attempt.isFinalAttempt) throw new Error('transient');
    });
    await q.enqueue(job('retried', 100));
    expect(await q.waitFor('retried', 20_000)).toBe(true);
    expect(seen.map((s) => [s.attempt, s.final])).toEqual([[1, false], [2, false], [3, true]]);
    const gaps = [seen[1]!.at - seen[0]!.at, seen[2]!.at - seen[1]!.at];
    expect(gaps[0]).toBeGreaterThanOrEqual(1_900);
    expect(gaps[1]).toBeGreaterThanOrEqual(3_900);
  }, 30_000);

  it('enqueues a payment once however often it is enqueued (job id = payment id)', async () => {
    const q = fresh();
    let runs = 0;
    await q.enqueue(job('once', 100));
    await q.enqueue(job('once', 100));
    await q.start(async () => void runs++);
    expect(await q.waitFor('once', 10_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(runs).toBe(1);
  });
});
