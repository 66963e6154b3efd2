import type { BaselineComparison, BudgetFile, Measurement, MetricCatalog, NoiseFloors, PlanChange, RunResult, Verdict } from '../model/index.ts';
import { higherIsWorse, measurementKey } from '../model/index.ts';
import { median } from '../util/descriptive.ts';
import { matchesGlob } from '../util/glob.ts';
import { benjaminiHochberg, compareSamples, decide, type Comparison, type Decision } from './stats/index.ts';

const DEFAULT_POLICY = { tolerance: 0.05, confidence: 0.95 };

export interface MetricComparison {
  key: string;
  head: Measurement;
  base: Measurement;
  result: BaselineComparison;
  /** Present for sampled metrics; exact metrics (bytes, plan buffers) have none. */
  stats?: Comparison;
  /** A budget rule judges this measurement, so a claimed change gates; false when only the comparison saw it. */
  gated: boolean;
}

export { measurementKey };

export interface CompareOptions {
  /** Descriptors of the checks' metrics: which way is worse, which are sampled. */
  metrics?: MetricCatalog;
  /** Tolerance and confidence per metric, from the rules that judge it. */
  budgets?: BudgetFile;
  /** The family compared (and adjusted together); default every shared measurement. */
  only?: (m: Measurement) => boolean;
  /** Noise floors calibrated on this machine; without one, a metric's declared default applies. */
  floors?: NoiseFloors;
}

type AppliedFloor = NonNullable<BaselineComparison['noiseFloor']>;

/**
 * Compares every head measurement that the baseline also has. Sampled metrics get a Mann–Whitney
 * test whose p-values are adjusted together (Benjamini–Hochberg) before deciding; single values
 * without samples (bytes, plan buffers: deterministic) are compared exactly against the tolerance.
 */
