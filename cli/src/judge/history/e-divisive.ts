/**
 * The candidate step of E-divisive means (Matteson & James 2014), as Hunter/Apache Otava use it: within a stretch of
 * the history, the split τ (with an end κ) whose two sides differ most by the energy statistic
 *
 *   Q̂(X, Y) = nm/(n+m) · [ 2/(nm)·Σ|xᵢ−yⱼ| − 2/(n(n−1))·Σ_{i<k}|xᵢ−xₖ| − 2/(m(m−1))·Σ_{j<k}|yⱼ−yₖ| ]
 *
 * with X the runs [s, τ) and Y the runs [τ, κ). Distances between every pair, not means, so one outlier moves it
 * little. Letting Y end before the stretch does (κ < e) finds a shift that a later one would otherwise hide.
 * Whether the candidate is a real shift is decided elsewhere (a t-test on its sides).
 */

export interface Split {
  /** Index of the first run after the candidate shift. */
  index: number;
  /** End (exclusive) of the runs after it that differ most from the runs before: the κ of the best Q̂. */
  end: number;
  /** Q̂ at the best κ: larger is more distinct. */
  q: number;
}

/**
 * The best split of values[start, end) with at least `minSize` runs on each side, or undefined when the stretch is too
 * short. O(L²) for a stretch of L runs, through 2-D prefix sums of the pairwise distances.
 */
export function bestSplit(values: readonly number[], start: number, end: number, minSize: number): Split | undefined {
  const L = end - start;
  if (L < 2 * minSize) return undefined;
  // prefix[i][j]: sum of |x_a − x_b| over a < i, b < j (indices local to the stretch).
  const prefix = Array.from({ length: L + 1 }, () => new Float64Array(L + 1));
  for (let i = 1; i <= L; i++) {
    let row = 0;
    for (let j = 1; j <= L; j++) {
      row += Math.abs(values[start + i - 1]! - values[start + j - 1]!);
      prefix[i]![j] = prefix[i - 1]![j]! + row;
    }
  }
  const block = (a0: number, a1: number, b0: number, b1: number) => prefix[a1]![b1]! - prefix[a0]![b1]! - prefix[a1]![b0]! + prefix[a0]![b0]!;
  let best: Split | undefined;
  for (let tau = minSize; tau <= L - minSize; tau++) {
    const n = tau;
    // Each unordered pair appears twice in a square block.
    const withinX = block(0, tau, 0, tau) / 2;
    const meanWithinX = n > 1 ? (2 * withinX) / (n * (n - 1)) : 0;
    for (let kappa = tau + minSize; kappa <= L; kappa++) {
      const m = kappa - tau;
      const between = block(0, tau, tau, kappa);
      const withinY = block(tau, kappa, tau, kappa) / 2;
      const divergence = (2 * between) / (n * m) - meanWithinX - (m > 1 ? (2 * withinY) / (m * (m - 1)) : 0);
      const q = ((n * m) / (n + m)) * divergence;
      // Ties keep the earliest split: deterministic, and a flat stretch has q ≤ 0 everywhere anyway.
      if (!best || q > best.q) best = { index: start + tau, end: start + kappa, q };
    }
  }
  return best;
}
