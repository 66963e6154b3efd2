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

async function usageError(path: string): Promise<string> {
  const error = await loadQuerySet(path).then(() => undefined, (e: unknown) => e);
  expect(error).toMatchObject({ code: 'BAD_QUERIES', exitCode: 2 });
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
      'findUserByEmail', 'getPaginatedPayments.first', 'getPaginatedPayments.deep', 'findUserPayments.deep', 'listBalances', 'countRecentPayments', 'readAnalytics',
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
    expect(await usageError(join(dir, 'missing.yaml'))).toBe(`query set file ${join(dir, 'missing.yaml')}: does not exist`);
    expect(await usageError(file('broken.yaml', 'name: [unclosed\n'))).toMatch(/not valid YAML/);
  });
});
