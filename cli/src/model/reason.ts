import { z } from 'zod';

/**
 * Why a baseline comparison came out as it did, as data: a code plus the values behind it. Reports word it;
 * nothing parses it back.
 * - `too-few-rounds`: fewer rounds than `need` on a side;
 * - `no-relative-change`: the baseline median is 0, so a relative change is undefined;
 * - `beyond-tolerance`: significant, and the whole interval lies beyond the tolerance (regressed or improved);
 * - `within-tolerance`: the whole interval lies within ±tolerance (`significant`: real but too small to matter);
 * - `not-significant`: p ≥ alpha and the interval reaches beyond the tolerance;
 * - `straddles-tolerance`: significant, but the interval straddles the tolerance;
 * - `exact`: values without samples compared as they are (`beyond`: outside the tolerance);
 * - `below-floor`: from a baseline of 0, a change within the metric's absolute noise floor (`floor`, in its unit);
 * - `beyond-floor`: from a baseline of 0, a significant change beyond that floor (regressed or improved);
 * - `generator-bound`: the load generator limited one side's rounds (`text` says how): not compared;
 * - `recorded`: a reason stored as text by an older perfgate.
 */
export const ReasonCode = z.enum([
  'too-few-rounds',
  'no-relative-change',
  'beyond-tolerance',
  'within-tolerance',
  'not-significant',
  'straddles-tolerance',
  'exact',
  'below-floor',
  'beyond-floor',
  'generator-bound',
  'recorded',
]);
export type ReasonCode = z.infer<typeof ReasonCode>;

export const ComparisonReason = z.object({
  code: ReasonCode,
  tolerance: z.number().optional(),
  /** The p-value the decision used (adjusted across the run's family when there was one). */
  p: z.number().optional(),
  alpha: z.number().optional(),
  confidence: z.number().optional(),
  interval: z.tuple([z.number(), z.number()]).optional(),
  significant: z.boolean().optional(),
  /** too-few-rounds: rounds needed on each side. */
  need: z.number().optional(),
  /** exact: the two values. */
  base: z.number().optional(),
  head: z.number().optional(),
  beyond: z.boolean().optional(),
  /**
   * Set when no data could have reached significance: with n₁ + n₂ rounds across `family` metrics adjusted
   * together, the smallest possible p is `bestPossibleP` (≥ alpha). More rounds, not a cleaner machine, are the remedy.
   */
  underpowered: z.object({ bestPossibleP: z.number(), family: z.number() }).optional(),
  /** below-floor: the absolute noise floor the change stayed within. */
  floor: z.number().optional(),
  /** recorded: the text an older perfgate stored; generator-bound: how the generator was the bottleneck. */
  text: z.string().optional(),
});
export type ComparisonReason = z.infer<typeof ComparisonReason>;

/** A plan that changed between baseline and head: always shown, a regression only with cost evidence. */
export const PlanChange = z.object({
  before: z.string(),
  after: z.string(),
  /** Nodes only the baseline's plan has, and only the head's (`Index Scan idx_x on users` → `Seq Scan on users`). */
  removed: z.array(z.string()).optional(),
  added: z.array(z.string()).optional(),
});
export type PlanChange = z.infer<typeof PlanChange>;
