import { RecentIds } from './recent-ids.ts';
import { ATTEMPTS, CONCURRENCY, KEEP_COMPLETED, KEEP_FAILED, backoffDelay, queuePriority, type JobHandler, type PaymentJobData, type PaymentQueue } from './payment-queue.ts';

interface Entry {
  data: PaymentJobData;
  priority: number;
  seq: number;
  attempt: number;
}

interface Waiter {
  promise: Promise<void>;
  resolve: () => void;
}

/**
 * In-process queue with BullMQ's semantics: one job per payment id (kept finished jobs included), priority
 * (lower first, FIFO within), 3 attempts, exponential backoff, concurrency 10.
 */
export class MemoryPaymentQueue implements PaymentQueue {
  readonly driver = 'memory';
  private readonly ready: Entry[] = [];
  /** Jobs waiting, running or waiting for a retry, by payment id. */
  private readonly unfinished = new Map<string, Waiter>();
  private readonly completed = new RecentIds(KEEP_COMPLETED);
  private readonly failed = new RecentIds(KEEP_FAILED);
  private readonly timers = new Set<NodeJS.Timeout>();
  private handler?: JobHandler;
  private running = 0;
  private delayed = 0;
  private seq = 0;
  private closed = false;

  /** `backoff(n)`: the wait after failed attempt n (tests pass short ones). */
  constructor(private readonly backoff: (attempt: number) => number = backoffDelay) {}

  async start(handler: JobHandler): Promise<void> {
    this.handler = handler;
    this.pump();
  }

  async enqueue(data: PaymentJobData): Promise<void> {
    // As BullMQ after close: a closed queue refuses work rather than holding a job nobody will run.
    if (this.closed) throw new Error('queue is closed');
    const id = data.paymentId;
    // As BullMQ with job id = payment id: a job that exists, finished and kept ones included, is not added again.
    if (this.unfinished.has(id) || this.completed.has(id) || this.failed.has(id)) return;
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    this.unfinished.set(id, { promise, resolve });
    // A copy, as BullMQ stores it: the caller changing its object later does not change the job.
    this.push({ data: structuredClone(data), priority: queuePriority(data.amount), seq: this.seq++, attempt: 1 });
  }

  private push(entry: Entry): void {
    // Binary insertion keeps the ready list ordered by (priority, seq).
    let lo = 0;
    let hi = this.ready.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = this.ready[mid];
      if (m.priority < entry.priority || (m.priority === entry.priority && m.seq < entry.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.ready.splice(lo, 0, entry);
    this.pump();
  }

  private pump(): void {
    while (this.handler && !this.closed && this.running < CONCURRENCY && this.ready.length) {
      const entry = this.ready.shift()!;
      this.running++;
      void this.run(entry);
    }
  }

  private async run(entry: Entry): Promise<void> {
    try {
      await this.handler!(entry.data, { attempt: entry.attempt, isFinalAttempt: entry.attempt >= ATTEMPTS });
      this.finish(entry.data.paymentId, this.completed);
    } catch {
      if (entry.attempt >= ATTEMPTS || this.closed) this.finish(entry.data.paymentId, this.failed);
      else this.retryLater({ ...entry, attempt: entry.attempt + 1 });
    } finally {
      this.running--;
      this.pump();
    }
  }

  private retryLater(entry: Entry): void {
    this.delayed++;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        this.delayed--;
        this.push(entry);
      },
      this.backoff(entry.attempt - 1),
    );
    this.timers.add(timer);
  }

  private finish(paymentId: string, kept: RecentIds): void {
    kept.add(paymentId);
    this.release(paymentId);
  }

  private release(paymentId: string): void {
    this.unfinished.get(paymentId)?.resolve();
    this.unfinished.delete(paymentId);
  }

  async waitFor(paymentId: string, timeoutMs: number): Promise<boolean> {
    const waiter = this.unfinished.get(paymentId);
    if (!waiter) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), timeoutMs)));
    return Promise.race([waiter.promise.then(() => true), timeout]).finally(() => clearTimeout(timer));
  }

  async depth(): Promise<number> {
    return this.backlog();
  }

  backlog(): number {
    return this.ready.length + this.running + this.delayed;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    // Let running jobs finish so no transaction is cut off mid-way.
    while (this.running > 0) await new Promise((r) => setTimeout(r, 10));
    // Nobody waits for jobs that will not run here any more (as BullMQ's waiters end when the queue closes).
    for (const id of [...this.unfinished.keys()]) this.release(id);
  }
}
