import type { MetricDescriptor } from '../../model/index.ts';
import { metric } from '../check.ts';

/** Per endpoint (and, from the target's /metrics, `server` and server-side spans such as `fraud analysis`). */
// Default noise floors, conservative until `perfgate calibrate` measures this machine's: two runs minutes apart on a
// shared machine drift by several percent, more in the tail; sub-millisecond moves are timer and scheduler noise.
const floor = (relative: number, absolute?: number) => ({ noiseFloor: { relative, ...(absolute !== undefined ? { absolute } : {}) } });

export const LOAD_METRICS: readonly MetricDescriptor[] = [
  metric('latency.p50', 'ms', 'lower', true, 'median response time, each round one sample', floor(0.05, 0.5)),
  metric('latency.p95', 'ms', 'lower', true, "95th percentile response time (server-side spans: from the target's own histogram)", floor(0.05, 1)),
  metric('latency.p99', 'ms', 'lower', true, '99th percentile response time', floor(0.1, 2)),
  metric('latency.max', 'ms', 'lower', true, 'slowest response of the round', floor(0.25, 5)),
  metric('throughput.rps', 'rps', 'higher', true, 'responses per second the endpoint served', floor(0.05)),
  metric('errors.ratio', 'ratio', 'lower', true, 'share of requests that failed (unexpected status, timeout, connection error)', floor(0, 0.001)),
  metric('cpu.ratio', 'ratio', 'lower', true, 'CPU of the server process during the round, as a fraction of one core (from /metrics)', floor(0.05, 0.02)),
  metric(
    'users.connected',
    'count',
    'higher',
    true,
    'virtual users holding their WebSocket open through a round (flows with users.websocket); the fewest of any round',
    floor(0, 1),
  ),
  metric(
    'memory.perConnection',
    'bytes',
    'lower',
    false,
    "the server's resident memory grown per connection it holds (from /metrics), with thousands of users connected",
    floor(0.2),
  ),
  metric('heap.ratio', 'ratio', 'lower', true, 'V8 heap in use over the heap limit at the end of the round (from /metrics)', floor(0.05, 0.01)),
];
