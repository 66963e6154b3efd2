/** Robust descriptive statistics used for the report columns (median and its "± x %" spread). */

/** Ascending copy; never mutates the caller's samples. */
export function sortedCopy(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** Median of an ascending array (mean of the two middle values when the length is even). */
export function medianOfSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function median(values: readonly number[]): number {
  return medianOfSorted(sortedCopy(values));
}

/**
 * Median absolute deviation from the median, unscaled (no 1.4826 factor): the spread shown next
 * to a median should be in the same "typical distance" terms as the median, not a sigma estimate.
 */
export function mad(values: readonly number[]): number {
  const m = median(values);
  return median(values.map((v) => Math.abs(v - m)));
}

/**
 * Relative spread for the "± x %" column: MAD / |median|. MAD rather than IQR because with n = 3..5
 * quartiles are barely defined, while MAD stays meaningful. NaN when the median is 0.
 */
export function relativeSpread(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const m = median(values);
  if (m === 0) return mad(values) === 0 ? 0 : NaN;
  return mad(values) / Math.abs(m);
}
