import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Link } from '@opentelemetry/api';
import type { JobHandler } from '../queue/payment-queue.ts';

const tracer = trace.getTracer('paypass-queue');

/** The current trace context as a plain carrier for job data (empty when tracing is off). */
export function traceCarrier(): Record<string, string> | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return Object.keys(carrier).length ? carrier : undefined;
}

/**
 * Wraps the queue handler in a consumer span per attempt. The job runs later, maybe in
 * another process, so its span starts a trace of its own and is linked (not parented) to
 * the request that enqueued it; the handler's queries become the job span's children.
 */
export function tracedJobHandler(queueName: string, handler: JobHandler): JobHandler {
  return (data, attempt) => {
    const origin = data.trace ? trace.getSpanContext(propagation.extract(ROOT_CONTEXT, data.trace)) : undefined;
    const links: Link[] = origin ? [{ context: origin }] : [];
    return tracer.startActiveSpan(
      `${queueName} process`,
      {
        kind: SpanKind.CONSUMER,
        links,
        root: true,
        attributes: { 'messaging.system': 'bullmq', 'messaging.destination.name': queueName, 'messaging.message.id': data.paymentId, 'paypass.attempt': attempt.attempt },
      },
      async (span) => {
        try {
          return await handler(data, attempt);
        } catch (error) {
          span.recordException(error as Error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
          throw error;
        } finally {
          span.end();
        }
      },
    );
  };
}
