import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../request-context.ts';
import type { FlowStep, ScenarioRequest } from '../scenario.ts';

/** Anything with a method, path, headers and body: an endpoint's request or a flow's step. */
type Buildable = Pick<ScenarioRequest | FlowStep, 'method' | 'path' | 'headers' | 'body'>;
import { fillDeep, fillTemplate, placeholdersIn } from '../template.ts';
import { encodeRequest, type WireRequest } from './wire.ts';

/** The bytes of each request a thread sends. Fixed requests are encoded once; templated ones per send. */
export interface RequestSource {
  next(): Buffer;
  head: boolean;
}

export function fixedSource(request: WireRequest, host: string): RequestSource {
  const bytes = encodeRequest(request, host);
  return { next: () => bytes, head: request.method === 'HEAD' };
}

/** True when every request is the same bytes: no placeholders, no functions. */
export function isFixed(request: ScenarioRequest): boolean {
  if (typeof request.headers === 'function' || typeof request.body === 'function') return false;
  const strings = [request.path, ...Object.values(request.headers ?? {}), JSON.stringify(request.body ?? '')];
  // {{env.NAME}} is the same on every request: filled once below, it stays on the fast path.
  return strings.every((s) => placeholdersIn(s).every((name) => name.startsWith('env.')));
}

/** The wire request for one send of a scenario request, filled in for `seq`. */
export function buildWireRequest(request: Buildable, prefix: string, vars: Record<string, unknown>, seq: number, given?: RequestContext): WireRequest {
  const ctx = given ?? { vars, seq, uuid: needsUuid(request) ? randomUUID() : '' };
  const headers = typeof request.headers === 'function' ? request.headers(ctx) : request.headers;
  const body = typeof request.body === 'function' ? request.body(ctx) : request.body;
  const filled: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) filled[name] = fillTemplate(value, ctx);
  const wire: WireRequest = { method: request.method, path: prefix + fillTemplate(request.path, ctx), headers: filled };
  if (body !== undefined) {
    if (typeof body === 'string') wire.body = fillTemplate(body, ctx);
    else {
      wire.body = JSON.stringify(fillDeep(body, ctx));
      if (!Object.keys(filled).some((name) => name.toLowerCase() === 'content-type')) filled['content-type'] = 'application/json';
    }
  }
  return wire;
}

const uuidNeeded = new WeakMap<Buildable, boolean>();
/** Functions may use the uuid, so they always get one; templates only when they name it. */
function needsUuid(request: Buildable): boolean {
  let needed = uuidNeeded.get(request);
  if (needed === undefined) {
    needed =
      typeof request.headers === 'function' ||
      typeof request.body === 'function' ||
      [request.path, ...Object.values(request.headers ?? {}), JSON.stringify(request.body ?? '')].some((s) => placeholdersIn(s).includes('uuid'));
    uuidNeeded.set(request, needed);
  }
  return needed;
}

/** A scenario request as a source: fixed bytes when it can be, built per send otherwise. `seq` runs per thread, offset by `seqStart`. */
export function scenarioSource(request: ScenarioRequest, prefix: string, vars: Record<string, unknown>, host: string, seqStart = 0, seqStep = 1): RequestSource {
  if (isFixed(request)) return fixedSource(buildWireRequest(request, prefix, vars, 0), host);
  let seq = seqStart;
  return {
    head: request.method === 'HEAD',
    next() {
      const bytes = encodeRequest(buildWireRequest(request, prefix, vars, seq), host);
      seq += seqStep;
      return bytes;
    },
  };
}
