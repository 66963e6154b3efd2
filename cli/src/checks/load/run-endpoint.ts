import type * as hdr from 'hdr-histogram-js';
import { runError } from '../../util/errors.ts';
import { jobSeconds, profileAt, type GeneratorJob, type LoadModel, type Stage } from './engine/job.ts';
import type { Bucket, WindowRecord } from './engine/merge.ts';
import type { GeneratorPool } from './engine/pool.ts';
import { LATE_LIMIT_MS, type Outcomes } from './engine/recorder.ts';
import { SPIN_RATE } from './engine/drive.ts';
import { buildWireRequest, isFixed, scenarioSource } from './engine/request-source.ts';
import { subjectOf, type ScenarioRequest } from './scenario.ts';

export interface EndpointRound extends Outcomes {
  histogram: hdr.Histogram;
  requests: number;
  seconds: number;
  /** Per stage of the profile (one when it has none), and per second of the round. */
  stages: Bucket[];
  timeline: Bucket[];
  /** Why the generator, not the target, was the bottleneck in this round, if it was. */
  generatorBound?: string;
  /** The generator's own cost: CPU seconds per second of the round, and how late the open model's sends went. */
  generator: { cpuCores: number; busy: number; scheduled: number; lateOver1ms: number; queued: number; threads: number; heapBytes: number };
}

export interface EndpointLoad {
  baseUrl: string;
  request: ScenarioRequest;
  scenarioFile?: string;
  vars: Record<string, unknown>;
  model: LoadModel;
  connections: number;
  rate?: number;
  stages?: Stage[];
  seconds: number;
  timeoutSeconds: number;
  warmup?: boolean;
  pool: GeneratorPool;
  signal: AbortSignal;
}

/** A generator thread's event loop busier than this left responses waiting for it: it, not the target, set the pace. */
const BUSY_LIMIT = 0.9;
/** Share of the open model's sends that may leave later than LATE_LIMIT_MS before the round is the generator's. */
const LATE_SHARE_LIMIT = 0.01;
/** Share of the open model's scheduled sends the generator must make for the rate to count as reached. */
const RATE_REACHED = 0.95;

/** Loads one endpoint for one window (closed or open model) on the generator threads and records every latency. */
export async function runEndpoint(load: EndpointLoad): Promise<EndpointRound> {
  const { request } = load;
  // A base URL with a path (http://host/api) prefixes every scenario path, as a client of that API would.
  const url = new URL(load.baseUrl);
  const prefix = url.pathname.replace(/\/+$/, '');
  const job: Omit<GeneratorJob, 'share' | 'startAtEpochMs'> = {
    url: load.baseUrl,
    model: load.model,
    connections: load.connections,
    ...(load.rate !== undefined ? { rate: load.rate } : {}),
    ...(load.stages?.length ? { stages: load.stages } : {}),
    seconds: load.seconds,
    timeoutMs: load.timeoutSeconds * 1000,
    ...(request.expect ? { expect: request.expect } : {}),
    method: request.method,
    request: load.scenarioFile
      ? { kind: 'scenario', file: load.scenarioFile, subject: subjectOf(request), vars: load.vars, prefix }
      : { kind: 'fixed', request: buildWireRequest(request, prefix, load.vars, 0) },
    ...(load.warmup ? { warmup: true } : {}),
  };
  // Threads import the scenario file for its functions and placeholders; a templated request of a scenario held
  // only in memory runs on this thread.
  const local = load.scenarioFile || isFixed(request) ? undefined : scenarioSource(request, prefix, load.vars, url.host);
  const record = await load.pool.run(job, load.signal, local);
  const seconds = jobSeconds(job);
  if (load.model === 'closed') assertPlausibleLatency(record.histogram, maxConnections(job), seconds, `${request.method} ${request.path}`);
  return toRound(record, job, seconds);
}

