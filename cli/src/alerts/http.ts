import { firstLine } from '../util/errors.ts';
import { redactUrl } from './http-url.ts';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  headers?: Record<string, string>;
  body?: string;
}

/** A sink or a Pushgateway that does not answer in this long is reported as failed; the run does not wait longer. */
export const HTTP_TIMEOUT_MS = 10_000;

/**
 * One HTTP exchange with a sink. Anything but a 2xx answer throws an Error whose one-line message says what went
 * wrong (unreachable, timed out, the status and the start of the body). User and password in the URL become Basic
 * authentication, as fetch refuses credentials in a URL.
 */
export async function httpRequest(target: string, request: HttpRequest, timeoutMs = HTTP_TIMEOUT_MS): Promise<{ status: number; body: string }> {
  const url = new URL(target);
  const headers: Record<string, string> = { 'user-agent': 'perfgate', ...request.headers };
  if (url.username || url.password) {
    headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  let response: Response;
  try {
    response = await fetch(url, { method: request.method, headers, body: request.body, signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (error) {
    throw new Error(`${redactUrl(target)} ${unreachable(error, timeoutMs)}`);
  }
  const body = await response.text().catch(() => '');
  if (!response.ok) throw new Error(`${redactUrl(target)} answered HTTP ${response.status}${body.trim() ? `: ${firstLine(body).slice(0, 200)}` : ''}`);
  return { status: response.status, body };
}

/** POST (or PUT, PATCH) a JSON document. */
export function sendJson(target: string, document: unknown, method: HttpRequest['method'] = 'POST', headers: Record<string, string> = {}) {
  return httpRequest(target, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(document) });
}

function unreachable(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `did not answer within ${timeoutMs / 1000} s`;
  // fetch says "fetch failed"; the cause says why (ECONNREFUSED, ENOTFOUND, a TLS error).
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  return `is unreachable (${cause?.code ?? cause?.message ?? firstLine(error)})`;
}
