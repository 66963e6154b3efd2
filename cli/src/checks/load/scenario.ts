import { z } from 'zod';
import { StepExtras, UsersSettings } from './flow-schema.ts';
import type { RequestContext } from './request-context.ts';
import { fillTemplate, placeholderProblem, stringsIn, withoutPlaceholders } from './template.ts';

export type { RequestContext } from './request-context.ts';

const HttpMethod = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

type Dynamic<T> = T | ((ctx: RequestContext) => T);

/** A body: a string as is, an object or array as JSON, or a function computing either per request. */
export type BodyInput = string | Record<string, unknown> | unknown[] | ((ctx: RequestContext) => unknown);

const isFunction = (v: unknown) => typeof v === 'function';
const isPlainObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Upper bounds, shared by the scenario schema and the command-line flags that override it. */
export const LOAD_LIMITS = {
  // Each connection is a socket of this machine: tens of thousands exhaust its ephemeral ports.
  connections: 10_000,
  duration: 3600,
  rounds: 1000,
  warmup: 600,
  rate: 1_000_000,
  threads: 64,
  timeout: 600,
  stages: 50,
} as const;

const LoadModel = z.enum(['closed', 'open']);

/** A stage of the load profile: over `duration` seconds the target moves linearly to `target` from the stage before's (0 at first). */
export const ScenarioStage = z
  .object({
    name: z.string().min(1).optional(),
    duration: z.number().positive().max(LOAD_LIMITS.duration),
    /** Connections (closed model) or requests per second (open model) at the end of the stage. */
    target: z.number().min(0).max(LOAD_LIMITS.rate),
  })
  .strict();
export type ScenarioStage = z.infer<typeof ScenarioStage>;

/** Upper bound of setupTimeout, in seconds: an hour of logging in is a scenario bug, not a slow server. */
const MAX_SETUP_TIMEOUT = 3600;

// RFC 3986 path and query characters, and %XX escapes; anything else is not a valid request target.
const NOT_IN_URL_PATH = /%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]/u;

/** Why a path (placeholders filled or taken out) cannot go in a request line as it is, if it cannot. */
export function urlPathProblem(path: string): string | undefined {
  const bad = NOT_IN_URL_PATH.exec(path)?.[0];
  if (bad === undefined) return undefined;
  if (bad === '%') return `"${path}" has a "%" not followed by two hex digits; expected a URL path (write a literal % as %25)`;
  const what = bad === ' ' ? 'a space' : /\p{Cc}/u.test(bad) ? 'a control character' : `"${bad}"`;
  return `"${path}" contains ${what}; expected a URL path, with such characters percent-encoded (${encodeURIComponent(bad)})`;
}

// RFC 9110 field names are tokens; values are visible characters, spaces and tabs. A CR or LF in either would end
// the header early on the wire and start another one: load tools write headers as they are given.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const CONTROL_CHARACTER = /[^\P{Cc}\t]/u;

/** Why a header cannot be sent as it is given, if it cannot: a name that is no token, a control character in the value. */
export function headerProblem(name: string, value: string): string | undefined {
  if (!HEADER_NAME.test(name)) {
    return `${JSON.stringify(name)} is not a valid header name; expected letters, digits and !#$%&'*+-.^_\`|~ only`;
  }
  const control = CONTROL_CHARACTER.exec(value)?.[0];
  if (control !== undefined) return `the value contains a control character (${escapeCharacter(control)}); expected no CR, LF or other control characters`;
  // {{env.NAME}} is filled in from the environment when the scenario is loaded: what it holds goes on the wire too.
  const filled = fillTemplate(value, { vars: {}, seq: 0, uuid: '' });
  const filledControl = CONTROL_CHARACTER.exec(filled)?.[0];
  if (filledControl !== undefined)
    return `the value, filled in from the environment, contains a control character (${escapeCharacter(filledControl)}); expected no CR, LF or other control characters`;
  return undefined;
}

/** `"\r"`, `"\u0085"`: a control character as it would be written in a JSON string, quoted. */
function escapeCharacter(c: string): string {
  const json = JSON.stringify(c);
  return json.length > 3 ? json : `"\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}"`;
}