/** A window's record as a round; `judged` gives the generator-bound finding made for the whole window, when it was. */
export function toRound(record: WindowRecord, job: Omit<GeneratorJob, 'share' | 'startAtEpochMs'>, seconds: number, judged?: { bound?: string }): EndpointRound {
  const why = judged ? judged.bound : generatorBound(record, job, seconds);
  return {
    histogram: record.histogram,
    requests: record.responses + record.errors,
    sent: Math.max(record.sent, record.responses + record.errors),
    failures: record.failures,
    errors: record.errors,
    statusCodes: record.statusCodes,
    failureKinds: record.failureKinds,
    ...(record.firstError !== undefined ? { firstError: record.firstError } : {}),
    seconds,
    stages: record.stages,
    timeline: record.timeline,
    ...(why ? { generatorBound: why } : {}),
    generator: {
      cpuCores: record.cpuMicros / 1e6 / record.threads / seconds,
      busy: record.busy,
      heapBytes: record.heapBytes,
      scheduled: record.scheduled,
      lateOver1ms: record.lateOver1ms,
      queued: record.queued,
      threads: record.threads,
    },
  };
}

/** Why the round measured the generator rather than the target, if it did. */
export function generatorBound(record: WindowRecord, job: Pick<GeneratorJob, 'model' | 'rate' | 'stages' | 'connections' | 'request'>, seconds: number): string | undefined {
  const busy = `its event loop was busy ${Math.round(record.busy * 100)} % of the round (limit ${BUSY_LIMIT * 100} %)`;
  if (job.model === 'closed') return record.busy > BUSY_LIMIT ? busy : undefined;
  // Below the spinning rate the open model's clock sleeps between sends, so a busy loop is work, not waiting.
  const peak = Math.max(job.rate ?? 0, ...(job.stages ?? []).map((s) => s.target)) / Math.max(1, record.threads);
  if (peak < SPIN_RATE && record.busy > BUSY_LIMIT) return busy;
  const due = expectedSends(job, seconds);
  if (due >= 20 && record.scheduled < due * RATE_REACHED) {
    return `the open model's rate was not reached: its clock fell behind, ${record.scheduled} of ${Math.round(due)} sends falling due`;
  }
  // Sends that waited for a free connection (or user) at the cap are not the generator's doing: the target held
  // the earlier ones, and the wait is in their latency, timed from when they were due, as a user's would be.
  if (record.scheduled > 0 && record.lateOverLimit / record.scheduled > LATE_SHARE_LIMIT) {
    const share = (record.lateOverLimit / record.scheduled) * 100;
    return `${share.toFixed(1)} % of sends left more than ${LATE_LIMIT_MS} ms after they were due (limit ${LATE_SHARE_LIMIT * 100} %)`;
  }
  return undefined;
}

/** Sends the open model's profile calls for in the window: the integral of its rate. */
function expectedSends(job: Pick<GeneratorJob, 'model' | 'rate' | 'stages' | 'connections'>, seconds: number): number {
  if (!job.stages?.length) return (job.rate ?? 0) * seconds;
  let total = 0;
  const step = 10;
  for (let t = 0; t < seconds * 1000; t += step) total += (profileAt(job, t + step / 2).target * step) / 1000;
  return total;
}

function maxConnections(job: Pick<GeneratorJob, 'connections' | 'stages'>): number {
  return Math.max(job.connections, ...(job.stages ?? []).map((s) => s.target));
}

/**
 * Little's law as a safety net: with C connections each awaiting one response at a time, the latencies of a round
 * add up to at most C × its duration. Far more means responses were matched to the wrong requests, and no
 * percentile of them can be trusted: fail the check rather than report them.
 */
function assertPlausibleLatency(histogram: hdr.Histogram, connections: number, seconds: number, endpoint: string): void {
  if (histogram.totalCount < 100) return;
  const busySeconds = (histogram.mean * histogram.totalCount) / 1e6;
  if (busySeconds > connections * seconds * 1.5 + 1) {
    throw runError(
      `${endpoint}: latencies add up to ${busySeconds.toFixed(1)} s over ${connections} connection(s) in ${seconds.toFixed(1)} s, more than the connections could wait; the responses cannot be matched to their requests, so no latency is reported`,
    );
  }
}
