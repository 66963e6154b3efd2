// One perfgate generator measurement, run as its own process (pinned by the caller): a warm-up of the same kind,
// then the measured window. Prints one JSON line (GeneratorResult) on stdout.
//   node cli/bin/run-ts.js bench/load-engine/generator.ts --url URL --model closed|open --connections N [--rate R] --seconds S --warmup S
import { parseArgs } from 'node:util';
import type { LoadModel } from '../../cli/src/checks/load/engine/job.ts';
import { defaultThreads, GeneratorPool } from '../../cli/src/checks/load/engine/pool.ts';
import { FILE_PATH } from './nginx.ts';

export interface GeneratorResult {
  model: LoadModel;
  threads: number;
  seconds: number;
  connections: number;
  rate?: number;
  responses: number;
  requestsPerSecond: number;
  failures: number;
  firstError?: string;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  /** Open model: sends due in the window, those written more than 1 ms / the late limit behind, those that waited at the cap. */
  scheduled: number;
  lateOver1ms: number;
  lateOverLimit: number;
  queued: number;
  /** The busiest generator thread's event-loop utilisation. */
  busy: number;
  cpuMicros: number;
  /** Resident set of this process after the measured window. */
  rssBytes: number;
}

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    model: { type: 'string', default: 'closed' },
    connections: { type: 'string', default: '50' },
    rate: { type: 'string' },
    seconds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
  },
});
if (!values.url) throw new Error('generator: --url is required');
const model = values.model as LoadModel;
const seconds = Number(values.seconds);
const rate = values.rate === undefined ? undefined : Number(values.rate);
const connections = Number(values.connections);

const threads = defaultThreads();
const pool = await GeneratorPool.start(threads);
const job = {
  url: values.url,
  model,
  connections,
  ...(rate !== undefined ? { rate } : {}),
  seconds,
  timeoutMs: 10_000,
  method: 'GET',
  request: { kind: 'fixed' as const, request: { method: 'GET', path: FILE_PATH, headers: {} } },
};
const signal = new AbortController().signal;
if (Number(values.warmup) > 0) await pool.run({ ...job, seconds: Number(values.warmup), warmup: true }, signal);
const r = await pool.run(job, signal);
const ms = (p: number) => r.histogram.getValueAtPercentile(p) / 1000;
const result: GeneratorResult = {
  model,
  threads: r.threads,
  seconds,
  connections,
  ...(rate !== undefined ? { rate } : {}),
  responses: r.responses,
  requestsPerSecond: r.responses / seconds,
  failures: r.failures,
  ...(r.firstError !== undefined ? { firstError: r.firstError } : {}),
  p50Ms: ms(50),
  p90Ms: ms(90),
  p99Ms: ms(99),
  scheduled: r.scheduled,
  lateOver1ms: r.lateOver1ms,
  lateOverLimit: r.lateOverLimit,
  queued: r.queued,
  busy: r.busy,
  cpuMicros: r.cpuMicros,
  rssBytes: process.memoryUsage().rss,
};
await pool.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
