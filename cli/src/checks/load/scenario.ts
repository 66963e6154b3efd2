import { z } from 'zod';

const HttpMethod = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/** Values a request can draw on: what `setup` returned, plus a per-request sequence number and uuid. */
export interface RequestContext {
  vars: Record<string, unknown>;
  seq: number;
  uuid: string;
}

type Dynamic<T> = T | ((ctx: RequestContext) => T);

/** A body: a string as is, an object or array as JSON, or a function computing either per request. */
export type BodyInput = string | Record<string, unknown> | unknown[] | ((ctx: RequestContext) => unknown);

const dynamic = <T extends z.ZodType>(schema: T) =>
  z.union([schema, z.custom<(ctx: RequestContext) => z.infer<T>>((v) => typeof v === 'function', 'a function')]);

/** Upper bounds, shared by the scenario schema and the command-line flags that override it. */
export const LOAD_LIMITS = {
  // Each connection is a socket of this machine: tens of thousands exhaust its ephemeral ports.
  connections: 10_000,
  duration: 3600,
  rounds: 1000,
  warmup: 600,
} as const;

export const ScenarioRequest = z
  .object({
    /** Subject of the measurements; defaults to `METHOD /path`. */
    name: z.string().min(1).optional(),
    method: HttpMethod.default('GET'),
    path: z.string().startsWith('/', 'expected a path starting with /'),
    /** Header values may use {{uuid}}, {{seq}} and {{vars.NAME}}. */
    headers: dynamic(z.record(z.string(), z.string())).optional(),
    /** Object bodies are sent as JSON; strings as they are. Templates as in headers. */
    body: z
      .custom<BodyInput>((v) => v !== undefined && v !== null && ['string', 'object', 'function'].includes(typeof v), 'a string, an object, an array or a function')
      .optional(),
    /** Concurrent connections for this endpoint, when its realistic concurrency differs from the scenario's. */
    connections: z.number().int().positive().max(LOAD_LIMITS.connections).optional(),
    /** Status codes that count as success; default any 2xx or 3xx. */
    expect: z.array(z.number().int().min(100).max(599)).optional(),
  })
  .strict();
export type ScenarioRequest = z.infer<typeof ScenarioRequest>;

export const Scenario = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    /** Concurrent connections per endpoint (closed model). */
    connections: z.number().int().positive().max(LOAD_LIMITS.connections).default(10),
    /** Seconds each endpoint is loaded in each round. */
    duration: z.number().positive().max(LOAD_LIMITS.duration).default(3),
    /** Rounds: each round's percentiles are one sample for the statistics. */
    rounds: z.number().int().positive().max(LOAD_LIMITS.rounds).default(5),
    /** Seconds of unmeasured warm-up per endpoint before the first round. */
    warmup: z.number().min(0).max(LOAD_LIMITS.warmup).default(1),
    /** Runs once before the load; what it returns is available as {{vars.NAME}}. */
    setup: z
      .custom<(target: SetupTarget) => Promise<Record<string, unknown>>>((v) => typeof v === 'function', 'a function')
      .optional(),
    requests: z.array(ScenarioRequest).min(1),
  })
  .strict();
export type Scenario = z.infer<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;

export interface SetupTarget {
  baseUrl: string;
  credentials: { email: string; password: string }[];
}

export function defineScenario(scenario: ScenarioInput): ScenarioInput {
  return scenario;
}

export function subjectOf(request: ScenarioRequest): string {
  return request.name ?? `${request.method} ${request.path.split('?')[0]}`;
}

export type { Dynamic };
