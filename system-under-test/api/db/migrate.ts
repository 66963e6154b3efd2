import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../db/migrations/', import.meta.url));
// Arbitrary constant: serialises concurrent migrators of one database.
const LOCK_ID = 724_021_337;

/** Raised instead of touching a database that holds someone else's tables. */
export class ForeignDatabaseError extends Error {
  override name = 'ForeignDatabaseError';
}

/** Applies db/migrations/NNN_name.sql in order, each once, each in its own transaction. */
export async function migrate(connectionString: string): Promise<string[]> {
  const client = new pg.Client({ connectionString, application_name: 'paypass-migrate' });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_ID]);
    const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{3}_.+\.sql$/.test(f)).sort();
    await assertOwnDatabase(
      client,
      files.map((f) => f.replace(/\.sql$/, '')),
    );
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await client.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    const applied: string[] = [];
    for (const file of files) {
      const version = file.replace(/\.sql$/, '');
      if (done.has(version)) continue;
      const sql = await readFile(MIGRATIONS_DIR + file, 'utf8');
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${file} failed: ${(error as Error).message}`);
      }
      applied.push(version);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_ID]).catch(() => undefined);
    await client.end();
  }
}

/**
 * PayPass creates its tables and then seeds a million rows: it must never do that to a database that holds another
 * application's data (a DATABASE_URL left set in a shell, a --database-url meant for the explain check). It migrates
 * an empty schema, or one whose schema_migrations lists only its own migrations.
 */
async function assertOwnDatabase(client: pg.Client, ownVersions: string[]): Promise<void> {
  const { rows } = await client.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`);
  if (rows.length === 0) return;
  const names = rows.map((r) => r.name);
  if (names.includes('schema_migrations')) {
    const applied = await client.query<{ version: string }>('SELECT version::text AS version FROM schema_migrations').catch(() => null);
    const own = new Set(ownVersions);
    if (applied && applied.rows.length > 0 && applied.rows.every((r) => own.has(r.version))) return;
  }
  const {
    rows: [db],
  } = await client.query<{ name: string }>('SELECT current_database() AS name');
  const listed = names.slice(0, 5).join(', ') + (names.length > 5 ? `, … (${names.length} tables)` : '');
  throw new ForeignDatabaseError(
    `database "${db?.name}" is not a PayPass database (it holds ${listed}); PayPass creates and seeds its tables only in an empty database or its own`,
  );
}
