import { z } from 'zod';

/** One second of a load window: what ended in it. */
export const TimelinePoint = z.object({
  /** Seconds since the window opened. */
  t: z.number(),
  rps: z.number(),
  /** Latency percentiles of the responses that ended in this second, in ms (absent when none did). */
  p50: z.number().optional(),
  p95: z.number().optional(),
  p99: z.number().optional(),
  /** Failures (unexpected status, connection errors, timeouts) in this second. */
  errors: z.number(),
});
export type TimelinePoint = z.infer<typeof TimelinePoint>;

/** A subject's load over time in one round, with its stages marked: what the report draws. */
export const Timeline = z.object({
  subject: z.string(),
  model: z.enum(['closed', 'open']),
  round: z.number(),
  stages: z.array(z.object({ name: z.string(), start: z.number(), end: z.number(), target: z.number() })),
  points: z.array(TimelinePoint),
});
export type Timeline = z.infer<typeof Timeline>;
