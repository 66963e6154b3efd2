import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';

export interface TracingOptions {
  /** Span processors to use instead of the OTEL_* environment (tests pass an in-memory exporter). */
  spanProcessors?: SpanProcessor[];
  env?: NodeJS.ProcessEnv;
}

/** Tracing is off unless an exporter is configured the standard way. */
export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED === 'true') return false;
  const exporter = env.OTEL_TRACES_EXPORTER?.trim();
  if (exporter && exporter !== 'none') return true;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * Starts the OpenTelemetry SDK with HTTP, pg and ioredis auto-instrumentation. It must run
 * before pg, ioredis or fastify are first imported, since instrumentation patches modules as
 * they load: `api/main.ts` calls it first and imports the app afterwards. Exporter, endpoint
 * and service name come from the OTEL_* variables (OTEL_SERVICE_NAME defaults to 'paypass').
 * Only traces are exported: metrics stay with prom-client on /metrics. When disabled this
 * imports nothing and returns a no-op, so the SDK costs nothing by default.
 */
export async function startTracing(options: TracingOptions = {}): Promise<() => Promise<void>> {
  const env = options.env ?? process.env;
  if (!options.spanProcessors && !tracingEnabled(env)) return async () => undefined;
  const [{ NodeSDK }, { HttpInstrumentation }, { PgInstrumentation }, { IORedisInstrumentation }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/instrumentation-http'),
    import('@opentelemetry/instrumentation-pg'),
    import('@opentelemetry/instrumentation-ioredis'),
  ]);
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME || 'paypass',
    spanProcessors: options.spanProcessors,
    // An empty list disables them; the SDK would otherwise default both to OTLP.
    metricReaders: env.OTEL_METRICS_EXPORTER ? undefined : [],
    logRecordProcessors: env.OTEL_LOGS_EXPORTER ? undefined : [],
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => req.url === '/metrics' || req.url === '/health' }),
      // Only inside a trace: BullMQ's blocking polls and pool housekeeping would otherwise flood the exporter.
      new PgInstrumentation({ requireParentSpan: true }),
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  return () => sdk.shutdown();
}
