import { z } from 'zod';
import { Unit } from './measurement.ts';
import { Better } from './metric.ts';

/** A stored run as the history lists it: oldest first, by when it started. */
export const HistoryRun = z.object({
  id: z.string(),
  startedAt: z.string(),
  gitSha: z.string().optional(),
});
export type HistoryRun = z.infer<typeof HistoryRun>;

/** One run's value of one metric: the median of its rounds for a sampled metric, else the value itself. */
export const HistoryPoint = z.object({
  runId: z.string(),
  value: z.number(),
  /** Rounds behind the median (sampled metrics). */
  rounds: z.number().int().optional(),
});
export type HistoryPoint = z.infer<typeof HistoryPoint>;

/** A stretch of consecutive points: [from, to) indexes into the series' points. */
export const HistorySegment = z.object({
  from: z.number().int(),
  to: z.number().int(),
  mean: z.number(),
  sd: z.number(),
});
export type HistorySegment = z.infer<typeof HistorySegment>;

/** Where a metric's level shifted: between the segment before and the segment after. */
export const ChangePoint = z.object({
  /** Index into the series' points of the first run at the new level. */
  index: z.number().int(),
  runId: z.string(),
  gitSha: z.string().optional(),
  startedAt: z.string(),
  before: HistorySegment,
  after: HistorySegment,
  /** Mean after / mean before − 1 (0.2 = +20 %); absent when the mean before is 0 (no relative change exists). */
  change: z.number().optional(),
  /** Fieller interval of `change` at the history's confidence. */
  ci: z.tuple([z.number(), z.number()]).optional(),
  /** after − before in the metric's unit, with its interval. */
  difference: z.number(),
  differenceCi: z.tuple([z.number(), z.number()]),
  /** Student's t-test of the two segments, corrected (Bonferroni) for the split having been chosen among many. */
  p: z.number(),
  direction: z.enum(['worse', 'better']),
});
export type ChangePoint = z.infer<typeof ChangePoint>;

/**
 * The latest segment is worse than an earlier one by more than the tolerance: any baseline saved since the shift has
 * absorbed the regression, and comparisons against it no longer show it.
 */
export const AbsorbedRegression = z.object({
  /** The earlier, better segment, and the latest. */
  reference: HistorySegment,
  latest: HistorySegment,
  /** Mean of the latest / mean of the reference − 1, with its interval and p (Student's t-test, uncorrected). */
  change: z.number(),
  ci: z.tuple([z.number(), z.number()]),
  p: z.number(),
  /** The tolerance it exceeds: the budget rule's regression tolerance, raised to the noise floor. */
  tolerance: z.number(),
  /** Runs since the reference segment's last run. */
  runsAgo: z.number().int(),
  /** Indexes of the change points between the two that made it worse, in order. */
  shifts: z.array(z.number().int()),
  /** Named baselines whose run lies in the latest segment: they hold the regression as normal. */
  baselines: z.array(z.string()),
});
export type AbsorbedRegression = z.infer<typeof AbsorbedRegression>;

/** One check × metric × subject over the stored runs. */
export const MetricHistory = z.object({
  check: z.string(),
  metric: z.string(),
  subject: z.string(),
  unit: Unit,
  better: Better,
  /** Oldest first; runs without this measurement (or whose generator was the bottleneck) have no point. */
  points: z.array(HistoryPoint),
  /** The noise floor a shift's interval had to clear, relative to the level before it (and absolute, in the unit). */
  floor: z.object({ relative: z.number(), absolute: z.number().optional(), source: z.enum(['calibrated', 'default', 'none']) }),
  changePoints: z.array(ChangePoint),
  absorbed: AbsorbedRegression.optional(),
  /** Machines and target modes the points come from, when more than one: their numbers may not compare. */
  environments: z.array(z.string()).optional(),
});
export type MetricHistory = z.infer<typeof MetricHistory>;

export const History = z.object({
  runs: z.array(HistoryRun),
  method: z.object({
    name: z.literal('e-divisive-t-test'),
    maxP: z.number(),
    minSegment: z.number().int(),
    window: z.number().int(),
    confidence: z.number(),
  }),
  series: z.array(MetricHistory),
  /** Stored runs that could not be read, and why. */
  unreadable: z.array(z.object({ file: z.string(), reason: z.string() })).optional(),
});
export type History = z.infer<typeof History>;
