import { ATTEMPTS, CONCURRENCY, backoffDelay, queuePriority, type JobHandler, type PaymentJobData, type PaymentQueue } from './payment-queue.ts';

interface Entry {
  data: PaymentJobData;
  priority: number;
  seq: number;
  attempt: number;
}

/** In-process queue with BullMQ's semantics: priority (lower first, FIFO within), 3 attempts, exponential backoff, concurrency 10. */
export class MemoryPaymentQueue implements PaymentQueue {
  readonly driver = 'memory';
  private readonly ready: Entry[] = [];
  private readonly waiters = new Map<string, { promise: Promise<void>; resolve: () => void }>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private handler?: JobHandler;
  private running = 0;
  private delayed = 0;
  private seq = 0;
  private closed = false;

  constructor(private readonly backoff: (attempt: number) => number = backoffDelay) {}

  async start(handler: JobHandler): Promise<void> {
    this.handler = handler;
    this.pump();
  }

  async enqueue(data: PaymentJobData): Promise<void> {
    // As BullMQ after close: a closed queue refuses work rather than holding a job nobody will run.
    if (this.closed) throw new Error('queue is closed');
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    this.waiters.set(data.paymentId, { promise, resolve });
    this.push({ data, priority: queuePriority(data.amount), seq: this.seq++, attempt: 1 });
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
      this.finish(entry.data.paymentId);
    } catch {
      if (entry.attempt >= ATTEMPTS || this.closed) this.finish(entry.data.paymentId);
      else this.retryLater({ ...entry, attempt: entry.attempt + 1 });
    } finally {
      this.running--;
      this.pump();
    }
  }

  private retryLater(entry: Entry): void {
    this.delayed++;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.delayed--;
      this.push(entry);
    }, this.backoff(entry.attempt - 1));
    this.timers.add(timer);
  }

  private finish(paymentId: string): void {
    this.waiters.get(paymentId)?.resolve();
    this.waiters.delete(paymentId);
  }

  async waitFor(paymentId: string, timeoutMs: number): Promise<boolean> {
    const waiter = this.waiters.get(paymentId);
    if (!waiter) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), timeoutMs)));
    return Promise.race([waiter.promise.then(() => true), timeout]).finally(() => clearTimeout(timer));
  }

  async depth(): Promise<number> {
    return this.ready.length + this.running + this.delayed;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    // Let running jobs finish so no transaction is cut off mid-way.
    while (this.running > 0) await new Promise((r) => setTimeout(r, 10));
    for (const id of [...this.waiters.keys()]) this.finish(id);
  }
}
