import type { RequestContext } from './scenario.ts';

const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;

/** Replaces {{uuid}}, {{seq}} and {{vars.a.b}} in a string. Unknown names are left as they are. */
export function fillTemplate(text: string, ctx: RequestContext): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    if (name === 'uuid') return ctx.uuid;
    if (name === 'seq') return String(ctx.seq);
    if (name.startsWith('vars.')) {
      const value = name
        .slice(5)
        .split('.')
        .reduce<unknown>((obj, key) => (obj && typeof obj === 'object' ? (obj as Record<string, unknown>)[key] : undefined), ctx.vars);
      return value === undefined ? whole : String(value);
    }
    return whole;
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
