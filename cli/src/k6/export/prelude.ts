import { K6_TAGS, WARMUP_ROUND } from '../tags.ts';

/**
 * The part of every exported script that does not depend on the scenario: how perfgate builds a request (its
 * placeholders, JSON bodies, expected statuses), where the values of the scenario's functions come from, and the
 * tags the import reads back. Plain JavaScript with JSDoc types, so `tsc --checkJs` against @types/k6 checks it.
 */
export const PRELUDE = String.raw`/**
 * @typedef {{ vars: Record<string, any>, seq: number, uuid: string, session?: Record<string, any>, user?: number }} Ctx
 * @typedef {{ subject: string, method: string, path: string, headers?: any, body?: any, expected?: ReturnType<typeof import('k6/http').expectedStatuses>, expect?: number[], think?: number | number[], capture?: (response: any, ctx: Ctx) => void }} Spec
 */

/** The target, without a trailing slash: -e BASE_URL=http://host:port (a path prefixes every request's path). */
const BASE_URL = (__ENV.BASE_URL || '').replace(/\/+$/, '');

/**
 * What perfgate hands over in -e PERFGATE_DATA=FILE (perfgate k6 run, k6 export --url and k6 manifest write it): the
 * vars the scenario's setup() returned (its logins), and the values of its request functions for the first
 * sequence numbers.
 * @type {{ vars?: Record<string, any>, computed?: Record<string, any[]> } | undefined}
 */
const DATA = __ENV.PERFGATE_DATA ? JSON.parse(open(__ENV.PERFGATE_DATA)) : undefined;

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/**
 * perfgate's placeholders, filled per request as perfgate fills them: {{uuid}}, {{seq}}, {{vars.a.b}} (from setup)
 * and {{env.NAME}}. One that cannot be filled is left as it is.
 * @param {string} text
 * @param {Ctx} ctx
 * @returns {string}
 */
function fill(text, ctx) {
  return text.replace(PLACEHOLDER, (whole, name) => {
    if (name === 'uuid') return ctx.uuid;
    if (name === 'seq') return String(ctx.seq);
    if (name.startsWith('vars.')) {
      const value = name
        .slice(5)
        .split('.')
        .reduce((/** @type {any} */ obj, /** @type {string} */ key) => (obj && typeof obj === 'object' ? obj[key] : undefined), ctx.vars);
      return value === undefined ? whole : String(value);
    }
    if (name.startsWith('env.')) return __ENV[name.slice(4)] ?? whole;
    return whole;
  });
}

/**
 * Every string inside a JSON-like value, filled.
 * @param {any} value
 * @param {Ctx} ctx
 * @returns {any}
 */
function fillDeep(value, ctx) {
  if (typeof value === 'string') return fill(value, ctx);
  if (Array.isArray(value)) return value.map((v) => fillDeep(v, ctx));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillDeep(v, ctx)]));
  return value;
}

/** A version-4 UUID for {{uuid}} (idempotency keys): Math.random keeps them apart well enough for that. */
function uuid() {
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
    const r = (Math.random() * 16) | 0;
    return (c === 'x' ? r : (r & 0x3) | 0x8).toString(16);
  });
}

/**
 * A part of the scenario that is a TypeScript function. k6 cannot run perfgate's TypeScript, so it takes the values
 * perfgate evaluated (PERFGATE_DATA), one per request in turn; without them the test stops at once, rather than
 * send requests the scenario never would. Port the function here to run the script without perfgate.
 * @param {string} field
 * @returns {(ctx: Ctx) => any}
 */
function computed(field) {
  const values = DATA && DATA.computed ? DATA.computed[field] : undefined;
  return (ctx) => {
    if (values && values.length > 0) return values[ctx.seq % values.length];
    exec.test.abort('perfgate: ' + field + ' of scenario ' + SCENARIO + ' is a TypeScript function k6 cannot run: run the scenario with perfgate k6 run, which evaluates it, or port it into this script');
    return undefined;
  };
}

/** @returns {string | undefined} the stage of the load profile now, in a measured window (warm-ups run without stages) */
function stageNow() {
  if (STAGES.length === 0 || exec.scenario.name.startsWith('${WARMUP_ROUND}')) return undefined;
  const elapsed = (Date.now() - exec.scenario.startTime) / 1000;
  const stage = STAGES.find((s) => elapsed < s.end) || STAGES[STAGES.length - 1];
  return stage.name;
}

/**
 * Sends one request as perfgate's generator builds it: placeholders filled, an object body as JSON, success as the
 * scenario's expect says (any 2xx or 3xx without one), tagged with its subject (warm-up requests apart).
 * @param {Spec} spec
 * @param {Ctx} ctx
 */
function send(spec, ctx) {
  const headers = fillDeep(typeof spec.headers === 'function' ? spec.headers(ctx) : spec.headers || {}, ctx);
  const given = typeof spec.body === 'function' ? spec.body(ctx) : spec.body;
  /** @type {string | null} */
  let body = null;
  if (typeof given === 'string') body = fill(given, ctx);
  else if (given !== undefined && given !== null) {
    body = JSON.stringify(fillDeep(given, ctx));
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  }
  const stage = stageNow();
  const warmup = exec.scenario.name.startsWith('${WARMUP_ROUND}');
  /** @type {Record<string, string>} */
  const tags = { name: warmup ? spec.subject + ' (warm-up)' : spec.subject };
  if (stage !== undefined) tags['${K6_TAGS.stage}'] = stage;
  return http.request(spec.method, BASE_URL + fill(spec.path, ctx), body, { headers, tags, timeout: TIMEOUT, responseCallback: spec.expected });
}
`;