const RequestFields = z
  .object({
    /** Subject of the measurements; defaults to `METHOD /path`. */
    name: z.string().min(1).optional(),
    method: HttpMethod.default('GET'),
    /** May use the placeholders, as header values and body strings do. */
    path: z.string().startsWith('/', 'expected a path starting with /'),
    /** Header values may use {{uuid}}, {{seq}}, {{vars.NAME}} and {{env.NAME}}. Values are checked in the refinement below. */
    headers: z.custom<Dynamic<Record<string, string>>>((v) => isFunction(v) || isPlainObject(v), 'expected an object of header values or a function').optional(),
    /** Object bodies are sent as JSON; strings as they are. Templates as in headers. */
    body: z
      .custom<BodyInput>((v) => v !== undefined && v !== null && ['string', 'object', 'function'].includes(typeof v), 'a string, an object, an array or a function')
      .optional(),
    /** Concurrent connections for this endpoint (closed model), or the most it may open (open model). */
    connections: z.number().int().positive().max(LOAD_LIMITS.connections).optional(),
    /** This endpoint's load model, when it differs from the scenario's. */
    model: LoadModel.optional(),
    /** Open model: requests per second sent to this endpoint, when it differs from the scenario's rate. */
    rate: z.number().positive().max(LOAD_LIMITS.rate).optional(),
    /** Status codes that count as success; default any 2xx or 3xx. */
    expect: z.array(z.number().int().min(100).max(599)).min(1, 'expected at least one status code (leave expect out for any 2xx or 3xx)').optional(),
  })
  .strict();

function checkRequest(request: z.infer<typeof RequestFields>, ctx: z.RefinementCtx): void {
  {
    const problem = urlPathProblem(withoutPlaceholders(request.path));
    if (problem) ctx.addIssue({ code: 'custom', path: ['path'], message: problem });
    // A function's headers and body are only known per request: LoadSession checks the first one it builds.
    const strings: [(string | number)[], string][] = [[['path'], request.path]];
    if (isPlainObject(request.headers)) {
      for (const [name, value] of Object.entries(request.headers as Record<string, unknown>)) {
        // Rejected rather than coerced: a YAML `5` or `true` is rarely meant, and a function's headers are not coerced either.
        if (typeof value !== 'string') ctx.addIssue({ code: 'custom', path: ['headers', name], message: `expected a string, got ${describeValue(value)}` });
        else {
          const problem = headerProblem(name, value);
          if (problem) ctx.addIssue({ code: 'custom', path: ['headers', name], message: problem });
          strings.push([['headers', name], value]);
        }
      }
    }
    if (!isFunction(request.body)) strings.push(...stringsIn(request.body, ['body']));
    for (const [path, text] of strings) {
      const message = placeholderProblem(text);
      if (message) ctx.addIssue({ code: 'custom', path, message });
    }
  }
}

export const ScenarioRequest = RequestFields.superRefine(checkRequest);
export type ScenarioRequest = z.infer<typeof ScenarioRequest>;

/** A step of a flow: a request, then optionally a capture, a wait for a WebSocket message, and a pause. */
export const FlowStep = RequestFields.omit({ connections: true, model: true, rate: true }).extend(StepExtras).superRefine(checkRequest);
export type FlowStep = z.infer<typeof FlowStep>;

/** What a virtual user does, start to end, each time it is picked (by weight among the scenario's flows). */
export const Flow = z
  .object({
    name: z.string().min(1),
    weight: z.number().positive().default(1),
    steps: z.array(FlowStep).min(1),
  })
  .strict();
export type Flow = z.infer<typeof Flow>;

