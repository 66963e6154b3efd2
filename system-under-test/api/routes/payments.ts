import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { z } from 'zod';
import { SUPPORTED_CURRENCIES } from '../money.ts';
import type { PaymentService } from '../services/payment-service.ts';
import { Id, line, parse, queryInt, text } from './validation.ts';

/**
 * The largest amount one payment may move: 10^12 minor units (10 billion in a two-decimal currency). Far above
 * any real transfer, and far enough below 2^53 that the amount plus any fee, and its conversion at any rate,
 * stays an exact integer.
 */
export const MAX_AMOUNT = 1_000_000_000_000;

// Integer minor units only: 10.5 or 1e300 are rejected here, never rounded.
const NewPayment = z.object({
  recipientId: Id,
  amount: z.number().positive('must be positive').max(MAX_AMOUNT, `must be at most ${MAX_AMOUNT} minor units`).int('must be a whole number of minor units'),
  currency: z.enum(SUPPORTED_CURRENCIES),
  // Cross-border: amount is debited in currency (plus the FX fee), the recipient is paid in targetCurrency.
  targetCurrency: z.enum(SUPPORTED_CURRENCIES).optional(),
  description: text(500).optional(),
});
const CreateHeaders = z.object({
  'idempotency-key': line(255).min(1, 'is required (1-255 characters)'),
});
const CreateQuery = z.object({ sync: z.enum(['true', '1', 'false', '0']).optional() });
const CursorQuery = z.object({
  cursor: line(200).optional(),
  limit: queryInt(1, 100).default(20),
});
const OffsetQuery = z.object({
  page: queryInt(1, 1_000_000),
  limit: queryInt(1, 100).default(20),
});
const PaymentParams = z.object({ id: Id });

export function paymentRoutes(app: FastifyInstance, payments: PaymentService, auth: onRequestHookHandler): void {
  app.post('/payments', { onRequest: auth }, async (request, reply) => {
    const key = parse(CreateHeaders, { 'idempotency-key': request.headers['idempotency-key'] ?? '' }, 'headers')['idempotency-key'];
    const { sync } = parse(CreateQuery, request.query, 'query');
    const body = parse(NewPayment, request.body);
    const result = await payments.create(request.userId, key, body);
    if (result.replayed) reply.header('Idempotent-Replayed', 'true');
    if (!result.replayed && result.paymentId && (sync === 'true' || sync === '1')) {
      const settled = await payments.settle(result.paymentId, request.userId);
      return reply.code(settled.statusCode).send(settled.body);
    }
    return reply.code(result.statusCode).send(result.body);
  });

  app.get('/payments', { onRequest: auth }, async (request) => {
    const query = request.query as Record<string, unknown>;
    if (query.page !== undefined) {
      const { page, limit } = parse(OffsetQuery, query, 'query');
      return payments.listByOffset(request.userId, page, limit);
    }
    const { cursor, limit } = parse(CursorQuery, query, 'query');
    return payments.listByCursor(request.userId, cursor || undefined, limit);
  });

  app.get('/payments/:id', { onRequest: auth }, async (request) => {
    const { id } = parse(PaymentParams, request.params, 'params');
    return payments.get(id, request.userId);
  });
}
