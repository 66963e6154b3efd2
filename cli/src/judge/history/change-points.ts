/**
 * Change points of one metric's history: the runs where its level shifted. The method of Hunter (Fleming et al.
 * 2023, "Hunter: Using Change Point Detection to Hunt for Performance Regressions"), now Apache Otava:
 *
 * 1. Split: E-divisive means proposes the most distinct split of a stretch of runs; a t-test of the runs it set
 *    apart accepts it at a relaxed p (10 × the final threshold), and the pieces are searched again until no split
 *    of any piece passes. Over sliding windows, half overlapping, so that an old shift cannot hide a new one. What
 *    this finds are candidates ("weak" change points).
 * 2. Merge: each candidate is tested again on the whole segments either side of it (up to its neighbours); the
 *    weakest that fails (p not below the threshold, or an interval that does not clear the noise floor) is dropped
 *    and its neighbours retested, until every one left passes.
 *
 * Where this differs from Otava, on purpose:
 * - The merge step's p is corrected for having chosen the split (Bonferroni over the split positions of the two
 *   segments). Uncorrected, as Otava leaves it, p < 0.001 named a shift in 55 of 2,000 seeded flat series of 40 runs
 *   (2.8 %); corrected, in 3 of 5,000 (0.06 %). change-points.test.ts holds it to that.
 * - The split step tests the runs E-divisive set apart ([s, τ) against [τ, κ)), not the whole stretch either side:
 *   with the whole stretch, a step up followed by a step down was found in only half of seeded series.
 * - At least `minSegment` runs on each side: a shift is named once 3 runs agree on it, never from one odd run.
 * - Instead of a minimum point magnitude, the 95 % interval of the change must lie wholly beyond the metric's noise
 *   floor, as the judge requires of every change it claims.
 */
import type { NoiseFloor } from '../../model/index.ts';
import { bestSplit } from './e-divisive.ts';
import { compareSegments, type SegmentComparison } from './segment-comparison.ts';

export interface ChangePointOptions {
  /** A shift is named only at a (corrected) p below this. Default 0.001, as Otava's. */
  maxP?: number;
  /** Fewest runs on each side of a shift. Default 3; at least 2 (a t-test needs a spread on each side). */
  minSegment?: number;
  /** Runs per sliding window of the split step; windows overlap by half. Default 50, as Otava's. */
  window?: number;
  /** The smallest change worth naming: the interval of a shift must lie wholly beyond it. */
  floor?: NoiseFloor;
  /** Confidence of the intervals. Default 0.95. */
  confidence?: number;
}

export const CHANGE_POINT_DEFAULTS = { maxP: 0.001, minSegment: 3, window: 50, confidence: 0.95 } as const;

/** A shift: `index` is the first run after it; the comparison is of its whole segments either side. */
export interface Shift extends SegmentComparison {
  index: number;
  /** The t-test's p-value as it came, before the correction for choosing the split that `p` carries. */
  pUncorrected: number;
}

export function detectChangePoints(values: readonly number[], options: ChangePointOptions = {}): Shift[] {
  const maxP = options.maxP ?? CHANGE_POINT_DEFAULTS.maxP;
  const minSegment = Math.max(2, options.minSegment ?? CHANGE_POINT_DEFAULTS.minSegment);
  const window = Math.max(2 * minSegment, options.window ?? CHANGE_POINT_DEFAULTS.window);
  const confidence = options.confidence ?? CHANGE_POINT_DEFAULTS.confidence;
  // Otava's first pass: 10 × the final threshold, so that the search does not stop short of a shift behind another.
  const weakP = Math.min(0.5, maxP * 10);
  const candidates = splitStep(values, { window, minSegment, weakP, confidence });
  return mergeStep(values, candidates, { maxP, minSegment, confidence, floor: options.floor ?? {} });
}

