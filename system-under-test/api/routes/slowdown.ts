import type { FastifyInstance } from 'fastify';

/**
 * Deliberate regressions, for proving that a performance gate notices them:
 * `PAYPASS_SLOWDOWN="GET /payments=2ms,POST /auth/login=5ms"` adds that much CPU work to every request
 * of each named route (method and route template).
 * CPU, not a timer: under load a server is CPU-bound, and an idle wait would hide in the queue (a
 * closed-loop client just keeps fewer requests in flight), unlike the regressions real code makes.
 * A fixed cost, not a factor of the observed time: that time includes queueing, which the extra work
 * itself lengthens, and the feedback would run away under load.
 * `GET /payments=40ms@1/50` is a stall instead: one request in 50 waits 40 ms (a timer, as a lock or a GC pause
 * holds one request, not the server), which moves the tail (p99) and leaves the median and p95 alone.
 */
export interface Slowdown {
  ms: number;
  /** A stall of every `every`-th request (a wait); undefined for CPU work on every request. */
  every?: number;
}

export function parseSlowdown(spec: string | undefined): Map<string, Slowdown> {
  const costs = new Map<string, Slowdown>();
  for (const part of (spec ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const match = /^([A-Z]+ \/\S*)=(\d+(?:\.\d+)?)ms(?:@1\/([1-9]\d*))?$/.exec(part);
    if (!match) throw new Error(`PAYPASS_SLOWDOWN: "${part}" is not "METHOD /route=Nms" or "METHOD /route=Nms@1/K" (e.g. "GET /payments=2ms")`);
    costs.set(match[1]!, { ms: Number(match[2]), ...(match[3] ? { every: Number(match[3]) } : {}) });
  }
  return costs;
}

export function slowdown(app: FastifyInstance, costs: Map<string, Slowdown>): void {
  if (costs.size === 0) return;
  const seen = new Map<string, number>();
  app.addHook('onSend', async (request, reply, payload) => {
    const route = `${request.method} ${request.routeOptions.url ?? ''}`;
    const cost = costs.get(route);
    if (!cost) return payload;
    if (cost.every !== undefined) {
      const n = (seen.get(route) ?? 0) + 1;
      seen.set(route, n);
      if (n % cost.every !== 0) return payload;
      reply.header('x-paypass-slowdown', `${cost.ms}ms stall`);
      await new Promise((resolve) => setTimeout(resolve, cost.ms));
      return payload;
    }
    // Said openly, so nobody mistakes a deliberate slowdown for a real one.
    reply.header('x-paypass-slowdown', `${cost.ms}ms`);
    const until = performance.now() + cost.ms;
    while (performance.now() < until) {
      // busy on purpose: the event loop pays for it, as it would for slower code
    }
    return payload;
  });
}
