import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../system-under-test/testing/test-database.ts';
import { blankLiterals, hasSeveralStatements, highestParameter, isEmptyStatement, paramsProblem, withoutComments } from './sql-text.ts';

// Each case is also sent to PostgreSQL over the extended protocol: the lexer must agree with the server it stands in for.
const ONE = [
  'SELECT 1',
  'SELECT 1;',
  'SELECT 1;;',
  'SELECT 1; -- done',
  "SELECT ';' AS semi",
  "SELECT 'it''s; fine'",
  "SELECT E'it\\'s; fine'",
  'SELECT $$a; b$$',
  'SELECT $tag$ ; $$ ; $tag$',
  'SELECT 1 AS "a;b"',
  'SELECT 1 /* ; /* nested ; */ still ; */',
  'SELECT 1 -- ;\n',
];
const SEVERAL = [
  'SELECT 1; SELECT 2',
  "SELECT 'a'; SELECT 'b'",
  'SELECT 1;/* c */SELECT 2',
  "SELECT 'a\\'; SELECT 2", // no backslash escapes outside E'…': the string ends at the second quote
  "SELECT E'\\''; SELECT 2",
];

describe('SQL text', () => {
  let db: TestDatabase;
  let client: pg.Client;
  beforeAll(async () => {
    db = await createTestDatabase('perfgate_sqltext');
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });
  const extended = (text: string, values: unknown[] = []) => {
    const config: pg.QueryConfig & { queryMode: 'extended' } = { text, values, queryMode: 'extended' };
    return client.query(config).then(
      () => 'one',
      (e: Error) => e.message,
    );
  };

  it.each(ONE)('one statement: %j', async (sql) => {
    expect(hasSeveralStatements(sql)).toBe(false);
    expect(await extended(sql)).toBe('one');
  });

  it.each(SEVERAL)('several statements: %j', async (sql) => {
    expect(hasSeveralStatements(sql)).toBe(true);
    expect(await extended(sql)).toBe('cannot insert multiple commands into a prepared statement');
  });

  it('finds the highest $N outside literals, and PostgreSQL takes exactly that many values', async () => {
    const cases: [string, number][] = [
      ['SELECT 1', 0],
      ['SELECT $1::int, $2::int', 2],
      ["SELECT '$3', $1::int", 1],
      ['SELECT $t$ $5 $t$, $2::int, $1::int /* $9 */', 2],
      ['SELECT $3::int, $1::int, $2::int -- $4\n', 3],
    ];
    for (const [sql, n] of cases) {
      expect(highestParameter(sql), sql).toBe(n);
      expect(
        await extended(
          sql,
          Array.from({ length: n }, (_, i) => i + 1),
        ),
        sql,
      ).toBe('one');
    }
    expect(await extended('SELECT $1::int, $2::int', [1])).toMatch(/bind message supplies 1 parameters, but prepared statement "" requires 2/);
  });

  it('blanks literals and comments to spaces, keeping lines and length', () => {
    const sql = 'SELECT \'a;b\', "c;d" -- e;f\n/* g */ $$h$$';
    const blank = blankLiterals(sql);
    expect(blank).toHaveLength(sql.length);
    expect(blank).toBe(`SELECT ${' '.repeat(5)}, ${' '.repeat(5)} ${' '.repeat(6)}\n${' '.repeat(7)} ${' '.repeat(5)}`);
  });
});

describe('isEmptyStatement', () => {
  it.each([';', ' ;; ', '-- nothing', '/* a /* nested */ comment */ ;', '\n\t;\n-- x\n'])('finds no statement in %j', (sql) => {
    expect(isEmptyStatement(sql)).toBe(true);
  });

  it.each(['SELECT 1', "'x'", '"t"', '-- c\nSELECT 1', '/* c */ VALUES (1);'])('finds a statement in %j', (sql) => {
    expect(isEmptyStatement(sql)).toBe(false);
  });

  it('blanks comments only, not literals', () => {
    expect(withoutComments("SELECT '--x' /* y */ -- z")).toBe("SELECT '--x'" + ' '.repeat(13));
  });
});

describe('paramsProblem', () => {
  it('wants exactly as many values as the highest $N', () => {
    expect(paramsProblem('SELECT $1, $2', 2)).toBeUndefined();
    expect(paramsProblem('SELECT $2', 1)).toBe('expected 2 params ($1..$2 in the SQL), got 1');
    expect(paramsProblem('SELECT 1', 1)).toBe('expected no params (no $1 in the SQL), got 1');
    expect(paramsProblem("SELECT '$1'", 0)).toBeUndefined();
  });
});
