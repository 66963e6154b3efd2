/**
 * Exact null distribution of the Mann–Whitney U statistic for samples of sizes m and n without
 * ties: under H0 every one of the C(m+n, m) rank assignments is equally likely.
 *
 * Counting: U = (sum of the first sample's 0-based ranks) - m(m-1)/2, so the number of
 * assignments giving U = u equals the number of m-subsets of {0, ..., m+n-1} whose sum is
 * u + m(m-1)/2. A subset-sum dynamic programme counts those using additions only, so small tail
 * counts (the ones p-values are made of) never suffer cancellation, even where the totals exceed
 * 2^53 and are held as doubles (as R's cwilcox does).
 */

export interface UDistribution {
  readonly m: number;
  readonly n: number;
  /** probabilities[u] = P(U = u), u = 0..m*n. */
  readonly probabilities: Float64Array;
  /** cdf[u] = P(U <= u). */
  readonly cdf: Float64Array;
}

const cache = new Map<string, UDistribution>();

function build(m: number, n: number): UDistribution {
  // U's distribution is symmetric in (m, n); count with the smaller sample as the chosen subset.
  const k = Math.min(m, n);
  const total = m + n;
  const maxU = m * n;
  const offset = (k * (k - 1)) / 2;
  const maxSum = maxU + offset;
  // ways[j][s]: number of j-subsets of the values seen so far with sum s.
  const ways: Float64Array[] = [];
  for (let j = 0; j <= k; j++) ways.push(new Float64Array(maxSum + 1));
  ways[0][0] = 1;
  for (let v = 0; v < total; v++) {
    for (let j = Math.min(k, v + 1); j >= 1; j--) {
      const from = ways[j - 1];
      const to = ways[j];
      for (let s = maxSum; s >= v; s--) {
        const w = from[s - v];
        if (w !== 0) to[s] += w;
      }
    }
  }
  const counts = ways[k];
  let sum = 0;
  for (let u = 0; u <= maxU; u++) sum += counts[u + offset];
  const probabilities = new Float64Array(maxU + 1);
  const cdf = new Float64Array(maxU + 1);
  let acc = 0;
  for (let u = 0; u <= maxU; u++) {
    probabilities[u] = counts[u + offset] / sum;
    acc += probabilities[u];
    cdf[u] = acc;
  }
  return { m, n, probabilities, cdf };
}

/** Exact distribution of U for sizes (m, n); memoised because CI simulations reuse sizes. */
export function uDistribution(m: number, n: number): UDistribution {
  if (!Number.isInteger(m) || !Number.isInteger(n) || m < 1 || n < 1) {
    throw new RangeError(`uDistribution: sample sizes must be positive integers, got ${m} and ${n}`);
  }
  const key = m <= n ? `${m},${n}` : `${n},${m}`;
  let dist = cache.get(key);
  if (!dist) {
    dist = build(m, n);
    cache.set(key, dist);
  }
  return dist;
}

/** P(U <= q); like R's pwilcox(q, m, n). */
export function uCdf(q: number, m: number, n: number): number {
  const { cdf } = uDistribution(m, n);
  const u = Math.floor(q + 1e-7);
  if (u < 0) return 0;
  if (u >= cdf.length) return 1;
  return Math.min(1, cdf[u]);
}

/** P(U >= q). Uses the symmetry U ~ mn - U so the upper tail is as accurate as the lower. */
export function uSf(q: number, m: number, n: number): number {
  return uCdf(m * n - Math.ceil(q - 1e-7), m, n);
}

/** Smallest u with P(U <= u) >= p; like R's qwilcox(p, m, n). */
export function uQuantile(p: number, m: number, n: number): number {
  const { cdf } = uDistribution(m, n);
  // A little slack (R's qwilcox does the same) so a cumulative sum that equals p exactly in
  // exact arithmetic is not skipped because of rounding in the last bit.
  const target = p - 10 * Number.EPSILON;
  for (let u = 0; u < cdf.length; u++) if (cdf[u] >= target) return u;
  return cdf.length - 1;
}
