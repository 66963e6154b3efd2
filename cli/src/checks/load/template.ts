import type { RequestContext } from './request-context.ts';

// Anything between {{ and }}, so that a mistyped name is caught rather than sent as it is.
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const VARS = /^vars((?:\.[\w-]+)+)$/;
const ENV = /^env\.([A-Za-z_][A-Za-z0-9_]*)$/;

export const KNOWN_PLACEHOLDERS = '{{uuid}}, {{seq}}, {{vars.NAME}} or {{env.NAME}}';

/** The placeholder names in a string, in order: `{{ vars.token }}` gives `vars.token`. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/** The string with its placeholders taken out, to check what is left. */
export function withoutPlaceholders(text: string): string {
  return text.replace(PLACEHOLDER, '');
}

/**
 * What is wrong with a string's placeholders when the scenario is loaded: an unknown name, or an
 * environment variable that is not set. {{vars.NAME}} can only be checked once setup has run.
 */
export function placeholderProblem(text: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const name of placeholdersIn(text)) {
    if (name === 'uuid' || name === 'seq' || VARS.test(name)) continue;
    const envName = ENV.exec(name)?.[1];
    if (envName === undefined) return `unknown placeholder {{${name}}}; expected ${KNOWN_PLACEHOLDERS}`;
    // CI expands an unset secret to an empty string: sending an empty token would only fail later, less clearly.
    if (!env[envName]) return `{{${name}}}: environment variable ${envName} is not set (or is empty)`;
  }
  return undefined;
}

/** The first {{vars.NAME}} in a string that setup did not return, as `NAME`. */
export function missingVar(text: string, vars: Record<string, unknown>): string | undefined {
  for (const name of placeholdersIn(text)) {
    const keys = VARS.exec(name)?.[1];
    if (keys !== undefined && lookup(vars, keys.slice(1)) === undefined) return keys.slice(1);
  }
  return undefined;
}

/**
 * Replaces {{uuid}}, {{seq}}, {{vars.a.b}} and {{env.NAME}} in a string, in one pass (a value that contains
 * `{{` is not filled again). Names are checked when the scenario is loaded and the first request is built;
 * one that still cannot be filled is left as it is, since a throw here would stop a generator thread mid-round.
 */
export function fillTemplate(text: string, ctx: RequestContext): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    if (name === 'uuid') return ctx.uuid;
    if (name === 'seq') return String(ctx.seq);
    const keys = VARS.exec(name)?.[1];
    if (keys !== undefined) {
      const value = lookup(ctx.vars, keys.slice(1));
      return value === undefined ? whole : String(value);
    }
    const envName = ENV.exec(name)?.[1];
    return envName !== undefined ? (process.env[envName] ?? whole) : whole;
  });
}

/** Fills templates in every string inside a JSON-like value. */
export function fillDeep(value: unknown, ctx: RequestContext): unknown {
  if (typeof value === 'string') return fillTemplate(value, ctx);
  if (Array.isArray(value)) return value.map((v) => fillDeep(v, ctx));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillDeep(v, ctx)]));
  }
  return value;
}

/** Every string inside a JSON-like value (the ones fillDeep fills), with its path: `[['items', 0, 'name'], '{{seq}}']`. */
export function stringsIn(value: unknown, path: (string | number)[] = []): [(string | number)[], string][] {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringsIn(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringsIn(v, [...path, k]));
  return [];
}

/** `['requests', 0, 'headers', 'x-n']` as `requests[0].headers.x-n`, as the schema errors name paths. */
export function formatPath(path: (string | number)[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

function lookup(vars: Record<string, unknown>, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((obj, key) => (obj && typeof obj === 'object' ? (obj as Record<string, unknown>)[key] : undefined), vars);
}
