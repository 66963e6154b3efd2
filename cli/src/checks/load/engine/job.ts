import type { WireRequest } from './wire.ts';

/** A stage of a load profile: over `duration` seconds, the target moves linearly from the previous stage's to `target`. */
export interface Stage {
  name: string;
  duration: number;
  /** Connections (closed model) or requests per second (open model) at the end of the stage. */
  target: number;
}

export type LoadModel = 'closed' | 'open';

/** Where a thread gets each request's bytes: one fixed request, or a scenario request it builds per send. */
export type RequestSpec =
  | { kind: 'fixed'; request: WireRequest }
  | { kind: 'scenario'; file: string; subject: string; vars: Record<string, unknown>; prefix: string }
  /** Virtual users running the scenario's flows (its file holds their functions). */
  | { kind: 'users'; file: string; vars: Record<string, unknown>; prefix: string };

/** One thread's share of one endpoint's load for one window. Plain data: it crosses to worker threads. */
export interface GeneratorJob {
  url: string;
  model: LoadModel;
  /** Closed: concurrent connections (or users, for flows). Open: the most connections (users) the schedule may use. */
  connections: number;
  /** Open model: requests per second (without stages). */
  rate?: number;
  /** Replaces `seconds` and the fixed connections/rate when given. */
  stages?: Stage[];
  seconds: number;
  timeoutMs: number;
  expect?: number[];
  method: string;
  request: RequestSpec;
  /** This thread is `index` of `of`: it takes its share of connections and rate, its sends offset to interleave. */
  share: { index: number; of: number };
  /** Wall-clock start, so that threads start together and their seconds line up. */
  startAtEpochMs: number;
  /** Unmeasured (warm-up): nothing is recorded per second or per stage. */
  warmup?: boolean;
}

/** Seconds the job runs. */
export function jobSeconds(job: Pick<GeneratorJob, 'stages' | 'seconds'>): number {
  return job.stages?.length ? job.stages.reduce((sum, s) => sum + s.duration, 0) : job.seconds;
}

/** The profile at `t` ms into the window: which stage, and the target (whole job, not this thread's share). */
export function profileAt(job: Pick<GeneratorJob, 'stages' | 'model' | 'connections' | 'rate'>, tMs: number): { stage: number; target: number } {
  const flat = job.model === 'open' ? (job.rate ?? 0) : job.connections;
  if (!job.stages?.length) return { stage: 0, target: flat };
  let from = 0;
  let start = 0;
  for (const [i, stage] of job.stages.entries()) {
    const end = start + stage.duration * 1000;
    if (tMs < end || i === job.stages.length - 1) {
      const progress = Math.min(1, Math.max(0, (tMs - start) / (stage.duration * 1000)));
      return { stage: i, target: from + (stage.target - from) * progress };
    }
    from = stage.target;
    start = end;
  }
  return { stage: 0, target: flat };
}

/** This thread's part of a total: 10 connections over 3 threads are 4, 3 and 3. */
export function shareOf(total: number, share: GeneratorJob['share']): number {
  const base = Math.floor(total / share.of);
  return base + (share.index < total - base * share.of ? 1 : 0);
}
