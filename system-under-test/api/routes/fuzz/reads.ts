import fc from 'fast-check';
import { authSpec, authorize, type AuthSpec } from './auth-spec.ts';
import type { FuzzContext, Prepared, Response } from './fuzz-case.ts';
import { isId, isLine, isQueryInt, isRealDate } from './oracle.ts';
import { INJECTIONS } from './payments.ts';

/** Lone surrogates cannot travel in a URL (encodeURIComponent throws): sent as U+FFFD, as UTF-8 would carry them. */
const wellFormed = (s: string) => Buffer.from(s, 'utf8').toString('utf8');
const encodeCursor = (createdAt: string, id: string) => Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
const twoDigits = (n: number) => String(n).padStart(2, '0');

/** Impossible calendar dates, and dates outside 1900-9999. */
const UNREAL_DATES = fc.oneof(
  fc.constantFrom(
    '2024-02-30',
    '2023-02-29',
    '2100-02-29',
    '2024-04-31',
    '2024-13-01',
    '2024-00-10',
    '2024-01-00',
    '2024-01-32',
    '0000-01-01',
    '1899-12-31',
    '10000-01-01',
    '2024-1-1',
    '24-01-01',
  ),
  fc
    .record({ y: fc.integer({ min: 0, max: 9999 }), m: fc.integer({ min: 0, max: 19 }), d: fc.integer({ min: 0, max: 39 }) })
    .map(({ y, m, d }) => `${String(y).padStart(4, '0')}-${twoDigits(m)}-${twoDigits(d)}`),
);
const REAL_DATES = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

export type ListSpec = { auth: AuthSpec; limit: string[]; page: string[]; cursor: { kind: 'seen'; pick: number } | { kind: 'value'; value: string } | { kind: 'none' } };
export type ParamSpec = {
  auth: AuthSpec;
  route: 'payment' | 'balances';
  id: { kind: 'payment'; pick: number; upper: boolean } | { kind: 'user'; user: number; upper: boolean } | { kind: 'value'; value: string };
};
export type AnalyticsSpec = { auth: AuthSpec; from: string | undefined; to: string | undefined };
export type RefreshSpec = { auth: AuthSpec };

const queryValue = fc
  .oneof(
    { weight: 6, arbitrary: fc.integer({ min: -5, max: 130 }).map(String) },
    { weight: 1, arbitrary: fc.constantFrom('', '0x10', '1e1', ' 5', '5 ', '5.0', '+5', '-0', '007', '99999999999999999999', 'NaN', 'Infinity', ...INJECTIONS) },
    { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
  )
  .map(wellFormed);
const paramList = (presentWeight: number) =>
  fc.oneof({ weight: 6, arbitrary: fc.constant([] as string[]) }, { weight: presentWeight, arbitrary: fc.array(queryValue, { minLength: 1, maxLength: 2 }) });

export function listSpec(ctx: FuzzContext): fc.Arbitrary<ListSpec> {
  return fc.record({
    auth: authSpec(ctx.users.length, 24),
    limit: paramList(4),
    page: paramList(2),
    cursor: fc.oneof(
      { weight: 3, arbitrary: fc.constant({ kind: 'none' as const }) },
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('seen' as const), pick: fc.nat() }) },
      {
        weight: 4,
        arbitrary: fc.record({
          kind: fc.constant('value' as const),
          value: fc
            .oneof(
              fc.tuple(REAL_DATES, fc.uuid()).map(([d, id]) => encodeCursor(`${d}T12:34:56.123456Z`, id)),
              fc.tuple(UNREAL_DATES, fc.uuid()).map(([d, id]) => encodeCursor(`${d}T00:00:00Z`, id)),
              fc
                .tuple(REAL_DATES, fc.constantFrom('24:00:00', '23:60:00', '23:59:60', '1:2:3', '12:00:00.1234567'))
                .map(([d, t]) => encodeCursor(`${d}T${t}Z`, '00000000-0000-4000-8000-000000000000')),
              fc.tuple(REAL_DATES, fc.uuid()).map(([d, id]) => encodeCursor(`${d}T00:00:00Z`, id.toUpperCase().replace(/^[0-9]/, 'A'))),
              fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify(v) ?? '').toString('base64url')),
              fc.string({ maxLength: 250 }),
              fc.constantFrom(...INJECTIONS),
            )
            .map(wellFormed),
        }),
      },
    ),
  });
}

