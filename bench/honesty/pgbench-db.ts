// A database of another shape than PayPass's: pgbench's schema, built with pgbench itself, and four queries on it.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

const ADMIN = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface PgbenchDb {
  url: string;
  queries: string;
  sql(text: string): Promise<void>;
  drop(): Promise<void>;
}

export async function createPgbenchDb(dir: string, scale: number): Promise<PgbenchDb> {
  const name = `perfgate_bench_pgbench_${process.pid}`;
  const admin = new pg.Client({ connectionString: ADMIN });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  execFileSync('pgbench', ['-i', '-q', '-s', String(scale), '-h', '127.0.0.1', '-U', 'postgres', name], { stdio: 'ignore' });
  execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', name, '-qc', 'SET default_statistics_target = 10000; ANALYZE'], { stdio: 'ignore' });
  const url = `postgres://postgres@127.0.0.1:5432/${name}`;
  const queries = join(dir, 'pgbench.queries.yaml');
  writeFileSync(
    queries,
    `name: pgbench
runs: 10
queries:
  - { name: account_by_id, sql: "SELECT abalance FROM pgbench_accounts WHERE aid = $1", params: [4242] }
  - { name: history_by_teller, sql: "SELECT count(*) FROM pgbench_history WHERE tid = $1", params: [3] }
  - { name: branch_totals, sql: "SELECT bid, sum(bbalance) FROM pgbench_branches GROUP BY bid" }
  - { name: tellers_of_branch, sql: "SELECT t.tid, t.tbalance FROM pgbench_tellers t JOIN pgbench_branches b USING (bid) WHERE b.bid = $1", params: [1] }
`,
  );
  return {
    url,
    queries,
    sql: async (text) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(text);
      } finally {
        await client.end();
      }
    },
    drop: async () => {
      const c = new pg.Client({ connectionString: ADMIN });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
