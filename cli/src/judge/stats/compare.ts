/**
 * Baseline-vs-head comparison of one metric: robust summary, Mann–Whitney p-value, interval for
 * the relative change, and a verdict that needs both statistical and practical significance.
 *
 * Two steps on purpose: `compareSamples` reports the raw p-value; the caller adjusts the p-values
 * of all metrics of a run together (`benjaminiHochberg`) and then calls `decide` with the adjusted
 * p. `compareSamples` fills in a provisional verdict from the raw p for single-metric callers.
 */
import type { ComparisonReason } from '../../model/index.ts';
import { median, relativeSpread } from '../../util/descriptive.ts';
import { hodgesLehmann } from './hodges-lehmann.ts';
import { checkSample, mannWhitneyU, type TestMethod } from './mann-whitney.ts';

export type ComparisonVerdict = 'regressed' | 'improved' | 'same' | 'inconclusive';

export interface CompareOptions {
  /** Practical tolerance on the relative change; default 0.05 (5 %). */
  tolerance?: number;
  /** Confidence level of the interval; alpha = 1 - confidence is the significance level. Default 0.95. */
  confidence?: number;
  /** true (default) for latency-like metrics, false for throughput-like ones. */
  higherIsWorse?: boolean;
  /** Fewer rounds than this on either side gives 'inconclusive'; default 3. */
  minSamples?: number;
}

/** How the relative interval was obtained. */
export type IntervalScale =
  /** Hodges–Lehmann on log(values): exp(interval) - 1 is an interval for the ratio head/base. */
  | 'log-ratio'
  /** Values include 0 or negatives: Hodges–Lehmann shift divided by the baseline median. */
  | 'shift/base-median';

export interface Comparison {
  baseMedian: number;
  headMedian: number;
  /** Relative spread (MAD / median) of the baseline, for the "± x %" column. */
  baseSpread: number;
  headSpread: number;
  /** headMedian / baseMedian - 1. */
  change: number;
  /** Hodges–Lehmann point estimate on the same scale as `ci` (ratio - 1). */
  estimate: number;
  /** Interval of the relative change at `confidence`; [NaN, NaN] when it cannot be formed. */
  ci: [number, number];
  scale: IntervalScale;
  /** Raw two-sided Mann–Whitney p-value. */
  p: number;
  method: TestMethod;
  n: [number, number];
  confidence: number;
  tolerance: number;
  higherIsWorse: boolean;
  /** Verdict from the raw p; recompute with `decide` after multiple-comparison adjustment. */
  verdict: ComparisonVerdict;
  reason: ComparisonReason;
}

const DEFAULTS = { tolerance: 0.05, confidence: 0.95, higherIsWorse: true, minSamples: 3 } as const;

