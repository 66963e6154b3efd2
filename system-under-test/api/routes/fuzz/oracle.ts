/**
 * What the fuzz test expects, written apart from the code under test: these predicates restate the API's documented
 * rules (README "Input and authorization") by other means, so a schema that drifted from them is caught.
 */
export const MAX_AMOUNT = 10 ** 12;
export const CURRENCIES = ['USD', 'EUR', 'GBP'] as const;
/** The fraud check blocks a payment of this many minor units or more (DEFAULT_FRAUD_OPTIONS.blockedAmount). */
export const BLOCKED_AMOUNT = 10_000_000;

const UUID = /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i;

export const isId = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);
export const isAmount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 && v <= MAX_AMOUNT;
export const isCurrency = (v: unknown): v is string => typeof v === 'string' && (CURRENCIES as readonly string[]).includes(v);
const hasControl = (s: string) => [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
export const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max && !v.includes('\u0000');
export const isLine = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max && !hasControl(v);

/** A day that exists, by asking Date to build it and reading it back (a rolled-over Feb 30 reads back as March). */
export function isRealDate(v: unknown): v is string {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const [y, m, d] = v.split('-').map(Number) as [number, number, number];
  if (y < 1900 || y > 9999) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** `limit`, `page`: plain decimal digits within [min, max]. */
export const isQueryInt = (v: unknown, min: number, max: number): boolean => typeof v === 'string' && /^[0-9]+$/.test(v) && v.length <= 16 && Number(v) >= min && Number(v) <= max;

export const ok = (status: number) => status >= 200 && status < 300;
