import { Job, Queue, QueueEvents, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { ATTEMPTS, BACKOFF_MS, CONCURRENCY, QUEUE_NAME, queuePriority, type JobHandler, type PaymentJobData, type PaymentQueue } from './payment-queue.ts';

/** BullMQ driver: the standards' PaymentProcessor queue (3 attempts, exponential backoff 2 s, concurrency 10). */
export class BullPaymentQueue implements PaymentQueue {
  readonly driver = 'bullmq';
  private readonly connections: Redis[] = [];
  private readonly queue: Queue<PaymentJobData>;
  private readonly events: QueueEvents;
  private worker?: Worker<PaymentJobData>;

  constructor(
    private readonly url: string,
    private readonly prefix = 'paypass',
  ) {
    this.queue = new Queue<PaymentJobData>(QUEUE_NAME, {
      connection: this.connection(),
      prefix,
      defaultJobOptions: { removeOnComplete: 100, removeOnFail: 50, attempts: ATTEMPTS, backoff: { type: 'exponential', delay: BACKOFF_MS } },
    });
    this.events = new QueueEvents(QUEUE_NAME, { connection: this.connection(), prefix });
  }

  // BullMQ needs maxRetriesPerRequest: null on its blocking connections.
  private connection(): Redis {
    const redis = new Redis(this.url, { maxRetriesPerRequest: null });
    redis.on('error', () => undefined);
    this.connections.push(redis);
    return redis;
  }

  async start(handler: JobHandler): Promise<void> {
    await this.events.waitUntilReady();
    this.worker = new Worker<PaymentJobData>(
      QUEUE_NAME,
      async (job: Job<PaymentJobData>) => {
        const attempt = job.attemptsMade + 1;
        await handler(job.data, { attempt, isFinalAttempt: attempt >= ATTEMPTS });
      },
      { connection: this.connection(), prefix: this.prefix, concurrency: CONCURRENCY },
    );
    this.worker.on('error', () => undefined);
  }

  async enqueue(data: PaymentJobData): Promise<void> {
    // jobId = payment id: enqueueing the same payment twice is a no-op.
    await this.queue.add('process-payment', data, { jobId: data.paymentId, priority: queuePriority(data.amount) });
  }

  async waitFor(paymentId: string, timeoutMs: number): Promise<boolean> {
    // A handle by id, not Job.fromId: waitUntilFinished asks Redis for the state itself (one round
    // trip fewer per payment), and a job already removed reports as missing, hence finished.
    const job = new Job<PaymentJobData>(this.queue, 'process-payment', {} as PaymentJobData, {}, paymentId);
    try {
      await job.waitUntilFinished(this.events, timeoutMs);
      return true;
    } catch (error) {
      return !/timed out/i.test((error as Error).message);
    }
  }

  async depth(): Promise<number> {
    const counts = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return Object.values(counts).reduce((a, b) => a + b, 0);
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.events.close();
    await this.queue.close();
    await Promise.all(this.connections.map((c) => c.quit().catch(() => c.disconnect())));
  }

  /** Test helper: removes every key of this queue (used with per-test prefixes). */
  async obliterate(): Promise<void> {
    await this.queue.obliterate({ force: true });
  }
}
