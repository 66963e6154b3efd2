import fc from 'fast-check';
import { authSpec, authorize, type AuthSpec } from './auth-spec.ts';
import type { FuzzContext, Prepared } from './fuzz-case.ts';
import { isCurrency, isLine } from './oracle.ts';
import { INJECTIONS } from './payments.ts';

export type TokenSpec = { auth: AuthSpec; url: '/me/balances' | '/accounts' };
export type LoginSpec = { email: unknown; password: unknown };
export type RegisterSpec = { email: unknown; password: unknown; displayName: unknown; phoneNumber: unknown; currency: unknown };
export type RawSpec = { url: '/payments' | '/auth/login' | '/auth/register'; contentType: string | undefined; payload: string };

export const tokenSpec = (ctx: FuzzContext): fc.Arbitrary<TokenSpec> =>
  fc.record({ auth: authSpec(ctx.users.length, 3), url: fc.constantFrom('/me/balances' as const, '/accounts' as const) });

export function prepareToken(spec: TokenSpec, ctx: FuzzContext): Prepared {
  const { header, user } = authorize(spec.auth, ctx);
  const request = { method: 'GET' as const, url: spec.url, headers: header === undefined ? {} : { authorization: header } };
  if (user === null) return { request, allowed: [401], why: 'not an exact token of a user' };
  const me = ctx.users[user]!.id;
  return {
    request,
    allowed: [200],
    why: 'one’s own balances',
    after: (res) => {
      if (res.json().userId !== me) throw new Error('balances of someone else');
    },
  };
}

const MISSING = Symbol('missing');
const field = (valid: fc.Arbitrary<unknown>, invalid: fc.Arbitrary<unknown>, missing = 1) =>
  fc.oneof({ weight: 6, arbitrary: valid }, { weight: 3, arbitrary: invalid }, { weight: missing, arbitrary: fc.constant(MISSING as unknown) });
const strings = fc.oneof(fc.constantFrom(...INJECTIONS), fc.string({ maxLength: 20 }), fc.constantFrom(null, 1, true, [], {}));
const without = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== MISSING));

export function loginSpec(ctx: FuzzContext): fc.Arbitrary<LoginSpec> {
  return fc.record({
    email: field(
      fc.constantFrom(...ctx.users.map((u) => u.email), ...ctx.users.map((u) => u.email.toUpperCase()), 'nobody@paypass.test'),
      fc.oneof(strings, fc.constantFrom('a', 'ab', `${'x'.repeat(250)}@a.test`, 'user1@paypass.test\u0000')),
    ),
    password: field(fc.constantFrom(ctx.password, 'wrong password'), fc.oneof(fc.constantFrom('', 'x'.repeat(1025)), fc.constantFrom(null, 1, []))),
  });
}

export function prepareLogin(spec: LoginSpec, ctx: FuzzContext): Prepared {
  const body = without(spec);
  const request = { method: 'POST' as const, url: '/auth/login', payload: body };
  const { email, password } = body;
  if (!isLine(email, 254) || email.length < 3) return { request, allowed: [400], why: 'email not one line of 3..254 characters' };
  if (typeof password !== 'string' || password.length < 1 || password.length > 1024) return { request, allowed: [400], why: 'password not 1..1024 characters' };
  // E-mail addresses compare without regard to case.
  const known = ctx.users.some((u) => u.email.toLowerCase() === email.toLowerCase());
  return { request, allowed: [known && password === ctx.password ? 200 : 401], why: 'credentials' };
}

export function registerSpec(ctx: FuzzContext): fc.Arbitrary<RegisterSpec> {
  return fc.record({
    email: field(
      fc.oneof({ weight: 4, arbitrary: fc.constant('fresh') }, { weight: 1, arbitrary: fc.constantFrom(...ctx.users.map((u) => u.email)) }),
      fc.oneof(strings, fc.constantFrom('plainaddress', '@paypass.test', 'user@', 'us er@paypass.test', 'nul\u0000@paypass.test', `${'x'.repeat(250)}@a.test`)),
    ),
    password: field(fc.constantFrom('correct horse battery', '12345678'), fc.oneof(fc.constantFrom('', 'short', 'x'.repeat(1025)), fc.constantFrom(null, 1))),
    displayName: field(
      fc.oneof(
        fc.constantFrom('Ada', ' Grace Hopper ', 'Zoë 🙂', "O'Brien; DROP TABLE users"),
        fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim().length > 0 && isLine(s, 100)),
      ),
      fc.oneof(fc.constantFrom('', '   ', 'N\u0000ul', 'Tab\there', 'x'.repeat(101)), fc.constantFrom(null, 7)),
    ),
    phoneNumber: fc.oneof(
      { weight: 4, arbitrary: fc.constant(MISSING as unknown) },
      { weight: 1, arbitrary: fc.constantFrom('+4915112345678', '0123456', '12345', '+1 555 0100', '\u0000123456', 42) },
    ),
    currency: fc.oneof({ weight: 3, arbitrary: fc.constant(MISSING as unknown) }, { weight: 2, arbitrary: fc.constantFrom('USD', 'EUR', 'GBP', 'usd', 'XYZ', '', null) }),
  });
}

