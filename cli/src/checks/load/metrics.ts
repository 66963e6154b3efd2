import type { MetricDescriptor } from '../../model/index.ts';
import { metric } from '../check.ts';

/** Per endpoint (and, from the target's /metrics, `server` and server-side spans such as `fraud analysis`). */
export const LOAD_METRICS: readonly MetricDescriptor[] = [
  metric('latency.p50', 'ms', 'lower', true, 'median response time, each round one sample'),
  metric('latency.p95', 'ms', 'lower', true, '95th percentile response time (server-side spans: from the target\'s own histogram)'),
  metric('latency.p99', 'ms', 'lower', true, '99th percentile response time'),
  metric('latency.max', 'ms', 'lower', true, 'slowest response of the round'),
  metric('throughput.rps', 'rps', 'higher', true, 'responses per second the endpoint served'),
  metric('errors.ratio', 'ratio', 'lower', true, 'share of requests that failed (unexpected status, timeout, connection error)'),
  metric('cpu.ratio', 'ratio', 'lower', true, 'CPU of the server process during the round, as a fraction of one core (from /metrics)'),
  metric('heap.ratio', 'ratio', 'lower', true, 'V8 heap in use over the heap limit at the end of the round (from /metrics)'),
];
