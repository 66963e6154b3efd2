import { randomUUID } from 'node:crypto';
import { Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { GroupCommit } from '../group-commit.ts';
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
/** The most payments one job carries. */
export const MAX_PAYMENTS_PER_JOB = 32;
/** Payments whose job waitFor can name (enqueued here, not yet seen finishing). */
const JOBS_REMEMBERED = 10_000;

/**
 * What a job carries: the payments enqueued together (see enqueue). A job written by an earlier version holds one
 * payment's data itself, and is run as a job of one.
 */
type JobData = { payments: PaymentJobData[] } | PaymentJobData;
const paymentsOf = (data: JobData): PaymentJobData[] => ('payments' in data ? data.payments : [data]);

export interface BullQueueOptions {
  /** Base of the exponential backoff (tests pass short ones). */
  backoffMs?: number;
}

/** BullMQ driver: the standards' PaymentProcessor queue (3 attempts, exponential backoff 2 s, concurrency 10). */
export class BullPaymentQueue implements PaymentQueue {
  readonly driver = 'bullmq';
  private readonly connections: Redis[] = [];
  private readonly queue: Queue<JobData>;
  private worker?: Worker<JobData>;
  private lastDepth = 0;
  private depthTimer?: NodeJS.Timeout;
  private readingDepth = false;
  private readonly adds = new GroupCommit<PaymentJobData>((payments) => this.addJobs(payments), MAX_PAYMENTS_PER_JOB);
  /** The job carrying each payment this process enqueued and has not seen finish (for waitFor). */
  private readonly jobOf = new Map<string, string>();
  /** Payments per job in the jobs this process added lately: depth() counts jobs and reports payments. */
  private paymentsPerJob = 1;

  constructor(
    private readonly url: string,
    private readonly prefix = 'paypass',
    { backoffMs = BACKOFF_MS }: BullQueueOptions = {},
  ) {
    this.queue = new Queue<JobData>(QUEUE_NAME, {
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
    this.worker = new Worker<JobData>(
      QUEUE_NAME,
      async (job: Job<JobData>) => {
        const attempt = job.attemptsMade + 1;
        const info = { attempt, isFinalAttempt: attempt >= ATTEMPTS };
        const payments = paymentsOf(job.data);
        // The payments of a job run side by side; those whose handler threw are what the retry runs.
        const results = await Promise.allSettled(payments.map((p) => handler(p, info)));
        const retry = payments.filter((_, i) => results[i]!.status === 'rejected');
        if (retry.length === 0) return;
        // Narrowed to the payments to retry (should that fail, the retry runs all, and the finished ones are no-ops).
        if (!info.isFinalAttempt && retry.length < payments.length) await job.updateData({ payments: retry }).catch(() => undefined);
        throw (results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason;
      },
      { connection: this.connection(), prefix: this.prefix, concurrency: CONCURRENCY },
    );
    this.worker.on('error', () => undefined);
    this.worker.on('completed', (job) => this.forget(job));
    this.worker.on('failed', (job) => job && job.attemptsMade >= ATTEMPTS && this.forget(job));
  }

  /**
   * Payments enqueued while an earlier add is in flight go in one job, one per priority (see GroupCommit): a job,
   * not a payment, is what costs BullMQ its scripts, so under load the cost per payment falls. A job of one payment
   * is named after it (jobId), so the payment enqueued again while that job exists is not added; a job of several
   * gets a name of its own, as no add of a known name may drop the new payments beside it.
   */
  async enqueue(data: PaymentJobData): Promise<void> {
    await this.adds.add(structuredClone(data));
    this.lastDepth++; // counted until the next read, so a burst between reads is seen
  }

  private async addJobs(payments: PaymentJobData[]): Promise<void> {
    const byPriority = new Map<number, PaymentJobData[]>();
    const seen = new Set<string>();
    for (const p of payments) {
      if (seen.has(p.paymentId)) continue;
      seen.add(p.paymentId);
      const priority = queuePriority(p.amount);
      const group = byPriority.get(priority);
      if (group) group.push(p);
      else byPriority.set(priority, [p]);
    }
    const jobs = [...byPriority].map(([priority, group]) => {
      const jobId = group.length === 1 ? group[0]!.paymentId : `group-${randomUUID()}`;
      for (const p of group) this.jobOf.set(p.paymentId, jobId);
      this.paymentsPerJob += (group.length - this.paymentsPerJob) * 0.05;
      return this.queue.add('process-payments', { payments: group }, { jobId, priority });
    });
    // Jobs another process's worker ran are never seen finishing here: the oldest entries go.
    for (const id of this.jobOf.keys()) {
      if (this.jobOf.size <= JOBS_REMEMBERED) break;
      this.jobOf.delete(id);
    }
    await Promise.all(jobs);
  }

  private forget(job: Job<JobData>): void {
    for (const p of paymentsOf(job.data)) if (this.jobOf.get(p.paymentId) === job.id) this.jobOf.delete(p.paymentId);
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
        state = await this.queue.getJobState(this.jobOf.get(paymentId) ?? paymentId);
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
    return Math.round(Object.values(counts).reduce((a, b) => a + b, 0) * this.paymentsPerJob);
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