export const Scenario = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    /**
     * `closed` (default): `connections` each send their next request when the last one is answered — a stalled server
     * holds them back, so its stall never shows in the percentiles. `open`: requests are sent at `rate` per second
     * whatever the earlier ones are doing, and each is timed from when it was due (no coordinated omission).
     */
    model: LoadModel.default('closed'),
    /** Concurrent connections per endpoint (closed model). */
    connections: z.number().int().positive().max(LOAD_LIMITS.connections).default(10),
    /** Open model: requests per second per endpoint (a request's own `rate` overrides it). */
    rate: z.number().positive().max(LOAD_LIMITS.rate).optional(),
    /** Open model: the most connections an endpoint's schedule may open; sends beyond wait for one, still timed from when they were due. */
    maxConnections: z.number().int().positive().max(LOAD_LIMITS.connections).default(1000),
    /** Load profile (ramp-up, steady, peak, ramp-down); replaces `duration`, and `connections` or `rate`, when given. */
    stages: z.array(ScenarioStage).min(1).max(LOAD_LIMITS.stages).optional(),
    /** Generator threads (default: all cores but one, at most 4). */
    threads: z.number().int().positive().max(LOAD_LIMITS.threads).optional(),
    /** Seconds a request may take before it counts as failed (timeout). */
    timeout: z.number().positive().max(LOAD_LIMITS.timeout).default(10),
    /** Seconds each endpoint is loaded in each round. */
    duration: z.number().positive().max(LOAD_LIMITS.duration).default(3),
    /** Rounds: each round's percentiles are one sample for the statistics. */
    rounds: z.number().int().positive().max(LOAD_LIMITS.rounds).default(5),
    /** Seconds of unmeasured warm-up per endpoint before the first round. */
    warmup: z.number().min(0).max(LOAD_LIMITS.warmup).default(1),
    /** Runs once before the load; what it returns is available as {{vars.NAME}}. */
    setup: z.custom<(target: SetupContext) => Promise<Record<string, unknown>>>(isFunction, 'expected a function (only a .ts or .js scenario can have setup)').optional(),
    /** Seconds setup may take before the check fails, rather than waiting forever on a silent server. */
    setupTimeout: z.number().positive().max(MAX_SETUP_TIMEOUT).default(60),
    /** Endpoints loaded one after another (each its own window): the per-endpoint scenario. */
    requests: z.array(ScenarioRequest).default([]),
    /** Virtual users running weighted flows (mixed traffic in one window); needs `users`. */
    flows: z.array(Flow).min(1).optional(),
    users: UsersSettings.optional(),
    /** Set by perfgate to the file the scenario was loaded from: generator threads import its functions from there. */
    sourceFile: z.string().optional(),
  })
  .strict()
  .superRefine((scenario, ctx) => {
    if (scenario.flows && scenario.requests.length > 0) ctx.addIssue({ code: 'custom', path: ['flows'], message: 'a scenario has requests or flows, not both; split it in two' });
    if (!scenario.flows && scenario.requests.length === 0) ctx.addIssue({ code: 'custom', path: ['requests'], message: 'expected at least one request (or flows with users)' });
    if (scenario.flows && !scenario.users) ctx.addIssue({ code: 'custom', path: ['users'], message: 'flows need users: { count: N } (the virtual users that run them)' });
    if (scenario.flows && scenario.model === 'open' && !scenario.stages && scenario.rate === undefined) {
      ctx.addIssue({ code: 'custom', path: ['rate'], message: 'the open model needs a rate (flows started per second)' });
    }
    scenario.requests.forEach((request, i) => {
      const model = request.model ?? scenario.model;
      if (model === 'open' && !scenario.stages && (request.rate ?? scenario.rate) === undefined) {
        ctx.addIssue({ code: 'custom', path: ['requests', i, 'rate'], message: 'the open model needs a rate (requests per second), here or for the whole scenario' });
      }
      if (model === 'closed' && request.rate !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['requests', i, 'rate'], message: 'a rate applies to the open model only; add model: open, or use connections' });
      }
    });
    const names = new Set<string>();
    scenario.stages?.forEach((stage, i) => {
      const name = stage.name ?? `stage ${i + 1}`;
      if (names.has(name)) ctx.addIssue({ code: 'custom', path: ['stages', i, 'name'], message: `"${name}" names two stages; their measurements would collide` });
      names.add(name);
    });
    // Measurements are keyed by subject: two requests with one subject would be merged into nonsense.
    const firstWith = new Map<string, number>();
    scenario.requests.forEach((request, i) => {
      const subject = subjectOf(request);
      const first = firstWith.get(subject);
      if (first === undefined) firstWith.set(subject, i);
      else {
        const message = `measured as "${subject}", as requests[${first}] is; their measurements would collide, so give one a distinct name`;
        ctx.addIssue({ code: 'custom', path: ['requests', i], message });
      }
    });
  });
export type Scenario = z.infer<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;

export interface SetupTarget {
  baseUrl: string;
  credentials: { email: string; password: string }[];
}

/** What setup is given: the target, and a signal aborted on Ctrl-C or at setupTimeout (pass it to fetch). */
export type SetupContext = SetupTarget & { signal: AbortSignal };

export function defineScenario(scenario: ScenarioInput): ScenarioInput {
  return scenario;
}

export function subjectOf(request: ScenarioRequest): string {
  return request.name ?? `${request.method} ${request.path.split('?')[0]}`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

export type { Dynamic };
