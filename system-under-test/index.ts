import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from './api/app.ts';
import type { Cache } from './api/cache/cache.ts';
import type { FxOptions } from './api/fx/fx-options.ts';
import type { FraudOptions } from './api/services/fraud-service.ts';
import type { ReconcilerOptions } from './api/services/payment-reconciler.ts';
import type { AdmissionOptions } from './api/services/payment-service.ts';
import { MemoryCache } from './api/cache/memory-cache.ts';
import { RedisCache } from './api/cache/redis-cache.ts';
import { startEmbeddedPostgres } from './api/db/embedded.ts';
import { migrate } from './api/db/migrate.ts';
import { createPool } from './api/db/pool.ts';
import { rateLimitFromEnv, type RateLimitOptions } from './api/routes/rate-limit.ts';
import { BullPaymentQueue } from './api/queue/bullmq-queue.ts';
import { MemoryPaymentQueue } from './api/queue/memory-queue.ts';
import type { PaymentQueue } from './api/queue/payment-queue.ts';
import { LocalBus, RedisBus, type UpdateBus } from './api/realtime/update-bus.ts';
import { ensureSeeded, seedCredentials } from './db/generate.ts';

export interface PayPassOptions {
  databaseUrl?: string;
  redisUrl?: string;
  redisPrefix?: string;
  host?: string;
  port?: number;
  seed?: { users: number; payments: number; seed: number } | false;
  log?: (line: string) => void;
  /** Rate limiting; default from env PAYPASS_RATE_LIMIT ("max/windowMs"), otherwise disabled. */
  rateLimit?: RateLimitOptions | false;
  /** FX providers for cross-border payments (latency, failure rate, seed); default from PAYPASS_FX_* env. */
  fx?: Partial<FxOptions>;
  /** Embedded mode data directory; default `.perfgate/pg` under process.cwd(). */
  dataDir?: string;
  /** Fraud analysis settings (thresholds, timeout, simulated lookup latency). */
  fraud?: Partial<FraudOptions>;
  /** Queue backpressure and enqueue timeout. */
  admission?: Partial<AdmissionOptions>;
  /** The payment reconciler's interval and staleness bound; false: not run. */
  reconciler?: Partial<ReconcilerOptions> | false;
}

export interface RunningPayPass {
  url: string;
  mode: 'embedded' | 'services';
  databaseUrl: string;
  credentials: { email: string; password: string }[];
  stop(): Promise<void>;
}

// Enough rows that the planner picks the plans production would (indexes, not seq scans of tiny tables).
export const DEFAULT_SEED = { users: 1000, payments: 50_000, seed: 42 } as const;

/** Starts PayPass: database (embedded or given), migrations, seed data, cache, HTTP server. */
export async function startPayPass(options: PayPassOptions = {}): Promise<RunningPayPass> {
  const log = options.log ?? (() => undefined);
  const cleanups: (() => Promise<unknown>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => log(`stop: ${(error as Error).message}`));
    cleanups.length = 0;
  };
  try {
    let databaseUrl = options.databaseUrl;
    const mode = databaseUrl ? 'services' : 'embedded';
    if (!databaseUrl) {
      const embedded = await startEmbeddedPostgres(options.dataDir ?? resolve(process.cwd(), '.perfgate/pg'), log);
      cleanups.push(embedded.stop);
      databaseUrl = embedded.url;
    }
    const applied = await migrate(databaseUrl);
    if (applied.length) log(`migrations applied: ${applied.join(', ')}`);
    const seed = options.seed === undefined ? DEFAULT_SEED : options.seed;
    if (seed) await ensureSeeded(databaseUrl, { ...seed, log });

    const pool = createPool(databaseUrl);
    cleanups.push(() => pool.end());
    const cache: Cache = options.redisUrl ? new RedisCache(options.redisUrl, options.redisPrefix ?? 'paypass:') : new MemoryCache(options.redisPrefix);
    cleanups.push(() => cache.close());
    const queue: PaymentQueue = options.redisUrl ? new BullPaymentQueue(options.redisUrl, `${options.redisPrefix ?? 'paypass:'}bull`) : new MemoryPaymentQueue();
    cleanups.push(() => queue.close());
    const bus: UpdateBus = options.redisUrl ? new RedisBus(options.redisUrl, options.redisPrefix ?? 'paypass:') : new LocalBus();
    cleanups.push(() => bus.close());
    const app: FastifyInstance = await buildApp({
      pool,
      cache,
      queue,
      bus,
      rateLimit: options.rateLimit ?? rateLimitFromEnv(),
      fx: options.fx,
      fraud: options.fraud,
      admission: options.admission,
      reconciler: options.reconciler,
      serveWeb: true,
    });
    cleanups.push(() => app.close());
    await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
    const address = app.server.address();
    if (!address || typeof address !== 'object') throw new Error('server has no address');
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `http://${host}:${address.port}`;
    log(`paypass listening on ${url} (${mode} mode)`);

    let stopping: Promise<void> | undefined;
    return {
      url,
      mode,
      databaseUrl,
      credentials: await credentialsFor(pool, seed || undefined),
      stop: () => (stopping ??= stopAll()),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Logins for load scenarios: from the seed parameters, or from what an earlier run seeded. */
async function credentialsFor(pool: pg.Pool, seed: { users: number } | undefined): Promise<{ email: string; password: string }[]> {
  if (seed) return seedCredentials(seed.users);
  const { rows } = await pool.query<{ users: number }>('SELECT users FROM seed_info WHERE id = 1');
  return rows[0] ? seedCredentials(rows[0].users) : [];
}
