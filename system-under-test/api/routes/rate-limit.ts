import type { FastifyInstance } from 'fastify';
import type { Cache } from '../cache/cache.ts';

export interface RateLimitOptions {
  max: number;
  windowMs: number;
}

const EXEMPT = new Set(['/health', '/metrics']);

/** The standards' fixed-window limiter (per client IP) on the shared cache, so all instances count together. */
export function rateLimit(app: FastifyInstance, cache: Cache, options: RateLimitOptions): void {
  app.addHook('onRequest', async (request, reply) => {
    if (EXEMPT.has(request.routeOptions.url ?? '')) return;
    const { count, resetMs } = await cache.hit(`ratelimit:${request.ip}`, options.windowMs);
    const resetSeconds = Math.max(1, Math.ceil(resetMs / 1000));
    reply.header('X-RateLimit-Limit', options.max);
    reply.header('X-RateLimit-Remaining', Math.max(0, options.max - count));
    reply.header('X-RateLimit-Reset', resetSeconds);
    if (count > options.max) {
      reply.header('Retry-After', resetSeconds);
      return reply.code(429).send({ error: 'too_many_requests', message: 'rate limit exceeded', retryAfter: resetSeconds });
    }
  });
}

/** PAYPASS_RATE_LIMIT="max/windowMs" (e.g. "1000/60000") enables it; unset means disabled, so load tests are not throttled. */
export function rateLimitFromEnv(value = process.env.PAYPASS_RATE_LIMIT): RateLimitOptions | false {
  const match = value?.match(/^(\d+)\/(\d+)$/);
  return match ? { max: Number(match[1]), windowMs: Number(match[2]) } : false;
}
