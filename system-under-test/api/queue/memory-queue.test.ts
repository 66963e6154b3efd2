import { describe, expect, it } from 'vitest';
import { MemoryPaymentQueue } from './memory-queue.ts';
import { queuePriority, standardPriority, type PaymentJobData } from './payment-queue.ts';

const job = (paymentId: string, amount: number): PaymentJobData => ({ paymentId, senderId: 's', recipientId: 'r', amount, currency: 'USD' });

describe('payment queue semantics', () => {
  it('maps the standards’ priorities onto BullMQ’s lower-is-first scale', () => {
    expect([20_000, 5_000, 500].map(standardPriority)).toEqual([100, 50, 10]);
    expect([20_000, 5_000, 500].map(queuePriority)).toEqual([1, 2, 3]);
  });

  it('runs high-value payments first, FIFO within a priority', async () => {
    const queue = new MemoryPaymentQueue();
    for (const [id, amount] of [['a', 5], ['b', 5_000], ['c', 50_000], ['d', 6], ['e', 60_000]] as const) await queue.enqueue(job(id, amount));
    const order: string[] = [];
    // Concurrency 10 would start all five at once; record start order, which is the priority order.
    await queue.start(async (data) => void order.push(data.paymentId));
    await queue.waitFor('a', 1000);
    expect(order).toEqual(['c', 'e', 'b', 'a', 'd']);
    await queue.close();
  });

  it('retries failures up to 3 attempts with exponential backoff, telling the handler the final attempt', async () => {
    const delays: number[] = [];
    const queue = new MemoryPaymentQueue((n) => (delays.push(n), 5));
    const seen: [number, boolean][] = [];
    await queue.start(async (_data, attempt) => {
      seen.push([attempt.attempt, attempt.isFinalAttempt]);
      throw new Error('transient');
    });
    await queue.enqueue(job('x', 1));
    expect(await queue.waitFor('x', 2000)).toBe(true);
    expect(seen).toEqual([[1, false], [2, false], [3, true]]);
    expect(delays).toEqual([1, 2]);
    expect(await queue.depth()).toBe(0);
    await queue.close();
  });

  it('never runs more than 10 jobs at once', async () => {
    const queue = new MemoryPaymentQueue();
    let running = 0;
    let peak = 0;
    await queue.start(async () => {
      peak = Math.max(peak, ++running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
    });
    for (let i = 0; i < 40; i++) await queue.enqueue(job(`j${i}`, i));
    await Promise.all(Array.from({ length: 40 }, (_, i) => queue.waitFor(`j${i}`, 5000)));
    expect(peak).toBe(10);
    await queue.close();
  });
});
