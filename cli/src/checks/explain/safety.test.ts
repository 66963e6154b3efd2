import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../system-under-test/testing/test-database.ts';
import { runCheck, type CheckOutput } from '../check.ts';
import type { z } from 'zod';
import { explainCheck, type ExplainSettings } from './index.ts';
import { loadQuerySet, type QuerySetInput } from './query-set.ts';

const ESCAPE = "SELECT 1; COMMIT; DELETE FROM victim WHERE v = 'x'";

const dir = mkdtempSync(join(tmpdir(), 'perfgate-explain-safety-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Settings = Omit<z.input<typeof ExplainSettings>, 'querySet'> & { querySet: QuerySetInput };

function run(settings: Settings, signal = new AbortController().signal): Promise<CheckOutput> {
  return runCheck(explainCheck, { target: { kind: 'paypass' }, settings, signal });
}

async function failure(pending: Promise<unknown>): Promise<Error> {
  const error = await pending.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  expect(error).not.toBeInstanceOf(TypeError);
  expect((error as Error).message).not.toContain('\n');
  return error as Error;
}

describe('explain check safety on PostgreSQL', () => {
  let db: TestDatabase;
  const victims = async (): Promise<number> => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query<{ n: number }>("SELECT count(*)::int AS n FROM victim WHERE v = 'x'")).rows[0].n;
    } finally {
      await client.end();
    }
  };
  beforeAll(async () => {
    db = await createTestDatabase('perfgate_explain_safety');
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query("CREATE TABLE victim (v text); INSERT INTO victim SELECT 'x' FROM generate_series(1, 50)");
    await client.end();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('refuses a query of several statements when loading the query set; the rows stay', async () => {
    const file = join(dir, 'escape.yaml');
    writeFileSync(file, `name: escape\nqueries:\n  - {name: a, sql: SELECT 1}\n  - {name: b, sql: "SELECT ';' -- ; fine"}\n  - {name: c, sql: "${ESCAPE}"}\n`);
    const error = await failure(loadQuerySet(file));
    expect(error).toMatchObject({ code: 'BAD_QUERIES', exitCode: 2 });
    expect(error.message).toBe(`query set file ${file}: queries[2].sql: one statement expected (found ";" followed by more SQL)`);
    expect(await victims()).toBe(50);
  });

  it('past the loader, PostgreSQL refuses several statements (extended protocol); the rows stay', async () => {
    const error = await failure(run({ databaseUrl: db.url, querySetFile: 'escape.ts', querySet: { name: 'escape', runs: 1, queries: [{ name: 'escape', sql: ESCAPE }] } }));
    expect(error).toMatchObject({ code: 'CHECK_FAILED', exitCode: 3 });
    expect(error.message).toBe('explain: query set file escape.ts: query "escape": cannot insert multiple commands into a prepared statement');
    expect(await victims()).toBe(50);
  });

  it('fails a params function that ends the transaction it runs in', async () => {
    const commits = async (client: pg.ClientBase) => {
      await client.query('COMMIT');
      return [];
    };
    const error = await failure(run({ databaseUrl: db.url, querySet: { name: 'commits', queries: [{ name: 'sneaky', sql: 'SELECT 1', params: commits }] } }));
    expect(error.message).toBe(
      'explain: query set "commits": query "sneaky": computing its params failed (its transaction ended early (COMMIT or ROLLBACK), so what ran after that was not rolled back)',
    );
  });

  it('names the query set file, the query and what was expected for bad SQL and wrong params', async () => {
    const error = await failure(
      run({
        databaseUrl: db.url,
        querySetFile: 'app.queries.yaml',
        querySet: {
          name: 'bad',
          runs: 1,
          queries: [
            { name: 'typo', sql: 'SELEC v FROM victim' },
            { name: 'noParams', sql: 'SELECT v FROM victim WHERE v = $1' },
            { name: 'tooMany', sql: 'SELECT v FROM victim', params: ['x'] },
            { name: 'dollarInString', sql: "SELECT '$1' FROM victim LIMIT 1" },
          ],
        },
      }),
    );
    expect(error.message).toBe(
      'explain: query set file app.queries.yaml: query "typo": syntax error at or near "SELEC"; ' +
        'query "noParams": expected 1 param ($1 in the SQL), got 0; ' +
        'query "tooMany": expected no params (no $1 in the SQL), got 1 (3 queries failed)',
    );
  });

  it('names the query set file and the database when the database does not exist', async () => {
    const url = new URL(db.url);
    url.pathname = '/perfgate_no_such_database';
    const error = await failure(run({ databaseUrl: url.toString(), querySetFile: 'app.queries.yaml', querySet: { name: 'x', queries: [{ name: 'one', sql: 'SELECT 1' }] } }));
    expect(error).toMatchObject({ code: 'CHECK_FAILED', exitCode: 3 });
    expect(error.message).toBe(
      `explain: query set file app.queries.yaml: database ${url.hostname}:${url.port || 5432}: cannot connect (database "perfgate_no_such_database" does not exist)`,
    );
  });

  it('says a malformed database URL is not valid instead of throwing a TypeError', async () => {
    const error = await failure(run({ databaseUrl: 'postgres://127.0.0.1:99999/x', querySet: { name: 'x', queries: [{ name: 'one', sql: 'SELECT 1' }] } }));
    expect(error).toMatchObject({ code: 'BAD_SETTINGS', exitCode: 2 });
    expect(error.message).toBe('explain: query set "x": settings.databaseUrl: not a valid PostgreSQL URL (Invalid URL)');
  });
});

describe('explain check against a database host that never answers', () => {
  let server: Server;
  let port: number;
  const accepted: Socket[] = [];
  beforeAll(async () => {
    // Accepts TCP and stays silent: what a hung server or a wrong port behind a proxy looks like to pg.
    server = createServer((socket) => accepted.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const socket of accepted) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  const silent = (): Settings => ({
    databaseUrl: `postgres://postgres@127.0.0.1:${port}/app`,
    querySetFile: 'app.queries.yaml',
    querySet: { name: 'x', queries: [{ name: 'one', sql: 'SELECT 1' }] },
  });

  it('gives up after the connect timeout, naming the host', async () => {
    const before = accepted.length;
    const started = Date.now();
    const error = await failure(run({ ...silent(), connectTimeoutMs: 300 }));
    expect(error).toMatchObject({ code: 'CHECK_FAILED', exitCode: 3 });
    expect(error.message).toBe(`explain: query set file app.queries.yaml: database 127.0.0.1:${port}: no answer within 0.3 s`);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(accepted.length).toBe(before + 1); // the connection was accepted: this was silence, not a refusal
  });

  it('stops promptly when aborted while connecting (default 10 s timeout)', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 200);
    const { measurements } = await run(silent(), controller.signal);
    expect(measurements).toEqual([]);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
