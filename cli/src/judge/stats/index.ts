/** Regression statistics for baseline-vs-head comparisons. */
export { mannWhitneyU, EXACT_MAX_N } from './mann-whitney.ts';
export type { MannWhitneyResult, MannWhitneyOptions, TestMethod } from './mann-whitney.ts';
export { hodgesLehmann, pairwiseDifferences } from './hodges-lehmann.ts';
export type { HodgesLehmannResult, HodgesLehmannOptions } from './hodges-lehmann.ts';
export { benjaminiHochberg } from './benjamini-hochberg.ts';
export { compareSamples, decide } from './compare.ts';
export type { Comparison, CompareOptions, ComparisonVerdict, Decision, IntervalScale } from './compare.ts';
export { median, mad, relativeSpread } from '../../util/descriptive.ts';
export { normalCdf, normalSf, normalQuantile } from './normal.ts';
export { uDistribution, uCdf, uSf, uQuantile } from './u-distribution.ts';
