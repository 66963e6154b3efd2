import pg from 'pg';
import type { CatalogQuery } from '../../db/queries.ts';
import { asDatabaseError } from './connection-errors.ts';

export type QueryObserver = (query: CatalogQuery, seconds: number, ok: boolean) => void;
export type Queryable = pg.Pool | pg.PoolClient;

/**
 * Runs catalog queries (never ad-hoc SQL) as named prepared statements and reports each one's duration to
 * observers. A lost connection surfaces as 503 database_unavailable (see connection-errors.ts).
 */
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
    } catch (error) {
      throw asDatabaseError(error);
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      for (const observer of this.observers) observer(query, seconds, ok);
    }
  }

  async tx<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw asDatabaseError(error);
    }
    // A checked-out client whose connection drops emits 'error'; without a listener that kills the process.
    // The query in flight rejects on its own, so the listener only has to remember why.
    let lost: Error | undefined;
    const onError = (error: Error): void => void (lost = error);
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      if (!lost) await client.query('ROLLBACK').catch((rollbackError: Error) => void (lost = rollbackError));
      throw asDatabaseError(error);
    } finally {
      client.removeListener('error', onError);
      // A client that lost its connection (or could not roll back) is discarded, never handed out again.
      client.release(lost);
    }
  }
}
