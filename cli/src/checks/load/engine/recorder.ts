import * as hdr from 'hdr-histogram-js';
import { newChartHistogram, newLatencyHistogram } from '../hdr.ts';

/** How a round's requests ended: the counts every record of it carries, from one thread's to the whole round's. */
export interface Outcomes {
  /** Requests written (including those in flight when the round ended, or lost). */
  sent: number;
  /** Responses outside `expect`, plus connection errors and timeouts. */
  failures: number;
  errors: number;
  statusCodes: Record<string, number>;
  /** What the failures were: status codes outside `expect`, and connection error codes. */
  failureKinds: Record<string, number>;
  /** First connection error seen, to explain an unreachable target. */
  firstError?: string;
}

/** What one generator thread saw in one round: counters, and histograms as HdrHistogram's compressed base64. */
export interface ThreadRecord extends Outcomes {
  histogram: string;
  responses: number;
  /** Sends the open model scheduled in the window, and those written late by the generator (a connection was free). */
  scheduled: number;
  lateOver1ms: number;
  lateOverLimit: number;
  /** Sends that waited for a connection at the connection cap (the target's slowness: still timed from their schedule). */
  queued: number;
  /** Share of the round this thread's event loop was busy (closed model: near 1 means the generator was the bottleneck). */
  busy: number;
  cpuMicros: number;
  /** This thread's JS heap and array buffers when the window ended (a leak in the generator grows it round by round). */
  heapBytes: number;
  /** Per stage (one entry when the scenario has no stages). */
  stages: StageRecord[];
  /** Per second of the round, by when responses ended. */
  timeline: SecondRecord[];
}

export interface StageRecord {
  histogram: string;
  responses: number;
  failures: number;
}

export interface SecondRecord {
  responses: number;
  failures: number;
  histogram: string;
}

/** The late-send limit: a send this much behind its schedule while a connection was free is the generator's fault. */
export const LATE_LIMIT_MS = 10;

// Stages are judged (full precision); seconds are drawn (chart precision, one made every second).
const bucket = () => ({ histogram: newLatencyHistogram(), responses: 0, failures: 0 });
const secondBucket = () => ({ histogram: newChartHistogram(), responses: 0, failures: 0 });

/** Records one thread's round: every latency in µs, overall, per stage and per second. */
export class Recorder {
  readonly histogram = newLatencyHistogram();
  responses = 0;
  sent = 0;
  failures = 0;
  errors = 0;
  scheduled = 0;
  lateOver1ms = 0;
  lateOverLimit = 0;
  queued = 0;
  statusCodes: Record<string, number> = {};
  failureKinds: Record<string, number> = {};
  firstError: string | undefined;
  private readonly stages: ReturnType<typeof bucket>[];
  private readonly seconds: ReturnType<typeof bucket>[] = [];

  /** performance.now() at the window's start. */
  startedAt = 0;

  constructor(
    stageCount: number,
    private readonly expected: ((status: number) => boolean) | undefined,
  ) {
    this.stages = Array.from({ length: Math.max(1, stageCount) }, bucket);
  }

  response(status: number, latencyMs: number, stage: number, now: number): void {
    const micros = Math.max(1, Math.round(latencyMs * 1000));
    const ok = this.expected ? this.expected(status) : status >= 200 && status < 400;
    this.responses++;
    this.histogram.recordValue(micros);
    this.statusCodes[status] = (this.statusCodes[status] ?? 0) + 1;
    const s = this.stages[stage] ?? this.stages[0]!;
    s.histogram.recordValue(micros);
    s.responses++;
    const second = this.second(now);
    second.histogram.recordValue(micros);
    second.responses++;
    if (!ok) {
      this.failures++;
      this.failureKinds[status] = (this.failureKinds[status] ?? 0) + 1;
      s.failures++;
      second.failures++;
    }
  }

  failure(kind: string, stage: number, now: number): void {
    this.errors++;
    this.failures++;
    this.failureKinds[kind] = (this.failureKinds[kind] ?? 0) + 1;
    this.firstError ??= kind;
    (this.stages[stage] ?? this.stages[0]!).failures++;
    this.second(now).failures++;
  }

  lateness(ms: number): void {
    if (ms > 1) this.lateOver1ms++;
    if (ms > LATE_LIMIT_MS) this.lateOverLimit++;
  }

  private second(now: number) {
    const index = Math.max(0, Math.floor((now - this.startedAt) / 1000));
    while (this.seconds.length <= index) this.seconds.push(secondBucket());
    return this.seconds[index]!;
  }

  toRecord(busy: number, cpuMicros: number, heapBytes: number): ThreadRecord {
    const encode = (h: hdr.Histogram) => hdr.encodeIntoCompressedBase64(h);
    return {
      histogram: encode(this.histogram),
      responses: this.responses,
      sent: this.sent,
      failures: this.failures,
      errors: this.errors,
      statusCodes: this.statusCodes,
      failureKinds: this.failureKinds,
      ...(this.firstError !== undefined ? { firstError: this.firstError } : {}),
      scheduled: this.scheduled,
      lateOver1ms: this.lateOver1ms,
      lateOverLimit: this.lateOverLimit,
      queued: this.queued,
      busy,
      cpuMicros,
      heapBytes,
      stages: this.stages.map((s) => ({ histogram: encode(s.histogram), responses: s.responses, failures: s.failures })),
      timeline: this.seconds.map((s) => ({ histogram: encode(s.histogram), responses: s.responses, failures: s.failures })),
    };
  }
}
