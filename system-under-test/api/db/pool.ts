import pg from 'pg';

// Pool settings from the performance standards: API Optimization (line 546: min 5, max 20, 5 s statement and
// query timeouts, the stricter of its two examples) and Connection Management (line 885: 5 s to connect).
export const POOL_SETTINGS = {
  min: 5,
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
