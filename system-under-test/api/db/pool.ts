import pg from 'pg';

// Pool settings from the performance standards (Connection Management).
export const POOL_SETTINGS = {
  max: 20,
  idleTimeoutMillis: 30_000,
  connectionTimeoutMillis: 5_000,
  statement_timeout: 5_000,
  query_timeout: 5_000,
  application_name: 'paypass',
} as const;

export function createPool(connectionString: string, overrides: pg.PoolConfig = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString, ...POOL_SETTINGS, ...overrides });
  // An idle client losing its server (e.g. embedded PostgreSQL stopping) must not crash the process.
  pool.on('error', () => undefined);
  return pool;
}
