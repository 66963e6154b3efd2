import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import type * as hdr from 'hdr-histogram-js';
import { newLatencyHistogram } from './hdr.ts';
import { runError } from '../../util/errors.ts';
import type { RequestContext, ScenarioRequest } from './scenario.ts';
import { fillDeep, fillTemplate } from './template.ts';

export interface EndpointRound {
  histogram: hdr.Histogram;
  requests: number;
  /** Requests written to the target, answered or not (those in flight when the round ended count too). */
  sent: number;
  /** Responses outside `expect`, plus connection errors and timeouts. */
  failures: number;
  errors: number;
  statusCodes: Record<string, number>;
  /** What the failures were: status codes outside `expect`, and connection error codes. */
  failureKinds: Record<string, number>;
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
  const failureKinds: Record<string, number> = {};
  const expected = request.expect ? new Set(request.expect) : undefined;
  let failures = 0;
  let errors = 0;
  let firstError: string | undefined;
  let seq = 0;

  // A base URL with a path (http://host/api) prefixes every scenario path, as a client of that API would.
  const prefix = new URL(load.baseUrl).pathname.replace(/\/+$/, '');
  let sent = 0;
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
    setupClient: forgetRequestsOfClosedConnections,
    requests: [
      {
        method: request.method,
        path: prefix + request.path,
        setupRequest: (req: Record<string, unknown>) => buildRequest(req, request, prefix, { vars: load.vars, seq: seq++, uuid: randomUUID() }),
      },
    ],
  };
  const instance = autocannon(options as unknown as autocannon.Options, (error, result) => {
    sent = result?.requests?.sent ?? 0;
    finish(error ?? null);
  });

  const started = process.hrtime.bigint();
  instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
    histogram.recordValue(Math.max(1, Math.round(responseTimeMs * 1000)));
    statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
    const ok = expected ? expected.has(statusCode) : statusCode >= 200 && statusCode < 400;
    if (!ok) {
      failures++;
      failureKinds[statusCode] = (failureKinds[statusCode] ?? 0) + 1;
    }
  });
  instance.on('reqError', (error: Error) => {
    errors++;
    const kind = (error as NodeJS.ErrnoException).code ?? error.message;
    failureKinds[kind] = (failureKinds[kind] ?? 0) + 1;
    firstError ??= kind;
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
  assertPlausibleLatency(histogram, load.connections, seconds, `${request.method} ${request.path}`);
  return { histogram, requests, sent: Math.max(sent, requests), failures: failures + errors, errors, statusCodes, failureKinds, firstError, seconds };
}

/**
 * autocannon writes the next request as soon as a response ends. When the server then closes the connection
 * (HTTP/1.0, `Connection: close`), that request is lost, but it stays in the client's queue of requests awaiting
 * a response, and every later response is timed from an older request's start: latencies grow with the run.
 * Nothing sent on a closed connection will be answered, so a new connection starts with an empty queue.
 */
function forgetRequestsOfClosedConnections(client: unknown): void {
  const c = client as { _connect?: () => void; pipelinedRequests?: { clear(): void } };
  const connect = c._connect;
  if (typeof connect !== 'function' || typeof c.pipelinedRequests?.clear !== 'function') return;
  c._connect = function reconnect(this: unknown) {
    c.pipelinedRequests!.clear();
    connect.call(c);
  };
}

/**
 * Little's law as a safety net: with C connections each awaiting one response at a time, the latencies of a round
 * add up to at most C × its duration. Far more means responses were matched to the wrong requests, and no
 * percentile of them can be trusted: fail the check rather than report them.
 */
function assertPlausibleLatency(histogram: hdr.Histogram, connections: number, seconds: number, endpoint: string): void {
  if (histogram.totalCount < 100) return;
  const busySeconds = (histogram.mean * histogram.totalCount) / 1e6;
  if (busySeconds > connections * seconds * 1.5 + 1) {
    throw runError(
      `${endpoint}: latencies add up to ${busySeconds.toFixed(1)} s over ${connections} connection(s) in ${seconds.toFixed(1)} s, more than the connections could wait; the responses cannot be matched to their requests, so no latency is reported`,
    );
  }
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
