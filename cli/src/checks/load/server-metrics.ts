import type { Measurement } from '../../model/index.ts';
import { histogramBuckets, parsePrometheusText, quantileBetween, sumOf, type PromSample } from './prometheus-text.ts';

/**
 * Server-side histograms worth a latency verdict of their own, when the target exports them (PayPass does).
 * Not payment_processing_duration_seconds: its standard buckets start at 0.5 s, so every p95 below that
 * would read as an interpolated ~475 ms; the client's sync-payment latency measures it end to end instead.
 */
const WATCHED: { subject: string; name: string; where: Record<string, string> }[] = [{ subject: 'fraud analysis', name: 'fraud_analysis_duration_seconds', where: {} }];

interface Scrape {
  at: number;
  samples: PromSample[];
}

/**
 * The target's own /metrics, scraped at every round boundary: CPU of the server process (a fraction of one
 * core), heap in use, and p95 of watched server-side histograms, each round one sample like the client's numbers.
 */
export class ServerMetrics {
  /** Before any load: the baseline for memory per connection. */
  private idle?: Scrape;
  private first?: Scrape;
  private last?: Scrape;
  private readonly rounds: Map<string, number>[] = [];

  private constructor(private readonly url: string) {}

  /** A ServerMetrics when the target answers /metrics in the Prometheus text format, else undefined. */
  static async probe(baseUrl: string): Promise<ServerMetrics | undefined> {
    const metrics = new ServerMetrics(`${baseUrl.replace(/\/+$/, '')}/metrics`);
    metrics.idle = await metrics.scrape();
    return metrics.idle ? metrics : undefined;
  }

  /** Marks the start of the measured rounds. */
  async start(): Promise<void> {
    this.first = this.last = await this.scrape();
  }

  async endRound(): Promise<void> {
    const now = await this.scrape();
    if (!now || !this.last) return;
    this.rounds.push(between(this.last, now));
    this.last = now;
  }

  measurements(check: string): Measurement[] {
    if (!this.first || !this.last || this.rounds.length === 0) return [];
    const overall = between(this.first, this.last);
    const out: Measurement[] = [];
    for (const [key, value] of overall) {
      const [subject, metric] = key.split('\u0000') as [string, string];
      const samples = this.rounds.map((r) => r.get(key)).filter((v): v is number => v !== undefined);
      const unit = metric === 'latency.p95' ? 'ms' : 'ratio';
      out.push({ check, subject, metric, unit, value, ...(samples.length === this.rounds.length ? { samples } : {}) });
    }
    const perConnection = this.idle && memoryPerConnection(this.idle, this.last);
    if (perConnection !== undefined) out.push({ check, subject: 'server', metric: 'memory.perConnection', unit: 'bytes', value: perConnection });
    return out;
  }

  /**
   * Counts of the target's `db_queries_total{query}` counter (PayPass exports it; any app can): read before and
   * after one endpoint's load, the differences say what that endpoint's requests ran. Read once the counts settle
   * (two reads 25 ms apart agree, for at most a second): queries of requests still in flight when the load stopped
   * count towards their own endpoint. Undefined when the target does not export the counter.
   */
  async queryCounts(): Promise<QueryCounts | undefined> {
    let last = await this.readQueryCounts();
    for (let i = 0; i < 40 && last; i++) {
      await new Promise((r) => setTimeout(r, 25));
      const now = await this.readQueryCounts();
      if (!now || sameCounts(last, now)) return now ?? last;
      last = now;
    }
    return last;
  }

  private async readQueryCounts(): Promise<QueryCounts | undefined> {
    const now = await this.scrape();
    const samples = now?.samples.filter((s) => s.name === QUERY_COUNTER && s.labels.query !== undefined);
    if (!samples?.length) return undefined;
    return { queries: new Map(samples.map((s) => [s.labels.query!, s.value])) };
  }

  private async scrape(): Promise<Scrape | undefined> {
    try {
      const response = await fetch(this.url, { signal: AbortSignal.timeout(5000) });
      if (!response.ok) return undefined;
      const text = await response.text();
      if (!text.includes('# TYPE')) return undefined;
      return { at: performance.now(), samples: parsePrometheusText(text) };
    } catch {
      return undefined;
    }
  }
}

const QUERY_COUNTER = 'db_queries_total';
/** Fewer new connections than this say more about the heap's drift than about what a connection costs. */
const MIN_CONNECTIONS_FOR_MEMORY = 500;

/**
 * The server's resident memory grown per connection it holds (`active_connections`, any type), from before the load
 * to the end of the rounds: what holding thousands of users costs it. Undefined without both series, or too few.
 */
function memoryPerConnection(idle: Scrape, last: Scrape): number | undefined {
  const connections = (s: Scrape) => sumOf(s.samples, 'active_connections');
  const rss = (s: Scrape) => sumOf(s.samples, 'process_resident_memory_bytes');
  const [c0, c1, m0, m1] = [connections(idle), connections(last), rss(idle), rss(last)];
  if (c0 === undefined || c1 === undefined || m0 === undefined || m1 === undefined || c1 - c0 < MIN_CONNECTIONS_FOR_MEMORY) return undefined;
  return Math.max(0, (m1 - m0) / (c1 - c0));
}
export interface QueryCounts {
  queries: Map<string, number>;
}

function sameCounts(a: QueryCounts, b: QueryCounts): boolean {
  return a.queries.size === b.queries.size && [...a.queries].every(([q, n]) => b.queries.get(q) === n);
}

const key = (subject: string, metric: string) => `${subject}\u0000${metric}`;

function between(a: Scrape, b: Scrape): Map<string, number> {
  const values = new Map<string, number>();
  const seconds = (b.at - a.at) / 1000;
  const cpuA = sumOf(a.samples, 'process_cpu_seconds_total');
  const cpuB = sumOf(b.samples, 'process_cpu_seconds_total');
  if (cpuA !== undefined && cpuB !== undefined && seconds > 0) values.set(key('server', 'cpu.ratio'), (cpuB - cpuA) / seconds);
  // Share of the V8 heap limit in use. Only with the limit itself (nodejs_heap_size_limit_bytes, which PayPass
  // exports): V8 keeps its current heap just above use, so used ÷ current size reads 70-90 % at any load and
  // says nothing about headroom. Without the limit, no heap verdict rather than a misleading one.
  const used = sumOf(b.samples, 'nodejs_heap_size_used_bytes');
  const limit = sumOf(b.samples, 'nodejs_heap_size_limit_bytes');
  if (used !== undefined && limit !== undefined && limit > 0) values.set(key('server', 'heap.ratio'), used / limit);
  for (const w of WATCHED) {
    const p95 = quantileBetween(histogramBuckets(a.samples, w.name, w.where), histogramBuckets(b.samples, w.name, w.where), 0.95);
    if (p95 !== undefined) values.set(key(w.subject, 'latency.p95'), p95 * 1000);
  }
  return values;
}
