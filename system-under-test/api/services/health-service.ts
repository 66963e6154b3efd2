import type pg from 'pg';
import { QUERIES } from '../../db/queries.ts';
import type { Cache } from '../cache/cache.ts';
import type { Db } from '../db/db.ts';

export interface CheckResult {
  name: string;
  status: 'healthy' | 'unhealthy';
  details: unknown;
}

export interface HealthStatus {
  status: 'healthy' | 'unhealthy';
  timestamp: string;
  checks: CheckResult[];
}

const CHECK_TIMEOUT_MS = 2_000;

/** The standards' HealthCheckService: every check runs in parallel; one failure makes the whole unhealthy. */
export class HealthCheckService {
  constructor(
    private readonly db: Db,
    private readonly pool: pg.Pool,
    private readonly cache: Cache,
  ) {}

  async getSystemHealth(): Promise<HealthStatus> {
    const names = ['database', 'cache'];
    const checks = await Promise.allSettled([withTimeout(this.checkDatabase()), withTimeout(this.checkCache())]);
    const results: CheckResult[] = checks.map((check, i) => ({
      name: names[i],
      status: check.status === 'fulfilled' ? 'healthy' : 'unhealthy',
      details: check.status === 'fulfilled' ? check.value : { error: String((check.reason as Error)?.message ?? check.reason) },
    }));
    return {
      status: results.every((r) => r.status === 'healthy') ? 'healthy' : 'unhealthy',
      timestamp: new Date().toISOString(),
      checks: results,
    };
  }

  private async checkDatabase(): Promise<unknown> {
    const start = performance.now();
    await this.db.run(QUERIES.healthCheck);
    return {
      responseTime: Math.round((performance.now() - start) * 100) / 100,
      connectionPool: { total: this.pool.totalCount, idle: this.pool.idleCount, waiting: this.pool.waitingCount },
    };
  }

  private async checkCache(): Promise<unknown> {
    const start = performance.now();
    await this.cache.ping();
    return { driver: this.cache.driver, responseTime: Math.round((performance.now() - start) * 100) / 100 };
  }
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`check timed out after ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