export function compareMeasurements(base: Pick<RunResult, 'id' | 'measurements'>, head: Measurement[], options: CompareOptions = {}): MetricComparison[] {
  const { budgets, only, metrics } = options;
  const worse = (m: Measurement) => higherIsWorse(metrics?.(m.check, m.metric));
  const baseByKey = new Map(base.measurements.map((m) => [measurementKey(m), m]));
  // A subject new in the head is compared against 0 where its metric says absent means 0 (a new chunk's bytes).
  const absentAsZero = (m: Measurement): Measurement | undefined =>
    metrics?.(m.check, m.metric)?.zeroWhenAbsent ? { check: m.check, metric: m.metric, subject: m.subject, value: 0, unit: m.unit } : undefined;
  const headKeys = new Set(head.map(measurementKey));
  const pairs = [
    ...head.map((m) => ({ head: m, base: baseByKey.get(measurementKey(m)) ?? absentAsZero(m) })),
    // A subject the head no longer has (a removed chunk) is compared as 0 where absence means 0.
    ...base.measurements.filter((m) => !headKeys.has(measurementKey(m))).map((m) => ({ head: absentAsZero(m), base: m })),
  ]
    .filter((p): p is { head: Measurement; base: Measurement } => p.base !== undefined && p.head !== undefined)
    .filter((p) => (only ? only(p.head) : true));

  const bound = pairs.map((p) => p.head.generatorBound ?? p.base.generatorBound);
  const sampled = pairs.map((p, i) => bound[i] === undefined && metrics?.(p.head.check, p.head.metric)?.sampled !== false && isSampled(p.head, p.base));
  // The tolerance a change must clear is the rule's, raised to the metric's noise floor: nothing below it is claimed.
  const floorOf = (m: Measurement, baseValue: number): AppliedFloor | undefined => {
    const calibrated = options.floors?.floors[measurementKey(m)];
    if (calibrated) return { relative: calibrated.relative, source: 'calibrated' };
    const declared = metrics?.(m.check, m.metric)?.noiseFloor;
    if (!declared) return undefined;
    const absolute = declared.absolute !== undefined && baseValue !== 0 ? declared.absolute / Math.abs(baseValue) : 0;
    return { relative: Math.max(declared.relative ?? 0, absolute), source: 'default' };
  };
  const drafts = pairs.map((p, i) => {
    const rule = policyFor(p.head, budgets);
    const baseValue = sampled[i] ? median(p.base.samples!) : p.base.value;
    const floor = floorOf(p.head, baseValue);
    const policy = { ...rule, tolerance: Math.max(rule.tolerance, floor?.relative ?? 0) };
    if (!sampled[i]) return { ...p, policy, floor, stats: undefined };
    const stats = compareSamples(p.base.samples!, p.head.samples!, { ...policy, higherIsWorse: worse(p.head) });
    return { ...p, policy, floor, stats };
  });
  // The family adjusted together: every sampled metric that could show a change. One that read the same value in
  // every round of both runs (an error ratio of 0, say) has p = 1 whatever happens; counting it would only
  // raise the bar for the others. Leaving such tests out does not depend on which way a change went.
  const inFamily = drafts.map((d) => d.stats !== undefined && !constantAndEqual(d.base.samples!, d.head.samples!));
  const adjusted = benjaminiHochberg(drafts.flatMap((d, i) => (inFamily[i] ? [d.stats!.p] : [])));
  const familySize = adjusted.length;
  let next = 0;
  const gated = (m: Measurement) => Boolean(budgets?.rules.some((r) => r.check === m.check && matchesGlob(m.metric, r.metric) && matchesGlob(m.subject, r.subject)));
  return drafts.map((d, i) => {
    const key = measurementKey(d.head);
    const withFloor = (r: BaselineComparison): BaselineComparison => {
      const parts = changedParts(d.base, d.head);
      return { ...r, ...(d.floor ? { noiseFloor: d.floor } : {}), ...(parts.length ? { parts } : {}) };
    };
    if (bound[i] !== undefined)
      return { key, head: d.head, base: d.base, gated: gated(d.head), result: generatorBoundComparison(base.id, d.base, d.head, d.policy.tolerance, bound[i]!) };
    if (!d.stats) return { key, head: d.head, base: d.base, gated: gated(d.head), result: withFloor(exactComparison(base.id, d.base, d.head, d.policy.tolerance, worse(d.head))) };
    const pAdjusted = inFamily[i] ? adjusted[next++]! : d.stats.p;
    const decision = fromZero(
      explainPower(decide(d.stats, pAdjusted), d.stats, pAdjusted, familySize),
      d.stats,
      pAdjusted,
      metrics?.(d.head.check, d.head.metric)?.noiseFloor?.absolute,
    );
    const result: BaselineComparison = {
      run: base.id,
      // Medians of the rounds: the numbers the change and its interval are about, so a report's line adds up.
      value: d.stats.baseMedian,
      headValue: d.stats.headMedian,
      // From 0 there is no relative change: 1 stands in (as for exact values), and the reason says so.
      delta: Number.isFinite(d.stats.change) ? d.stats.change : 1,
      change: decision.verdict,
      test: 'mann-whitney-u',
      p: d.stats.p,
      pAdjusted,
      ci: d.stats.ci.every(Number.isFinite) ? d.stats.ci : undefined,
      n: d.stats.n,
      ...finite('baseSpread', d.stats.baseSpread),
      ...finite('headSpread', d.stats.headSpread),
      tolerance: d.policy.tolerance,
      reason: decision.reason,
    };
    const planChange = planChanged(d.base, d.head);
    if (planChange) result.planChange = planChange;
    return { key, head: d.head, base: d.base, gated: gated(d.head), stats: { ...d.stats, verdict: decision.verdict, p: pAdjusted }, result: withFloor(result) };
  });
}

/** Attaches each comparison to the verdicts judging the same measurement. */
export function attachComparisons(verdicts: Verdict[], comparisons: MetricComparison[]): Verdict[] {
  const byKey = new Map(comparisons.map((c) => [c.key, c.result]));
  return verdicts.map((v) => {
    const baseline = v.measurement ? byKey.get(measurementKey(v.measurement)) : undefined;
    return baseline ? { ...v, baseline } : v;
  });
}

function constantAndEqual(base: readonly number[], head: readonly number[]): boolean {
  const first = base[0];
  return [...base, ...head].every((v) => v === first);
}

/**
 * An inconclusive verdict that no data could have changed says why: with n₁ and n₂ rounds, the smallest two-sided
 * Mann–Whitney p is 2 / C(n₁+n₂, n₁), and across m metrics adjusted together the best a single change can reach
 * is m times that. When even that misses alpha, more rounds (not a cleaner machine) are the remedy.
 */
function explainPower(decision: Decision, c: Comparison, pAdjusted: number, familySize: number): Decision {
  if (decision.verdict !== 'inconclusive' || pAdjusted < 1 - c.confidence) return decision;
  const [n1, n2] = c.n;
  const best = Math.min(1, (2 / binomial(n1 + n2, n1)) * Math.max(1, familySize));
  if (best < 1 - c.confidence) return decision;
  return { ...decision, reason: { ...decision.reason, underpowered: { bestPossibleP: best, family: familySize } } };
}

function binomial(n: number, k: number): number {
  let out = 1;
  for (let i = 1; i <= k; i++) out = (out * (n - k + i)) / i;
  return out;
}

