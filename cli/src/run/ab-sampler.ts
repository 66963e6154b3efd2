import type { MetricComparison } from '../judge/compare-runs.ts';

/** One side of an A/B comparison: something that measures one round at a time. */
export interface SampledSide {
  label: 'base' | 'head';
  /** One round; false when interrupted. */
  round(): Promise<boolean>;
  describeLastRound(): string;
}

export interface SamplingLimits {
  minRounds: number;
  maxRounds: number;
  timeLimitSec: number;
}

/**
 * tachometer's idea, applied to a whole system: base and head measured in interleaved rounds (ABBA order cancels
 * drift), adding rounds until no deciding comparison is inconclusive, or the limits are hit.
 * `compare` judges the rounds so far; `deciding` picks the comparisons whose verdict decides when to stop.
 */
export async function sampleUntilResolved(
  sides: readonly [SampledSide, SampledSide],
  limits: SamplingLimits,
  compare: () => MetricComparison[],
  deciding: (c: MetricComparison) => boolean,
  progress: (line: string) => void,
): Promise<{ reason: string; rounds: number }> {
  const deadline = Date.now() + limits.timeLimitSec * 1000;
  let rounds = 0;
  for (let round = 1; round <= limits.maxRounds; round++) {
    const order = round % 2 === 1 ? sides : [sides[1], sides[0]];
    for (const side of order) if (!(await side.round())) return { reason: 'interrupted', rounds };
    rounds = round;
    progress(`round ${round}: base ${sides[0].describeLastRound()} | head ${sides[1].describeLastRound()}`);
    if (round < limits.minRounds) continue;
    const open = compare().filter((c) => deciding(c) && c.result.change === 'inconclusive');
    if (open.length === 0) return { reason: `every interval resolved after ${round} rounds`, rounds };
    if (Date.now() >= deadline) return { reason: `time limit reached with ${open.length} metric(s) still inconclusive`, rounds };
  }
  return { reason: 'max rounds reached', rounds };
}
