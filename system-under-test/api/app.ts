import Fastify, { type FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { Cache } from './cache/cache.ts';
import { Db } from './db/db.ts';
import { HttpError } from './errors.ts';
import { fxOptionsFromEnv, type FxOptions } from './fx/fx-options.ts';
import { FxService } from './fx/fx-service.ts';
import { QUEUE_NAME, type PaymentQueue } from './queue/payment-queue.ts';
import { accountRoutes } from './routes/accounts.ts';
import { analyticsRoutes } from './routes/analytics.ts';
import { rateLimit, type RateLimitOptions } from './routes/rate-limit.ts';
import { parseSlowdown, slowdown } from './routes/slowdown.ts';
import { authRoutes } from './routes/auth.ts';
import { requireAuth } from './routes/auth-hook.ts';
import { requireOperator } from './routes/operator.ts';
import { healthRoutes } from './routes/health.ts';
import { paymentRoutes } from './routes/payments.ts';
import { realtimeRoutes } from './realtime/realtime.ts';
import { LocalBus, type UpdateBus } from './realtime/update-bus.ts';
import { ActiveUsers } from './services/active-users.ts';
import { AuthService } from './services/auth-service.ts';
import { HealthCheckService } from './services/health-service.ts';
import { DEFAULT_FRAUD_OPTIONS, FraudService, type FraudOptions } from './services/fraud-service.ts';
import { PaymentEvents } from './services/payment-events.ts';
import { PaymentProcessor } from './services/payment-processor.ts';
import { DEFAULT_RECONCILER, PaymentReconciler, type ReconcilerOptions } from './services/payment-reconciler.ts';
import { DEFAULT_ADMISSION, PaymentService, type AdmissionOptions } from './services/payment-service.ts';
import { TokenService } from './services/tokens.ts';
import { tracedJobHandler } from './telemetry/job-tracing.ts';
import { Metrics } from './telemetry/metrics.ts';
import { nameServerSpans } from './telemetry/route-span.ts';
import { webStatic } from '../web/static.ts';

export interface AppDeps {
  pool: pg.Pool;
  cache: Cache;
  /** Started here with the payment processor; the caller closes it. */
  queue: PaymentQueue;
  tokens?: TokenService;
  fraud?: Partial<FraudOptions>;
  /** FX providers for cross-border payments; default from the PAYPASS_FX_* environment. */
  fx?: Partial<FxOptions>;
  /** Disabled by default so load tests are not throttled. */
  rateLimit?: RateLimitOptions | false;
  logger?: boolean;
  /** Fan-out of payment updates to WebSocket clients; in-process by default, the caller closes a given one. */
  bus?: UpdateBus;
  /** Serve the built React front end (production mode); off for API-only tests. */
  serveWeb?: boolean;
  /** Queue backpressure (503 queue_busy) and how long an enqueue may take (503 queue_unavailable). */
  admission?: Partial<AdmissionOptions>;
  /** The payment reconciler finishing payments whose job was lost; false: not run. */
  reconciler?: Partial<ReconcilerOptions> | false;
  /** The bearer token of operator actions (POST /analytics/refresh); default PAYPASS_OPERATOR_TOKEN, none if unset. */
  operatorToken?: string;
}

const BODY_LIMIT = 64 * 1024;
/** Fastify's own 4xx said as PayPass says errors: a code, and a message naming what is wrong. */
const CLIENT_ERRORS: Record<number, { error: string; message?: string }> = {
  413: { error: 'payload_too_large', message: `body: must be at most ${BODY_LIMIT} bytes` },
  415: { error: 'unsupported_media_type', message: 'content-type: must be application/json' },
};

/** Builds the Fastify app over already-connected infrastructure; the caller owns (and closes) pool and cache. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger: deps.logger ?? false, bodyLimit: BODY_LIMIT });
  const db = new Db(deps.pool);
  const tokens = deps.tokens ?? new TokenService();
  const users = new ActiveUsers(db);
  const auth = requireAuth(tokens, users);
  const operator = requireOperator(deps.operatorToken ?? (process.env.PAYPASS_OPERATOR_TOKEN || undefined), tokens);

  const metrics = new Metrics();
  metrics.instrument(app, db, deps.pool, deps.queue);
  nameServerSpans(app);
  app.decorateRequest('userId', '');
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof HttpError) {
      if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
      return reply.code(error.statusCode).send({ error: error.code, message: error.message });
    }
    const status = (error as { statusCode?: number }).statusCode;
    // Fastify's own 4xx (unparsable or empty JSON, a body over bodyLimit, an unsupported content type) keep their status.
    if (status && status >= 400 && status < 500) {
      const known = CLIENT_ERRORS[status];
      return reply.code(status).send({ error: known?.error ?? 'bad_request', message: known?.message ?? (error as Error).message });
    }
    request.log.error(error);
    return reply.code(500).send({ error: 'internal_error', message: 'internal server error' });
  });

  if (deps.rateLimit) rateLimit(app, deps.cache, deps.rateLimit);
  slowdown(app, parseSlowdown(process.env.PAYPASS_SLOWDOWN));
  healthRoutes(app, new HealthCheckService(db, deps.pool, deps.cache));
  authRoutes(app, new AuthService(db, tokens));
  accountRoutes(app, db, auth);
  analyticsRoutes(app, db, deps.cache, auth, operator);
  const fx = new FxService(deps.cache, { ...fxOptionsFromEnv(), ...deps.fx }, (provider) => metrics.errors.labels('fx_provider', provider).inc());
  metrics.watchFx(fx.breakers);
  const events = new PaymentEvents();
  paymentRoutes(app, new PaymentService(db, deps.queue, fx, events, { ...DEFAULT_ADMISSION, ...deps.admission }), auth);
  const bus = deps.bus ?? new LocalBus();
  if (!deps.bus) app.addHook('onClose', () => bus.close());
  await realtimeRoutes(app, { db, tokens, users, events, bus, onConnections: (n) => metrics.activeConnections.labels('websocket').set(n) });
  if (deps.serveWeb) await app.register(webStatic);

  const processor = new PaymentProcessor(db, new FraudService(db, { ...DEFAULT_FRAUD_OPTIONS, ...deps.fraud }), events, metrics.processingObserver());
  await deps.queue.start(tracedJobHandler(QUEUE_NAME, processor.handle));
  if (deps.reconciler !== false) {
    const reconciler = new PaymentReconciler(db, processor.handle, { ...DEFAULT_RECONCILER, ...deps.reconciler }, (error) => app.log.warn(error));
    reconciler.start();
    app.addHook('onClose', () => reconciler.stop());
  }
  return app;
}