export function prepareRegister(spec: RegisterSpec, ctx: FuzzContext): Prepared {
  const body = without({ ...spec, email: spec.email === 'fresh' ? `fuzz-${ctx.serial.next++}@paypass.test` : spec.email });
  const request = { method: 'POST' as const, url: '/auth/register', payload: body };
  const bad = (why: string): Prepared => ({ request, allowed: [400], why });
  const { email, password, displayName, phoneNumber, currency } = body;
  // Only the generator's own well-formed addresses are expected to pass as e-mail; its malformed ones are not addresses.
  const wellFormed = typeof email === 'string' && /^[a-z0-9.+-]+@paypass\.test$/i.test(email);
  if (!wellFormed) return bad('not an e-mail address');
  if (typeof password !== 'string' || password.length < 8 || password.length > 1024) return bad('password not 8..1024 characters');
  if (!isLine(displayName, 100) || displayName.trim().length === 0) return bad('displayName not one line of 1..100 characters');
  if (phoneNumber !== undefined && (typeof phoneNumber !== 'string' || !/^\+?[0-9]{6,15}$/.test(phoneNumber))) return bad('phoneNumber not 6..15 digits');
  if (currency !== undefined && !isCurrency(currency)) return bad('unknown currency');
  const taken = ctx.users.some((u) => u.email.toLowerCase() === email.toLowerCase());
  return { request, allowed: [taken ? 409 : 201], why: taken ? 'e-mail taken' : 'a new user' };
}

export function rawSpec(): fc.Arbitrary<RawSpec> {
  const deepArray = fc.integer({ min: 1, max: 30_000 }).map((d) => '['.repeat(d) + ']'.repeat(d));
  const deepObject = fc.integer({ min: 1, max: 10_000 }).map((d) => '{"a":'.repeat(d) + '1' + '}'.repeat(d));
  return fc.record({
    url: fc.constantFrom('/payments' as const, '/auth/login' as const, '/auth/register' as const),
    contentType: fc.constantFrom(
      'application/json',
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/octet-stream',
      'image/png',
      undefined,
    ),
    payload: fc.oneof(
      deepArray,
      deepObject,
      deepObject.map((d) => `{"recipientId":${d},"amount":1,"currency":"USD"}`),
      fc.integer({ min: 60_000, max: 200_000 }).map((n) => `{"description":"${'x'.repeat(n)}"}`),
      fc.constantFrom(
        '',
        '{',
        '{"amount":',
        'null',
        '[]',
        '"x"',
        '1',
        'true',
        '{"__proto__":{"admin":true}}',
        '{"constructor":{"prototype":{"admin":true}}}',
        '\u0000',
        '{"a":1}garbage',
        "{'a':1}",
      ),
      fc.string({ maxLength: 100 }),
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
    ),
  });
}

/** Bodies no route accepts as a request: every one of them is a 4xx, never a 5xx. */
export function prepareRaw(spec: RawSpec, ctx: FuzzContext): Prepared {
  const headers: Record<string, string> = { 'idempotency-key': `raw-${ctx.serial.next++}` };
  if (spec.url === '/payments') headers.authorization = `Bearer ${ctx.users[0]!.token}`;
  if (spec.contentType !== undefined) headers['content-type'] = spec.contentType;
  const request = { method: 'POST' as const, url: spec.url, headers, payload: spec.payload };
  const type = spec.contentType?.split(';')[0]!.trim();
  if (spec.payload.length === 0 && type === undefined) return { request, allowed: [400], why: 'no body' };
  if (type !== 'application/json' && type !== 'text/plain') return { request, allowed: [415], why: 'content type other than JSON' };
  if (Buffer.byteLength(spec.payload) > 64 * 1024) return { request, allowed: [413], why: 'body over 64 KiB' };
  // None of these is a valid request to any of the three routes: a syntax error, a non-object, a poisoned
  // prototype, a deep value where a string belongs, fields missing (or, for login, an e-mail of the wrong shape).
  return { request, allowed: [400, ...(spec.url === '/auth/login' ? [401] : [])], why: 'not a request body' };
}
