import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type TestSocket } from '../../testing/ws-client.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { generate, SEED_PASSWORD, seedEmail } from '../../db/generate.ts';
import { buildApp } from '../app.ts';
import { MemoryCache } from '../cache/memory-cache.ts';
import { migrate } from '../db/migrate.ts';
import { createPool } from '../db/pool.ts';
import { MemoryPaymentQueue } from '../queue/memory-queue.ts';
import { TokenService } from '../services/tokens.ts';
import { RedisBus } from './update-bus.ts';

const REDIS_URL = process.env.PAYPASS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('WebSocket updates across two API processes (Redis pub/sub)', () => {
  const prefix = `paypass-test-ws-${randomBytes(4).toString('hex')}:`;
  const tokens = new TokenService('shared-secret-for-both-instances');
  let database: TestDatabase;
  let pool: pg.Pool;
  const apps: { app: FastifyInstance; queue: MemoryPaymentQueue; bus: RedisBus; url: string }[] = [];
  const sockets: TestSocket[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
    await migrate(database.url);
    await generate(database.url, { users: 4, payments: 10, seed: 81 });
    pool = createPool(database.url);
    for (let i = 0; i < 2; i++) {
      const queue = new MemoryPaymentQueue(() => 10);
      const bus = new RedisBus(REDIS_URL, prefix);
      const app = await buildApp({ pool, cache: new MemoryCache(), queue, bus, tokens });
      await app.listen({ host: '127.0.0.1', port: 0 });
      apps.push({ app, queue, bus, url: `ws://127.0.0.1:${(app.server.address() as { port: number }).port}/ws` });
    }
  });
  afterAll(async () => {
    for (const s of sockets) s.ws.close();
    for (const a of apps) {
      await a.app.close();
      await a.queue.close();
      await a.bus.close();
    }
    await pool?.end();
    await database?.drop();
  });

  const login = async (n: number) => {
    const res = await apps[0].app.inject({ method: 'POST', url: '/auth/login', payload: { email: seedEmail(n), password: SEED_PASSWORD } });
    return res.json() as { token: string };
  };

  it('delivers to sockets on the other instance once, and to no other user', async () => {
    const [sender, recipient, other] = await Promise.all([login(1), login(2), login(3)]);
    const userId = async (n: number) => (await pool.query('SELECT id FROM users WHERE email = $1', [seedEmail(n)])).rows[0].id as string;
    const recipientId = await userId(2);
    // Recipient on both instances, sender only on B, a third user on B: the payment runs on A.
    const onA = connect(`${apps[0].url}?token=${recipient.token}`);
    const onB = connect(`${apps[1].url}?token=${recipient.token}`);
    const senderOnB = connect(`${apps[1].url}?token=${sender.token}`);
    const otherOnB = connect(`${apps[1].url}?token=${other.token}`);
    sockets.push(onA, onB, senderOnB, otherOnB);
    await Promise.all(sockets.map((s) => s.next((m) => m.type === 'initial_data')));
    const res = await apps[0].app.inject({
      method: 'POST',
      url: '/payments?sync=true',
      headers: { authorization: `Bearer ${sender.token}`, 'idempotency-key': 'redis-ws-1' },
      payload: { recipientId, amount: 900, currency: 'EUR' },
    });
    expect(res.statusCode).toBe(201);
    const done = (m: { type: string; [k: string]: unknown }) => m.type === 'payment_update' && m.status === 'completed';
    await Promise.all([onA.next(done), onB.next(done), senderOnB.next(done)]);
    await new Promise((r) => setTimeout(r, 150));
    const updates = (s: TestSocket) => s.messages.filter((m) => m.type === 'payment_update').map((m) => m.status);
    expect(updates(onA)).toEqual(['pending', 'processing', 'completed']);
    expect(updates(onB)).toEqual(['pending', 'processing', 'completed']);
    expect(updates(senderOnB)).toEqual(['pending', 'processing', 'completed']);
    expect(updates(otherOnB)).toEqual([]);
  });
});
