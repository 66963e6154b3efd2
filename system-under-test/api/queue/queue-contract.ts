import { afterEach, describe, expect, it } from 'vitest';
import { sleep, until } from '../testing/eventually.ts';
import { gate, type Gate } from '../testing/gate.ts';
import { handlesAtRest, handlesBackTo } from '../testing/open-handles.ts';
import { ATTEMPTS, CONCURRENCY, KEEP_COMPLETED, KEEP_FAILED, type AttemptInfo, type PaymentJobData, type PaymentQueue } from './payment-queue.ts';

/** A fresh queue of its own (nothing shared with other queues made), retrying after backoffMs, then twice that. */
export type MakeQueue = (options: { backoffMs: number }) => PaymentQueue;

// Short for quick tests, long enough that a backoff which does not grow shows against timer noise.
const BACKOFF_MS = 100;
// Delays are checked as lower bounds only (a busy machine makes waits longer, never shorter), less timer granularity.
const atLeast = (ms: number): number => ms * 0.9;

const job = (paymentId: string, amount = 100): PaymentJobData => ({ paymentId, senderId: 'sender', recipientId: 'recipient', amount, currency: 'USD' });

/** What every payment queue driver promises: BullMQ's semantics with the standards' settings. */
export function describeQueueContract(name: string, make: MakeQueue): void {
  describe(`payment queue contract: ${name}`, () => {
    const queues: PaymentQueue[] = [];
    const gates: Gate[] = [];
    const fresh = (backoffMs = BACKOFF_MS): PaymentQueue => {
      const queue = make({ backoffMs });
      queues.push(queue);
      return queue;
    };
    const held = (): Gate => {
      const g = gate();
      gates.push(g);
      return g;
    };
    // Held jobs are let go first: close() waits for running jobs.
    afterEach(async () => {
      for (const g of gates.splice(0)) g.open();
      await Promise.all(queues.splice(0).map((queue) => queue.close()));
    });

    /** Starts the queue with a handler that counts starts per payment and then runs `body`. */
    const counting = async (queue: PaymentQueue, body: (data: PaymentJobData, attempt: AttemptInfo) => Promise<void> = async () => undefined) => {
      const runs = new Map<string, number>();
      await queue.start(async (data, attempt) => {
        runs.set(data.paymentId, (runs.get(data.paymentId) ?? 0) + 1);
        await body(data, attempt);
      });
      return { runs, total: () => [...runs.values()].reduce((a, b) => a + b, 0) };
    };
    const drained = async (queue: PaymentQueue, what: string) => until(async () => (await queue.depth()) === 0, what, 20_000);

    it('hands the handler a copy of the job data as enqueued, as attempt 1 of 3', async () => {
      const queue = fresh();
      const got: { data: PaymentJobData; attempt: AttemptInfo }[] = [];
      await queue.start(async (data, attempt) => void got.push({ data, attempt }));
      const data: PaymentJobData = {
        ...job('data', 12_345),
        paymentType: 'cross_border',
        acceptedAt: 1_700_000_000_123,
        trace: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
      };
      const expected = structuredClone(data);
      await queue.enqueue(data);
      data.amount = 1; // the caller's object changing afterwards does not change the job
      expect(await queue.waitFor('data', 10_000)).toBe(true);
      expect(got).toEqual([{ data: expected, attempt: { attempt: 1, isFinalAttempt: false } }]);
    });

    it('runs high-value payments first, FIFO within a priority', async () => {
      const queue = fresh();
      for (const [id, amount] of [
        ['a', 5],
        ['b', 5_000],
        ['c', 50_000],
        ['d', 6],
        ['e', 60_000],
      ] as const)
        await queue.enqueue(job(id, amount));
      expect(await queue.depth()).toBe(5);
      const order: string[] = [];
      await queue.start(async (data) => void order.push(data.paymentId));
      expect(await queue.waitFor('d', 10_000)).toBe(true);
      expect(order).toEqual(['c', 'e', 'b', 'a', 'd']);
      expect(await queue.depth()).toBe(0);
    });

    describe('one job per payment id', () => {
      it('ignores a payment enqueued again while its job waits', async () => {
        const queue = fresh();
        await queue.enqueue(job('twice'));
        await queue.enqueue(job('twice', 50_000)); // a different priority does not make it another job
        expect(await queue.depth()).toBe(1);
        const { runs } = await counting(queue);
        expect(await queue.waitFor('twice', 10_000)).toBe(true);
        await drained(queue, 'the queue to empty');
        expect(runs.get('twice')).toBe(1);
      });

      it('ignores a payment enqueued again while its job runs', async () => {
        const queue = fresh();
        const release = held();
        const { runs } = await counting(queue, () => release.passed);
        await queue.enqueue(job('running'));
        await until(() => runs.get('running') === 1, 'the job to start');
        await queue.enqueue(job('running'));
        expect(await queue.depth()).toBe(1);
        release.open();
        expect(await queue.waitFor('running', 10_000)).toBe(true);
        expect(await queue.depth()).toBe(0);
        expect(runs.get('running')).toBe(1);
      });

      it('ignores a payment enqueued again while its job waits for a retry', async () => {
        const queue = fresh(60_000); // the retry stays pending for the whole test
        const { runs } = await counting(queue, async () => {
          throw new Error('transient');
        });
        await queue.enqueue(job('retrying'));
        await until(() => runs.get('retrying') === 1, 'the first attempt');
        await queue.enqueue(job('retrying'));
        await sleep(3 * BACKOFF_MS); // time enough for a wrongly added second job to start
        expect(runs.get('retrying')).toBe(1);
        expect(await queue.depth()).toBe(1);
      });

      it(`ignores a payment whose job completed while it is among the last ${KEEP_COMPLETED} completed, and runs it again after`, async () => {
        const queue = fresh();
        const { runs, total } = await counting(queue);
        await queue.enqueue(job('done'));
        expect(await queue.waitFor('done', 10_000)).toBe(true);
        for (let i = 1; i < KEEP_COMPLETED; i++) await queue.enqueue(job(`later-${i}`));
        await until(() => total() === KEEP_COMPLETED, `${KEEP_COMPLETED - 1} later jobs to run`, 20_000);
        await drained(queue, 'the later jobs to complete');
        await queue.enqueue(job('done'));
        expect(await queue.depth()).toBe(0); // still kept: ignored
        await queue.enqueue(job('one-more'));
        expect(await queue.waitFor('one-more', 10_000)).toBe(true);
        await drained(queue, 'one more job to complete');
        await queue.enqueue(job('done')); // no longer kept: a new job
        expect(await queue.waitFor('done', 10_000)).toBe(true);
        expect(runs.get('done')).toBe(2);
      });

      it(`ignores a payment whose job gave up while it is among the last ${KEEP_FAILED} failed, and runs it again after`, async () => {
        const queue = fresh(5);
        const { runs, total } = await counting(queue, async () => {
          throw new Error('permanent');
        });
        await queue.enqueue(job('gave-up'));
        expect(await queue.waitFor('gave-up', 10_000)).toBe(true);
        for (let i = 1; i < KEEP_FAILED; i++) await queue.enqueue(job(`failing-${i}`));
        await until(() => total() === KEEP_FAILED * ATTEMPTS, `${KEEP_FAILED - 1} later jobs to fail`, 20_000);
        await drained(queue, 'the later jobs to give up');
        await queue.enqueue(job('gave-up'));
        expect(await queue.depth()).toBe(0); // still kept: ignored
        await queue.enqueue(job('one-more'));
        expect(await queue.waitFor('one-more', 10_000)).toBe(true);
        await drained(queue, 'one more job to give up');
        await queue.enqueue(job('gave-up')); // no longer kept: a new job
        expect(await queue.waitFor('gave-up', 10_000)).toBe(true);
        expect(runs.get('gave-up')).toBe(2 * ATTEMPTS);
      });
    });

    describe('retries', () => {
      it(`tries a failing payment ${ATTEMPTS} times, backing off exponentially, and flags the final attempt`, async () => {
        const queue = fresh();
        const seen: { attempt: AttemptInfo; at: number }[] = [];
        await queue.start(async (_data, attempt) => {
          seen.push({ attempt, at: Date.now() });
          throw new Error('transient');
        });
        await queue.enqueue(job('retried'));
        await until(() => seen.length === 1, 'the first attempt');
        expect(await queue.depth()).toBe(1); // waiting for its retry counts
        expect(await queue.waitFor('retried', 10_000)).toBe(true);
        expect(seen.map((s) => s.attempt)).toEqual([
          { attempt: 1, isFinalAttempt: false },
          { attempt: 2, isFinalAttempt: false },
          { attempt: 3, isFinalAttempt: true },
        ]);
        expect(seen[1].at - seen[0].at).toBeGreaterThanOrEqual(atLeast(BACKOFF_MS));
        expect(seen[2].at - seen[1].at).toBeGreaterThanOrEqual(atLeast(2 * BACKOFF_MS));
        expect(await queue.depth()).toBe(0);
      });

      it('does not try a payment again once an attempt succeeded', async () => {
        const queue = fresh();
        const { runs } = await counting(queue, async (_data, attempt) => {
          if (attempt.attempt === 1) throw new Error('transient');
        });
        await queue.enqueue(job('second-time-lucky'));
        expect(await queue.waitFor('second-time-lucky', 10_000)).toBe(true);
        await sleep(3 * BACKOFF_MS);
        expect(runs.get('second-time-lucky')).toBe(2);
        expect(await queue.depth()).toBe(0);
      });
    });

    it(`runs ${CONCURRENCY} jobs at once, never more`, async () => {
      const queue = fresh();
      const release = held();
      const { total } = await counting(queue, () => release.passed);
      for (let i = 0; i < CONCURRENCY + 2; i++) await queue.enqueue(job(`parallel-${i}`));
      await until(() => total() === CONCURRENCY, `${CONCURRENCY} jobs to start`);
      await sleep(200); // time enough for an eleventh to start, were it allowed to
      expect(total()).toBe(CONCURRENCY);
      expect(await queue.depth()).toBe(CONCURRENCY + 2);
      release.open();
      await drained(queue, 'all jobs to complete');
      expect(total()).toBe(CONCURRENCY + 2);
    });

    it('reports its backlog without waiting: jobs waiting and running, none once drained', async () => {
      const queue = fresh();
      const release = held();
      await counting(queue, () => release.passed);
      for (let i = 0; i < CONCURRENCY + 5; i++) await queue.enqueue(job(`backlog-${i}`));
      expect(queue.backlog()).toBeGreaterThan(0);
      await until(() => queue.backlog() === CONCURRENCY + 5, 'the backlog to count every job');
      release.open();
      await drained(queue, 'all jobs to complete');
      await until(() => queue.backlog() === 0, 'the backlog to empty');
    });

    describe('waitFor', () => {
      it('answers true at once for a payment it holds no job of', async () => {
        expect(await fresh().waitFor('never-enqueued', 10_000)).toBe(true);
      });

      it('answers false when the job is still running at the timeout, true once it finished', async () => {
        const queue = fresh();
        const release = held();
        await counting(queue, () => release.passed);
        await queue.enqueue(job('slow'));
        expect(await queue.waitFor('slow', 100)).toBe(false);
        release.open();
        expect(await queue.waitFor('slow', 10_000)).toBe(true);
      });

      it('answers true for a job that gave up, whatever its error says', async () => {
        const queue = fresh(5);
        const { runs } = await counting(queue, async () => {
          throw new Error('provider timed out'); // not to be taken for the wait timing out
        });
        await queue.enqueue(job('gave-up'));
        expect(await queue.waitFor('gave-up', 10_000)).toBe(true);
        expect(runs.get('gave-up')).toBe(ATTEMPTS);
      });
    });

    describe('close', () => {
      it('waits for running jobs to finish', async () => {
        const queue = fresh();
        let finished = false;
        const { runs } = await counting(queue, async () => {
          await sleep(300);
          finished = true;
        });
        await queue.enqueue(job('in-flight'));
        await until(() => runs.get('in-flight') === 1, 'the job to start');
        await queue.close();
        expect(finished).toBe(true);
      });

      it('stops attempts in this process and refuses new jobs', async () => {
        const queue = fresh();
        const { runs } = await counting(queue, async () => {
          throw new Error('transient');
        });
        await queue.enqueue(job('cut-short'));
        await until(() => runs.get('cut-short') === 1, 'the first attempt');
        await queue.close();
        await sleep(3 * BACKOFF_MS); // the retry was due after BACKOFF_MS
        expect(runs.get('cut-short')).toBe(1);
        await expect(queue.enqueue(job('too-late'))).rejects.toThrow();
      });

      it('leaves no sockets or timers behind, a pending retry included, and may be called again', async () => {
        const baseline = await handlesAtRest();
        const queue = fresh(60_000);
        const { runs } = await counting(queue, async (data) => {
          if (data.paymentId === 'fails') throw new Error('transient');
        });
        await queue.enqueue(job('succeeds'));
        await queue.enqueue(job('fails'));
        expect(await queue.waitFor('succeeds', 10_000)).toBe(true);
        await until(() => runs.get('fails') === 1, 'the failing job to fail once');
        await queue.close();
        await handlesBackTo(baseline);
        await expect(queue.close()).resolves.toBeUndefined();
      });
    });
  });
}