function splitStep(values: readonly number[], o: { window: number; minSegment: number; weakP: number; confidence: number }): number[] {
  const found = new Set<number>();
  const step = Math.max(1, Math.floor(o.window / 2));
  for (let start = 0; start + 2 * o.minSegment <= values.length;) {
    const end = Math.min(start + o.window, values.length);
    const inWindow = splitWindow(values, start, end, o);
    inWindow.forEach((i) => found.add(i));
    if (end === values.length) break;
    // The next window starts at the last shift found in this one, or half a window on.
    start = Math.max(inWindow.at(-1) ?? 0, start + step);
  }
  return [...found].sort((a, b) => a - b);
}

/** Binary segmentation of values[start, end): split the most distinct piece while its split passes the test. */
function splitWindow(values: readonly number[], start: number, end: number, o: { minSegment: number; weakP: number; confidence: number }): number[] {
  const shifts: number[] = [];
  // Pieces whose best split failed the test: settled, not searched again.
  const settled = new Set<number>();
  for (;;) {
    const bounds = [start, ...shifts, end];
    let best: { from: number; index: number; end: number; q: number } | undefined;
    for (let i = 0; i + 1 < bounds.length; i++) {
      if (settled.has(bounds[i]!)) continue;
      const split = bestSplit(values, bounds[i]!, bounds[i + 1]!, o.minSegment);
      if (split && (!best || split.q > best.q)) best = { from: bounds[i]!, ...split };
    }
    if (!best) return shifts;
    // The runs E-divisive set apart, [from, index) and [index, end): a later shift past `end` would blur the test.
    const test = compareSegments(values.slice(best.from, best.index), values.slice(best.index, best.end), o.confidence);
    if (test.p <= o.weakP) {
      shifts.push(best.index);
      shifts.sort((a, b) => a - b);
    } else settled.add(best.from);
  }
}

function mergeStep(values: readonly number[], candidates: readonly number[], o: { maxP: number; minSegment: number; confidence: number; floor: NoiseFloor }): Shift[] {
  let indices = [...candidates];
  for (;;) {
    const shifts = indices.map((index, i): Shift => {
      const from = i === 0 ? 0 : indices[i - 1]!;
      const to = i + 1 < indices.length ? indices[i + 1]! : values.length;
      const test = compareSegments(values.slice(from, index), values.slice(index, to), o.confidence);
      // This split was the best of every position the two segments allow: the chance that some position looks this
      // distinct by luck is at most that many times the t-test's p (Bonferroni).
      const positions = Math.max(1, to - from - 2 * o.minSegment + 1);
      const p = Number.isNaN(test.p) ? 1 : Math.min(1, test.p * positions);
      return { index, ...test, p, pUncorrected: test.p };
    });
    if (shifts.length === 0) return shifts;
    // First the least significant; once all are significant, the one that clears the floor by the least.
    const byP = shifts.reduce((worst, s) => (s.p > worst.p ? s : worst));
    const byMargin = shifts.reduce((worst, s) => (floorMargin(s, o.floor) < floorMargin(worst, o.floor) ? s : worst));
    const drop = !(byP.p < o.maxP) ? byP : floorMargin(byMargin, o.floor) <= 0 ? byMargin : undefined;
    if (!drop) return shifts;
    indices = indices.filter((i) => i !== drop.index);
  }
}

/**
 * How far a shift's interval lies beyond the noise floor (> 0: clear of it): relative to the mean before where a
 * relative change exists, else in the metric's unit against the absolute floor.
 */
export function floorMargin(s: SegmentComparison, floor: NoiseFloor): number {
  if (s.change !== undefined) {
    if (!s.ci) return -Infinity;
    const f = Math.max(floor.relative ?? 0, floor.absolute !== undefined ? floor.absolute / s.before.mean : 0);
    return Math.max(s.ci[0] - f, -f - s.ci[1]);
  }
  const f = floor.absolute ?? 0;
  return Math.max(s.difference[0] - f, -f - s.difference[1]);
}
