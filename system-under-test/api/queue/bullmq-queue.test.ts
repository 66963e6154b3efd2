import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { redisScratch } from '../testing/redis-scratch.ts';
import { BullPaymentQueue } from './bullmq-queue.ts';
import { QUEUE_NAME, type PaymentJobData } from './payment-queue.ts';
import { describeQueueContract } from './queue-contract.ts';

// On the real Redis, each queue under a prefix of this run's own; the run's keys are deleted at the end.
const scratch = redisScratch('queue');
afterAll(() => scratch.dispose());

describeQueueContract('BullMQ on Redis', ({ backoffMs }) => new BullPaymentQueue(scratch.url, `${scratch.prefix()}bull`, { backoffMs }));

describe('BullMQ payment queue', () => {
  it('gives jobs the standards’ settings: 3 attempts, exponential backoff from 2 s, kept finished jobs, priority by amount', async () => {
    const prefix = `${scratch.prefix()}bull`;
    const queue = new BullPaymentQueue(scratch.url, prefix);
    const connection = new Redis(scratch.url, { maxRetriesPerRequest: null });
    const inspector = new Queue<PaymentJobData>(QUEUE_NAME, { connection, prefix });
    try {
      await queue.enqueue({ paymentId: 'defaults', senderId: 's', recipientId: 'r', amount: 50_000, currency: 'USD' });
      const stored = await inspector.getJob('defaults');
      expect(stored?.opts).toMatchObject({ attempts: 3, backoff: { type: 'exponential', delay: 2_000 }, removeOnComplete: 100, removeOnFail: 50, priority: 1 });
    } finally {
      await queue.close();
      await inspector.close();
      await connection.quit();
    }
  });
});
