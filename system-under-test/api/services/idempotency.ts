import { createHash } from 'node:crypto';
import { QUERIES } from '../../db/queries.ts';
import type { Db } from '../db/db.ts';
import { HttpError } from '../errors.ts';
import { toPaymentView, type PaymentRow, type PaymentView } from './payment-view.ts';

export interface PaymentResponse {
  statusCode: number;
  body: unknown;
}

/** Canonical hash of a request body: key order must not matter. */
export function requestHash(body: Record<string, unknown>): string {
  const canonical = JSON.stringify(
    Object.keys(body)
      .sort()
      .map((k) => [k, body[k] ?? null]),
  );
  return createHash('sha256').update(canonical).digest('hex');
}

/** Why a payment failed when the queue never took it (the API answered 503, and a retry answers it again). */
export const QUEUE_UNAVAILABLE = 'queue_unavailable';

/**
 * The answer for a payment as it stands: 201 completed, 422 failed (503 if the queue never took it), 202
 * while pending or processing. Both the first answer of ?sync=true and every retry with the payment's key
 * come from here, so a retry says where the payment is now, and never promises processing that will not come.
 */
export function answerFor(payment: PaymentView): PaymentResponse {
  if (payment.status === 'completed') return { statusCode: 201, body: payment };
  if (payment.status === 'failed' && payment.failureReason === QUEUE_UNAVAILABLE) {
    return { statusCode: 503, body: { error: QUEUE_UNAVAILABLE, message: 'payment queue unavailable; the payment was not made', paymentId: payment.id } };
  }
  if (payment.status === 'failed') return { statusCode: 422, body: { error: 'payment_failed', message: payment.failureReason, payment } };
  return { statusCode: 202, body: payment };
}

/**
 * The answer for a retry: undefined when the sender never used the key; 409 when the key made a payment with
 * a different request body. The key is stored on the payment row itself (unique per sender).
 */
export async function replay(db: Db, senderId: string, key: string, hash: string): Promise<PaymentResponse | undefined> {
  const { rows } = await db.run<PaymentRow & { request_hash: string }>(QUERIES.findPaymentByKey, [senderId, key]);
  const earlier = rows[0];
  if (!earlier) return undefined;
  if (earlier.request_hash !== hash) {
    throw new HttpError(409, 'idempotency_key_reused', 'Idempotency-Key was already used with a different request body');
  }
  return answerFor(toPaymentView(earlier));
}
