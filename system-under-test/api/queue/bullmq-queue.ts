import { Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import {
  ATTEMPTS,
  BACKLOG_REFRESH_MS,
  BACKOFF_MS,
  CONCURRENCY,
  KEEP_COMPLETED,
  KEEP_FAILED,
  QUEUE_NAME,
  queuePriority,
  type JobHandler,
  type PaymentJobData,
  type PaymentQueue,
} from './payment-queue.ts';

/** How often waitFor asks for a job's state. */
const WAIT_POLL_MS = 25;

export interface BullQueueOptions {
  /** Base of the exponential backoff (tests pass short ones). */
  backoffMs?: number;
}

/** BullMQ driver: the standards' PaymentProcessor queue (3 attempts, exponential backoff 2 s, concurrency 10). */
export class BullPaymentQueue implements PaymentQueue {
  readonly driver = 'bullmq';
  private readonly connections: Redis[] = [];
  private readonly queue: Queue<PaymentJobData>;
  private worker?: Worker<PaymentJobData>;
  private lastDepth = 0;
  private depthTimer?: NodeJS.Timeout;
  private readingDepth = false;

  constructor(
    private readonly url: string,
    private readonly prefix = 'paypass',
    { backoffMs = BACKOFF_MS }: BullQueueOptions = {},
  ) {
    this.queue = new Queue<PaymentJobData>(QUEUE_NAME, {
      connection: this.connection({ enableAutoPipelining: true }),
      prefix,
      defaultJobOptions: {
        removeOnComplete: KEEP_COMPLETED,
        removeOnFail: KEEP_FAILED,
        attempts: ATTEMPTS,
        backoff: { type: 'exponential', delay: backoffMs },
      },
    });
  }

  // BullMQ needs maxRetriesPerRequest: null on its blocking connections.
  private connection(options: { enableAutoPipelining?: boolean } = {}): Redis {
    const redis = new Redis(this.url, { maxRetriesPerRequest: null, ...options });
    redis.on('error', () => undefined);
    this.connections.push(redis);
    return redis;
  }

  async start(handler: JobHandler): Promise<void> {
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
    // jobId = payment id: BullMQ ignores the add while a job of that id exists (kept finished ones included).
    await this.queue.add('process-payment', data, { jobId: data.paymentId, priority: queuePriority(data.amount) });
    this.lastDepth++; // counted until the next read, so a burst between reads is seen
  }

  /**
   * For tests and tools (PayPass hears of settlements from its worker): polls the job's state, so no events stream
   * has to be read, and none can be missed by starting to read late. A job removed or never added counts as finished.
   */
  async waitFor(paymentId: string, timeoutMs: number): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      let state: string;
      try {
        state = await this.queue.getJobState(paymentId);
      } catch {
        return true; // the queue closed: nothing more will run here
      }
      if (state === 'completed' || state === 'failed' || state === 'unknown') return true;
      if (Date.now() >= until) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(WAIT_POLL_MS, Math.max(0, until - Date.now()))));
    }
  }

  backlog(): number {
    // Read lazily, at most every BACKLOG_REFRESH_MS and one read at a time (a stalled Redis must not pile them up).
    if (!this.depthTimer && !this.readingDepth) {
      this.readingDepth = true;
      this.depth()
        .then(
          (n) => void (this.lastDepth = n),
          () => undefined,
        )
        .finally(() => {
          this.readingDepth = false;
          this.depthTimer = setTimeout(() => (this.depthTimer = undefined), BACKLOG_REFRESH_MS).unref();
        });
    }
    return this.lastDepth;
  }

  async depth(): Promise<number> {
    const counts = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return Object.values(counts).reduce((a, b) => a + b, 0);
  }

  async close(): Promise<void> {
    clearTimeout(this.depthTimer);
    await this.worker?.close();
    await this.queue.close();
    await Promise.all(this.connections.map((c) => c.quit().catch(() => c.disconnect())));
  }

  /** Test helper: removes every key of this queue (used with per-test prefixes). */
  async obliterate(): Promise<void> {
    await this.queue.obliterate({ force: true });
  }
}
