import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadQuerySet } from './query-set.ts';

const PAYPASS_QUERIES = fileURLToPath(new URL('../../../../scenarios/paypass.queries.ts', import.meta.url));

const dir = mkdtempSync(join(tmpdir(), 'perfgate-queries-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

async function usageError(path: string, code = 'BAD_QUERIES'): Promise<string> {
  const error = await loadQuerySet(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ code, exitCode: 2 });
  const message = (error as Error).message;
  expect(message).not.toContain('\n');
  return message;
}

describe('query set files', () => {
  it('loads YAML with static params and fills in defaults', async () => {
    const set = await loadQuerySet(file('ok.yaml', 'name: t\nqueries:\n  - name: one\n    sql: "SELECT $1::int;"\n    params: [1]\n'));
    expect(set.runs).toBe(5);
    expect(set.queries[0]).toMatchObject({ name: 'one', sql: 'SELECT $1::int', params: [1] });
  });

  it('loads the PayPass TypeScript query set, params as functions', async () => {
    const set = await loadQuerySet(PAYPASS_QUERIES);
    expect(set.queries.map((q) => q.name)).toEqual([
      'findUserByEmail',
      'getPaginatedPayments.first',
      'getPaginatedPayments.deep',
      'findUserPayments.deep',
      'listBalances',
      'countRecentPayments',
      'readAnalytics',
    ]);
    expect(typeof set.queries[1].params).toBe('function');
  });

  it('names the file and the path of the first problem', async () => {
    const bad = file('bad.yaml', 'name: t\nqueries:\n  - {name: a, sql: SELECT 1}\n  - {name: b, sql: SELECT 2}\n  - {name: c, sql: ""}\n');
    expect(await usageError(bad)).toBe(`query set file ${bad}: queries[2].sql: expected a SQL statement`);
    const params = file('params.json', JSON.stringify({ name: 't', queries: [{ name: 'a', sql: 'SELECT $1', params: 'x' }] }));
    expect(await usageError(params)).toMatch(/^query set file .*params\.json: queries\[0\]\.params: expected a list of values or a function/);
    const dup = file('dup.yaml', 'name: t\nqueries:\n  - {name: a, sql: SELECT 1}\n  - {name: a, sql: SELECT 2}\n');
    expect(await usageError(dup)).toMatch(/queries\[1\]\.name: duplicate query name "a"$/);
    const explain = file('explain.yaml', 'name: t\nqueries:\n  - {name: a, sql: EXPLAIN SELECT 1}\n');
    expect(await usageError(explain)).toMatch(/queries\[0\]\.sql: write the statement itself/);
    const unknown = file('unknown.yaml', 'name: t\nrounds: 3\nqueries:\n  - {name: a, sql: SELECT 1}\n');
    expect(await usageError(unknown)).toMatch(/unknown\.yaml: .*rounds/);
    // The file itself, before its content: the loader's BAD_FILE.
    expect(await usageError(join(dir, 'missing.yaml'), 'BAD_FILE')).toBe(`query set file ${join(dir, 'missing.yaml')}: does not exist`);
    expect(await usageError(file('broken.yaml', 'name: [unclosed\n'), 'BAD_FILE')).toMatch(/not valid YAML/);
  });

  // These passed validation and failed only once PostgreSQL was asked, with exit 3.
  it.each([';', ' ; ;', '-- only a comment', '/* only */ ;'])('refuses SQL with no statement in it: %j', async (sql) => {
    const path = file(
      'empty-sql.json',
      JSON.stringify({
        name: 't',
        queries: [
          { name: 'a', sql: 'SELECT 1' },
          { name: 'b', sql },
        ],
      }),
    );
    expect(await usageError(path)).toBe(`query set file ${path}: queries[1].sql: expected a SQL statement, found only ";", whitespace or comments`);
  });

  it('refuses a NUL character in the SQL and static params that do not match $N', async () => {
    const nul = file('nul.json', JSON.stringify({ name: 't', queries: [{ name: 'a', sql: 'SELECT 1\u0000' }] }));
    expect(await usageError(nul)).toBe(`query set file ${nul}: queries[0].sql: contains a NUL character; expected SQL text`);
    const params = file('count.yaml', 'name: t\nqueries:\n  - {name: a, sql: "SELECT $1, $2", params: [1]}\n');
    expect(await usageError(params)).toBe(`query set file ${params}: queries[0].params: expected 2 params ($1..$2 in the SQL), got 1`);
  });

  it('reads .json as JSON: a trailing comma is an error', async () => {
    const path = file('comma.json', '{"name": "t", "queries": [{"name": "a", "sql": "SELECT 1"}],}');
    expect(await usageError(path, 'BAD_FILE')).toBe(`query set file ${path}: not valid JSON (line 1, column 61: Expected double-quoted property name)`);
  });
});
