import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { ForeignDatabaseError, migrate } from './migrate.ts';

// PayPass seeds a million rows wherever it migrates: it must refuse a database that is somebody else's.
describe('migrate', () => {
  let db: TestDatabase | undefined;
  afterEach(async () => db?.drop());

  const sql = async (text: string) => {
    const client = new pg.Client({ connectionString: db!.url });
    await client.connect();
    try {
      return (await client.query(text)).rows;
    } finally {
      await client.end();
    }
  };

  it('migrates an empty database, then finds nothing left to do', async () => {
    db = await createTestDatabase('paypass_migrate');
    expect((await migrate(db.url)).length).toBeGreaterThan(0);
    expect(await migrate(db.url)).toEqual([]);
  });

  it("refuses a database holding another application's tables, and leaves it as it was", async () => {
    db = await createTestDatabase('paypass_migrate');
    await sql('CREATE TABLE orders (id int PRIMARY KEY); INSERT INTO orders VALUES (1)');
    const error = await migrate(db.url).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(ForeignDatabaseError);
    expect(error!.message).toBe(`database "${db.name}" is not a PayPass database (it holds orders); PayPass creates and seeds its tables only in an empty database or its own`);
    expect((await sql(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`)).map((r) => r.table_name)).toEqual(['orders']);
  });

  it("refuses another framework's schema_migrations table", async () => {
    db = await createTestDatabase('paypass_migrate');
    await sql(`CREATE TABLE schema_migrations (version varchar PRIMARY KEY); INSERT INTO schema_migrations VALUES ('20240101120000')`);
    await expect(migrate(db.url)).rejects.toThrow(/is not a PayPass database \(it holds schema_migrations\)/);
  });
});
