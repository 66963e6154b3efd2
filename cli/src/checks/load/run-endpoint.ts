import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import type * as hdr from 'hdr-histogram-js';
import { newLatencyHistogram } from './hdr.ts';
import type { RequestContext, ScenarioRequest } from './scenario.ts';
import { fillDeep, fillTemplate } from './template.ts';

export interface EndpointRound {
  histogram: hdr.Histogram;
  requests: number;
  /** Responses outside `expect`, plus connection errors and timeouts. */
  failures: number;
  errors: number;
  statusCodes: Record<string, number>;
  /** First connection error seen, to explain an unreachable target. */
  firstError?: string;
  seconds: number;
}

export interface EndpointLoad {
  baseUrl: string;
  request: ScenarioRequest;
  vars: Record<string, unknown>;
  connections: number;
  seconds: number;
  signal: AbortSignal;
}

/** Loads one endpoint for a fixed time with autocannon (closed model) and records every latency. */
export async function runEndpoint(load: EndpointLoad): Promise<EndpointRound> {
  const { request } = load;
  const histogram = newLatencyHistogram();
  const statusCodes: Record<string, number> = {};
  const expected = request.expect ? new Set(request.expect) : undefined;
  let failures = 0;
  let errors = 0;
  let firstError: string | undefined;
  let seq = 0;

  // A base URL with a path (http://host/api) prefixes every scenario path, as a client of that API would.
  const prefix = new URL(load.baseUrl).pathname.replace(/\/+$/, '');
  let finish!: (error: Error | null) => void;
  const done = new Promise<void>((resolve, reject) => {
    finish = (error) => (error ? reject(error) : resolve());
  });
  const options = {
    url: load.baseUrl,
    connections: load.connections,
    duration: load.seconds,
    timeout: 10,
    // autocannon checks its stop timer on each sample tick: a short tick keeps short rounds short.
    sampleInt: 100,
    requests: [
      {
        method: request.method,
        path: prefix + request.path,
        setupRequest: (req: Record<string, unknown>) => buildRequest(req, request, prefix, { vars: load.vars, seq: seq++, uuid: randomUUID() }),
      },
    ],
  };
  const instance = autocannon(options as unknown as autocannon.Options, (error) => finish(error ?? null));

  const started = process.hrtime.bigint();
  instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
    histogram.recordValue(Math.max(1, Math.round(responseTimeMs * 1000)));
    statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
    const ok = expected ? expected.has(statusCode) : statusCode >= 200 && statusCode < 400;
    if (!ok) failures++;
  });
  instance.on('reqError', (error: Error) => {
    errors++;
    firstError ??= (error as NodeJS.ErrnoException).code ?? error.message;
  });
  const onAbort = () => instance.stop();
  load.signal.addEventListener('abort', onAbort, { once: true });
  try {
    await done;
  } finally {
    load.signal.removeEventListener('abort', onAbort);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const requests = histogram.totalCount + errors;
  return { histogram, requests, failures: failures + errors, errors, statusCodes, firstError, seconds };
}

function buildRequest(req: Record<string, unknown>, request: ScenarioRequest, prefix: string, ctx: RequestContext): Record<string, unknown> {
  const headers = typeof request.headers === 'function' ? request.headers(ctx) : request.headers;
  const body = typeof request.body === 'function' ? request.body(ctx) : request.body;
  const filledHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) filledHeaders[name] = fillTemplate(value, ctx);
  const out: Record<string, unknown> = { ...req, method: request.method, path: prefix + fillTemplate(request.path, ctx), headers: filledHeaders };
  if (body !== undefined) {
    if (typeof body === 'string') out.body = fillTemplate(body, ctx);
    else {
      out.body = JSON.stringify(fillDeep(body, ctx));
      filledHeaders['content-type'] ??= 'application/json';
    }
  }
  return out;
}
