import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { z } from 'zod';
import { QUERIES } from '../../db/queries.ts';
import type { Cache } from '../cache/cache.ts';
import type { Db } from '../db/db.ts';
import { toMinorUnits } from '../money.ts';
import { RealDate, parse } from './validation.ts';

const Range = z
  .object({
    from: RealDate.default('1970-01-01'),
    to: RealDate.default('9999-12-31'),
  })
  .refine((r) => r.from <= r.to, { message: 'must not be after to', path: ['from'] });
const CACHE_TTL_SECONDS = 30;
const REFRESH_TIMEOUT = '5min';

/**
 * Daily aggregates served from the payment_analytics_daily materialized view (never from payments directly).
 * `operator` guards the refresh: a maintenance action on the whole view, not any signed-in user's.
 */
export function analyticsRoutes(app: FastifyInstance, db: Db, cache: Cache, auth: onRequestHookHandler, operator: onRequestHookHandler): void {
  app.get('/analytics/daily', { onRequest: auth }, async (request, reply) => {
    const { from, to } = parse(Range, request.query, 'query');
    const key = `analytics:daily:${from}:${to}`;
    const cached = await cache.get(key);
    if (cached) return reply.header('X-Cache', 'HIT').type('application/json').send(cached);
    const { rows } = await db.run<{
      date: Date;
      currency: string;
      transaction_count: string;
      total_amount: string;
      average_amount: string;
      unique_senders: string;
      unique_recipients: string;
    }>(QUERIES.readAnalytics, [from, to]);
    const body = JSON.stringify({
      data: rows.map((r) => ({
        date: r.date.toISOString().slice(0, 10),
        currency: r.currency,
        transactionCount: Number(r.transaction_count),
        totalAmount: toMinorUnits(r.total_amount),
        // The average of integer minor units is not itself money: rounded for display.
        averageAmount: Math.round(Number(r.average_amount)),
        uniqueSenders: Number(r.unique_senders),
        uniqueRecipients: Number(r.unique_recipients),
      })),
    });
    await cache.set(key, body, CACHE_TTL_SECONDS);
    return reply.header('X-Cache', 'MISS').type('application/json').send(body);
  });

  // CONCURRENTLY (thanks to the view's unique index): readers keep reading during the refresh.
  app.post('/analytics/refresh', { onRequest: operator }, async () => {
    const started = performance.now();
    // A maintenance statement, not a request-path query: at a million payments it outlasts the pool's 5 s
    // statement timeout, so it gets its own, for this transaction only.
    await db.tx(async (client) => {
      await client.query(`SET LOCAL statement_timeout = '${REFRESH_TIMEOUT}'`);
      await db.run(QUERIES.refreshAnalytics, [], client);
    });
    return { refreshed: true, durationMs: Math.round(performance.now() - started) };
  });
}
