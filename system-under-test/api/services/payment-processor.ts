import { QUERIES } from '../../db/queries.ts';
import type { Db } from '../db/db.ts';
import { InsufficientFundsError } from '../errors.ts';
import { toMinorUnits } from '../money.ts';
import type { AttemptInfo, PaymentJobData } from '../queue/payment-queue.ts';
import { VELOCITY_WINDOW_SECONDS, type FraudService } from './fraud-service.ts';
import { crossBorderTransfer } from './fx-ledger.ts';
import { InvalidUsersError, transfer } from './ledger.ts';
import type { PaymentEvents } from './payment-events.ts';

interface LockedPayment {
  status: string;
  amount: string;
  target_currency: string | null;
  fee_amount: string | null;
  converted_amount: string | null;
}

export interface ProcessingObserver {
  processed(data: PaymentJobData, status: 'completed' | 'failed', seconds: number): void;
  error(errorType: string): void;
  fraud?(seconds: number, approved: boolean): void;
}

/**
 * The queue worker: pending → processing → completed | failed; a p2p payment whose job carries its fraud
 * signal is settled from pending in one statement (it is announced as processing meanwhile); business failures (fraud, insufficient funds) are final,
 * anything else is thrown so the queue retries it, and marked failed on the last attempt.
 */
export class PaymentProcessor {
  constructor(
    private readonly db: Db,
    private readonly fraud: FraudService,
    private readonly events: PaymentEvents,
    private readonly observer?: ProcessingObserver,
  ) {}

  readonly handle = async (data: PaymentJobData, attempt: AttemptInfo): Promise<void> => {
    const started = performance.now();
    try {
      // A p2p job carrying its fraud signal (read when the payment was accepted) is settled straight from pending:
      // one statement, which also checks both users are active. Otherwise one round trip claims the payment
      // (pending → processing), validates both users and reads the signal, and the settlement is the second.
      // A retry claims first: the payment may have been settled by the attempt that failed (a job of several
      // payments retried whole), and a claim finding it final keeps its parties from hearing 'processing' again.
      let signals = data.recentPayments;
      let activeUsers = 2;
      if (data.paymentType !== 'cross_border' && signals !== undefined && attempt.attempt === 1) {
        this.emit(data, 'processing');
      } else {
        const claimed = await this.db.run<{ active_users: number; recent_payments: number }>(QUERIES.claimPaymentProcessing, [
          data.paymentId,
          [data.senderId, data.recipientId],
          data.senderId,
          VELOCITY_WINDOW_SECONDS,
        ]);
        if (claimed.rowCount === 0) return; // already final: a duplicate delivery
        this.emit(data, 'processing');
        signals = claimed.rows[0]!.recent_payments;
        activeUsers = claimed.rows[0]!.active_users;
      }
      const analysis = await this.fraud.analyze(data, { recentPayments: signals });
      this.observer?.fraud?.(analysis.durationMs / 1000, analysis.approved);
      if (!analysis.approved) return await this.fail(data, `fraud_blocked: ${analysis.reason}`, started, analysis.riskScore);
      if (activeUsers !== 2) return await this.fail(data, 'invalid_users', started, analysis.riskScore);
      // Only the delivery that settled it says so: a duplicate that found it already final stays silent.
      const settled = await this.execute(data, analysis.riskScore);
      if (!settled) return;
      this.emit(data, 'completed', undefined, settled === true ? undefined : settled);
      this.observer?.processed(data, 'completed', elapsed(data, started));
    } catch (error) {
      if (error instanceof InsufficientFundsError) return await this.fail(data, 'insufficient_funds', started);
      if (error instanceof InvalidUsersError) return await this.fail(data, 'invalid_users', started);
      this.observer?.error((error as Error).constructor.name);
      // A failing claim is retried like any other error, and on the last attempt the payment is still marked failed.
      if (attempt.isFinalAttempt) await this.fail(data, `processing_error: ${(error as Error).message}`, started);
      throw error;
    }
  };

  /**
   * Settles exactly once: the payment row lock makes a duplicate delivery a no-op.
   * When this call settled the payment (true if it cannot say when), false when it was no longer processing.
   */
  private async execute(data: PaymentJobData, riskScore: number): Promise<Date | boolean> {
    // A p2p payment settles in one statement, without a transaction round trip; a cross-border
    // one (or a payment no longer processing) takes the general path below.
    if (data.paymentType !== 'cross_border') {
      const completedAt = await transfer(this.db, data, riskScore);
      if (completedAt) return completedAt;
    }
    return this.db.tx(async (client) => {
      const { rows } = await this.db.run<LockedPayment>(QUERIES.lockPayment, [data.paymentId], client);
      const row = rows[0];
      if (row?.status !== 'processing') return false;
      if (row.target_currency) {
        // The row, not the job, is authoritative for the accepted quote.
        const debit = toMinorUnits(row.amount) + toMinorUnits(row.fee_amount!);
        await crossBorderTransfer(this.db, client, { ...data, targetCurrency: row.target_currency, debit, converted: toMinorUnits(row.converted_amount!) });
        await this.db.run(QUERIES.updatePaymentStatus, [data.paymentId, 'completed', null, ['processing'], riskScore], client);
        return true;
      }
      return (await transfer(this.db, data, riskScore, client)) !== null;
    });
  }

  private async fail(data: PaymentJobData, reason: string, started: number, riskScore: number | null = null): Promise<void> {
    const updated = await this.db.run(QUERIES.updatePaymentStatus, [data.paymentId, 'failed', reason, ['pending', 'processing'], riskScore]);
    if (updated.rowCount === 0) return; // already final (another delivery settled it): nothing failed
    this.emit(data, 'failed', reason);
    this.observer?.processed(data, 'failed', elapsed(data, started));
  }

  private emit(data: PaymentJobData, status: 'processing' | 'completed' | 'failed', reason?: string, at?: Date): void {
    const { paymentId, senderId, recipientId, amount, currency } = data;
    this.events.emit('update', { paymentId, senderId, recipientId, amount, currency, status, reason, ...(at && { updatedAt: at.toISOString() }) });
  }
}

/** Seconds since the API accepted the request (end to end: quote and queue wait included); since the job started for a job from before acceptedAt was recorded. */
function elapsed(data: PaymentJobData, started: number): number {
  return data.acceptedAt ? Math.max(0, Date.now() - data.acceptedAt) / 1000 : (performance.now() - started) / 1000;
}
