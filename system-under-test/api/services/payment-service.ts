import { QUERIES } from '../../db/queries.ts';
import type { Db } from '../db/db.ts';
import type { FxService } from '../fx/fx-service.ts';
import { HttpError, InsufficientFundsError, badRequest, notFound } from '../errors.ts';
import type { PaymentJobData, PaymentQueue } from '../queue/payment-queue.ts';
import { toMinorUnits } from '../money.ts';
import { traceCarrier } from '../telemetry/job-tracing.ts';
import { QUEUE_UNAVAILABLE, answerFor, replay, requestHash, type PaymentResponse } from './idempotency.ts';
import { encodeCursor, decodeCursor } from './cursor.ts';
import { VELOCITY_WINDOW_SECONDS } from './fraud-service.ts';
import { PaymentEvents } from './payment-events.ts';
import { SettlementWaits } from './settlement-waits.ts';
import { toPaymentView, type PaymentRow, type PaymentView } from './payment-view.ts';

export interface NewPayment {
  recipientId: string;
  amount: number;
  currency: string;
  /** Cross-border when set and different from currency: the recipient is paid in this currency. */
  targetCurrency?: string;
  description?: string;
}

/** acceptPayment's row: the recipient outcome and the inserted payment (columns null when nothing was inserted). */
type AcceptedRow = PaymentRow & { recipient_name: string | null; recent_payments: number };

export interface Page<T> {
  data: T[];
  hasMore: boolean;
  nextCursor: string | null;
}

export interface CreateResult extends PaymentResponse {
  replayed: boolean;
  paymentId?: string;
}

/** How long ?sync=true waits for the queue before answering 202 with the current state. */
export const SYNC_TIMEOUT_MS = 10_000;

export interface AdmissionOptions {
  /** Jobs waiting, running or waiting for a retry beyond which new payments are refused with 503 queue_busy. */
  maxBacklog: number;
  /** How long the queue may take to accept a job before the payment is failed with 503 queue_unavailable. */
  enqueueTimeoutMs: number;
}

export const DEFAULT_ADMISSION: AdmissionOptions = { maxBacklog: 2_000, enqueueTimeoutMs: 2_000 };

/** Retry-After for a refused payment: the queue drains a backlog in about this long. */
const QUEUE_RETRY_AFTER_SECONDS = 1;

/** Payments accepted here whose completion a ?sync=true request may be waiting for (the newest are kept). */
const RECENT_KEPT = 1_024;

export class PaymentService {
  /**
   * The view answered on acceptance, and its completion time once this process's worker settled it: ?sync=true
   * answers 201 from these, no read back. A payment settled elsewhere (or forgotten) is read from the database.
   */
  private readonly recent = new Map<string, { view: PaymentView; completedAt?: string }>();
  private readonly settlements: SettlementWaits;

  constructor(
    private readonly db: Db,
    private readonly queue: PaymentQueue,
    private readonly fx?: FxService,
    private readonly events?: PaymentEvents,
    private readonly admission: AdmissionOptions = DEFAULT_ADMISSION,
  ) {
    this.settlements = new SettlementWaits(db, events ?? new PaymentEvents());
    events?.on('update', (update) => {
      if (update.status !== 'completed' || !update.updatedAt) return;
      const entry = this.recent.get(update.paymentId);
      if (entry) entry.completedAt = update.updatedAt;
    });
  }

  private remember(view: PaymentView): void {
    this.recent.set(view.id, { view });
    if (this.recent.size > RECENT_KEPT) this.recent.delete(this.recent.keys().next().value!);
  }

