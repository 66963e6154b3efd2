import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppFixture, type AppFixture } from '../../testing/app-fixture.ts';
import { connect } from '../../testing/ws-client.ts';
import { TokenService } from '../services/tokens.ts';
import { MAX_AMOUNT } from './payments.ts';

// Each case here once answered 500 (or slipped through a comparison): every one must now be a 4xx that names the field.
describe('hostile input', () => {
  const SECRET = 'hostile-input-test-secret';
  const OPERATOR = 'operator-token-of-the-hostile-input-test';
  const tokens = new TokenService(SECRET);
  let f: AppFixture;
  let alice: string;
  let aliceId: string;
  let bobId: string;
  let key = 0;
  let ws: string;

  beforeAll(async () => {
    f = await createAppFixture({ users: 4, payments: 40, seed: 131 }, undefined, { tokens, operatorToken: OPERATOR });
    await f.app.listen({ host: '127.0.0.1', port: 0 });
    ws = `ws://127.0.0.1:${(f.app.server.address() as { port: number }).port}/ws`;
    alice = await f.login(1);
    aliceId = await f.userId(1);
    bobId = await f.userId(2);
  });
  afterAll(() => f.close());

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const pay = (body: unknown, token = alice) =>
    f.app.inject({ method: 'POST', url: '/payments?sync=true', headers: { ...bearer(token), 'idempotency-key': `hostile-${++key}` }, payload: body as object });
  const get = (url: string, token = alice) => f.app.inject({ method: 'GET', url, headers: bearer(token) });
  const count = async (table: string) => Number((await f.pool.query(`SELECT count(*) FROM ${table}`)).rows[0].count);
  const cursorOf = (createdAt: string, id: string) => Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');

  /** A 400 whose message starts with the field it is about. */
  const expectBadField = (res: { statusCode: number; json(): { error: string; message: string } }, field: string) => {
    expect(res.statusCode, JSON.stringify(res.json())).toBe(400);
    expect(res.json().error).toBe('bad_request');
    expect(res.json().message).toMatch(new RegExp(`^${field}\\b`));
  };

  it('refuses paying yourself whatever the case of your id, and writes nothing', async () => {
    const before = await count('payments');
    for (const recipientId of [aliceId, aliceId.toUpperCase(), aliceId.replace(/[a-f]/, (c) => c.toUpperCase())]) {
      const res = await pay({ recipientId, amount: 100, currency: 'USD' });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toBe('cannot pay yourself');
    }
    expect(await count('payments')).toBe(before);
  });

  it('caps amounts at MAX_AMOUNT, cross-border too, and says the maximum', async () => {
    for (const amount of [2 ** 53 - 1, MAX_AMOUNT + 1, 1e300]) {
      for (const targetCurrency of [undefined, 'EUR']) {
        const res = await pay({ recipientId: bobId, amount, currency: 'USD', targetCurrency });
        expectBadField(res, 'amount');
        expect(res.json().message).toContain(`at most ${MAX_AMOUNT}`);
      }
    }
    // The maximum itself converts exactly; Alice simply cannot afford it.
    const atMax = await pay({ recipientId: bobId, amount: MAX_AMOUNT, currency: 'USD', targetCurrency: 'EUR' });
    expect(atMax.statusCode).toBe(422);
    expect(atMax.json().error).toBe('insufficient_funds');
  });

  it('pays an upper-cased recipient id as the same user: settled, and heard on their socket', async () => {
    const bob = connect(`${ws}?token=${await f.login(2)}`);
    try {
      await bob.next((m) => m.type === 'initial_data');
      for (const targetCurrency of [undefined, 'EUR']) {
        const res = await pay({ recipientId: bobId.toUpperCase(), amount: 250, currency: 'USD', targetCurrency });
        expect(res.statusCode, res.body).toBe(201);
        expect(res.json()).toMatchObject({ recipientId: bobId, status: 'completed' });
        const heard = await bob.next((m) => m.type === 'payment_update' && m.paymentId === res.json().id && m.status === 'completed');
        expect(heard.role).toBe('recipient');
      }
    } finally {
      bob.ws.close();
    }
  });

  it('refuses NUL characters in descriptions, emails and display names', async () => {
    expectBadField(await pay({ recipientId: bobId, amount: 1, currency: 'USD', description: 'lunch\u0000' }), 'description');
    const register = (payload: object) =>
      f.app.inject({ method: 'POST', url: '/auth/register', payload: { email: 'nul@paypass.test', password: 'long enough password', displayName: 'Nul', ...payload } });
    expectBadField(await register({ email: 'nul\u0000@paypass.test' }), 'email');
    expectBadField(await register({ displayName: 'N\u0000ul' }), 'displayName');
    expectBadField(await f.app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'user1@paypass.test\u0000', password: 'x' } }), 'email');
    // A password is hashed, never stored: any character may be in one.
    expect((await register({ email: 'nul.password@paypass.test', password: 'pass\u0000word!' })).statusCode).toBe(201);
  });

  it('refuses cursors holding impossible dates or ids', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    for (const createdAt of ['2024-02-30T00:00:00Z', '0000-01-01T00:00:00Z', '2023-02-29T00:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01T23:60:00Z', '2024-13-01T00:00:00Z']) {
      expectBadField(await get(`/payments?cursor=${cursorOf(createdAt, id)}`), 'cursor');
    }
    expectBadField(await get(`/payments?cursor=${cursorOf('2024-02-29T23:59:59.999999Z', 'ABCDEF00-0000-4000-8000-000000000000')}`), 'cursor');
    expect((await get(`/payments?cursor=${cursorOf('2024-02-29T23:59:59.999999Z', id)}`)).statusCode).toBe(200);
  });

  it('refuses ids shaped like UUIDs that are not, in params and bodies', async () => {
    const dashes = '-'.repeat(36);
    expectBadField(await get(`/payments/${dashes}`), 'id');
    expectBadField(await get(`/users/${dashes}/balances`), 'id');
    expectBadField(await get(`/payments/${'g'.repeat(8)}-0000-4000-8000-000000000000`), 'id');
    expectBadField(await pay({ recipientId: dashes, amount: 1, currency: 'USD' }), 'recipientId');
    // Well formed and absent is a miss, not an error.
    expect((await get('/payments/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('refuses analytics ranges outside the calendar', async () => {
    for (const query of ['from=0000-01-01', 'to=0000-12-31', 'from=2024-02-30', 'from=1899-12-31', 'from=2025-02-01&to=2025-01-01', 'from=2024-1-1']) {
      expectBadField(await get(`/analytics/daily?${query}`), query.includes('to=0000') ? 'to' : 'from');
    }
    expect((await get('/analytics/daily?from=2024-02-29&to=2024-02-29')).statusCode).toBe(200);
  });

  it('answers 401 for a validly signed token whose subject is not a user id or no longer a user', async () => {
    const subjects = ['not-a-uuid', aliceId.toUpperCase(), '00000000-0000-4000-8000-000000000000', ''];
    for (const subject of subjects) {
      const token = tokens.issue(subject);
      for (const res of [
        await get('/me/balances', token),
        await get('/payments', token),
        await get(`/payments/${aliceId}`, token),
        await get('/analytics/daily', token),
        await pay({ recipientId: bobId, amount: 1, currency: 'USD' }, token),
      ]) {
        expect(res.statusCode, `${subject}: ${res.body}`).toBe(401);
      }
    }
    // The same issuer's token for a real user works.
    expect((await get('/me/balances', tokens.issue(aliceId))).statusCode).toBe(200);
  });

  it('accepts a token only in its exact form', async () => {
    const [payload, signature] = alice.split('.') as [string, string];
    // The signature's 32 bytes take 43 characters; the last one carries 2 unused bits, so 4 spellings decode alike.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(signature.at(-1)!);
    const sameBytes = [1, 2, 3].map((bits) => `${payload}.${signature.slice(0, -1)}${alphabet[last ^ bits]}`);
    expect(sameBytes.every((t) => Buffer.from(t.split('.')[1]!, 'base64url').equals(Buffer.from(signature, 'base64url')))).toBe(true);
    const variants = [
      ...['!', '=', '==', '*', '%', '~', '+', '/', '\u00e9', '.', ' x'].map((s) => `${alice}${s}`),
      `${payload}=.${signature}`,
      `${payload}.${signature.slice(0, 20)}!${signature.slice(20)}`,
      ...sameBytes,
      `${payload}.${signature}.`,
    ];
    for (const variant of variants) {
      const res = await f.app.inject({ method: 'GET', url: '/me/balances', headers: { authorization: `Bearer ${variant}` } });
      expect(res.statusCode, JSON.stringify(variant)).toBe(401);
    }
    for (const header of [`Bearer  ${alice}`, `bearer ${alice}`, `Bearer\t${alice}`, `Token ${alice}`, alice]) {
      expect((await f.app.inject({ method: 'GET', url: '/me/balances', headers: { authorization: header } })).statusCode, header).toBe(401);
    }
    expect((await get('/me/balances')).statusCode).toBe(200);
    for (const variant of [`${alice}!`, sameBytes[0]!]) {
      expect((await connect(`${ws}?token=${encodeURIComponent(variant)}`).closed).code).toBe(1008);
      expect((await connect(ws, ['paypass', `bearer.${variant}`]).closed).code).toBe(1008);
    }
  });

  it('makes the analytics refresh an operator action', async () => {
    const refresh = (authorization?: string) => f.app.inject({ method: 'POST', url: '/analytics/refresh', headers: authorization ? { authorization } : {} });
    const user = await refresh(`Bearer ${alice}`);
    expect(user.statusCode).toBe(403);
    expect(user.json().message).toContain('operator');
    expect((await refresh()).statusCode).toBe(401);
    expect((await refresh(`Bearer ${OPERATOR}x`)).statusCode).toBe(401);
    expect((await refresh(`Bearer ${OPERATOR.slice(0, -1)}`)).statusCode).toBe(401);
    const operator = await refresh(`Bearer ${OPERATOR}`);
    expect(operator.statusCode).toBe(200);
    expect(operator.json().refreshed).toBe(true);
  });

  it('answers malformed, oversized, deep and mistyped bodies with 4xx', async () => {
    const raw = (payload: string, contentType: string) =>
      f.app.inject({ method: 'POST', url: '/payments', headers: { ...bearer(alice), 'idempotency-key': `raw-${++key}`, 'content-type': contentType }, payload });
    expect((await raw('{"recipientId":', 'application/json')).statusCode).toBe(400);
    expect((await raw('', 'application/json')).statusCode).toBe(400);
    const large = await raw(`{"description":"${'x'.repeat(70_000)}"}`, 'application/json');
    expect(large.statusCode).toBe(413);
    expect(large.json()).toEqual({ error: 'payload_too_large', message: 'body: must be at most 65536 bytes' });
    const form = await raw('recipientId=x', 'application/x-www-form-urlencoded');
    expect(form.statusCode).toBe(415);
    expect(form.json()).toEqual({ error: 'unsupported_media_type', message: 'content-type: must be application/json' });
    expect((await raw('{"amount":1}', 'text/plain')).statusCode).toBe(400);
    expect((await raw('{"__proto__":{"amount":1}}', 'application/json')).statusCode).toBe(400);
    const deep = `${'['.repeat(30_000)}${']'.repeat(30_000)}`;
    expect((await raw(deep, 'application/json')).statusCode).toBe(400);
    expect((await raw(`{"recipientId":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`, 'application/json')).statusCode).toBe(400);
  });
});
