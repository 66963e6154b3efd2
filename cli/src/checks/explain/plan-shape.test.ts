import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nodeLabel, planHash, planShape, seqScanRows, seqScans, summarizePlan, type ExplainOutput, type PlanNode } from './plan-shape.ts';

// Recorded from PostgreSQL 15 on PayPass's schema seeded by its generator (300 users, 20,000 payments, seed 7):
// the queries of scenarios/paypass.queries.ts plus two ad-hoc ones (a hash aggregate over a seq scan; a hash join with a SubPlan).
const FIXTURES = JSON.parse(readFileSync(new URL('./fixtures/pg15-plans.json', import.meta.url), 'utf8')) as Record<string, ExplainOutput[]> & { server_version: string };
const plan = (name: string): ExplainOutput[] => FIXTURES[name] as ExplainOutput[];

describe('plan shape', () => {
  it('was recorded from PostgreSQL 15', () => {
    expect(FIXTURES.server_version).toMatch(/^15\./);
  });

  it('names node types with their index and relation, nesting children', () => {
    expect(planShape(plan('getPaginatedPayments.first')[0].Plan)).toBe(
      'Limit>Nested Loop>[Index Scan idx_payments_sender_created on payments, Memoize>Index Scan users_pkey on users]',
    );
    expect(planShape(plan('findUserByEmail')[0].Plan)).toBe('Index Scan users_email_key on users');
    expect(planShape(plan('findUserPayments.deep')[0].Plan)).toBe(
      'Limit>Sort>Hash Join>[Bitmap Heap Scan on payments>Bitmap Index Scan idx_payments_sender_created, Hash>Seq Scan on users]',
    );
  });

  it('uses the text-EXPLAIN names of aggregate strategies and marks sub-plans', () => {
    expect(planShape(plan('seqScanHashAggregate')[0].Plan)).toBe('HashAggregate>Seq Scan on payments');
    expect(planShape(plan('countRecentPayments')[0].Plan)).toBe('Aggregate>Index Only Scan idx_payments_sender_created on payments');
    expect(planShape(plan('hashJoinSubPlan')[0].Plan)).toContain('SubPlan Aggregate>Index Only Scan accounts_user_id_currency_key on accounts');
    expect(nodeLabel({ 'Node Type': 'Aggregate', Strategy: 'Sorted' })).toBe('GroupAggregate');
    expect(nodeLabel({ 'Node Type': 'CTE Scan', 'CTE Name': 'totals' })).toBe('CTE Scan on totals');
  });

  it('ignores every number: the same plan with other timings, rows and costs has the same shape and hash', () => {
    const original = plan('getPaginatedPayments.deep')[0].Plan;
    const perturbed = JSON.parse(JSON.stringify(original), (key, value) => (typeof value === 'number' ? value * 3 + 1 : value)) as PlanNode;
    expect(planShape(perturbed)).toBe(planShape(original));
    // The first page and the deep page by cursor run the same plan: same shape, same hash.
    expect(planHash(planShape(original))).toBe(planHash(planShape(plan('getPaginatedPayments.first')[0].Plan)));
  });

  it('hashes shapes to a short stable id, different for a different plan', () => {
    const a = planHash('Limit>Seq Scan on payments');
    expect(a).toMatch(/^[0-9a-f]{10}$/);
    expect(planHash('Limit>Seq Scan on payments')).toBe(a);
    expect(planHash('Limit>Index Scan idx on payments')).not.toBe(a);
  });

  it('lists relations read by Seq Scan, sorted and unique', () => {
    expect(seqScans(plan('findUserPayments.deep')[0].Plan)).toEqual(['users']);
    expect(seqScans(plan('getPaginatedPayments.first')[0].Plan)).toEqual([]);
    const twice: PlanNode = {
      'Node Type': 'Append',
      Plans: [
        { 'Node Type': 'Seq Scan', 'Relation Name': 'b' },
        { 'Node Type': 'Seq Scan', 'Relation Name': 'a' },
        { 'Node Type': 'Parallel Seq Scan', 'Relation Name': 'b' },
      ],
    };
    expect(seqScans(twice)).toEqual(['a', 'b']);
  });

  it('counts the rows sequential scans read: returned plus filtered out, times loops', () => {
    // The OFFSET page of the recorded plans hashes all of users (the fixture's 300 and the FX house) to join them.
    expect(seqScanRows(plan('findUserPayments.deep')[0].Plan)).toBe(301);
    expect(seqScanRows(plan('getPaginatedPayments.first')[0].Plan)).toBe(0);
    const filtered: PlanNode = {
      'Node Type': 'Nested Loop',
      Plans: [
        { 'Node Type': 'Seq Scan', 'Relation Name': 'a', 'Actual Rows': 2, 'Rows Removed by Filter': 98, 'Actual Loops': 3 },
        { 'Node Type': 'Parallel Seq Scan', 'Relation Name': 'b', 'Actual Rows': 10, 'Actual Loops': 3 },
        { 'Node Type': 'Index Scan', 'Relation Name': 'c', 'Actual Rows': 1000, 'Rows Removed by Filter': 5 },
      ],
    };
    expect(seqScanRows(filtered)).toBe(100 * 3 + 10 * 3);
  });

  it('summarizes an EXPLAIN ANALYZE result: times, top-node buffers, rows and cost', () => {
    const raw = plan('findUserPayments.deep');
    const s = summarizePlan(raw);
    expect(s.executionMs).toBe(raw[0]['Execution Time']);
    expect(s.planningMs).toBe(raw[0]['Planning Time']);
    expect(s.sharedHit).toBe(raw[0].Plan['Shared Hit Blocks']);
    expect(s.sharedRead).toBe(raw[0].Plan['Shared Read Blocks']);
    expect(s.rows).toBe(20);
    expect(s.cost).toBe(raw[0].Plan['Total Cost']);
    expect(s.hash).toBe(planHash(s.shape));
    expect(() => summarizePlan([] as unknown as ExplainOutput[])).toThrow(/no Plan/);
  });
});
