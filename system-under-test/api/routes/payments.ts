import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { z } from 'zod';
import { badRequest } from '../errors.ts';
import { SUPPORTED_CURRENCIES } from '../money.ts';
import type { PaymentService } from '../services/payment-service.ts';
import { parse } from './validation.ts';

// Integer minor units only: 10.5 or 1e300 are rejected here, never rounded.
const NewPayment = z.object({
  recipientId: z.uuid(),
  amount: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  currency: z.enum(SUPPORTED_CURRENCIES),
  // Cross-border: amount is debited in currency (plus the FX fee), the recipient is paid in targetCurrency.
  targetCurrency: z.enum(SUPPORTED_CURRENCIES).optional(),
  description: z.string().max(500).optional(),
});
const CursorQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
const OffsetQuery = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export function paymentRoutes(app: FastifyInstance, payments: PaymentService, auth: onRequestHookHandler): void {
  app.post('/payments', { onRequest: auth }, async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || key.length === 0 || key.length > 255) throw badRequest('Idempotency-Key header is required (1-255 characters)');
    const body = parse(NewPayment, request.body);
    const result = await payments.create(request.userId, key, body);
    if (result.replayed) reply.header('Idempotent-Replayed', 'true');
    const sync = (request.query as { sync?: string }).sync;
    if (!result.replayed && result.paymentId && (sync === 'true' || sync === '1')) {
      const settled = await payments.settle(result.paymentId, request.userId, key);
      return reply.code(settled.statusCode).send(settled.body);
    }
    return reply.code(result.statusCode).send(result.body);
  });

  app.get('/payments', { onRequest: auth }, async (request) => {
    const query = request.query as Record<string, unknown>;
    if (query.page !== undefined) {
      const { page, limit } = parse(OffsetQuery, query);
      return payments.listByOffset(request.userId, page, limit);
    }
    const { cursor, limit } = parse(CursorQuery, query);
    return payments.listByCursor(request.userId, cursor || undefined, limit);
  });

  app.get<{ Params: { id: string } }>('/payments/:id', { onRequest: auth }, async (request) => {
    return payments.get(request.params.id, request.userId);
  });
}
