import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { gate } from '../testing/gate.ts';
import { redisScratch } from '../testing/redis-scratch.ts';
import { BullPaymentQueue } from './bullmq-queue.ts';
import { QUEUE_NAME, type AttemptInfo, type PaymentJobData } from './payment-queue.ts';
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

  it('puts payments enqueued together in one job per priority, retries only the one that failed, and counts payments', async () => {
    const prefix = `${scratch.prefix()}bull`;
    const queue = new BullPaymentQueue(scratch.url, prefix, { backoffMs: 50 });
    const connection = new Redis(scratch.url, { maxRetriesPerRequest: null });
    const inspector = new Queue(QUEUE_NAME, { connection, prefix });
    const held = gate();
    try {
      const pay = (paymentId: string, amount = 100): PaymentJobData => ({ paymentId, senderId: 's', recipientId: 'r', amount, currency: 'USD' });
      await Promise.all([pay('a'), pay('b'), pay('c'), pay('big', 50_000)].map((p) => queue.enqueue(p)));
      const jobs = await inspector.getJobs(['prioritized', 'waiting']);
      const carried = (j: (typeof jobs)[number]) => (j.data as { payments: PaymentJobData[] }).payments.map((p) => p.paymentId);
      expect(jobs.map((j) => [carried(j), j.opts.priority]).sort()).toEqual([
        [['a', 'b', 'c'], 3],
        [['big'], 1],
      ]);
      // A job of one is named after its payment; a job of several has a name of its own.
      expect(jobs.find((j) => j.opts.priority === 1)!.id).toBe('big');
      expect(jobs.find((j) => j.opts.priority === 3)!.id).toMatch(/^group-[0-9a-f-]{36}$/);
      expect(await queue.depth()).toBeGreaterThanOrEqual(2);

      const runs: [string, AttemptInfo][] = [];
      await queue.start(async (data, attempt) => {
        runs.push([data.paymentId, attempt]);
        if (data.paymentId === 'c') await held.passed;
        if (data.paymentId === 'b' && attempt.attempt === 1) throw new Error('transient');
      });
      // A payment's wait is for the job carrying it, whatever its name.
      expect(await queue.waitFor('c', 300)).toBe(false);
      held.open();
      expect(await queue.waitFor('c', 10_000)).toBe(true);
      expect(await queue.waitFor('b', 10_000)).toBe(true);
      expect(runs.map(([id, a]) => `${id}#${a.attempt}`).sort()).toEqual(['a#1', 'b#1', 'b#2', 'big#1', 'c#1']);
      expect(await queue.depth()).toBe(0);
    } finally {
      held.open();
      await queue.close();
      await inspector.close();
      await connection.quit();
    }
  });
});