function resolve(opts: CompareOptions) {
  const o = { ...DEFAULTS, ...stripUndefined(opts) };
  if (!(o.tolerance >= 0)) throw new RangeError(`tolerance must be >= 0, got ${o.tolerance}`);
  if (!(o.confidence > 0 && o.confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${o.confidence}`);
  if (!(Number.isInteger(o.minSamples) && o.minSamples >= 1)) throw new RangeError(`minSamples must be a positive integer, got ${o.minSamples}`);
  return o;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function compareSamples(base: readonly number[], head: readonly number[], opts: CompareOptions = {}): Comparison {
  const o = resolve(opts);
  checkSample('compareSamples(base)', base);
  checkSample('compareSamples(head)', head);
  const baseMedian = median(base);
  const headMedian = median(head);
  const { p, method } = mannWhitneyU(head, base);

  // Relative interval. Perf metrics are ratio-scale (a 10 % slowdown of 200 ms and of 20 ms are the
  // same finding), and their noise is roughly multiplicative, so a location shift on the log scale
  // is the honest model: exp(HL CI of log head - log base) is an interval for the ratio of medians.
  // Logs need positive values; with zeros/negatives (error counts, deltas) fall back to the additive
  // shift divided by the baseline median, which ignores the baseline median's own uncertainty.
  const positive = base.every((v) => v > 0) && head.every((v) => v > 0);
  let ci: [number, number];
  let estimate: number;
  let scale: IntervalScale;
  if (positive) {
    const hl = hodgesLehmann(head.map(Math.log), base.map(Math.log), { confidence: o.confidence });
    ci = [Math.expm1(hl.ci[0]), Math.expm1(hl.ci[1])];
    estimate = Math.expm1(hl.estimate);
    scale = 'log-ratio';
  } else {
    const hl = hodgesLehmann(head, base, { confidence: o.confidence });
    scale = 'shift/base-median';
    if (baseMedian === 0) {
      // A relative change from 0 has no meaning; only "both exactly zero" is still judgeable.
      const allZero = hl.ci[0] === 0 && hl.ci[1] === 0;
      ci = allZero ? [0, 0] : [NaN, NaN];
      estimate = allZero ? 0 : NaN;
    } else {
      const b = Math.abs(baseMedian);
      ci = [hl.ci[0] / b, hl.ci[1] / b];
      estimate = hl.estimate / b;
    }
  }

  const change = baseMedian === 0 ? (headMedian === 0 ? 0 : NaN) : headMedian / baseMedian - 1;
  const partial = {
    baseMedian,
    headMedian,
    baseSpread: relativeSpread(base),
    headSpread: relativeSpread(head),
    change,
    estimate,
    ci,
    scale,
    p,
    method,
    n: [base.length, head.length] as [number, number],
    confidence: o.confidence,
    tolerance: o.tolerance,
    higherIsWorse: o.higherIsWorse,
  };
  const { verdict, reason } = decide(partial, p, o);
  return { ...partial, verdict, reason };
}

export interface Decision {
  verdict: ComparisonVerdict;
  reason: ComparisonReason;
}

/**
 * Verdict from a comparison and a (possibly multiplicity-adjusted) p-value.
 * - inconclusive: fewer than minSamples rounds on a side, or no interval;
 * - regressed: p < alpha AND the whole interval lies beyond +tolerance in the worse direction;
 * - improved: the same in the better direction;
 * - same: the whole interval lies within ±tolerance, significant or not (a real but
 *   practically irrelevant change is not worth failing a build over);
 * - inconclusive otherwise (the data cannot tell a relevant change from none).
 * Options default to those recorded in the comparison.
 */
export function decide(c: Pick<Comparison, 'ci' | 'n'> & Partial<Pick<Comparison, 'confidence' | 'tolerance' | 'higherIsWorse'>>, p: number, opts: CompareOptions = {}): Decision {
  const o = resolve({ confidence: c.confidence, tolerance: c.tolerance, higherIsWorse: c.higherIsWorse, ...stripUndefined(opts) });
  const alpha = 1 - o.confidence;
  const [nBase, nHead] = c.n;
  if (nBase < o.minSamples || nHead < o.minSamples) {
    return { verdict: 'inconclusive', reason: { code: 'too-few-rounds', need: o.minSamples } };
  }
  const [lo, hi] = c.ci;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { verdict: 'inconclusive', reason: { code: 'no-relative-change' } };
  const tol = o.tolerance;
  const significant = p < alpha;
  const facts = { tolerance: tol, p, alpha, confidence: o.confidence, interval: [lo, hi] as [number, number], significant };
  // Worse direction: up for latency (higherIsWorse), down for throughput.
  const worseBeyond = o.higherIsWorse ? lo > tol : hi < -tol;
  const betterBeyond = o.higherIsWorse ? hi < -tol : lo > tol;
  if (significant && worseBeyond) return { verdict: 'regressed', reason: { code: 'beyond-tolerance', ...facts } };
  if (significant && betterBeyond) return { verdict: 'improved', reason: { code: 'beyond-tolerance', ...facts } };
  if (lo >= -tol && hi <= tol) return { verdict: 'same', reason: { code: 'within-tolerance', ...facts } };
  if (!significant) return { verdict: 'inconclusive', reason: { code: 'not-significant', ...facts } };
  return { verdict: 'inconclusive', reason: { code: 'straddles-tolerance', ...facts } };
}
