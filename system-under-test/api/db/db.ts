import pg from 'pg';
import type { CatalogQuery } from '../../db/queries.ts';

export type QueryObserver = (query: CatalogQuery, seconds: number, ok: boolean) => void;
export type Queryable = pg.Pool | pg.PoolClient;

/** Runs catalog queries (never ad-hoc SQL) and reports each one's duration to observers. */
export class Db {
  private readonly observers: QueryObserver[] = [];

  constructor(readonly pool: pg.Pool) {}

  observe(observer: QueryObserver): void {
    this.observers.push(observer);
  }

  async run<R extends pg.QueryResultRow = pg.QueryResultRow>(query: CatalogQuery, params: unknown[] = [], on: Queryable = this.pool): Promise<pg.QueryResult<R>> {
    const started = process.hrtime.bigint();
    let ok = false;
    try {
      const result = await on.query<R>({ name: query.name, text: query.sql, values: params });
      ok = true;
      return result;
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      for (const observer of this.observers) observer(query, seconds, ok);
    }
  }

  async tx<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
