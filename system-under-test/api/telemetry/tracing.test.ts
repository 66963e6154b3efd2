import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppFixture } from '../../testing/app-fixture.ts';
import { startTracing, tracingEnabled } from './tracing.ts';

describe('OpenTelemetry traces (real SDK, in-memory exporter)', () => {
  const exporter = new InMemorySpanExporter();
  let stopTracing: () => Promise<void>;
  let f: AppFixture;
  let url: string;
  beforeAll(async () => {
    // Instrumentation patches modules as they load: start the SDK first, then import the app.
    stopTracing = await startTracing({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const { createAppFixture } = await import('../../testing/app-fixture.ts');
    f = await createAppFixture({ users: 4, payments: 20, seed: 91 });
    await f.app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(f.app.server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await f?.close();
    await stopTracing?.();
  });

  const parentId = (s: ReadableSpan) => s.parentSpanContext?.spanId;

  it('is off unless an OTLP endpoint or a traces exporter is configured', () => {
    expect(tracingEnabled({})).toBe(false);
    expect(tracingEnabled({ OTEL_TRACES_EXPORTER: 'none' })).toBe(false);
    expect(tracingEnabled({ OTEL_TRACES_EXPORTER: 'console' })).toBe(true);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })).toBe(true);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x', OTEL_SDK_DISABLED: 'true' })).toBe(false);
  });

  it('traces a payment: HTTP server span with pg children, and a queue job span linked to it', async () => {
    const token = await f.login(1);
    const recipientId = await f.userId(2);
    exporter.reset();
    const res = await fetch(`${url}/payments?sync=true`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'traced-1', 'content-type': 'application/json' },
      body: JSON.stringify({ recipientId, amount: 321, currency: 'USD' }),
    });
    expect(res.status).toBe(201);
    await new Promise((r) => setTimeout(r, 50));
    const spans = exporter.getFinishedSpans();
    const server = spans.find((s) => s.kind === SpanKind.SERVER && s.name === 'POST /payments');
    expect(server, spans.map((s) => s.name).join(', ')).toBeDefined();
    expect(server!.attributes['http.route']).toBe('/payments');
    const pgUnderRequest = spans.filter((s) => s.instrumentationScope.name.includes('pg') && parentId(s) === server!.spanContext().spanId);
    expect(pgUnderRequest.length).toBeGreaterThan(0);

    const job = spans.find((s) => s.name === 'payment-processing process');
    expect(job).toBeDefined();
    expect(job!.kind).toBe(SpanKind.CONSUMER);
    expect(parentId(job!)).toBeUndefined(); // a trace of its own ...
    expect(job!.links.map((l) => l.context.spanId)).toEqual([server!.spanContext().spanId]); // ... linked to the request
    expect(job!.links[0].context.traceId).toBe(server!.spanContext().traceId);
    const pgUnderJob = spans.filter((s) => s.instrumentationScope.name.includes('pg') && s.spanContext().traceId === job!.spanContext().traceId);
    expect(pgUnderJob.length).toBeGreaterThan(0);
  });
});
