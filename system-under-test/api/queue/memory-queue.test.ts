import { describe, expect, it } from 'vitest';
import { MemoryPaymentQueue } from './memory-queue.ts';
import { exponentialBackoff, type PaymentJobData } from './payment-queue.ts';
import { describeQueueContract } from './queue-contract.ts';

describeQueueContract('in-process', ({ backoffMs }) => new MemoryPaymentQueue(exponentialBackoff(backoffMs)));

describe('in-process payment queue', () => {
  it('asks its backoff for the wait after each failed attempt but the last', async () => {
    const asked: number[] = [];
    const queue = new MemoryPaymentQueue((n) => (asked.push(n), 5));
    await queue.start(async () => {
      throw new Error('transient');
    });
    const data: PaymentJobData = { paymentId: 'x', senderId: 's', recipientId: 'r', amount: 1, currency: 'USD' };
    await queue.enqueue(data);
    expect(await queue.waitFor('x', 2000)).toBe(true);
    expect(asked).toEqual([1, 2]);
    await queue.close();
  });
});
