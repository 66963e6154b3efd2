/** The `payment-processing` queue: BullMQ in services mode, an in-process driver with the same semantics otherwise. */
export const QUEUE_NAME = 'payment-processing';
export const ATTEMPTS = 3;
export const BACKOFF_MS = 2_000; // exponential: 2 s, 4 s
export const CONCURRENCY = 10;
/** How often a shared queue's backlog is read again for admission control. */
export const BACKLOG_REFRESH_MS = 250;
/**
 * Finished jobs kept (BullMQ's removeOnComplete / removeOnFail counts): while a payment's job is kept,
 * enqueueing the payment again is a no-op, as it is while the job waits or runs.
 */
export const KEEP_COMPLETED = 100;
export const KEEP_FAILED = 50;

export interface PaymentJobData {
  paymentId: string;
  senderId: string;
  recipientId: string;
  amount: number;
  currency: string;
  /** Absent on jobs enqueued before cross-border payments existed: 'p2p'. */
  paymentType?: 'p2p' | 'cross_border';
  /**
   * The fraud velocity signal, read when the payment was accepted: the sender's payments in the velocity window,
   * this one included. With it a p2p payment is settled straight from pending, in one statement; without it (a job
   * from before, or the reconciler's) the worker claims it first and reads the signal then.
   */
  recentPayments?: number;
  /** Epoch ms when the API accepted the request: processing durations are measured end to end from it. */
  acceptedAt?: number;
  /** W3C trace context of the request that enqueued the job (only when tracing is on). */
  trace?: Record<string, string>;
}

export interface AttemptInfo {
  attempt: number; // 1-based
  isFinalAttempt: boolean;
}

/** Throws to ask for a retry (with backoff); returns normally once the payment reached a final state. */
export type JobHandler = (data: PaymentJobData, attempt: AttemptInfo) => Promise<void>;

export interface PaymentQueue {
  readonly driver: 'memory' | 'bullmq';
  start(handler: JobHandler): Promise<void>;
  /**
   * A payment enqueued on its own is a job of its own (BullMQ's job id = payment id): a no-op while that job
   * waits, runs, waits for a retry, or is among the last KEEP_COMPLETED completed / KEEP_FAILED failed jobs.
   * BullMQ puts payments enqueued while its previous add was in flight in one job (per priority, a name of its
   * own): each is handed to the handler on its own, and a retry runs only those whose handler threw.
   * Rejects once closed.
   */
  enqueue(data: PaymentJobData): Promise<void>;
  /** Resolves true once the job finished (succeeded or gave up), at once for a payment without a job; false on timeout. For tests and tools: PayPass hears of settlements from its worker (SettlementWaits). */
  waitFor(paymentId: string, timeoutMs: number): Promise<boolean>;
  /** Payments waiting, running or waiting for a retry (BullMQ: its jobs × the payments per job added lately). */
  depth(): Promise<number>;
  /**
   * depth() as last known, without waiting (admission control asks it per request): exact in process, at most
   * BACKLOG_REFRESH_MS old plus this process's own additions since with BullMQ.
   */
  backlog(): number;
  /** Waits for running jobs to finish, then stops: no further attempts in this process. */
  close(): Promise<void>;
}

/** The standards' priority: high-value payments first (100 > 50 > 10). */
export function standardPriority(amount: number): 100 | 50 | 10 {
  if (amount > 10_000) return 100;
  if (amount > 1_000) return 50;
  return 10;
}

/**
 * BullMQ runs LOWER numbers first (1 is the most urgent; 0 means "no priority" and
 * would jump ahead of every prioritised job), the opposite of the standards' scale,
 * so 100 → 1, 50 → 2, 10 → 3.
 */
export function queuePriority(amount: number): 1 | 2 | 3 {
  const p = standardPriority(amount);
  return p === 100 ? 1 : p === 50 ? 2 : 3;
}

/** BullMQ's exponential backoff: the wait after failed attempt n is baseMs · 2^(n−1). */
export const exponentialBackoff =
  (baseMs: number) =>
  (attempt: number): number =>
    baseMs * 2 ** (attempt - 1);

export const backoffDelay = exponentialBackoff(BACKOFF_MS);
