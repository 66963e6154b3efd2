import type { MetricDescriptor } from '../../model/index.ts';
import { metric } from '../check.ts';

/** Per `query:<name>`. Timings are sampled (each EXPLAIN ANALYZE run one sample); buffers, rows and cost are exact. */
export const EXPLAIN_METRICS: readonly MetricDescriptor[] = [
  // EXPLAIN ANALYZE's own timing costs tens of microseconds per plan node: a smaller move is not the query's.
  metric('plan.execution_ms', 'ms', 'lower', true, 'execution time reported by EXPLAIN ANALYZE', { noiseFloor: { relative: 0.1, absolute: 0.05 } }),
  metric('plan.planning_ms', 'ms', 'lower', true, 'planning time reported by EXPLAIN ANALYZE', { noiseFloor: { relative: 0.1, absolute: 0.05 } }),
  metric('plan.buffers.shared_hit', 'count', 'lower', false, 'shared buffers found in cache'),
  metric('plan.buffers.shared_read', 'count', 'lower', false, 'shared buffers read from disk or the OS cache'),
  metric('plan.buffers.shared_total', 'count', 'lower', false, 'pages the plan touched (hit + read), whatever the cache state'),
  metric('plan.rows', 'count', 'lower', false, 'rows the plan returned'),
  metric('plan.seq_scan_rows', 'count', 'lower', false, 'rows read by sequential scans: a large number is a missing index'),
  metric('plan.cost', 'count', 'lower', false, "the planner's total cost estimate"),
];