  /**
   * Accepts a payment: recipient check, funds pre-check and the pending payment row carrying its idempotency
   * key, in one statement (a 404 or 422 writes nothing and the key stays free), then hands it to the
   * payment-processing queue. A retry with the key is answered from the payment's current state.
   */
  async create(senderId: string, key: string, input: NewPayment): Promise<CreateResult> {
    const acceptedAt = Date.now();
    const hash = requestHash({ ...input, description: input.description ?? null });
    if (input.recipientId === senderId) throw badRequest('cannot pay yourself');
    const crossBorder = input.targetCurrency !== undefined && input.targetCurrency !== input.currency;
    if (crossBorder && !this.fx) throw new HttpError(501, 'not_implemented', 'cross-border payments are not configured');
    this.admit();
    // A retry of a cross-border payment is answered from its payment, without asking the providers
    // again (their outage must not turn a replay into a 503).
    if (crossBorder) {
      const earlier = await replay(this.db, senderId, key, hash);
      if (earlier) return { ...earlier, replayed: true };
    }
    // Quoted before the insert: no connection is held while providers answer, and a failed quote (503)
    // writes nothing, the idempotency key included.
    const quote = crossBorder ? await this.fx!.quote(input.currency, input.targetCurrency!, input.amount) : undefined;
    const fx = quote ? [input.targetCurrency, quote.rate, quote.fee, quote.converted, quote.provider] : [null, null, null, null, null];
    const { rows } = await this.db.run<AcceptedRow>(QUERIES.acceptPayment, [
      senderId,
      input.recipientId,
      input.amount,
      input.currency,
      input.description ?? null,
      key,
      hash,
      quote?.debit ?? input.amount,
      ...fx,
      VELOCITY_WINDOW_SECONDS,
    ]);
    const accepted = rows[0]!;
    if (accepted.id === null) {
      // Nothing inserted: the key made a payment already (a retry), or the recipient or the funds are missing.
      const earlier = await replay(this.db, senderId, key, hash);
      if (earlier) return { ...earlier, replayed: true };
      if (accepted.recipient_name === null) throw notFound('recipient');
      throw new InsufficientFundsError();
    }
    const payment = toPaymentView(accepted);
    this.remember(payment);
    // acceptedAt: processing time is end to end (queue wait included), as the standards' < 3 s and < 5 s targets are.
    const job: PaymentJobData = {
      paymentId: payment.id,
      senderId,
      recipientId: input.recipientId,
      amount: input.amount,
      currency: input.currency,
      recentPayments: accepted.recent_payments + 1, // counted before this one was inserted
      acceptedAt,
    };
    if (quote) job.paymentType = 'cross_border';
    const carrier = traceCarrier();
    if (carrier) job.trace = carrier;
    // Every status change reaches both parties' sockets, the first one too.
    const announce = (status: 'pending' | 'failed', reason?: string) =>
      this.events?.emit('update', { paymentId: job.paymentId, senderId, recipientId: input.recipientId, amount: input.amount, currency: input.currency, status, reason });
    announce('pending');
    try {
      await withTimeout(this.queue.enqueue(job), this.admission.enqueueTimeoutMs, 'the queue did not accept the job in time');
    } catch (error) {
      // The payment will never run from here: it is failed (only while still pending: a job that got through
      // after all and was claimed runs to its end), and a retry with the key answers 503 again.
      const failed = await this.db.run(QUERIES.updatePaymentStatus, [job.paymentId, 'failed', QUEUE_UNAVAILABLE, ['pending'], null]);
      if (failed.rowCount === 0) return { statusCode: 202, body: payment, paymentId: payment.id, replayed: false };
      announce('failed', QUEUE_UNAVAILABLE);
      throw new HttpError(503, QUEUE_UNAVAILABLE, `payment queue unavailable: ${(error as Error).message}`, QUEUE_RETRY_AFTER_SECONDS);
    }
    return { statusCode: 202, body: payment, paymentId: payment.id, replayed: false };
  }

  /** Queue backpressure: past the backlog bound a payment is refused before anything is written. */
  private admit(): void {
    const backlog = this.queue.backlog();
    if (backlog > this.admission.maxBacklog) {
      throw new HttpError(503, 'queue_busy', `payment queue backlog ${backlog} is over ${this.admission.maxBacklog}; retry later`, QUEUE_RETRY_AFTER_SECONDS);
    }
  }

  /**
   * ?sync=true: waits for processing and answers with the final state (201 completed, 422 failed, 202 if
   * still running after the timeout), the same answer a retry with the key gets (the key itself is not
   * needed: the answer is the payment's state).
   */
  async settle(paymentId: string, senderId: string, timeoutMs = SYNC_TIMEOUT_MS): Promise<PaymentResponse> {
    await this.settlements.wait(paymentId, timeoutMs);
    const recent = this.recent.get(paymentId);
    this.recent.delete(paymentId);
    if (recent?.completedAt && recent.view.senderId === senderId) {
      return answerFor({ ...recent.view, status: 'completed', failureReason: null, updatedAt: recent.completedAt });
    }
    const payment = await this.findVisible(paymentId, senderId);
    if (!payment) throw notFound('payment');
    return answerFor(payment);
  }

  private async findVisible(id: string, userId: string): Promise<PaymentView | null> {
    const { rows } = await this.db.run<PaymentRow>(QUERIES.getPayment, [id, userId]);
    return rows[0] ? toPaymentView(rows[0]) : null;
  }

  /** Only the sender or the recipient may read a payment; anyone else gets 404 (not 403: no existence leak). */
  async get(id: string, userId: string): Promise<PaymentView> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('payment');
    const payment = await this.findVisible(id, userId);
    if (!payment) throw notFound('payment');
    return payment;
  }

  /** The standards' getPaginatedPayments over the caller's sent payments, newest first. */
  async listByCursor(userId: string, cursor: string | undefined, limit: number): Promise<Page<PaymentView>> {
    const after = cursor ? decodeCursor(cursor) : null;
    const { rows } = await this.db.run<PaymentRow>(QUERIES.getPaginatedPayments, [userId, after?.createdAt ?? null, after?.id ?? null, limit + 1]);
    const hasMore = rows.length > limit;
    const page = hasMore ? rows.slice(0, limit) : rows;
    const last = page[page.length - 1];
    return {
      data: page.map(toPaymentView),
      hasMore,
      nextCursor: hasMore && last ? encodeCursor({ createdAt: last.created_at_exact, id: last.id }) : null,
    };
  }

  /** The standards' findUserPayments: OFFSET pagination, kept as the slower comparison variant. */
  async listByOffset(userId: string, page: number, limit: number): Promise<{ data: unknown[]; page: number; limit: number }> {
    const { rows } = await this.db.run<{ id: string; amount: string; currency: string; status: string; description: string | null; created_at: Date; recipient_name: string }>(
      QUERIES.findUserPayments,
      [userId, limit, (page - 1) * limit],
    );
    const data = rows.map((r) => ({
      id: r.id,
      amount: toMinorUnits(r.amount),
      currency: r.currency,
      status: r.status,
      description: r.description,
      createdAt: r.created_at.toISOString(),
      recipientName: r.recipient_name,
    }));
    return { data, page, limit };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  promise.catch(() => undefined); // rejecting after the timeout won is nobody's error
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
