import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppFixture, type AppFixture } from '../../testing/app-fixture.ts';
import { connect, type TestSocket } from '../../testing/ws-client.ts';
import { TokenService } from '../services/tokens.ts';

const SECRET_OF_FIXTURE = 'ws-test-secret';

describe('WebSocket /ws (embedded: in-process fan-out)', () => {
  let f: AppFixture;
  let base: string;
  const tokens: string[] = [];
  const ids: string[] = [];
  const open: TestSocket[] = [];
  beforeAll(async () => {
    f = await createAppFixture({ users: 5, payments: 60, seed: 71 }, undefined, { tokens: new TokenService(SECRET_OF_FIXTURE) });
    await f.app.listen({ host: '127.0.0.1', port: 0 });
    base = `ws://127.0.0.1:${(f.app.server.address() as { port: number }).port}/ws`;
    for (let n = 1; n <= 5; n++) {
      tokens.push(await f.login(n));
      ids.push(await f.userId(n));
    }
  });
  afterAll(async () => {
    for (const s of open) s.ws.close();
    await f.close();
  });
  const client = (i: number, how: 'query' | 'protocol' = 'query') => {
    const s = how === 'query' ? connect(`${base}?token=${tokens[i]}`) : connect(base, ['paypass', `bearer.${tokens[i]}`]);
    open.push(s);
    return s;
  };
  const isInitial = (m: { type: string }) => m.type === 'initial_data';
  const gauge = async () => Number((await f.app.inject({ method: 'GET', url: '/metrics' })).body.match(/active_connections\{connection_type="websocket"\} (\d+)/)?.[1]);

  it('closes unauthenticated connections with 1008', async () => {
    expect((await connect(base).closed).code).toBe(1008);
    expect((await connect(`${base}?token=forged.token`).closed).code).toBe(1008);
    expect((await connect(base, ['paypass', 'bearer.nope']).closed).code).toBe(1008);
  });

  it('sends initial_data: own balances and the 10 latest transactions', async () => {
    const s = client(0);
    const initial = (await s.next(isInitial)) as unknown as {
      balances: { currency: string; balance: number }[];
      recentTransactions: { senderId: string; recipientId: string; createdAt: string }[];
    };
    const me = (await f.app.inject({ method: 'GET', url: '/me/balances', headers: { authorization: `Bearer ${tokens[0]}` } })).json();
    expect(initial.balances).toEqual(me.balances);
    expect(initial.recentTransactions).toHaveLength(10);
    expect(initial.recentTransactions.every((t) => t.senderId === ids[0] || t.recipientId === ids[0])).toBe(true);
    const times = initial.recentTransactions.map((t) => t.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('closes with 1008 a validly signed token whose user does not exist, before sending it anything', async () => {
    const tokenService = new TokenService(SECRET_OF_FIXTURE);
    const stranger = connect(`${base}?token=${tokenService.issue(randomUUID())}`);
    expect((await stranger.closed).code).toBe(1008);
    expect(stranger.messages).toEqual([]);
  });

  it('accepts the token as a subprotocol and answers with `paypass`', async () => {
    const s = client(1, 'protocol');
    await s.next(isInitial);
    expect(s.ws.protocol).toBe('paypass');
  });

  it('sends payment_update to every connection of sender and recipient, and to nobody else', async () => {
    const senderA = client(2);
    const senderB = client(2, 'protocol');
    const recipient = client(3);
    const bystander = client(4);
    await Promise.all([senderA, senderB, recipient, bystander].map((s) => s.next(isInitial)));
    expect(await gauge()).toBe(open.length);
    const res = await f.app.inject({
      method: 'POST',
      url: '/payments?sync=true',
      headers: { authorization: `Bearer ${tokens[2]}`, 'idempotency-key': 'ws-1' },
      payload: { recipientId: ids[3], amount: 1_234, currency: 'USD' },
    });
    expect(res.statusCode).toBe(201);
    const paymentId = res.json().id;
    const completed = (m: { type: string; [k: string]: unknown }) => m.type === 'payment_update' && m.paymentId === paymentId && m.status === 'completed';
    for (const s of [senderA, senderB]) expect(await s.next(completed)).toMatchObject({ role: 'sender', details: { amount: 1_234, currency: 'USD' } });
    expect(await recipient.next(completed)).toMatchObject({ role: 'recipient' });
    const statuses = senderA.messages.filter((m) => m.type === 'payment_update').map((m) => m.status);
    expect(statuses).toEqual(['pending', 'processing', 'completed']);
    await new Promise((r) => setTimeout(r, 100));
    expect(bystander.messages.map((m) => m.type)).toEqual(['initial_data']);
  });

  it('tracks open sockets in active_connections{connection_type="websocket"}', async () => {
    const before = await gauge();
    const s = client(0);
    await s.next(isInitial);
    expect(await gauge()).toBe(before + 1);
    s.ws.close();
    await s.closed;
    await new Promise((r) => setTimeout(r, 50));
    expect(await gauge()).toBe(before);
  });
});

describe('WebSocket /ws and token expiry', () => {
  let f: AppFixture;
  const SECRET = 'ws-expiry-test-secret';
  beforeAll(async () => {
    f = await createAppFixture({ users: 2, payments: 4, seed: 73 }, undefined, { tokens: new TokenService(SECRET) });
    await f.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(() => f.close());

  it('closes a socket with 1008 when the token that opened it expires', async () => {
    // A token of the same issuer with a one-second lifetime, issued as if half a second from now: expiry is in
    // whole seconds, so it ends 0.5 to 1.5 s from now, time enough to connect first.
    const shortLived = new TokenService(SECRET, 1).issue(await f.userId(1), Date.now() + 500);
    const port = (f.app.server.address() as { port: number }).port;
    const s = connect(`ws://127.0.0.1:${port}/ws?token=${shortLived}`);
    await s.next((m) => m.type === 'initial_data');
    expect(await s.closed).toEqual({ code: 1008, reason: 'token expired' });
  });
});