/** Whether a cursor is one the API could have handed out: a real moment and a lower-case id, read independently. */
function isCursor(raw: string): boolean {
  if (!isLine(raw, 200)) return false;
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== 'string' || typeof v[1] !== 'string') return false;
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?Z$/.exec(v[0]);
    return m !== null && isRealDate(m[1]) && Number(m[2]) < 24 && Number(m[3]) < 60 && Number(m[4]) < 60 && isId(v[1]) && v[1] === v[1].toLowerCase();
  } catch {
    return false;
  }
}

const headersOf = (header: string | undefined): Record<string, string> => (header === undefined ? {} : { authorization: header });
const query = (pairs: [string, string[]][]) => pairs.flatMap(([k, vs]) => vs.map((v) => `${k}=${encodeURIComponent(v)}`)).join('&');

export function prepareList(spec: ListSpec, ctx: FuzzContext): Prepared {
  const { header, user } = authorize(spec.auth, ctx);
  const cursor =
    spec.cursor.kind === 'none' ? [] : spec.cursor.kind === 'seen' ? (ctx.cursors.length ? [ctx.cursors[spec.cursor.pick % ctx.cursors.length]!] : []) : [spec.cursor.value];
  const request = {
    method: 'GET' as const,
    url: `/payments?${query([
      ['limit', spec.limit],
      ['page', spec.page],
      ['cursor', cursor],
    ])}`,
    headers: headersOf(header),
  };
  const expect = (allowed: number[], why: string, after?: Prepared['after']): Prepared => ({ request, allowed, why, after });
  if (user === null) return expect([401], 'not an exact token of a user');
  const single = (vs: string[]) => vs.length <= 1;
  if (!single(spec.limit) || !single(spec.page) || !single(cursor)) return expect([400], 'a parameter given twice');
  const limit = spec.limit[0];
  if (limit !== undefined && !isQueryInt(limit, 1, 100)) return expect([400], 'limit not 1..100 in digits');
  const page = spec.page[0];
  if (page !== undefined) {
    // The offset variant: a cursor is not its parameter.
    if (!isQueryInt(page, 1, 1_000_000)) return expect([400], 'page not 1..1000000 in digits');
  } else if (cursor[0] && !isCursor(cursor[0])) return expect([400], 'not a cursor the API hands out');
  const me = ctx.users[user]!.id;
  return expect([200], 'a valid page', (res: Response) => {
    const body = res.json() as { data: { senderId?: string; id: string }[]; nextCursor?: string | null };
    if (body.data.length > Number(limit ?? 20)) throw new Error(`${body.data.length} rows for limit ${limit}`);
    // Offset rows carry no senderId; they are checked against the database at the end with the rest.
    if (page === undefined && body.data.some((p) => p.senderId !== me)) throw new Error('a list holding another user’s payment');
    if (body.nextCursor) ctx.cursors.push(body.nextCursor);
  });
}

export function paramSpec(ctx: FuzzContext): fc.Arbitrary<ParamSpec> {
  return fc.record({
    auth: authSpec(ctx.users.length, 24),
    route: fc.constantFrom('payment' as const, 'balances' as const),
    id: fc.oneof(
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('payment' as const), pick: fc.nat(), upper: fc.boolean() }) },
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('user' as const), user: fc.nat({ max: ctx.users.length - 1 }), upper: fc.boolean() }) },
      {
        weight: 4,
        arbitrary: fc.record({
          kind: fc.constant('value' as const),
          value: fc
            .oneof(
              fc.uuid(),
              fc.constantFrom('-'.repeat(36), 'g'.repeat(36), '0'.repeat(32), '00000000-0000-4000-8000-00000000000', '..', '.', '%', ...INJECTIONS),
              fc.string({ maxLength: 40 }),
            )
            .map(wellFormed),
        }),
      },
    ),
  });
}

