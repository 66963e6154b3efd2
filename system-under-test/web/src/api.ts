/** PayPass API client (same origin). Amounts travel in minor units (cents). */
// Type-only: the API's own response shape, so the client cannot drift from it (erased from the bundle).
import type { PaymentView } from '../../api/services/payment-view.ts';

export interface Session {
  token: string;
  email: string;
  name?: string;
}

export type Payment = PaymentView;

export interface Balance {
  amount: number;
  currency: string;
}

export interface NewPayment {
  recipientId: string;
  amount: number;
  currency: string;
  description?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const SESSION_KEY = 'paypass.session';

export function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(SESSION_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session) sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(SESSION_KEY);
}

async function request<T>(method: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), signal: opts.signal });
  const text = await res.text();
  const data = text ? safeJson(text) : undefined;
  if (!res.ok) {
    const body = data && typeof data === 'object' ? (data as { message?: unknown }) : {};
    const message = typeof body.message === 'string' && body.message ? body.message : `${res.status} ${res.statusText}`;
    throw new ApiError(res.status, message);
  }
  return data as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function login(email: string, password: string): Promise<Session> {
  const data = await request<{ token: string; user?: { name?: string; email?: string } }>('POST', '/auth/login', { body: { email, password } });
  return { token: data.token, email: data.user?.email ?? email, name: data.user?.name };
}

/** `GET /payments?limit=&cursor=` answers `{ data, hasMore, nextCursor }`; the API caps `limit` at 100. */
export async function listPayments(token: string, limit: number, signal?: AbortSignal): Promise<Payment[]> {
  const out: Payment[] = [];
  let cursor: string | null = null;
  do {
    const pageSize = Math.min(100, limit - out.length);
    const qs: string = `limit=${pageSize}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: unknown = await request<unknown>('GET', `/payments?${qs}`, { token, signal });
    if (Array.isArray(page)) return out.concat(page as Payment[]).slice(0, limit);
    const rec = (page ?? {}) as { data?: Payment[]; items?: Payment[]; nextCursor?: string | null };
    out.push(...(rec.data ?? rec.items ?? []));
    cursor = rec.nextCursor ?? null;
  } while (cursor && out.length < limit);
  return out;
}

/** The caller's balances: `{ userId, balances: [{ currency, balance }] }` (balance in minor units). */
export const BALANCE_PATH = '/me/balances';

export async function getBalances(token: string, signal?: AbortSignal): Promise<Balance[]> {
  const data = await request<unknown>('GET', BALANCE_PATH, { token, signal });
  const rec = (data ?? {}) as Record<string, unknown>;
  const list = Array.isArray(data) ? data : Array.isArray(rec.accounts) ? rec.accounts : Array.isArray(rec.balances) ? rec.balances : [rec];
  return (list as Record<string, unknown>[])
    .filter((a) => typeof a.balance === 'number' || typeof a.amount === 'number')
    .map((a) => ({ amount: Number(a.balance ?? a.amount), currency: String(a.currency ?? 'USD') }));
}

export async function sendPayment(token: string, payment: NewPayment, idempotencyKey: string): Promise<Payment> {
  return request<Payment>('POST', '/payments', { token, body: payment, headers: { 'idempotency-key': idempotencyKey } });
}

export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Not a secure context (plain http on a LAN address): build a v4 UUID by hand.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const formatters = new Map<string, Intl.NumberFormat>();

export function formatMoney(minor: number, currency: string): string {
  let f = formatters.get(currency);
  if (!f) {
    f = new Intl.NumberFormat(undefined, { style: 'currency', currency });
    formatters.set(currency, f);
  }
  return f.format(minor / 100);
}
