/**
 * Hodges–Lehmann estimate of the location shift x − y (median of all m·n pairwise differences)
 * with the distribution-free (Moses) confidence interval obtained by inverting the Mann–Whitney
 * test, as R's `wilcox.test(x, y, conf.int = TRUE)` computes it.
 *
 * Why this interval: it is the set of shifts the U test would not reject, so the interval and
 * the p-value of `mannWhitneyU` tell one consistent story, and it needs no normality.
 */
import { checkSample, EXACT_MAX_N, type TestMethod } from './mann-whitney.ts';
import { medianOfSorted } from '../../util/descriptive.ts';
import { normalQuantile } from './normal.ts';
import { midRanks } from './ranks.ts';
import { uCdf, uQuantile } from './u-distribution.ts';

export interface HodgesLehmannResult {
  /** Median of the pairwise differences x_i − y_j. */
  estimate: number;
  /** Interval for the shift x − y at `confidence`. */
  ci: [number, number];
  confidence: number;
  /**
   * Exact coverage the discrete order-statistic interval guarantees (>= confidence), when
   * `method` is 'exact'; the nominal confidence otherwise.
   */
  achievedConfidence: number;
  method: TestMethod;
}

export interface HodgesLehmannOptions {
  /** Two-sided confidence level in (0, 1); default 0.95. */
  confidence?: number;
  /** Same rule as `mannWhitneyU`: 'auto' = exact without ties when both n < 50. */
  exact?: 'auto' | boolean;
  /** Continuity correction of the normal-approximation interval (R `correct`, default true). */
  correct?: boolean;
}

/** All pairwise differences x_i − y_j, ascending. */
export function pairwiseDifferences(x: readonly number[], y: readonly number[]): Float64Array {
  const diffs = new Float64Array(x.length * y.length);
  let k = 0;
  for (const xi of x) for (const yj of y) diffs[k++] = xi - yj;
  return diffs.sort();
}

export function hodgesLehmann(x: readonly number[], y: readonly number[], options: HodgesLehmannOptions = {}): HodgesLehmannResult {
  checkSample('hodgesLehmann(x)', x);
  checkSample('hodgesLehmann(y)', y);
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`hodgesLehmann: confidence must be in (0, 1), got ${confidence}`);
  const alpha = 1 - confidence;
  const m = x.length;
  const n = y.length;
  const mn = m * n;
  const diffs = pairwiseDifferences(x, y);
  const estimate = medianOfSorted(diffs);
  const { tieSizes } = midRanks([...x, ...y]);
  const wantExact = options.exact ?? 'auto';
  const exact = tieSizes.length === 0 && (wantExact === 'auto' ? m <= EXACT_MAX_N && n <= EXACT_MAX_N : wantExact);

  if (exact) {
    // The k-th smallest difference is a lower limit with P(shift < D_(k)) = P(U <= k-1), so take
    // k = qwilcox(alpha/2): the largest k whose tail stays below alpha/2. R uses k = 1 when even
    // the extreme difference cannot reach the level (tiny samples): the interval is then the
    // whole range of differences.
    const k = Math.max(1, uQuantile(alpha / 2, m, n));
    const achievedConfidence = 1 - 2 * uCdf(k - 1, m, n);
    return { estimate, ci: [diffs[k - 1], diffs[mn - k]], confidence, achievedConfidence, method: 'exact' };
  }

  // Normal approximation: invert the continuity-corrected z test of `mannWhitneyU`. The count of
  // differences above a candidate shift d is the U statistic of (x − d, y); the limits are the
  // order statistics where that standardised count crosses ±z. R finds the same crossing with
  // uniroot; here it is read off directly, so no root-finding tolerance is involved.
  const N = m + n;
  const tieTerm = tieSizes.reduce((s, t) => s + t * t * t - t, 0);
  const sigma = Math.sqrt((mn / 12) * (N + 1 - tieTerm / (N * (N - 1))));
  const z = normalQuantile(1 - alpha / 2);
  const correction = options.correct === false ? 0 : 0.5;
  if (!(sigma > 0)) {
    // All values equal: every pairwise difference is 0.
    return { estimate, ci: [diffs[0], diffs[mn - 1]], confidence, achievedConfidence: confidence, method: 'normal' };
  }
  const kLow = Math.min(mn, Math.max(1, Math.ceil(mn / 2 - correction - z * sigma)));
  return { estimate, ci: [diffs[kLow - 1], diffs[mn - kLow]], confidence, achievedConfidence: confidence, method: 'normal' };
}
