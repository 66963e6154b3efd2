import fc from 'fast-check';
import { authSpec, authorize, type AuthSpec } from './auth-spec.ts';
import type { FuzzContext, Prepared } from './fuzz-case.ts';
import { BLOCKED_AMOUNT, MAX_AMOUNT, isAmount, isCurrency, isId, isLine, isText } from './oracle.ts';

/** Strings an attacker tries in any text field. */
export const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE payments; --",
  '"); SELECT pg_sleep(10); --',
  '$1',
  '%s%s%s%n',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '${process.exit()}',
  '../../etc/passwd',
  '\u0000',
  'a\u0000b',
  '\r\nX-Injected: 1',
  '\ud800',
  '\u202e\u0041',
  '🙂'.repeat(3),
  'x'.repeat(501),
  '__proto__',
  'constructor',
];

const JSON_ANY = fc.jsonValue({ maxDepth: 3 });
const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/** Who gets paid: a seeded user by index (in some case), the sender themself, nobody, or something that is no id. */
type Recipient =
  | { kind: 'user'; user: number; casing: 'lower' | 'upper' | 'mixed' }
  | { kind: 'self'; casing: 'lower' | 'upper' | 'mixed' }
  | { kind: 'unknown'; id: string }
  | { kind: 'value'; value: unknown }
  | { kind: 'missing' };

export interface PaymentSpec {
  auth: AuthSpec;
  key: { kind: 'fresh' } | { kind: 'value'; value: string | undefined } | { kind: 'reuse'; pick: number; same: boolean };
  sync: readonly string[];
  contentType: string | undefined;
  recipient: Recipient;
  amount: unknown;
  currency: unknown;
  targetCurrency: unknown;
  description: unknown;
  extra: Record<string, unknown>;
}

const casing = fc.constantFrom('lower' as const, 'upper' as const, 'mixed' as const);
const recase = (id: string, how: 'lower' | 'upper' | 'mixed') =>
  how === 'lower' ? id : how === 'upper' ? id.toUpperCase() : id.replace(/[a-f]/g, (c, i: number) => (i % 2 ? c.toUpperCase() : c));
const MISSING = Symbol('missing');
const optional = <T>(arb: fc.Arbitrary<T>, missingWeight = 1, presentWeight = 6) =>
  fc.oneof({ weight: missingWeight, arbitrary: fc.constant(MISSING as unknown) }, { weight: presentWeight, arbitrary: arb as fc.Arbitrary<unknown> });

export function paymentSpec(ctx: FuzzContext): fc.Arbitrary<PaymentSpec> {
  const users = ctx.users.length;
  return fc.record({
    auth: authSpec(users, 40),
    key: fc.oneof(
      { weight: 14, arbitrary: fc.constant({ kind: 'fresh' as const }) },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('value' as const),
          value: fc.oneof(
            fc.constant(undefined),
            fc.constant(''),
            fc.constant('k'.repeat(256)),
            fc.string({ unit: fc.integer({ min: 0, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 20 }),
          ),
        }),
      },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('reuse' as const), pick: fc.nat(), same: fc.boolean() }) },
    ),
    sync: fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom<readonly string[]>(['true'], ['1']) },
      { weight: 1, arbitrary: fc.array(fc.constantFrom('true', 'yes', 'TRUE', '', '2', 'false '), { minLength: 1, maxLength: 2 }) },
    ),
    contentType: fc.oneof(
      { weight: 20, arbitrary: fc.constant('application/json') },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          'application/json; charset=utf-8',
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/xml',
          'multipart/form-data; boundary=x',
          undefined,
        ),
      },
    ),
    recipient: fc.oneof(
      { weight: 14, arbitrary: fc.record({ kind: fc.constant('user' as const), user: fc.nat({ max: users - 1 }), casing }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('self' as const), casing }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('unknown' as const), id: fc.uuid() }) },
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constant('value' as const),
          value: fc.oneof(
            fc.constantFrom('-'.repeat(36), '00000000-0000-0000-0000-00000000000g', '{00000000-0000-4000-8000-000000000000}', '', ...INJECTIONS),
            fc.string({ maxLength: 40 }),
            JSON_ANY,
          ),
        }),
      },
      { weight: 1, arbitrary: fc.constant({ kind: 'missing' as const }) },
    ),
    amount: optional(
      fc.oneof(
        { weight: 10, arbitrary: fc.integer({ min: 1, max: 5_000 }) },
        { weight: 2, arbitrary: fc.integer({ min: 1, max: 6_000_000 }) },
        { weight: 1, arbitrary: fc.constantFrom(0, -0, -1, -5_000, 0.5, 10.5, 1e-7, MAX_AMOUNT, MAX_AMOUNT + 1, 2 ** 53 - 1, 2 ** 53, 1e21, 1e300, -1e300) },
        { weight: 1, arbitrary: fc.double({ noNaN: false }) },
        { weight: 1, arbitrary: fc.oneof(fc.constantFrom('10', '1e3', '0x10', 'NaN', null, true, [], {}), fc.string({ maxLength: 10 })) },
      ),
      1,
      30,
    ),
    currency: optional(
      fc.oneof(
        { weight: 12, arbitrary: fc.constantFrom('USD', 'EUR', 'GBP') },
        { weight: 1, arbitrary: fc.oneof(fc.constantFrom('usd', 'XXX', 'US', 'USDD', '', 1, null, "USD'--"), fc.string({ maxLength: 4 })) },
      ),
      1,
      30,
    ),
    targetCurrency: optional(fc.oneof({ weight: 6, arbitrary: fc.constantFrom('USD', 'EUR', 'GBP') }, { weight: 1, arbitrary: fc.constantFrom('eur', 'JPY', '', null, 0) }), 4, 1),
    description: optional(
      fc.oneof(fc.constantFrom(...INJECTIONS), fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom(null, 5, ['x'])),
      3,
      1,
    ),
    extra: fc.oneof(
      { weight: 12, arbitrary: fc.constant({}) },
      { weight: 1, arbitrary: fc.record({ senderId: fc.nat({ max: users - 1 }).map((i) => ctx.users[i]!.id) }) },
      { weight: 1, arbitrary: fc.record({ meta: fc.integer({ min: 1, max: 4_000 }).map((d) => ({ deep: deep(d) })) }) },
      { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), JSON_ANY, { maxKeys: 3 }) },
    ),
  });
}

