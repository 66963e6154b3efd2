/**
 * Two-sided Mann–Whitney U test (Wilcoxon rank-sum), matching R's
 * `wilcox.test(a, b)` with its defaults (`exact = NULL`, `correct = TRUE`).
 *
 * Why rank-based: per-round latencies are skewed and have outliers (a GC pause, a noisy
 * neighbour); the U test assumes neither normality nor equal variances.
 */
import { normalCdf, normalSf } from './normal.ts';
import { midRanks } from './ranks.ts';
import { uCdf, uSf } from './u-distribution.ts';

export type TestMethod = 'exact' | 'normal';

export interface MannWhitneyResult {
  /** U of the first sample: #{(i, j): a_i > b_j} + 0.5 #{a_i = b_j}; R's W, SciPy's U1. */
  u: number;
  /** Two-sided p-value. */
  p: number;
  method: TestMethod;
}

export interface MannWhitneyOptions {
  /**
   * 'auto' (default) = R's rule: exact when there are no ties and both samples have fewer than
   * 50 values. `false` forces the normal approximation (ties are always handled by it).
   */
  exact?: 'auto' | boolean;
  /** Continuity correction in the normal approximation (R `correct`, default true). */
  correct?: boolean;
}

/**
 * R's limit: exact when n.x < 50 and n.y < 50. (The exact distribution is cheap well past that,
 * but matching R keeps our p-values reproducible with a tool reviewers already trust.)
 */
export const EXACT_MAX_N = 49;

export function checkSample(name: string, values: readonly number[]): void {
  if (!Array.isArray(values) || values.length === 0) {
    throw new RangeError(`${name}: sample is empty; a rank test needs at least one value per side`);
  }
  const bad = values.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
  if (bad >= 0) throw new RangeError(`${name}: value at index ${bad} is not a finite number (${String(values[bad])})`);
}

export function mannWhitneyU(a: readonly number[], b: readonly number[], options: MannWhitneyOptions = {}): MannWhitneyResult {
  checkSample('mannWhitneyU(a)', a);
  checkSample('mannWhitneyU(b)', b);
  const m = a.length;
  const n = b.length;
  const { ranks, tieSizes } = midRanks([...a, ...b]);
  let rankSumA = 0;
  for (let i = 0; i < m; i++) rankSumA += ranks[i];
  const u = rankSumA - (m * (m + 1)) / 2;
  const hasTies = tieSizes.length > 0;
  const wantExact = options.exact ?? 'auto';
  const exact = !hasTies && (wantExact === 'auto' ? m <= EXACT_MAX_N && n <= EXACT_MAX_N : wantExact);

  if (exact) {
    // Double the smaller tail, as R does: P(U >= u) above the centre, P(U <= u) at or below it.
    const tail = u > (m * n) / 2 ? uSf(u, m, n) : uCdf(u, m, n);
    return { u, p: Math.min(1, 2 * tail), method: 'exact' };
  }

  const N = m + n;
  const tieTerm = tieSizes.reduce((s, t) => s + t * t * t - t, 0);
  const variance = ((m * n) / 12) * (N + 1 - tieTerm / (N * (N - 1)));
  if (!(variance > 0)) {
    // Every value in both samples is equal: no evidence of any difference at all.
    return { u, p: 1, method: 'normal' };
  }
  const dev = u - (m * n) / 2;
  const correction = options.correct === false ? 0 : Math.sign(dev) * 0.5;
  const z = (dev - correction) / Math.sqrt(variance);
  const p = 2 * Math.min(normalCdf(z), normalSf(z));
  return { u, p: Math.min(1, p), method: 'normal' };
}
