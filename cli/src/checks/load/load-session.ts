import type * as hdr from 'hdr-histogram-js';
import type { Measurement } from '../../model/index.ts';
import { RunError } from '../../util/errors.ts';
import { encodeHistogram, newLatencyHistogram, percentileMs } from './hdr.ts';
import { runEndpoint, type EndpointRound } from './run-endpoint.ts';
import { ServerMetrics } from './server-metrics.ts';
import { subjectOf, type Scenario, type SetupTarget } from './scenario.ts';

interface SubjectRounds {
  subject: string;
  overall: hdr.Histogram;
  rounds: EndpointRound[];
}

/**
 * One scenario against one target, round by round. The load check drives one session;
 * A/B mode drives two, interleaving their rounds on the same machine.
 */
export class LoadSession {
  private readonly subjects: { request: Scenario['requests'][number]; data: SubjectRounds }[];
  private vars: Record<string, unknown> = {};
  private server?: ServerMetrics;

  constructor(
    readonly scenario: Scenario,
    private readonly target: SetupTarget,
    private readonly signal: AbortSignal,
  ) {
    this.subjects = scenario.requests.map((request) => ({
      request,
      data: { subject: subjectOf(request), overall: newLatencyHistogram(), rounds: [] },
    }));
  }

  get roundsCompleted(): number {
    return this.subjects[0]?.data.rounds.length ?? 0;
  }

  async setup(): Promise<void> {
    this.vars = this.scenario.setup ? await this.scenario.setup(this.target) : {};
    this.server = await ServerMetrics.probe(this.target.baseUrl);
  }

  /** Unmeasured load on every endpoint (JIT, caches, connection pools). */
  async warmup(seconds = this.scenario.warmup): Promise<void> {
    for (const { request } of this.subjects) {
      if (this.signal.aborted || seconds <= 0) return;
      const result = await runEndpoint(this.load(request, seconds));
      this.failIfUnreachable(result);
    }
  }

  /**
   * One round: every endpoint in turn. A round cut short (Ctrl-C) is dropped whole, since a
   * partial round is not a comparable sample. Returns false when it was dropped.
   */
  async round(): Promise<boolean> {
    if (this.roundsCompleted === 0) await this.server?.start();
    const completed: [SubjectRounds, EndpointRound][] = [];
    for (const { request, data } of this.subjects) {
      if (this.signal.aborted) return false;
      const result = await runEndpoint(this.load(request, this.scenario.duration));
      this.failIfUnreachable(result);
      completed.push([data, result]);
    }
    if (this.signal.aborted) return false;
    for (const [data, result] of completed) {
      data.rounds.push(result);
      data.overall.add(result.histogram);
    }
    await this.server?.endRound();
    return true;
  }

  /** The last round, one line: `GET /health p95 3.1ms · ...`. */
  describeLastRound(): string {
    return this.subjects
      .map(({ data }) => {
        const last = data.rounds.at(-1);
        return last ? `${data.subject} p95 ${percentileMs(last.histogram, 95).toFixed(1)}ms` : `${data.subject} -`;
      })
      .join(' · ');
  }

  measurements(check = 'load'): Measurement[] {
    return [...this.subjects.flatMap(({ data }) => toMeasurements(check, data)), ...(this.server?.measurements(check) ?? [])];
  }

  private load(request: Scenario['requests'][number], seconds: number) {
    return { baseUrl: this.target.baseUrl, request, vars: this.vars, connections: request.connections ?? this.scenario.connections, seconds, signal: this.signal };
  }

  private failIfUnreachable(result: EndpointRound): void {
    if (result.requests > 0 && result.errors === result.requests) {
      throw new RunError(`target ${this.target.baseUrl} could not be reached (${result.firstError ?? 'no response'}); expected an HTTP server there`);
    }
  }
}

function toMeasurements(check: string, { subject, overall, rounds }: SubjectRounds): Measurement[] {
  if (rounds.length === 0) return [];
  const base = { check, subject };
  const latency = (metric: string, percentile: number): Measurement => ({
    ...base,
    metric,
    unit: 'ms',
    value: percentileMs(overall, percentile),
    samples: rounds.map((r) => percentileMs(r.histogram, percentile)),
  });
  const requests = rounds.reduce((sum, r) => sum + r.requests, 0);
  const seconds = rounds.reduce((sum, r) => sum + r.seconds, 0);
  const failures = rounds.reduce((sum, r) => sum + r.failures, 0);
  return [
    latency('latency.p50', 50),
    { ...latency('latency.p95', 95), histogram: encodeHistogram(overall) },
    latency('latency.p99', 99),
    latency('latency.max', 100),
    { ...base, metric: 'throughput.rps', unit: 'rps', value: requests / seconds, samples: rounds.map((r) => r.requests / r.seconds) },
    {
      ...base,
      metric: 'errors.ratio',
      unit: 'ratio',
      value: requests === 0 ? 0 : failures / requests,
      samples: rounds.map((r) => (r.requests === 0 ? 0 : r.failures / r.requests)),
      tags: {
        statusCodes: JSON.stringify(mergeCounts(rounds.map((r) => r.statusCodes))),
        failures: JSON.stringify(mergeCounts(rounds.map((r) => r.failureKinds))),
      },
    },
  ];
}

function mergeCounts(counts: Record<string, number>[]): Record<string, number> {
  const merged: Record<string, number> = {};
  for (const c of counts) for (const [k, v] of Object.entries(c)) merged[k] = (merged[k] ?? 0) + v;
  return merged;
}
