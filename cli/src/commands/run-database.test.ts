import pg from 'pg';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../system-under-test/testing/test-database.ts';
import { runCli, tempOut } from '../../test/run-cli.ts';

// Somebody else's database: perfgate EXPLAINs its queries without starting anything, and never lets PayPass seed it.
describe('perfgate run on your own database', () => {
  let db: TestDatabase;
  let queries: string;
  const tables = async (): Promise<string[]> => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`);
      return rows.map((r) => r.name);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase('perfgate_foreign');
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query(`CREATE TABLE orders (id serial PRIMARY KEY, customer_id int NOT NULL, total int NOT NULL)`);
    await client.query(`INSERT INTO orders (customer_id, total) SELECT g % 2000, g FROM generate_series(1, 30000) g`);
    await client.query('ANALYZE orders');
    await client.end();
    queries = join(await tempOut(), 'orders.queries.yaml');
    await writeFile(
      queries,
      ['name: orders', 'runs: 3', 'queries:', '  - name: ordersOfCustomer', '    sql: SELECT id, total FROM orders WHERE customer_id = $1', '    params: [42]', ''].join('\n'),
    );
  });
  afterAll(async () => db?.drop());

  it('EXPLAINs --queries on --database-url with no server, and flags the missing index (exit 1)', async () => {
    const out = await tempOut();
    const r = await runCli(['run', '--database-url', db.url, '--queries', queries, '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(1);
    const result = JSON.parse(r.stdout);
    expect(result.target).toEqual({ kind: 'url' });
    expect(result.checks.map((c: { id: string; status: string }) => `${c.id}:${c.status}`)).toEqual(expect.arrayContaining(['explain:ok', 'load:skipped']));
    const seq = result.verdicts.find((v: { metric: string }) => v.metric === 'plan.seq_scan_rows');
    expect(seq).toMatchObject({ status: 'fail', subject: 'query:ordersOfCustomer' });
    expect(seq.measurement.value).toBe(30000);
    expect(r.stderr).not.toMatch(/PayPass/);
    expect(await tables()).toEqual(['orders']);
  });

  it('refuses to start PayPass on it through DATABASE_URL, naming the database (exit 2), and leaves it untouched', async () => {
    const r = await runCli(['run', '--only', 'load', '--out', await tempOut()], { DATABASE_URL: db.url });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n').at(-1)).toBe(
      `perfgate: --database-url / DATABASE_URL: database "${db.name}" is not a PayPass database (it holds orders); PayPass creates and seeds its tables only in an empty database or its own. To examine this database, give its queries with --queries FILE`,
    );
    expect(await tables()).toEqual(['orders']);
  });
});