/** The body a spec sends, before JSON (fields left out where missing). */
function bodyOf(spec: PaymentSpec, ctx: FuzzContext, sender: number): Record<string, unknown> {
  const body: Record<string, unknown> = { ...spec.extra };
  const r = spec.recipient;
  if (r.kind === 'user') body.recipientId = recase(ctx.users[r.user]!.id, r.casing);
  else if (r.kind === 'self') body.recipientId = recase(ctx.users[sender]!.id, r.casing);
  else if (r.kind === 'unknown') body.recipientId = r.id;
  else if (r.kind === 'value') body.recipientId = r.value;
  for (const field of ['amount', 'currency', 'targetCurrency', 'description'] as const) if (spec[field] !== MISSING) body[field] = spec[field];
  return body;
}

/** JSON text of a body; `{ deep: "[[[…]]]" }` placeholders become that many nested arrays. */
function rawJson(body: Record<string, unknown>): string {
  return JSON.stringify(body).replace(/\{"deep":"(\[+\]+)"\}/g, '$1');
}

/** Fees the simulated FX providers may charge at most: a flat 50 or 40 basis points (rounded up). */
const maxFee = (amount: number) => BigInt(Math.max(50, Math.ceil((amount * 40) / 10_000)));

export function preparePayment(spec: PaymentSpec, ctx: FuzzContext): Prepared {
  const { header, user } = authorize(spec.auth, ctx);
  const sender = user ?? 0;
  const senderId = ctx.users[sender]!.id;
  let body = bodyOf(spec, ctx, sender);
  const reusable = [...ctx.model.keys.entries()].filter(([k]) => k.startsWith(`${senderId}|`));
  let key: string | undefined;
  if (spec.key.kind === 'fresh' || (spec.key.kind === 'reuse' && reusable.length === 0)) key = `fuzz-${ctx.serial.next++}`;
  else if (spec.key.kind === 'value') key = spec.key.value;
  else {
    const [k, stored] = reusable[spec.key.pick % reusable.length]!;
    key = k.slice(senderId.length + 1);
    // The same request again (its recipient id in capitals: still the same request), or another amount.
    body = spec.key.same ? { ...stored.sent, recipientId: String(stored.sent.recipientId).toUpperCase() } : { ...stored.sent, amount: Number(stored.sent.amount) + 1 };
  }
  const payload = rawJson(body);
  const headers: Record<string, string> = {};
  if (header !== undefined) headers.authorization = header;
  if (key !== undefined) headers['idempotency-key'] = key;
  if (spec.contentType !== undefined) headers['content-type'] = spec.contentType;
  const query = spec.sync.map((s) => `sync=${encodeURIComponent(s)}`).join('&');
  const request = { method: 'POST' as const, url: `/payments?${query}`, headers, payload };
  const expect = (allowed: number[], why: string, after?: Prepared['after']): Prepared => ({ request, allowed, why, after });

  if (user === null) return expect([401], 'not an exact token of a user');
  const type = spec.contentType?.split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && type !== 'text/plain') return expect([415], 'content type other than JSON');
  if (Buffer.byteLength(payload) > 64 * 1024) return expect([413], 'body over 64 KiB');
  if (type === 'application/json' && /"__proto__"\s*:/.test(payload)) return expect([400], 'a __proto__ key (prototype poisoning)');
  if (key === undefined || key.length === 0 || !isLine(key, 255)) return expect([400], 'Idempotency-Key missing, too long or with control characters');
  if (spec.sync.length !== 1 || !['true', '1'].includes(spec.sync[0]!)) return expect([400], 'sync is not one of true, 1, false, 0');
  if (type === 'text/plain') return expect([400], 'a text body is not an object');
  const sent = JSON.parse(payload) as Record<string, unknown>;
  const { recipientId, amount, currency, targetCurrency, description } = sent;
  if (!isId(recipientId)) return expect([400], 'recipientId is not a UUID');
  if (!isAmount(amount)) return expect([400], 'amount is not a whole number in 1..10^12');
  if (!isCurrency(currency)) return expect([400], 'unknown currency');
  if (targetCurrency !== undefined && !isCurrency(targetCurrency)) return expect([400], 'unknown target currency');
  if (description !== undefined && !isText(description, 500)) return expect([400], 'description not text of at most 500 characters without NUL');
  const recipient = recipientId.toLowerCase();
  if (recipient === senderId) return expect([400], 'paying yourself');

  const canonical = JSON.stringify({ recipientId: recipient, amount, currency, targetCurrency: targetCurrency ?? null, description: description ?? null });
  const stored = ctx.model.keys.get(`${senderId}|${key}`);
  if (stored) {
    if (stored.body !== canonical) return expect([409], 'key reused with another body');
    return expect([stored.status], 'a retry replays the first answer', (res) => {
      if (res.headers['idempotent-replayed'] !== 'true') throw new Error('a replay without Idempotent-Replayed: true');
    });
  }
  const crossBorder = targetCurrency !== undefined && targetCurrency !== currency;
  const recipientUser = ctx.users.findIndex((u) => u.id === recipient);
  if (recipientUser < 0) return expect([404], 'no such recipient');
  const balance = ctx.model.balance(senderId, currency);
  const remember = (status: number) => ctx.model.keys.set(`${senderId}|${key}`, { body: canonical, status, sent });
  const onAccepted = (res: Parameters<NonNullable<Prepared['after']>>[0]) => {
    if (res.statusCode !== 201 && res.statusCode !== 422) return;
    if (res.statusCode === 422 && res.json().error !== 'payment_failed') return;
    remember(res.statusCode);
    if (res.statusCode !== 201) return;
    const p = res.json() as { senderId: string; recipientId: string; amount: number; status: string; fx?: { fee: number; convertedAmount: number; targetCurrency: string } };
    if (p.senderId !== senderId || p.recipientId !== recipient || p.amount !== amount || p.status !== 'completed') throw new Error(`unexpected payment ${JSON.stringify(p)}`);
    if (crossBorder) {
      if (!p.fx || p.fx.targetCurrency !== targetCurrency) throw new Error(`cross-border payment without its quote: ${res.body}`);
      const debit = BigInt(amount) + BigInt(p.fx.fee);
      if (debit > balance) throw new Error(`debited ${debit} of a balance of ${balance}`);
      ctx.model.move(senderId, currency, -debit);
      ctx.model.move(recipient, targetCurrency as string, BigInt(p.fx.convertedAmount));
    } else {
      ctx.model.move(senderId, currency, -BigInt(amount));
      ctx.model.move(recipient, currency, BigInt(amount));
    }
    ctx.model.moved++;
  };
  const settled = amount >= BLOCKED_AMOUNT ? 422 : 201;
  if (BigInt(amount) > balance) return expect([422], 'more than the balance');
  if (crossBorder) {
    // The fee is the chosen provider's: between nothing and maxFee. Converting 1 minor unit may give 0 (a 400).
    const allowed = BigInt(amount) + maxFee(amount) <= balance ? [settled] : [settled, 422];
    return expect(amount < 100 ? [...allowed, 400] : allowed, 'cross-border, affordable unless the fee tips it', onAccepted);
  }
  return expect([settled], 'a valid payment', onAccepted);
}
