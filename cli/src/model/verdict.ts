import { z } from 'zod';
import { BudgetRule } from './budget.ts';
import { Measurement, Unit } from './measurement.ts';
import { ComparisonReason, PlanChange } from './reason.ts';

export const BudgetStatus = z.enum(['pass', 'fail', 'warn', 'error', 'skipped']);
export type BudgetStatus = z.infer<typeof BudgetStatus>;

export const Change = z.enum(['regressed', 'improved', 'same', 'inconclusive']);
export type Change = z.infer<typeof Change>;

/** Comparison of one measurement against the same measurement in a baseline run. */
export const BaselineComparison = z.object({
  run: z.string(),
  /** The baseline's value compared: the median of its rounds for sampled metrics, the value itself for exact ones. */
  value: z.number(),
  /** The head's value compared, on the same footing (median of rounds, or the exact value). */
  headValue: z.number().optional(),
  /** Relative change of the head against the baseline (0.12 = +12 %). */
  delta: z.number(),
  change: Change,
  test: z.enum(['mann-whitney-u', 'exact']).optional(),
  p: z.number().optional(),
  pAdjusted: z.number().optional(),
  /** Interval of the relative change at the rule's confidence. */
  ci: z.tuple([z.number(), z.number()]).optional(),
  n: z.tuple([z.number(), z.number()]).optional(),
  baseSpread: z.number().optional(),
  headSpread: z.number().optional(),
  tolerance: z.number(),
  // Older results stored the reason as a sentence: kept, as text.
  reason: z.preprocess((r) => (typeof r === 'string' ? { code: 'recorded', text: r } : r), ComparisonReason),
  /** The parts that changed most (`breakdown` of both measurements): `{ part, base, head }`, largest change first. */
  parts: z.array(z.object({ part: z.string(), base: z.number(), head: z.number() })).optional(),
  /** The plan changed between the two runs (query-plan measurements). */
  planChange: PlanChange.optional(),
  /**
   * The noise floor applied (relative to the baseline value): `tolerance` is at least this, so no smaller change is
   * claimed. `calibrated` by `perfgate calibrate` on this machine, else the metric's conservative `default`.
   */
  noiseFloor: z.object({ relative: z.number(), source: z.enum(['calibrated', 'default']) }).optional(),
  /**
   * `run --confirm`: a claimed regression measured again before failing. `interleaved`: base and head rounds
   * alternated on this machine; `remeasured`: the head measured again against the stored baseline. Withdrawn when the
   * second measurement did not claim it: `change` then holds what it found instead.
   */
  confirmation: z
    .object({
      status: z.enum(['confirmed', 'withdrawn']),
      how: z.enum(['interleaved', 'remeasured']),
      delta: z.number(),
      ci: z.tuple([z.number(), z.number()]).optional(),
      p: z.number().optional(),
    })
    .optional(),
});
export type BaselineComparison = z.infer<typeof BaselineComparison>;

export const Verdict = z.object({
  check: z.string(),
  metric: z.string(),
  subject: z.string(),
  status: BudgetStatus,
  message: z.string(),
  severity: z.enum(['error', 'warn']).optional(),
  /** Unit of the metric judged, from its descriptor: set even when no measurement matched. */
  unit: Unit.optional(),
  measurement: Measurement.optional(),
  rule: BudgetRule.optional(),
  limit: z.object({ kind: z.enum(['max', 'min']), value: z.number() }).optional(),
  baseline: BaselineComparison.optional(),
});
export type Verdict = z.infer<typeof Verdict>;

/** The first verdict of each measurement: what a comparison table or count lists once. */
export function oncePerMeasurement(verdicts: readonly Verdict[]): Verdict[] {
  const seen = new Set<string>();
  return verdicts.filter((v) => {
    const key = `${v.check}\u0000${v.metric}\u0000${v.subject}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
