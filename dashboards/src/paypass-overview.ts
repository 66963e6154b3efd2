import { DashboardBuilder, DashboardCursorSync } from '@grafana/grafana-foundation-sdk/dashboard';
import { ENDPOINT_CLASSES } from './endpoint-classes.ts';
import { addSections } from './layout.ts';
import { timeseries } from './panels.ts';
import { RATE_WINDOW, failureRatio, histogramQuantile, sumRate } from './promql.ts';
import { TARGETS } from './standards.ts';
import { datasourceVariable, labelVariable } from './variables.ts';

const JOB = 'job=~"$job"';
const REQUESTS = `http_request_duration_seconds_count{${JOB}}`;

/** PayPass at a glance: the RED signals per route, the standards' API targets, and what saturates first. */
export function paypassOverview(): DashboardBuilder {
  const dashboard = new DashboardBuilder('PayPass overview')
    .uid('paypass-overview')
    .description('Requests, errors and durations per route; the API targets of the performance standards; CPU, memory, pool, queue and connections.')
    .tags(['paypass', 'perfgate'])
    .time({ from: 'now-1h', to: 'now' })
    .refresh('10s')
    .tooltip(DashboardCursorSync.Crosshair)
    .withVariable(datasourceVariable())
    .withVariable(labelVariable('job', 'job', 'http_request_duration_seconds_count'));
  return addSections(dashboard, [
    {
      title: 'Traffic and errors',
      panels: [
        {
          width: 8,
          panel: timeseries({
            title: 'Request rate by route',
            description: 'Responses per second, by method and Fastify route template.',
            unit: 'reqps',
            queries: [{ expr: sumRate(REQUESTS, ['method', 'route']), legend: '{{method}} {{route}}' }],
          }),
        },
        {
          width: 8,
          panel: timeseries({
            title: 'Server error ratio',
            description: 'Share of responses with a 5xx status, overall and by route: the availability SLI the burn-rate alerts read.',
            unit: 'percentunit',
            target: TARGETS.serverErrorRatio,
            min: 0,
            queries: [
              { expr: failureRatio('http_request_duration_seconds_count', JOB, 'status_code=~"5.."'), legend: 'all routes' },
              { expr: failureRatio('http_request_duration_seconds_count', JOB, 'status_code=~"5.."', ['route']), legend: '{{route}}' },
            ],
          }),
        },
        {
          width: 8,
          panel: timeseries({
            title: 'Responses by status code',
            description: 'Responses per second by HTTP status: 4xx are refused requests (validation, auth, declines), 5xx are failures.',
            unit: 'reqps',
            queries: [{ expr: sumRate(REQUESTS, ['status_code']), legend: '{{status_code}}' }],
          }),
        },
      ],
    },
    {
      title: 'Duration',
      panels: [
        {
          width: 12,
          panel: timeseries({
            title: 'p95 by route',
            description: 'Server-side duration, from the http_request_duration_seconds buckets (0.1, 0.3, 0.5, 0.7, 1, 3, 5, 7, 10 s).',
            unit: 's',
            queries: [{ expr: histogramQuantile(0.95, 'http_request_duration_seconds', JOB, ['method', 'route']), legend: '{{method}} {{route}}' }],
          }),
        },
        {
          width: 12,
          panel: timeseries({
            title: 'p99 by route',
            description: 'The tail: a regression that leaves the median alone shows here first.',
            unit: 's',
            queries: [{ expr: histogramQuantile(0.99, 'http_request_duration_seconds', JOB, ['method', 'route']), legend: '{{method}} {{route}}' }],
          }),
        },
        ...ENDPOINT_CLASSES.map((endpoints) => ({
          width: 6,
          panel: timeseries({
            title: `${endpoints.title}: p95`,
            description: `p95 and p99 of ${endpoints.matchers}.${endpoints.name === 'health' ? ' Below 100 ms (the first bucket bound) the value is interpolated: the 50 ms target is judged client side by the load check of perfgate.' : ''}`,
            unit: 's',
            target: endpoints.target,
            min: 0,
            queries: [
              { expr: histogramQuantile(0.95, 'http_request_duration_seconds', `${JOB}, ${endpoints.matchers}`), legend: 'p95' },
              { expr: histogramQuantile(0.99, 'http_request_duration_seconds', `${JOB}, ${endpoints.matchers}`), legend: 'p99' },
            ],
          }),
        })),
      ],
    },
    {
      title: 'Saturation',
      panels: [
        {
          width: 8,
          panel: timeseries({
            title: 'CPU',
            description: 'CPU seconds per second of the PayPass process: 1 is one core, all the Node event loop can use.',
            unit: 'percentunit',
            target: TARGETS.cpuRatio,
            min: 0,
            queries: [{ expr: `rate(process_cpu_seconds_total{${JOB}}[${RATE_WINDOW}])`, legend: '{{instance}}' }],
          }),
        },
        {
          width: 8,
          panel: timeseries({
            title: 'Memory',
            description: 'Resident set size, and the V8 heap in use against its limit (--max-old-space-size).',
            unit: 'bytes',
            min: 0,
            queries: [
              { expr: `process_resident_memory_bytes{${JOB}}`, legend: 'resident {{instance}}' },
              { expr: `nodejs_heap_size_used_bytes{${JOB}}`, legend: 'heap used {{instance}}' },
              { expr: `nodejs_heap_size_limit_bytes{${JOB}}`, legend: 'heap limit {{instance}}' },
            ],
          }),
        },
        {
          width: 8,
          panel: timeseries({
            title: 'Heap used / heap limit',
            description: 'Memory as the standards mean it: the V8 heap in use as a share of what it may grow to.',
            unit: 'percentunit',
            target: TARGETS.heapRatio,
            min: 0,
            max: 1,
            queries: [{ expr: `nodejs_heap_size_used_bytes{${JOB}} / nodejs_heap_size_limit_bytes{${JOB}}`, legend: '{{instance}}' }],
          }),
        },
        {
          width: 6,
          panel: timeseries({
            title: 'Database pool connections',
            description: 'PostgreSQL pool connections by state; waiting clients mean the pool is the bottleneck.',
            unit: 'short',
            min: 0,
            queries: [{ expr: `sum by (state) (db_pool_connections{${JOB}})`, legend: '{{state}}' }],
          }),
        },
        {
          width: 6,
          panel: timeseries({
            title: 'Payment queue depth',
            description: 'Payments waiting in the processing queue: a backlog that grows means processing cannot keep up.',
            unit: 'short',
            min: 0,
            queries: [{ expr: `sum by (queue) (payment_queue_depth{${JOB}})`, legend: '{{queue}}' }],
          }),
        },
        {
          width: 6,
          panel: timeseries({
            title: 'Active connections',
            description: 'Open HTTP connections, database connections in use and waiting, queued jobs.',
            unit: 'short',
            min: 0,
            queries: [{ expr: `sum by (connection_type) (active_connections{${JOB}})`, legend: '{{connection_type}}' }],
          }),
        },
        {
          width: 6,
          panel: timeseries({
            title: 'Event loop lag p99',
            description: 'How late the Node event loop runs its callbacks: every request waits this long on top of its own work.',
            unit: 's',
            min: 0,
            queries: [{ expr: `nodejs_eventloop_lag_p99_seconds{${JOB}}`, legend: '{{instance}}' }],
          }),
        },
      ],
    },
  ]);
}
