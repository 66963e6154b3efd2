import { createHash } from 'node:crypto';
import { runError } from '../../util/errors.ts';

/**
 * One node of PostgreSQL's `EXPLAIN (FORMAT JSON)` output. Only the fields perfgate reads are typed;
 * the rest (costs per node, filters, output lists, ...) ride along untyped.
 */
export interface PlanNode {
  'Node Type': string;
  'Parent Relationship'?: string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'CTE Name'?: string;
  'Function Name'?: string;
  Strategy?: string;
  'Startup Cost'?: number;
  'Total Cost'?: number;
  'Plan Rows'?: number;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
  [field: string]: unknown;
}

/** One element of the array `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)` returns. */
export interface ExplainOutput {
  Plan: PlanNode;
  'Planning Time'?: number;
  'Execution Time'?: number;
  Planning?: { 'Shared Hit Blocks'?: number; 'Shared Read Blocks'?: number };
  [field: string]: unknown;
}

/** What one EXPLAIN ANALYZE run says, in the terms perfgate measures. */
export interface PlanSummary {
  executionMs: number;
  planningMs: number;
  /** Execution buffers of the whole tree (the top node's counters include its children's). */
  sharedHit: number;
  sharedRead: number;
  /** Actual rows the top node returned (per loop; the top node runs once). */
  rows: number;
  /** The planner's total cost estimate of the top node. */
  cost: number;
  shape: string;
  hash: string;
  /** Every node's label, in tree order: what a plan change adds and removes. */
  nodes: string[];
  seqScans: string[];
  /** Rows the sequential scans of the tree read (returned plus removed by their filters, times loops). */
  seqScanRows: number;
}

// Text EXPLAIN names aggregates and set operations by strategy; JSON keeps them apart. Use the familiar names,
// because the strategy is part of the plan's shape (a HashAggregate that turns into a GroupAggregate is a plan change).
const STRATEGY_NAMES: Record<string, Record<string, string>> = {
  Aggregate: { Plain: 'Aggregate', Sorted: 'GroupAggregate', Hashed: 'HashAggregate', Mixed: 'MixedAggregate' },
  SetOp: { Sorted: 'SetOp', Hashed: 'HashSetOp' },
};

/** `Index Scan idx_payments_sender_created on payments`, `Seq Scan on users`, `HashAggregate`, `CTE Scan on totals`. */
export function nodeLabel(node: PlanNode): string {
  const type = node['Node Type'];
  let label = (node.Strategy && STRATEGY_NAMES[type]?.[node.Strategy]) || type;
  if (node['Parent Relationship'] === 'InitPlan' || node['Parent Relationship'] === 'SubPlan') label = `${node['Parent Relationship']} ${label}`;
  if (node['Index Name']) label += ` ${node['Index Name']}`;
  const on = node['Relation Name'] ?? node['CTE Name'] ?? node['Function Name'];
  if (on) label += ` on ${on}`;
  return label;
}

/**
 * A compact, deterministic signature of a plan tree: node types with their relation and index names, no numbers.
 * `Limit>Nested Loop>[Index Scan idx_payments_sender_created on payments, Memoize>Index Scan users_pkey on users]`.
 * Two runs of the same plan give the same shape; a different join method, scan or index gives another.
 */
export function planShape(node: PlanNode): string {
  const children = node.Plans ?? [];
  const label = nodeLabel(node);
  if (children.length === 0) return label;
  if (children.length === 1) return `${label}>${planShape(children[0])}`;
  return `${label}>[${children.map(planShape).join(', ')}]`;
}

/** Every node's label, depth first: `['Limit', 'Index Scan idx_x on payments']`. */
export function planNodes(node: PlanNode): string[] {
  return [nodeLabel(node), ...(node.Plans ?? []).flatMap(planNodes)];
}

/** Short stable hash of a shape (first 10 hex digits of SHA-256): easy to eyeball in a log line. */
export function planHash(shape: string): string {
  return createHash('sha256').update(shape).digest('hex').slice(0, 10);
}

/** Relations read by a Seq Scan anywhere in the tree, sorted and without duplicates. */
export function seqScans(node: PlanNode): string[] {
  const found = new Set<string>();
  const walk = (n: PlanNode) => {
    if (n['Node Type'] === 'Seq Scan' || n['Node Type'] === 'Parallel Seq Scan') found.add(n['Relation Name'] ?? '?');
    for (const child of n.Plans ?? []) walk(child);
  };
  walk(node);
  return [...found].sort();
}

/**
 * Rows read by sequential scans: what a missing index costs. A seq scan over a small table (a lookup table, a
 * materialized view of a few days) reads a few hundred rows and is the right plan; one over a big table reads
 * all of it for every call, and this number grows with the data while execution time still looks fine on a
 * small seed. Each Seq Scan node counts (Actual Rows + Rows Removed by Filter) × Actual Loops; a parallel
 * scan's per-process average × its processes gives the table's rows likewise.
 */
export function seqScanRows(node: PlanNode): number {
  let rows = 0;
  const walk = (n: PlanNode) => {
    if (n['Node Type'] === 'Seq Scan' || n['Node Type'] === 'Parallel Seq Scan') {
      const removed = typeof n['Rows Removed by Filter'] === 'number' ? n['Rows Removed by Filter'] : 0;
      rows += ((n['Actual Rows'] ?? 0) + removed) * (n['Actual Loops'] ?? 1);
    }
    for (const child of n.Plans ?? []) walk(child);
  };
  walk(node);
  return Math.round(rows);
}

/**
 * Reads the result of `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)`: node-postgres gives the `QUERY PLAN` column
 * already parsed (json type), an array with one element per statement.
 */
export function summarizePlan(output: ExplainOutput | ExplainOutput[]): PlanSummary {
  const explain = Array.isArray(output) ? output[0] : output;
  if (!explain || typeof explain !== 'object' || !explain.Plan) throw runError('not EXPLAIN (FORMAT JSON) output: no Plan');
  const top = explain.Plan;
  const shape = planShape(top);
  return {
    executionMs: explain['Execution Time'] ?? NaN,
    planningMs: explain['Planning Time'] ?? NaN,
    sharedHit: top['Shared Hit Blocks'] ?? 0,
    sharedRead: top['Shared Read Blocks'] ?? 0,
    rows: top['Actual Rows'] ?? 0,
    cost: top['Total Cost'] ?? 0,
    shape,
    hash: planHash(shape),
    nodes: planNodes(top),
    seqScans: seqScans(top),
    seqScanRows: seqScanRows(top),
  };
}
