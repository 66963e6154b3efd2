/**
 * Benjamini–Hochberg adjusted p-values (step-up false-discovery-rate control), the same numbers
 * as R's `p.adjust(p, "BH")`.
 *
 * Why: a run compares dozens of metrics at once; at alpha = 0.05 one in twenty unchanged metrics
 * would be flagged by chance. Adjusting across all metrics of a run keeps the expected share of
 * false "regressed" verdicts among all flagged ones at alpha.
 */

/**
 * adjusted[i] = min over j with p_(j) >= p_i of (m / rank_j) * p_(j), capped at 1, where m is the
 * number of non-NaN p-values. NaN stays NaN and does not count towards m (as R treats NA).
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const out = pValues.map(() => NaN);
  const idx: number[] = [];
  pValues.forEach((p, i) => {
    if (Number.isNaN(p)) return;
    if (!(p >= 0 && p <= 1)) throw new RangeError(`benjaminiHochberg: p-value at index ${i} is outside [0, 1]: ${p}`);
    idx.push(i);
  });
  const m = idx.length;
  // Walk from the largest p down, carrying the running minimum: that is what makes the adjusted
  // values monotone in the raw ones (the "step-up" part).
  idx.sort((a, b) => pValues[b] - pValues[a]);
  let running = Infinity;
  idx.forEach((i, k) => {
    const rank = m - k; // rank of this p among the m, ascending, 1-based
    running = Math.min(running, (m / rank) * pValues[i]);
    out[i] = Math.min(1, running);
  });
  return out;
}
