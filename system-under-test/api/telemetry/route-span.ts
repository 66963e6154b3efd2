import { trace } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';

/**
 * The HTTP instrumentation only knows the raw URL; Fastify knows the route template. Naming
 * the server span `POST /payments/:id` keeps span names bounded, like the metrics' route label.
 * Without an SDK getActiveSpan() returns undefined, so this costs nothing when tracing is off.
 */
export function nameServerSpans(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const span = trace.getActiveSpan();
    const route = request.routeOptions.url;
    if (!span || !route) return;
    span.setAttribute('http.route', route);
    span.updateName(`${request.method} ${route}`);
  });
}
