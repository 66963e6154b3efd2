import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { buildApp, type AppDeps } from '../api/app.ts';
import type { Cache } from '../api/cache/cache.ts';
import { MemoryCache } from '../api/cache/memory-cache.ts';
import { MemoryPaymentQueue } from '../api/queue/memory-queue.ts';
import { migrate } from '../api/db/migrate.ts';
import { createPool } from '../api/db/pool.ts';
import { generate, SEED_PASSWORD, seedEmail } from '../db/generate.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

export interface AppFixture {
  app: FastifyInstance;
  pool: pg.Pool;
  queue: MemoryPaymentQueue;
  database: TestDatabase;
  /** Bearer token of seeded user n (1-based). */
  login(n: number): Promise<string>;
  userId(n: number): Promise<string>;
  close(): Promise<void>;
}

/** A real PostgreSQL database of its own, migrated and seeded, behind a fresh app. */
export async function createAppFixture(
  seed = { users: 30, payments: 300, seed: 7 },
  cache: Cache = new MemoryCache(),
  extra: Partial<Omit<AppDeps, 'pool' | 'cache' | 'queue'>> = {},
): Promise<AppFixture> {
  const database = await createTestDatabase();
  await migrate(database.url);
  await generate(database.url, seed);
  const pool = createPool(database.url);
  const queue = new MemoryPaymentQueue(() => 10); // fast retries in tests
  const app = await buildApp({ ...extra, pool, cache, queue });
  await app.ready();
  return {
    app,
    pool,
    queue,
    database,
    async login(n) {
      const res = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: seedEmail(n), password: SEED_PASSWORD } });
      if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
      return (res.json() as { token: string }).token;
    },
    async userId(n) {
      const { rows } = await pool.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [seedEmail(n)]);
      return rows[0].id;
    },
    async close() {
      await app.close();
      await queue.close();
      await pool.end();
      await cache.close();
      await database.drop();
    },
  };
}
