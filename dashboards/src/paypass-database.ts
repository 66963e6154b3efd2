import { DashboardBuilder, DashboardCursorSync } from '@grafana/grafana-foundation-sdk/dashboard';
import { addSections } from './layout.ts';
import { timeseries } from './panels.ts';
import { RATE_WINDOW, histogramMean, histogramQuantile, sumRate, sumRateOrZero } from './promql.ts';
import { TARGETS } from './standards.ts';
import { datasourceVariable, labelVariable } from './variables.ts';

const JOB = 'job=~"$job"';
const QUERIES = `database_query_duration_seconds_count{${JOB}}`;
const BY_TYPE_AND_TABLE = ['query_type', 'table'];

/** PostgreSQL as PayPass sees it: catalog query time per statement type and table, query mix, pool. */
export function paypassDatabase(): DashboardBuilder {
  const dashboard = new DashboardBuilder('PayPass database')
    .uid('paypass-database')
    .description('Query time per query type (select, insert, update, delete, refresh) and table, catalog queries by name, and the connection pool.')
    .tags(['paypass', 'perfgate', 'postgresql'])
    .time({ from: 'now-1h', to: 'now' })
    .refresh('10s')
    .tooltip(DashboardCursorSync.Crosshair)
    .withVariable(datasourceVariable())
    .withVariable(labelVariable('job', 'job', 'database_query_duration_seconds_count'))
    .withVariable(labelVariable('table', 'table', 'database_query_duration_seconds_count{job=~"$job"}'));
  const selector = `${JOB}, table=~"$table"`;
  return addSections(dashboard, [
    {
      title: 'Query time',
      panels: [
        {
          width: 12,
          panel: timeseries({
            title: 'Query p95 by type and table',
            description: 'From the database_query_duration_seconds buckets (10, 50, 100, 200, 500 ms, 1 s): exact at 100 ms, the target.',
            unit: 's',
            target: TARGETS.databaseQueryP95Seconds,
            min: 0,
            queries: [{ expr: histogramQuantile(0.95, 'database_query_duration_seconds', selector, BY_TYPE_AND_TABLE), legend: '{{query_type}} {{table}}' }],
          }),
        },
        {
          width: 12,
          panel: timeseries({
            title: 'Query p99 by type and table',
            description: 'The slowest statements of each kind: lock waits and cold caches show here before they reach the p95.',
            unit: 's',
            min: 0,
            queries: [{ expr: histogramQuantile(0.99, 'database_query_duration_seconds', selector, BY_TYPE_AND_TABLE), legend: '{{query_type}} {{table}}' }],
          }),
        },
        {
          width: 12,
          panel: timeseries({
            title: 'Mean query time by type and table',
            description: 'Exact (sum over count), unlike the percentiles, which are read off the buckets.',
            unit: 's',
            min: 0,
            queries: [{ expr: histogramMean('database_query_duration_seconds', selector, BY_TYPE_AND_TABLE), legend: '{{query_type}} {{table}}' }],
          }),
        },
        {
          width: 12,
          panel: timeseries({
            title: 'Queries per second by type and table',
            description: 'The query mix: what the database spends its time on is rate × duration.',
            unit: 'ops',
            min: 0,
            queries: [{ expr: sumRate(`database_query_duration_seconds_count{${selector}}`, BY_TYPE_AND_TABLE), legend: '{{query_type}} {{table}}' }],
          }),
        },
      ],
    },
    {
      title: 'Catalog queries and connections',
      panels: [
        {
          width: 12,
          panel: timeseries({
            title: 'Catalog queries per second (top 15)',
            description: 'Queries by their name in system-under-test/db/queries.ts: the names perfgate attributes to the endpoint under load.',
            unit: 'ops',
            min: 0,
            queries: [{ expr: `topk(15, sum by (query) (rate(db_queries_total{${JOB}}[${RATE_WINDOW}])))`, legend: '{{query}}' }],
          }),
        },
        {
          width: 6,
          panel: timeseries({
            title: 'Pool connections',
            description: 'PostgreSQL pool connections: total, idle, and clients waiting for one.',
            unit: 'short',
            min: 0,
            queries: [{ expr: `sum by (state) (db_pool_connections{${JOB}})`, legend: '{{state}}' }],
          }),
        },
        {
          width: 6,
          panel: timeseries({
            title: 'Failed queries per second',
            description: 'Catalog queries that raised an error; 0 while queries run without any.',
            unit: 'ops',
            min: 0,
            queries: [{ expr: sumRateOrZero(`errors_total{${JOB}, service="database"}`, QUERIES), legend: 'failed' }],
          }),
        },
      ],
    },
  ]);
}
