/**
 * Two consecutive segments of a metric's history (the runs before a shift and the runs after it) compared as Hunter
 * does: Student's t-test with a pooled variance. Not Welch's: a segment of 3 runs that happen to agree closely gets a
 * tiny variance of its own and, under Welch, a tiny standard error; E-divisive seeks out exactly such clusters, and
 * on seeded flat series Welch tripled the false change points. Pooling lends a short segment the longer one's spread.
 *
 * The relative change is a ratio of means with Fieller's interval, which carries the uncertainty of the mean before
 * too (dividing a difference interval by that mean would not).
 */
import { studentQuantile, studentTwoSidedP } from '../stats/student-t.ts';

export interface SegmentSummary {
  mean: number;
  /** Sample standard deviation (n − 1). */
  sd: number;
  n: number;
}

export interface SegmentComparison {
  before: SegmentSummary;
  after: SegmentSummary;
  /** Student's t of after − before (pooled variance), its degrees of freedom and two-sided p-value. */
  t: number;
  df: number;
  p: number;
  /** Interval of after − before, in the metric's unit. */
  difference: [number, number];
  /** mean after / mean before − 1; undefined when the mean before is 0 or below (no relative change exists). */
  change?: number;
  /** Fieller interval of `change`; undefined when it is unbounded (a mean before indistinct from 0). */
  ci?: [number, number];
}

export function summarize(values: readonly number[]): SegmentSummary {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const ss = values.reduce((s, v) => s + (v - mean) ** 2, 0);
  return { mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0, n };
}

/** Compares the runs after a candidate shift with the runs before it; both need 2 runs or more. */
export function compareSegments(before: readonly number[], after: readonly number[], confidence = 0.95): SegmentComparison {
  const b = summarize(before);
  const a = summarize(after);
  const diff = a.mean - b.mean;
  const ratio = b.mean > 0 ? { change: a.mean / b.mean - 1 } : {};
  if (b.n < 2 || a.n < 2) return { before: b, after: a, t: NaN, df: NaN, p: NaN, difference: [-Infinity, Infinity], ...ratio };
  const df = b.n + a.n - 2;
  const pooled = ((b.n - 1) * b.sd ** 2 + (a.n - 1) * a.sd ** 2) / df;
  if (pooled === 0) {
    // Both segments constant (bytes, counts): a difference is exact, and so is its absence.
    const exact = ratio.change !== undefined ? { ci: [ratio.change, ratio.change] as [number, number] } : {};
    return { before: b, after: a, t: diff === 0 ? 0 : Math.sign(diff) * Infinity, df, p: diff === 0 ? 1 : 0, difference: [diff, diff], ...ratio, ...exact };
  }
  const vb = pooled / b.n;
  const va = pooled / a.n;
  const se = Math.sqrt(vb + va);
  const t = diff / se;
  const q = studentQuantile(1 - (1 - confidence) / 2, df);
  const ci = b.mean > 0 ? fieller(b.mean, vb, a.mean, va, q) : undefined;
  return { before: b, after: a, t, df, p: studentTwoSidedP(t, df), difference: [diff - q * se, diff + q * se], ...ratio, ...(ci ? { ci } : {}) };
}

/**
 * Fieller's interval for μa/μb − 1 from independent means with variances va, vb: the θ with
 * (ma − θ·mb)² ≤ q²(va + θ²·vb), a quadratic in θ. Bounded only when mb is clearly away from 0 (its own t above q).
 */
function fieller(mb: number, vb: number, ma: number, va: number, q: number): [number, number] | undefined {
  const a = mb * mb - q * q * vb;
  const b = mb * ma;
  const c = ma * ma - q * q * va;
  const disc = b * b - a * c;
  if (!(a > 0) || disc < 0) return undefined;
  const root = Math.sqrt(disc);
  return [(b - root) / a - 1, (b + root) / a - 1];
}
