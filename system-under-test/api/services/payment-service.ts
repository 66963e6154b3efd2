import { QUERIES } from '../../db/queries.ts';
import type { Db } from '../db/db.ts';
import type { FxService } from '../fx/fx-service.ts';
import { HttpError, InsufficientFundsError, badRequest, notFound } from '../errors.ts';
import type { PaymentJobData, PaymentQueue } from '../queue/payment-queue.ts';
import { toMinorUnits } from '../money.ts';
import { traceCarrier } from '../telemetry/job-tracing.ts';
import { replay, requestHash, storeResponse, storedResponse, type StoredResponse } from './idempotency.ts';
import { encodeCursor, decodeCursor } from './cursor.ts';
import type { PaymentEvents } from './payment-events.ts';
import { toPaymentView, type PaymentRow, type PaymentView } from './payment-view.ts';

export interface NewPayment {
  recipientId: string;
  amount: number;
  currency: string;
  /** Cross-border when set and different from currency: the recipient is paid in this currency. */
  targetCurrency?: string;
  description?: string;
}

/** acceptPayment's row: the claim and recipient outcome, and the inserted payment (columns null when nothing was inserted). */
type AcceptedRow = PaymentRow & { claimed: boolean; recipient_name: string | null };

export interface Page<T> {
  data: T[];
  hasMore: boolean;
  nextCursor: string | null;
}

export interface CreateResult extends StoredResponse {
  replayed: boolean;
  paymentId?: string;
}

/** How long ?sync=true waits for the queue before answering 202 with the current state. */
export const SYNC_TIMEOUT_MS = 10_000;

export class PaymentService {
  constructor(
    private readonly db: Db,
    private readonly queue: PaymentQueue,
    private readonly fx?: FxService,
    private readonly events?: PaymentEvents,
  ) {}

  /**
   * Accepts a payment: idempotency claim, recipient check, funds pre-check and the pending
   * payment row in one transaction (any error rolls it all back, so a 422 writes nothing
   * and the key stays free), then hands it to the payment-processing queue.
   */
  async create(senderId: string, key: string, input: NewPayment): Promise<CreateResult> {
    const acceptedAt = Date.now();
    const hash = requestHash({ ...input, description: input.description ?? null });
    if (input.recipientId === senderId) throw badRequest('cannot pay yourself');
    const crossBorder = input.targetCurrency !== undefined && input.targetCurrency !== input.currency;
    if (crossBorder && !this.fx) throw new HttpError(501, 'not_implemented', 'cross-border payments are not configured');
    // A retry of a cross-border payment is answered from its stored response, without asking the providers
    // again (their outage must not turn a replay into a 503).
    if (crossBorder) {
      const earlier = await storedResponse(this.db, senderId, key, hash);
      if (earlier) return { ...earlier, replayed: true };
    }
    // Quoted before the transaction: no connection is held while providers answer, and a
    // failed quote (503) writes nothing, not even the idempotency claim.
    const quote = crossBorder ? await this.fx!.quote(input.currency, input.targetCurrency!, input.amount) : undefined;
    const fx = quote ? [input.targetCurrency, quote.rate, quote.fee, quote.converted, quote.provider] : [null, null, null, null, null];
    const outcome = await this.db.tx(async (client) => {
      const { rows } = await this.db.run<AcceptedRow>(
        QUERIES.acceptPayment,
        [senderId, input.recipientId, input.amount, input.currency, input.description ?? null, key, hash, quote?.debit ?? input.amount, ...fx],
        client,
      );
      const accepted = rows[0];
      if (!accepted.claimed) return null;
      if (accepted.recipient_name === null) throw notFound('recipient');
      if (accepted.id === null) throw new InsufficientFundsError();
      const response: StoredResponse = { statusCode: 202, body: toPaymentView(accepted) };
      await storeResponse(this.db, client, senderId, key, response);
      return { ...response, paymentId: accepted.id };
    });
    if (!outcome) return { ...(await replay(this.db, senderId, key, hash)), replayed: true };
    // acceptedAt: processing time is end to end (queue wait included), as the standards' < 3 s and < 5 s targets are.
    const job: PaymentJobData = { paymentId: outcome.paymentId, senderId, recipientId: input.recipientId, amount: input.amount, currency: input.currency, acceptedAt };
    if (quote) job.paymentType = 'cross_border';
    const carrier = traceCarrier();
    if (carrier) job.trace = carrier;
    // Every status change reaches both parties' sockets, the first one too.
    const announce = (status: 'pending' | 'failed', reason?: string) =>
      this.events?.emit('update', { paymentId: job.paymentId, senderId, recipientId: input.recipientId, amount: input.amount, currency: input.currency, status, reason });
    announce('pending');
    try {
      await this.queue.enqueue(job);
    } catch (error) {
      announce('failed', 'queue_unavailable');
      // The payment will never run: it is failed, and a retry with the same key replays this answer
      // (not the 202 stored above, which would promise processing that never comes).
      await this.db.run(QUERIES.updatePaymentStatus, [job.paymentId, 'failed', 'queue_unavailable', ['pending'], null]);
      const unavailable = new HttpError(503, 'queue_unavailable', `payment queue unavailable: ${(error as Error).message}`);
      const body = { error: unavailable.code, message: unavailable.message, paymentId: job.paymentId };
      await storeResponse(this.db, this.db.pool, senderId, key, { statusCode: 503, body });
      throw unavailable;
    }
    return { ...outcome, replayed: false };
  }

  /**
   * ?sync=true: waits for processing and answers with the final state (201 completed,
   * 422 failed, 202 if still running after the timeout). A final answer becomes the
   * stored idempotent response, so a retry of a synchronous request replays it.
   */
  async settle(paymentId: string, senderId: string, key: string, timeoutMs = SYNC_TIMEOUT_MS): Promise<StoredResponse> {
    await this.queue.waitFor(paymentId, timeoutMs);
    const payment = await this.findVisible(paymentId, senderId);
    if (!payment) throw notFound('payment');
    if (payment.status !== 'completed' && payment.status !== 'failed') return { statusCode: 202, body: payment };
    const response: StoredResponse =
      payment.status === 'completed' ? { statusCode: 201, body: payment } : { statusCode: 422, body: { error: 'payment_failed', message: payment.failureReason, payment } };
    await storeResponse(this.db, this.db.pool, senderId, key, response); // one statement: atomic without BEGIN/COMMIT
    return response;
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