export function prepareParam(spec: ParamSpec, ctx: FuzzContext): Prepared {
  const { header, user } = authorize(spec.auth, ctx);
  const payment = ctx.payments[spec.id.kind === 'payment' ? spec.id.pick % ctx.payments.length : 0]!;
  const raw = spec.id.kind === 'payment' ? payment.id : spec.id.kind === 'user' ? ctx.users[spec.id.user]!.id : spec.id.value;
  const id = 'upper' in spec.id && spec.id.upper ? raw.toUpperCase() : raw;
  const path = encodeURIComponent(id);
  const url = spec.route === 'payment' ? `/payments/${path}` : `/users/${path}/balances`;
  const request = { method: 'GET' as const, url, headers: headersOf(header) };
  const expect = (allowed: number[], why: string, after?: Prepared['after']): Prepared => ({ request, allowed, why, after });
  // The router refuses a path parameter over Fastify's maxParamLength (100) before any route runs.
  if (path.length > 100) return expect([414], 'a path parameter over 100 characters');
  // '.' and '..' are dot segments the URL resolves away: /payments/. is /payments/ (an empty id), the others no route.
  if ((path === '.' && spec.route === 'balances') || path === '..') return expect([404], 'a dot segment: no such route');
  if (user === null) return expect([401], 'not an exact token of a user');
  if (!isId(id)) return expect([400], 'id is not a UUID');
  const me = ctx.users[user]!.id;
  const canonical = id.toLowerCase();
  if (spec.route === 'balances') {
    return canonical === me
      ? expect([200], 'one’s own balances', (res) => void (res.json().userId === me || fail('balances of someone else')))
      : expect([403], 'another user’s balances');
  }
  const known = ctx.payments.find((p) => p.id === canonical);
  if (!known || (known.senderId !== me && known.recipientId !== me)) return expect([404], 'not a payment of the caller');
  return expect([200], 'the caller’s payment', (res) => void (res.json().id === canonical || fail('another payment')));
}

export function analyticsSpec(ctx: FuzzContext): fc.Arbitrary<AnalyticsSpec> {
  const date = fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 5, arbitrary: REAL_DATES },
    { weight: 4, arbitrary: UNREAL_DATES },
    { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...INJECTIONS)).map(wellFormed) },
  );
  return fc.record({ auth: authSpec(ctx.users.length, 24), from: date, to: date });
}

export function prepareAnalytics(spec: AnalyticsSpec, ctx: FuzzContext): Prepared {
  const { header, user } = authorize(spec.auth, ctx);
  const url = `/analytics/daily?${query([
    ['from', spec.from === undefined ? [] : [spec.from]],
    ['to', spec.to === undefined ? [] : [spec.to]],
  ])}`;
  const request = { method: 'GET' as const, url, headers: headersOf(header) };
  const expect = (allowed: number[], why: string, after?: Prepared['after']): Prepared => ({ request, allowed, why, after });
  if (user === null) return expect([401], 'not an exact token of a user');
  if (spec.from !== undefined && !isRealDate(spec.from)) return expect([400], 'from is not a real date');
  if (spec.to !== undefined && !isRealDate(spec.to)) return expect([400], 'to is not a real date');
  if ((spec.from ?? '1970-01-01') > (spec.to ?? '9999-12-31')) return expect([400], 'from after to');
  return expect([200], 'a real range', (res) => void (Array.isArray(res.json().data) || fail('no data array')));
}

export const refreshSpec = (ctx: FuzzContext): fc.Arbitrary<RefreshSpec> => fc.record({ auth: authSpec(ctx.users.length, 2) });

export function prepareRefresh(spec: RefreshSpec, ctx: FuzzContext): Prepared {
  const { header, user } = authorize(spec.auth, ctx);
  const request = { method: 'POST' as const, url: '/analytics/refresh', headers: headersOf(header) };
  if (header === `Bearer ${ctx.operator}`) return { request, allowed: [200], why: 'the operator' };
  if (user !== null) return { request, allowed: [403], why: 'a user is not the operator' };
  // A token this issuer signed for a canonical id is a user's as far as the operator check goes (it does not ask
  // whether the user exists): 403. Anything else is nobody: 401.
  const signedForAnId = spec.auth.kind === 'subject' && /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/.test(spec.auth.subject);
  return { request, allowed: signedForAnId ? [403] : [401], why: 'neither the operator nor a user' };
}

function fail(message: string): never {
  throw new Error(message);
}
