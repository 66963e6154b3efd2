import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppFixture, type AppFixture } from '../../testing/app-fixture.ts';
import { connect, type TestSocket } from '../../testing/ws-client.ts';
import { TokenService } from '../services/tokens.ts';

/** "METHOD /path" for every route the app serves (HEAD left out: Fastify adds it to every GET). */
function servedRoutes(app: FastifyInstance): string[] {
  const routes: string[] = [];
  const parents: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+) \(([A-Z, ]+)\)$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    parents.length = depth;
    const path = `${parents.join('')}${m[2]}`;
    parents.push(m[2]!);
    for (const method of m[3]!.split(', ')) if (method !== 'HEAD') routes.push(`${method} ${path}`);
  }
  return routes.sort();
}

describe('authorization across every route', () => {
  const SECRET = 'authorization-test-secret';
  const OPERATOR = 'authorization-test-operator-token';
  const tokens = new TokenService(SECRET);
  let f: AppFixture;
  let ws: string;
  const user: { token: string; id: string }[] = [];
  let key = 0;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    f = await createAppFixture({ users: 5, payments: 150, seed: 151 }, undefined, { tokens, operatorToken: OPERATOR });
    await f.app.listen({ host: '127.0.0.1', port: 0 });
    ws = `ws://127.0.0.1:${(f.app.server.address() as { port: number }).port}/ws`;
    for (let n = 1; n <= 5; n++) user.push({ token: await f.login(n), id: await f.userId(n) });
  });
  afterAll(async () => {
    for (const s of sockets) s.ws.close();
    await f.close();
  });

  const [ALICE, BOB, CAROL, DAVE] = [0, 1, 2, 3];
  const as = (who: number | string, method: 'GET' | 'POST', url: string, payload?: object, headers: Record<string, string> = {}) =>
    f.app.inject({ method, url, payload, headers: { authorization: `Bearer ${typeof who === 'string' ? who : user[who]!.token}`, ...headers } });
  const pay = (who: number, body: object, idempotencyKey = `authz-${++key}`) => as(who, 'POST', '/payments?sync=true', body, { 'idempotency-key': idempotencyKey });
  const balance = async (who: number, currency = 'USD') =>
    BigInt((await f.pool.query<{ balance: string }>('SELECT balance FROM accounts WHERE user_id = $1 AND currency = $2', [user[who]!.id, currency])).rows[0]?.balance ?? 0);
  const open = (url: string, protocols?: string[]) => {
    const s = connect(url, protocols);
    sockets.push(s);
    return s;
  };

  // Every route the app serves, with a request that exercises it as somebody; public ones say why.
  const PUBLIC = ['GET /health', 'GET /metrics', 'POST /auth/login', 'POST /auth/register'];
  const protectedRequests = (): [string, 'GET' | 'POST', string, object?][] => [
    ['GET /me/balances', 'GET', '/me/balances'],
    ['GET /accounts', 'GET', '/accounts'],
    ['GET /users/:id/balances', 'GET', `/users/${user[ALICE]!.id}/balances`],
    ['GET /payments', 'GET', '/payments'],
    ['GET /payments/:id', 'GET', `/payments/${user[ALICE]!.id}`],
    ['POST /payments', 'POST', '/payments', { recipientId: user[BOB]!.id, amount: 1, currency: 'USD' }],
    ['GET /analytics/daily', 'GET', '/analytics/daily'],
    ['POST /analytics/refresh', 'POST', '/analytics/refresh'],
  ];

  it('knows every route: each one is public, protected below, or the socket', () => {
    const known = [...PUBLIC, ...protectedRequests().map(([route]) => route), 'GET /ws'].sort();
    expect(servedRoutes(f.app)).toEqual(known);
  });

  it('answers 401 on every protected route without a token or with a forged, tampered, expired or foreign one', async () => {
    const alice = user[ALICE]!;
    const [payload, signature] = alice.token.split('.') as [string, string];
    const bad = [
      '',
      'forged.token',
      `${payload}.${'A'.repeat(43)}`,
      `${alice.token}!`,
      `${alice.token}=`,
      `${payload}.${signature.slice(0, -1)}${signature.at(-1) === 'A' ? 'B' : 'A'}`,
      tokens.issue(alice.id, Date.now() - 2 * 3600_000),
      new TokenService('another issuer').issue(alice.id),
      tokens.issue(alice.id.toUpperCase()),
      `x${OPERATOR.slice(1)}`,
    ];
    for (const [route, method, url, body] of protectedRequests()) {
      for (const token of bad) {
        const headers = token ? { authorization: `Bearer ${token}`, 'idempotency-key': `k-${++key}` } : { 'idempotency-key': `k-${++key}` };
        const res = await f.app.inject({ method, url, payload: body, headers });
        expect(res.statusCode, `${route} with ${JSON.stringify(token)}`).toBe(401);
      }
    }
    // The operator token is not a user's token.
    for (const [route, method, url, body] of protectedRequests().filter(([r]) => r !== 'POST /analytics/refresh')) {
      expect((await as(OPERATOR, method, url, body, { 'idempotency-key': `k-${++key}` })).statusCode, route).toBe(401);
    }
  });

  it('keeps balances private, whatever the case of the id', async () => {
    const alice = user[ALICE]!;
    for (const other of [BOB, CAROL, DAVE]) {
      for (const id of [user[other]!.id, user[other]!.id.toUpperCase()]) {
        const res = await as(ALICE, 'GET', `/users/${id}/balances`);
        expect(res.statusCode).toBe(403);
        expect(res.body).not.toContain('balance"');
      }
    }
    const own = await as(ALICE, 'GET', `/users/${alice.id.toUpperCase()}/balances`);
    expect(own.statusCode).toBe(200);
    expect(own.json().userId).toBe(alice.id);
    for (const url of ['/me/balances', '/accounts']) expect((await as(ALICE, 'GET', url)).json().userId).toBe(alice.id);
  });

  it('lets only the sender and the recipient read a payment, and lists only the caller’s own', async () => {
    const created = await pay(BOB, { recipientId: user[CAROL]!.id, amount: 321, currency: 'USD' });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    for (const who of [ALICE, DAVE]) {
      for (const ref of [id, id.toUpperCase()]) expect((await as(who, 'GET', `/payments/${ref}`)).statusCode).toBe(404);
    }
    for (const who of [BOB, CAROL]) expect((await as(who, 'GET', `/payments/${id.toUpperCase()}`)).json().id).toBe(id);

    // Every page of Alice's list, by cursor and by offset: her own sent payments and nothing else.
    const mine = (await f.pool.query<{ id: string }>('SELECT id FROM payments WHERE sender_id = $1', [user[ALICE]!.id])).rows.map((r) => r.id).sort();
    expect(mine.length).toBeGreaterThan(10);
    const seen: { id: string; senderId: string }[] = [];
    let cursor = '';
    for (let page = 0; page < 100; page++) {
      const body = (await as(ALICE, 'GET', `/payments?limit=7&cursor=${cursor}`)).json();
      seen.push(...body.data);
      if (!body.hasMore) break;
      cursor = body.nextCursor;
    }
    expect(seen.every((p) => p.senderId === user[ALICE]!.id)).toBe(true);
    expect(seen.map((p) => p.id).sort()).toEqual(mine);
    const offset = (await as(ALICE, 'GET', `/payments?page=1&limit=100`)).json().data.map((p: { id: string }) => p.id);
    expect([...offset].sort()).toEqual(mine);
    // A cursor made from Bob's payment positions Alice's list; it does not make it Bob's.
    const row = (await f.pool.query<{ at: string }>(`SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at FROM payments WHERE id = $1`, [id]))
      .rows[0]!;
    const foreign = Buffer.from(JSON.stringify([row.at, id])).toString('base64url');
    const page = await as(ALICE, 'GET', `/payments?cursor=${foreign}&limit=100`);
    expect(page.statusCode).toBe(200);
    expect(page.json().data.every((p: { senderId: string }) => p.senderId === user[ALICE]!.id)).toBe(true);
  });

  it('moves only the caller’s money: a sender in the body is ignored, idempotency keys are per user', async () => {
    const [alice0, bob0, carol0] = [await balance(ALICE), await balance(BOB), await balance(CAROL)];
    const asBob = await pay(ALICE, { senderId: user[BOB]!.id, recipientId: user[CAROL]!.id, amount: 40, currency: 'USD' });
    expect(asBob.statusCode).toBe(201);
    expect(asBob.json().senderId).toBe(user[ALICE]!.id);
    // Bob pays with a key; Alice sends the same key and body: her own new payment, not a replay of Bob's.
    const body = { recipientId: user[DAVE]!.id, amount: 7, currency: 'USD' };
    const bobs = await pay(BOB, body, 'shared-key');
    const alices = await pay(ALICE, body, 'shared-key');
    expect(bobs.statusCode).toBe(201);
    expect(alices.statusCode).toBe(201);
    expect(alices.headers['idempotent-replayed']).toBeUndefined();
    expect(alices.json().id).not.toBe(bobs.json().id);
    expect(alices.json().senderId).toBe(user[ALICE]!.id);
    expect(await balance(ALICE)).toBe(alice0 - 47n);
    expect(await balance(BOB)).toBe(bob0 - 7n);
    expect(await balance(CAROL)).toBe(carol0 + 40n);
  });

  it('sends socket events to the sender and the recipient only; a socket opens only with an exact token', async () => {
    const dave = open(`${ws}?token=${user[DAVE]!.token}`);
    const bob = open(ws, ['paypass', `bearer.${user[BOB]!.token}`]);
    const initial = (await dave.next((m) => m.type === 'initial_data')) as unknown as { recentTransactions: { senderId: string; recipientId: string }[] };
    expect(initial.recentTransactions.every((t) => t.senderId === user[DAVE]!.id || t.recipientId === user[DAVE]!.id)).toBe(true);
    await bob.next((m) => m.type === 'initial_data');
    const res = await pay(ALICE, { recipientId: user[BOB]!.id.toUpperCase(), amount: 11, currency: 'USD' });
    expect(res.statusCode).toBe(201);
    await bob.next((m) => m.type === 'payment_update' && m.paymentId === res.json().id && m.status === 'completed');
    // Dave's socket is open and heard his snapshot; a later event of his own proves it still listens.
    const own = await pay(CAROL, { recipientId: user[DAVE]!.id, amount: 3, currency: 'USD' });
    await dave.next((m) => m.type === 'payment_update' && m.paymentId === own.json().id && m.status === 'completed');
    expect(dave.messages.filter((m) => m.type === 'payment_update' && m.paymentId === res.json().id)).toEqual([]);

    const alice = user[ALICE]!.token;
    for (const token of [`${alice}!`, `${alice}%20`, tokens.issue(user[ALICE]!.id, Date.now() - 2 * 3600_000), tokens.issue(user[DAVE]!.id.toUpperCase())]) {
      expect((await open(`${ws}?token=${encodeURIComponent(token)}`).closed).code, token).toBe(1008);
    }
  });

  it('makes the analytics refresh an operator action', async () => {
    for (const who of [ALICE, BOB, CAROL, DAVE]) expect((await as(who, 'POST', '/analytics/refresh')).statusCode).toBe(403);
    expect((await f.app.inject({ method: 'POST', url: '/analytics/refresh' })).statusCode).toBe(401);
    expect((await as(OPERATOR, 'POST', '/analytics/refresh')).json().refreshed).toBe(true);
  });
});
