/**
 * Published reference values the tests check against, each with its source. Values are copied as
 * printed (so rounded to the printed digits); tests compare at that precision.
 */

/**
 * R `?wilcox.test` two-sample example (Hollander & Wolfe 1973, p. 69; permeability constants):
 *   x <- c(0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46)
 *   y <- c(1.15, 0.88, 0.90, 0.74, 1.21)
 * Published outputs for these data:
 * - Geyer, Stat 5601 examples (stat.umn.edu/geyer/old/5601/examp/ranksum.html, "Example 4.1 in
 *   Hollander and Wolfe", computed with R's pwilcox): W = 30 (Wilcoxon form), U = 15 for the
 *   smaller sample, lower-tailed P = 0.1272061.
 * - SAS PROC NPAR1WAY on the same data (DescrTab2 package test output, Trt n = 10 vs Ctrl n = 5):
 *   rank sums 90 / 30, Z = -1.1635 (with 0.5 continuity correction), normal two-sided
 *   Pr > |Z| = 0.2446, exact Pr <= S = 0.1272, exact two-sided 0.2544; Hodges–Lehmann location
 *   shift (Ctrl − Trt) = -0.3050, asymptotic (Moses) 95 % limits -0.7600, 0.1700.
 */
export const R_WILCOX_EXAMPLE = {
  x: [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46],
  y: [1.15, 0.88, 0.9, 0.74, 1.21],
  /** U of x = W of R = rank sum 90 − 10·11/2. */
  uX: 35,
  /** U of y (Geyer's "U = 15"). */
  uY: 15,
  oneSidedExactP: 0.1272061,
  twoSidedExactP: 0.2544,
  twoSidedNormalP: 0.2446,
  zCorrected: -1.1635,
  /** Hodges–Lehmann shift y − x (SAS "Location Shift (Ctrl - Trt)"). */
  hlShiftYminusX: -0.305,
  sasMosesCi: [-0.76, 0.17] as const,
};

/**
 * SciPy `scipy.stats.mannwhitneyu` documentation example (diabetes diagnosis ages, after
 * Conover/"[4]" in the docs): U1 = 17.0 for males, U2 = 3.0; method="exact" p =
 * 0.1111111111111111; method="asymptotic" (continuity-corrected) p = 0.11134688653314041.
 */
export const SCIPY_MWU_EXAMPLE = {
  males: [19, 22, 16, 29, 24],
  females: [20, 11, 17, 12],
  u1: 17,
  u2: 3,
  exactP: 0.1111111111111111,
  asymptoticP: 0.11134688653314041,
};

/**
 * R `wilcox.test(x, y)` outputs with ties (normal approximation with continuity and tie
 * correction), published at endmemo.com/r/wilcoxon.php:
 *   x <- c(1,5,9,24,56,21,3,7,21,4); y <- c(12,15,5,9,9,14,56,22,3,7,32,5)
 *   "Wilcoxon rank sum test with continuity correction  W = 51.5, p-value = 0.5966"
 *   y2 <- c(1233,4356,987,39999,1111,200000)  →  "W = 0, p-value = 0.001364"
 */
export const R_TIES_EXAMPLE = {
  x: [1, 5, 9, 24, 56, 21, 3, 7, 21, 4],
  y: [12, 15, 5, 9, 9, 14, 56, 22, 3, 7, 32, 5],
  w: 51.5,
  p: 0.5966,
  y2: [1233, 4356, 987, 39999, 1111, 200000],
  w2: 0,
  p2: 0.001364,
};

/**
 * University of Virginia StatLab, "The Wilcoxon Rank Sum Test" (J. Ford, 2017): packaging weights
 * of companies A and B, R `wilcox.test(weight ~ company)` → "Wilcoxon rank sum test
 * W = 13, p-value = 0.04988" (exact, no ties).
 */
export const UVA_PACKAGING_EXAMPLE = {
  a: [117.1, 121.3, 127.8, 121.9, 117.4, 124.5, 119.5, 115.1],
  b: [123.5, 125.3, 126.5, 127.9, 122.1, 125.6, 129.8, 117.2],
  w: 13,
  p: 0.04988,
};

/**
 * Hollander, Wolfe & Chicken example as run in SAS PROC NPAR1WAY HL (PSI "CAMIS" comparison
 * pages, psiaims.github.io/CAMIS/SAS/nparestimate.html): Location Shift (A − B) 0.5600,
 * Asymptotic (Moses) 95 % limits -0.3700, 1.1830. (B has ties, so this is the normal path.)
 * The R page of the same project prints the estimate 0.5600562: R's non-exact estimate comes from
 * uniroot on a step function, not the median of differences — see hodges-lehmann.ts.
 */
export const HWC_CHICKEN_EXAMPLE = {
  a: [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3],
  b: [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29],
  hlShift: 0.56,
  mosesCi: [-0.37, 1.183] as const,
  rUnirootEstimate: 0.5600562,
};

/**
 * BH adjusted p-values published in the R package c212's documentation example
 * (`c212.BH.adjust.pvals`, rdrr.io/cran/c212/man/c212BH.adjust.pvals.html), 17 adverse-event
 * p-values; the documentation prints the 8 smallest with their adjusted values (rounded to the
 * printed digits). Only those 8 are published, so only those are checked.
 */
export const C212_BH_EXAMPLE = {
  p: [0.135005, 0.01, 0.001, 0.005, 0.153501, 0.02, 0.0013, 0.0023, 0.011, 0.023, 0.016, 0.0109, 0.559111, 0.751986, 0.308339, 0.837154, 0.325882],
  /** [raw p, published p_adj] for the 8 smallest raw p. */
  published: [
    [0.001, 0.01105],
    [0.0013, 0.01105],
    [0.0023, 0.01303333],
    [0.005, 0.02125],
    [0.01, 0.02671429],
    [0.0109, 0.02671429],
    [0.011, 0.02671429],
    [0.016, 0.034],
  ] as const,
};
