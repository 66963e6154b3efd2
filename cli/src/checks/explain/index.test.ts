import pg from 'pg';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../../system-under-test/api/db/migrate.ts';
import { generate } from '../../../../system-under-test/db/generate.ts';
import { createTestDatabase, type TestDatabase } from '../../../../system-under-test/testing/test-database.ts';
import type { Measurement } from '../../model/index.ts';
import { runCheck } from '../check.ts';
import { explainCheck } from './index.ts';
import { defineQueries, loadQuerySet, QuerySet, type QuerySetInput } from './query-set.ts';

const PAYPASS_QUERIES = fileURLToPath(new URL('../../../../scenarios/paypass.queries.ts', import.meta.url));
const EXAMPLE_QUERIES = fileURLToPath(new URL('../../../../scenarios/example.queries.yaml', import.meta.url));

const SEED = { users: 300, payments: 20_000, seed: 7 };
const METRICS = [
  'plan.execution_ms',
  'plan.planning_ms',
  'plan.buffers.shared_hit',
  'plan.buffers.shared_read',
  'plan.buffers.shared_total',
  'plan.rows',
  'plan.seq_scan_rows',
  'plan.cost',
];

describe('explain check against PayPass on PostgreSQL', () => {
  let db: TestDatabase;
  let log: string[];
  beforeAll(async () => {
    db = await createTestDatabase('perfgate_explain');
    await migrate(db.url);
    await generate(db.url, SEED);
  });
  afterAll(async () => {
    await db?.drop();
  });

  const run = async (querySet: QuerySet | QuerySetInput, signal = new AbortController().signal) => {
    log = [];
    return runCheck(explainCheck, { target: { kind: 'paypass' }, settings: { databaseUrl: db.url, querySet }, log: (l) => log.push(l), signal });
  };
  const find = (ms: Measurement[], subject: string, metric: string): Measurement => {
    const m = ms.find((x) => x.subject === subject && x.metric === metric);
    if (!m) throw new Error(`no ${metric} for ${subject}`);
    return m;
  };
  const sql = async <R extends pg.QueryResultRow>(text: string): Promise<R[]> => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query<R>(text)).rows;
    } finally {
      await client.end();
    }
  };

  it('measures every PayPass query: timings with one sample per run, exact buffers, rows, cost and the plan shape', async () => {
    const set = await loadQuerySet(PAYPASS_QUERIES);
    const { measurements, settings, engines } = await run(set);
    expect(engines?.postgresql).toMatch(/^\d+(\.\d+)?/); // plans belong to a server version
    const subjects = set.queries.map((q) => `query:${q.name}`);
    expect([...new Set(measurements.map((m) => m.subject))]).toEqual(subjects);
    expect(log).toHaveLength(set.queries.length);
    for (const subject of subjects) {
      for (const metric of METRICS) {
        const m = find(measurements, subject, metric);
        expect(m.check).toBe('explain');
        expect(m.plan?.shape).toBeTruthy();
        expect(m.plan?.hash).toMatch(/^[0-9a-f]{10}$/);
        expect(m.plan).toHaveProperty('seqScans');
      }
      const exec = find(measurements, subject, 'plan.execution_ms');
      expect(exec.unit).toBe('ms');
      expect(exec.value).toBeGreaterThan(0);
      expect(exec.samples).toHaveLength(5);
      expect(find(measurements, subject, 'plan.planning_ms').samples).toHaveLength(5);
      expect(find(measurements, subject, 'plan.buffers.shared_hit').samples).toBeUndefined();
      expect(find(measurements, subject, 'plan.cost').value).toBeGreaterThan(0);
    }
    expect(find(measurements, 'query:findUserByEmail', 'plan.rows').value).toBe(1);
    expect(find(measurements, 'query:listBalances', 'plan.rows').value).toBe(3);
    expect(find(measurements, 'query:getPaginatedPayments.first', 'plan.rows').value).toBe(21); // the route's limit + 1
    expect(find(measurements, 'query:getPaginatedPayments.first', 'plan.execution_ms').plan?.shape).toContain('idx_payments_sender_created');
    expect(settings?.queriesMeasured).toBe(set.queries.length);
  });

  it("OFFSET at depth N reads more buffers than the cursor at the same depth (the standards' advice)", async () => {
    const { measurements } = await run(await loadQuerySet(PAYPASS_QUERIES));
    const buffers = (subject: string) => find(measurements, subject, 'plan.buffers.shared_hit').value + find(measurements, subject, 'plan.buffers.shared_read').value;
    const cursor = buffers('query:getPaginatedPayments.deep');
    const offset = buffers('query:findUserPayments.deep');
    expect(find(measurements, 'query:getPaginatedPayments.deep', 'plan.rows').value).toBe(21);
    expect(find(measurements, 'query:findUserPayments.deep', 'plan.rows').value).toBe(20);
    expect(offset).toBeGreaterThan(cursor);
    expect(find(measurements, 'query:findUserPayments.deep', 'plan.buffers.shared_total').value).toBe(offset);
    // The cursor seeks: the deep page costs about what the first page costs.
    expect(cursor).toBeLessThanOrEqual(buffers('query:getPaginatedPayments.first') * 1.5);
    console.log(
      `depth page: cursor ${cursor} buffers ${find(measurements, 'query:getPaginatedPayments.deep', 'plan.execution_ms').value} ms; offset ${offset} buffers ${find(measurements, 'query:findUserPayments.deep', 'plan.execution_ms').value} ms`,
    );
  });

  it('buffers, rows, cost and shape are the same on a second run (compared exactly)', async () => {
    const set = await loadQuerySet(PAYPASS_QUERIES);
    const a = (await run(set)).measurements;
    const b = (await run(set)).measurements;
    for (const m of a.filter((x) => x.metric === 'plan.buffers.shared_hit' || x.metric === 'plan.rows' || x.metric === 'plan.cost')) {
      const other = find(b, m.subject, m.metric);
      expect(other.value, `${m.subject} ${m.metric}`).toBe(m.value);
      expect(other.plan?.hash).toBe(m.plan?.hash);
    }
  });

  it('a dropped index changes the plan shape of the query that used it', async () => {
    const set = QuerySet.parse(await loadQuerySet(PAYPASS_QUERIES));
    const only = { ...set, runs: 2, queries: set.queries.filter((q) => q.name === 'getPaginatedPayments.first') };
    const before = find((await run(only)).measurements, 'query:getPaginatedPayments.first', 'plan.execution_ms').plan!;
    const [{ def }] = await sql<{ def: string }>(`SELECT pg_get_indexdef('idx_payments_sender_created'::regclass) AS def`);
    await sql('DROP INDEX idx_payments_sender_created');
    try {
      const afterMeasurements = (await run(only)).measurements;
      const after = find(afterMeasurements, 'query:getPaginatedPayments.first', 'plan.execution_ms').plan!;
      expect(before.shape).toContain('idx_payments_sender_created');
      expect(after.shape).not.toContain('idx_payments_sender_created');
      expect(after.hash).not.toBe(before.hash);
      // Without it, the page reads the whole payments table sequentially: the budget's missing-index signal.
      expect(before.seqScans).toEqual([]);
      expect(after.seqScans).toContain('payments');
      expect(find(afterMeasurements, 'query:getPaginatedPayments.first', 'plan.seq_scan_rows').value).toBeGreaterThanOrEqual(SEED.payments);
      console.log(`without the index: ${after.shape} (seq scans: ${after.seqScans.join(', ') || 'none'})`);
    } finally {
      await sql(def);
    }
  });

  it('fails naming every query that cannot run, before measuring anything', async () => {
    const set = defineQueries({
      name: 'broken',
      runs: 1,
      queries: [
        { name: 'fine', sql: 'SELECT 1' },
        { name: 'typo', sql: 'SELEC id FROM users' },
        { name: 'noTable', sql: 'SELECT * FROM no_such_table' },
        {
          name: 'badParams',
          sql: 'SELECT 1',
          params: async () => {
            throw new Error('no heavy sender');
          },
        },
      ],
    });
    const error = await run(set).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).toContain('query "typo": syntax error at or near "SELEC"');
    expect(error!.message).toContain('query "noTable": relation "no_such_table" does not exist');
    expect(error!.message).toContain('query "badParams": computing its params failed (no heavy sender)');
    expect(error!.message).not.toContain('"fine"');
    expect(log).toEqual([]);
  });

  it('runs a YAML query set with static params', async () => {
    const set = await loadQuerySet(EXAMPLE_QUERIES);
    const { measurements } = await run({ ...set, runs: 3 });
    expect(find(measurements, 'query:findUserByEmail', 'plan.rows').value).toBe(1);
    expect(find(measurements, 'query:findUserByEmail', 'plan.execution_ms').samples).toHaveLength(3);
    expect(find(measurements, 'query:paymentsPerCurrency', 'plan.rows').value).toBe(3);
    expect(find(measurements, 'query:paymentsPerCurrency', 'plan.cost').plan?.seqScans).toEqual(['payments']);
    expect(find(measurements, 'query:readAnalytics', 'plan.rows').value).toBe(31 * 3);
  });

  it('changes nothing: a write in the query set is rolled back every run', async () => {
    const [before] = await sql<{ total: string; n: number }>('SELECT sum(balance)::text AS total, count(*)::int AS n FROM accounts');
    const { measurements } = await run({
      name: 'writes',
      runs: 3,
      queries: [
        { name: 'bumpBalances', sql: 'UPDATE accounts SET balance = balance + 1' },
        { name: 'insertUser', sql: "INSERT INTO users (email, password_hash, display_name) VALUES ('x@y.z', '!', 'x')" },
      ],
    });
    expect(find(measurements, 'query:bumpBalances', 'plan.execution_ms').samples).toHaveLength(3);
    const [after] = await sql<{ total: string; n: number }>('SELECT sum(balance)::text AS total, count(*)::int AS n FROM accounts');
    expect(after).toEqual(before);
    expect(await sql(`SELECT 1 FROM users WHERE email = 'x@y.z'`)).toHaveLength(0);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const { measurements } = await run({ name: 'slow', queries: [{ name: 'sleepy', sql: 'SELECT pg_sleep(5)' }] }, controller.signal);
    expect(measurements).toEqual([]);
  });

  it('cancels a statement in flight on abort and keeps what was measured', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = run(
      {
        name: 'slow',
        runs: 1,
        queries: [
          { name: 'quick', sql: 'SELECT 1' },
          { name: 'sleepy', sql: 'SELECT pg_sleep(30)' },
        ],
      },
      controller.signal,
    );
    setTimeout(() => controller.abort(), 500);
    const { measurements } = await pending;
    expect(Date.now() - started).toBeLessThan(10_000);
    expect([...new Set(measurements.map((m) => m.subject))]).toEqual(['query:quick']);
  });
});
