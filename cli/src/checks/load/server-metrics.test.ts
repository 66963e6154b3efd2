import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServerMetrics } from './server-metrics.ts';

let server: Server | undefined;
afterEach(() => server?.close());

/** A target whose /metrics answers with the next of `texts` at each scrape (probe, start, round ends; the last repeats). */
async function serveMetrics(texts: string[]): Promise<string> {
  let scrape = 0;
  server = createServer((_req, res) => res.end(texts[Math.min(scrape++, texts.length - 1)]));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

const exposition = (cpu: number, limit?: number) => `# TYPE process_cpu_seconds_total counter
process_cpu_seconds_total ${cpu}
# TYPE nodejs_heap_size_used_bytes gauge
nodejs_heap_size_used_bytes 50000000
# TYPE nodejs_heap_size_total_bytes gauge
nodejs_heap_size_total_bytes 60000000
# TYPE nodejs_heap_space_size_used_bytes gauge
nodejs_heap_space_size_used_bytes{space="old"} 50000000
nodejs_heap_space_size_available_bytes{space="old"} 10000000
${limit === undefined ? '' : `# TYPE nodejs_heap_size_limit_bytes gauge\nnodejs_heap_size_limit_bytes ${limit}\n`}`;

describe('ServerMetrics', () => {
  it('reads heap headroom against the V8 limit, not against the current heap size', async () => {
    const metrics = (await ServerMetrics.probe(await serveMetrics([exposition(1, 2_000_000_000), exposition(1, 2_000_000_000), exposition(2, 2_000_000_000)])))!;
    await metrics.start();
    await metrics.endRound();
    const heap = metrics.measurements('load').find((m) => m.metric === 'heap.ratio');
    expect(heap?.value).toBeCloseTo(0.025, 5);
  });

  it('gives no heap verdict when the target does not export its heap limit', async () => {
    const metrics = (await ServerMetrics.probe(await serveMetrics([exposition(1), exposition(1), exposition(2)])))!;
    await metrics.start();
    await metrics.endRound();
    const found = metrics.measurements('load');
    expect(found.find((m) => m.metric === 'cpu.ratio')?.value).toBeGreaterThan(0);
    expect(found.find((m) => m.metric === 'heap.ratio')).toBeUndefined();
  });
});

describe('ServerMetrics.queryCounts', () => {
  const counts = (getPayment: number, answered: number) => `# TYPE db_queries_total counter
db_queries_total{query="getPayment"} ${getPayment}
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_count{method="GET",route="/payments/:id",status_code="200"} ${answered}
http_request_duration_seconds_count{method="GET",route="/metrics",status_code="200"} ${answered * 7}
`;

  it('waits until the counts settle (requests in flight finishing their queries)', async () => {
    // Still busy for the first reads (in-flight requests finishing), then steady.
    const metrics = (await ServerMetrics.probe(await serveMetrics([counts(0, 0), counts(90, 90), counts(98, 98), counts(100, 100)])))!;
    const read = await metrics.queryCounts();
    expect(read?.queries.get('getPayment')).toBe(100);
  });
});
