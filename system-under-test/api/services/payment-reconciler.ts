import { QUERIES } from '../../db/queries.ts';
import type { Db } from '../db/db.ts';
import { ATTEMPTS, type JobHandler, type PaymentJobData } from '../queue/payment-queue.ts';
import { toMinorUnits } from '../money.ts';
import type { PaymentRow } from './payment-view.ts';
import { VELOCITY_WINDOW_SECONDS } from './fraud-service.ts';

export interface ReconcilerOptions {
  /** How often stale payments are looked for. */
  intervalMs: number;
  /**
   * A payment pending or processing this long without a change has lost its job (a queue restarted without its
   * data, or a last attempt that could not even record its failure). A job's own life is far shorter: 3 attempts,
   * 6 s of backoff, each attempt bounded by the fraud timeout (2 s) and statement timeouts (5 s).
   */
  staleAfterMs: number;
  /** Payments finished per pass, oldest first. */
  batch: number;
}

export const DEFAULT_RECONCILER: ReconcilerOptions = { intervalMs: 5_000, staleAfterMs: 30_000, batch: 100 };

/** What a pass reads of a stale payment: enough to run its job again. */
type StaleRow = Pick<PaymentRow, 'id' | 'sender_id' | 'recipient_id' | 'amount' | 'currency' | 'payment_type'>;

/**
 * Finishes payments whose job is gone: each stale payment is processed here, as the final attempt of its job
 * would be (settled, or failed with the reason), so none stays pending or processing for ever. Running the job's
 * handler again is safe while another delivery of it runs too: the claim and the settlement act only on a
 * payment still in the state they expect, so a payment is applied once.
 */
export class PaymentReconciler {
  private timer?: NodeJS.Timeout;
  private pass?: Promise<number>;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly handle: JobHandler,
    private readonly options: ReconcilerOptions = DEFAULT_RECONCILER,
    private readonly onError: (error: Error) => void = () => undefined,
  ) {}

  start(): void {
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.pass = this.reconcile().catch((error: Error) => {
        this.onError(error);
        return 0;
      });
      void this.pass.finally(() => this.schedule());
    }, this.options.intervalMs);
    this.timer.unref();
  }

  /**
   * One pass: the number of stale payments it processed (each ends completed or failed unless the database failed).
   * It also drops the fraud velocity counts no window reads any more (the same periodic housekeeping).
   */
  async reconcile(): Promise<number> {
    await this.db.run(QUERIES.prunePaymentVelocity, [2 * VELOCITY_WINDOW_SECONDS]);
    const { rows } = await this.db.run<StaleRow>(QUERIES.findStalePayments, [this.options.staleAfterMs / 1000, this.options.batch]);
    for (const row of rows) {
      if (this.stopped) break;
      const job: PaymentJobData = {
        paymentId: row.id,
        senderId: row.sender_id,
        recipientId: row.recipient_id,
        amount: toMinorUnits(row.amount),
        currency: row.currency,
        paymentType: row.payment_type === 'cross_border' ? 'cross_border' : 'p2p',
      };
      // The handler marks the payment failed itself on a final attempt; its error is only reported.
      await this.handle(job, { attempt: ATTEMPTS, isFinalAttempt: true }).catch((error: Error) => this.onError(error));
    }
    return rows.length;
  }

  /** No further passes; waits for the one running. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.pass;
  }
}
