import type { FastifyInstance } from 'fastify';

/**
 * Deliberate regressions, for proving that a performance gate notices them:
 * `PAYPASS_SLOWDOWN="GET /payments=2ms,POST /auth/login=5ms"` adds that much CPU work to every request
 * of each named route (method and route template).
 * CPU, not a timer: under load a server is CPU-bound, and an idle wait would hide in the queue (a
 * closed-loop client just keeps fewer requests in flight), unlike the regressions real code makes.
 * A fixed cost, not a factor of the observed time: that time includes queueing, which the extra work
 * itself lengthens, and the feedback would run away under load.
 */
export function parseSlowdown(spec: string | undefined): Map<string, number> {
  const costs = new Map<string, number>();
  for (const part of (spec ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const match = /^([A-Z]+ \/\S*)=(\d+(?:\.\d+)?)ms$/.exec(part);
    if (!match) throw new Error(`PAYPASS_SLOWDOWN: "${part}" is not "METHOD /route=Nms" (e.g. "GET /payments=2ms")`);
    costs.set(match[1]!, Number(match[2]));
  }
  return costs;
}

export function slowdown(app: FastifyInstance, costs: Map<string, number>): void {
  if (costs.size === 0) return;
  app.addHook('onSend', async (request, reply, payload) => {
    const ms = costs.get(`${request.method} ${request.routeOptions.url ?? ''}`);
    if (!ms) return payload;
    // Said openly, so nobody mistakes a deliberate slowdown for a real one.
    reply.header('x-paypass-slowdown', `${ms}ms`);
    const until = performance.now() + ms;
    while (performance.now() < until) {
      // busy on purpose: the event loop pays for it, as it would for slower code
    }
    return payload;
  });
}