function isSampled(head: Measurement, base: Measurement): boolean {
  return (head.samples?.length ?? 0) > 0 && (base.samples?.length ?? 0) > 0;
}

function policyFor(m: Measurement, budgets?: BudgetFile): { tolerance: number; confidence: number } {
  const rule = budgets?.rules.find((r) => r.check === m.check && matchesGlob(m.metric, r.metric) && matchesGlob(m.subject, r.subject) && r.regression);
  return rule?.regression ?? budgets?.regression ?? DEFAULT_POLICY;
}

function exactComparison(runId: string, base: Measurement, head: Measurement, tolerance: number, higherWorse: boolean): BaselineComparison {
  const delta = base.value === 0 ? (head.value === 0 ? 0 : Infinity) : head.value / base.value - 1;
  const worse = higherWorse ? delta > tolerance : delta < -tolerance;
  const better = higherWorse ? delta < -tolerance : delta > tolerance;
  const change = worse ? 'regressed' : better ? 'improved' : 'same';
  const planChange = planChanged(base, head);
  return {
    run: runId,
    value: base.value,
    headValue: head.value,
    delta: Number.isFinite(delta) ? delta : 1,
    change,
    test: 'exact',
    tolerance,
    reason: { code: 'exact', base: base.value, head: head.value, tolerance, beyond: change !== 'same' },
    ...(planChange ? { planChange } : {}),
  };
}

/** Plan-checked measurements carry their plan: a changed plan is the likely cause of a changed number. */
function planChanged(base: Measurement, head: Measurement): PlanChange | undefined {
  const before = base.plan?.shape;
  const after = head.plan?.shape;
  if (!before || !after || before === after) return undefined;
  const [b, h] = [base.plan?.nodes, head.plan?.nodes];
  return b && h ? { before, after, removed: without(b, h), added: without(h, b) } : { before, after };
}

/** The items of `a` left after taking out one of each item of `b` (a multiset difference). */
function without(a: readonly string[], b: readonly string[]): string[] {
  const left = [...b];
  return a.filter((x) => {
    const i = left.indexOf(x);
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
}

/** The parts of two breakdowns that changed, largest change first (at most ten): what made a chunk grow. */
function changedParts(base: Measurement, head: Measurement): NonNullable<BaselineComparison['parts']> {
  if (!head.breakdown) return [];
  const before = base.breakdown ?? {};
  const names = new Set([...Object.keys(before), ...Object.keys(head.breakdown)]);
  return [...names]
    .map((part) => ({ part, base: before[part] ?? 0, head: head.breakdown![part] ?? 0 }))
    .filter((p) => p.base !== p.head)
    .sort((a, b) => Math.abs(b.head - b.base) - Math.abs(a.head - a.base) || a.part.localeCompare(b.part))
    .slice(0, 10);
}

/** `{ key: x }` when x is a finite number, else nothing: JSON has no NaN, and a result must always read back. */
function finite<K extends string>(key: K, x: number): Partial<Record<K, number>> {
  return Number.isFinite(x) ? ({ [key]: x } as Record<K, number>) : {};
}

/**
 * From a baseline median of 0 no relative change exists (a TBT of 0 ms, an error ratio of 0), but the metric's absolute
 * floor still tells noise from a change: within it the head is the same; beyond it, with a significant test, the change
 * is claimed (a page that never blocked now blocks for a second). Without an absolute floor it stays inconclusive.
 */
function fromZero(decision: Decision, c: Comparison, p: number, absolute: number | undefined): Decision {
  if (decision.reason.code !== 'no-relative-change' || absolute === undefined) return decision;
  const shift = c.headMedian - c.baseMedian;
  if (Math.abs(shift) <= absolute) return { verdict: 'same', reason: { code: 'below-floor', floor: absolute } };
  const alpha = 1 - c.confidence;
  if (p >= alpha) return decision;
  const worse = c.higherIsWorse ? shift > 0 : shift < 0;
  return { verdict: worse ? 'regressed' : 'improved', reason: { code: 'beyond-floor', floor: absolute, p, alpha } };
}

/** A side whose generator was the bottleneck says nothing about the target: no change is claimed either way. */
function generatorBoundComparison(run: string, base: Measurement, head: Measurement, tolerance: number, why: string): BaselineComparison {
  const value = base.samples?.length ? median(base.samples) : base.value;
  const headValue = head.samples?.length ? median(head.samples) : head.value;
  const side = head.generatorBound ? 'head' : 'baseline';
  return {
    run,
    value,
    headValue,
    delta: value === 0 ? 0 : (headValue - value) / Math.abs(value),
    change: 'inconclusive',
    tolerance,
    reason: { code: 'generator-bound', text: `${side}: ${why}` },
  };
}
