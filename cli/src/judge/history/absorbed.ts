/**
 * A regression a baseline has absorbed: the metric's latest segment (since its last change point) is worse than the
 * best earlier segment by more than the tolerance. A baseline saved after the shift holds the worse level as normal,
 * so `run --baseline` finds nothing; only the history still shows it.
 */
import type { Shift } from './change-points.ts';
import { compareSegments, type SegmentComparison } from './segment-comparison.ts';

export interface AbsorbedFinding {
  /** [from, to) of the earlier, better segment and of the latest, as point indexes. */
  reference: [number, number];
  latest: [number, number];
  comparison: SegmentComparison & { change: number; ci: [number, number] };
  /** Indexes of the change points from the reference to the latest that made it worse. */
  shifts: number[];
}

/**
 * The best earlier segment ("best" by the metric's direction) against the latest. Claimed only when the whole
 * interval of the change lies beyond the tolerance in the worse direction, as a baseline comparison would claim it.
 */
export function findAbsorbedRegression(
  values: readonly number[],
  shifts: readonly Shift[],
  o: { higherIsWorse: boolean; tolerance: number; confidence: number },
): AbsorbedFinding | undefined {
  if (shifts.length === 0) return undefined;
  const bounds = [0, ...shifts.map((s) => s.index), values.length];
  const segments = bounds.slice(0, -1).map((from, i): [number, number] => [from, bounds[i + 1]!]);
  const latest = segments.at(-1)!;
  const mean = ([from, to]: [number, number]) => values.slice(from, to).reduce((s, v) => s + v, 0) / (to - from);
  const better = (a: [number, number], b: [number, number]) => (o.higherIsWorse ? mean(a) < mean(b) : mean(a) > mean(b));
  const reference = segments.slice(0, -1).reduce((best, s) => (better(s, best) ? s : best));
  const comparison = compareSegments(values.slice(...reference), values.slice(...latest), o.confidence);
  const { change, ci } = comparison;
  if (change === undefined || ci === undefined) return undefined;
  const beyond = o.higherIsWorse ? ci[0] > o.tolerance : ci[1] < -o.tolerance;
  if (!beyond) return undefined;
  const worse = (s: Shift) => (o.higherIsWorse ? s.after.mean > s.before.mean : s.after.mean < s.before.mean);
  return {
    reference,
    latest,
    comparison: { ...comparison, change, ci },
    shifts: shifts.filter((s) => s.index >= reference[1] && s.index <= latest[0] && worse(s)).map((s) => s.index),
  };
}
