import type { BudgetFile, BudgetRule, CheckRun, Measurement, MetricCatalog, Unit, Verdict } from '../model/index.ts';
import { matchesGlob } from '../util/glob.ts';

/**
 * Absolute budgets: every rule against every measurement it matches.
 * - A check that was not run (left out, or nothing enabled it) gets one `skipped` verdict naming its rules,
 *   rather than one per rule; a check that failed to run gets its own `error` verdict and its rules `skipped`.
 * - A rule that matched nothing in a check that ran is `skipped` too, so typos in globs stay visible.
 * - A regression-only rule (no max or min) judges nothing without a baseline: one `skipped` verdict says so.
 */
export function evaluateBudgets(budgets: BudgetFile, measurements: Measurement[], checks: CheckRun[], options: { baseline?: boolean; metrics?: MetricCatalog } = {}): Verdict[] {
  // A verdict with no measurement still knows its unit, from the metric's descriptor (a glob has none).
  const unitOf = (rule: BudgetRule): { unit?: Unit } => {
    const unit = options.metrics?.(rule.check, rule.metric)?.unit;
    return unit ? { unit } : {};
  };
  const verdicts: Verdict[] = checks
    .filter((c) => c.status === 'error')
    .map((c) => ({
      check: c.id,
      metric: 'check',
      subject: c.title,
      status: 'error' as const,
      message: `check "${c.id}" could not run: ${c.error ?? 'unknown error'}`,
    }));
  const notRun = new Map<string, BudgetRule[]>();
  for (const rule of budgets.rules) {
    const checkRun = checks.find((c) => c.id === rule.check);
    if (!checkRun || checkRun.status === 'skipped') {
      notRun.set(rule.check, [...(notRun.get(rule.check) ?? []), rule]);
      continue;
    }
    const matching = measurements.filter((m) => m.check === rule.check && matchesGlob(m.metric, rule.metric) && matchesGlob(m.subject, rule.subject));
    if (matching.length === 0) {
      const why = checkRun.status !== 'ok' ? `check "${rule.check}" did not complete` : `no ${rule.metric} measurement matched subject "${rule.subject}"`;
      verdicts.push({ check: rule.check, metric: rule.metric, subject: rule.subject, status: 'skipped', message: why, rule, severity: rule.severity, ...unitOf(rule) });
      continue;
    }
    if (rule.max === undefined && rule.min === undefined && !options.baseline) {
      const message = `judged only against a baseline (--baseline NAME): ${matching.length} measurement${matching.length === 1 ? '' : 's'} not compared`;
      verdicts.push({ check: rule.check, metric: rule.metric, subject: rule.subject, status: 'skipped', message, rule, severity: rule.severity, ...unitOf(rule) });
      continue;
    }
    for (const measurement of matching) verdicts.push(judgeOne(rule, measurement));
  }
  for (const [id, rules] of notRun) {
    const checkRun = checks.find((c) => c.id === id);
    const reason = checkRun?.error ?? 'not selected';
    const message = `not run (${reason}): ${rules.length} rule${rules.length === 1 ? '' : 's'} not judged`;
    verdicts.push({ check: id, metric: 'check', subject: checkRun?.title ?? id, status: 'skipped', message });
  }
  return verdicts;
}

function judgeOne(rule: BudgetRule, measurement: Measurement): Verdict {
  const base = { check: rule.check, metric: measurement.metric, subject: measurement.subject, unit: measurement.unit, measurement, rule, severity: rule.severity };
  // The generator measured itself, not the target: the number is reported, and the target is not blamed for it.
  if (measurement.generatorBound) return { ...base, status: 'skipped', message: `generator-bound (${measurement.generatorBound}): not judged` };
  const over = rule.max !== undefined && measurement.value > rule.max;
  const under = rule.min !== undefined && measurement.value < rule.min;
  const limit = over || rule.min === undefined ? (rule.max !== undefined ? { kind: 'max' as const, value: rule.max } : undefined) : { kind: 'min' as const, value: rule.min };
  if (!over && !under) {
    return { ...base, status: 'pass', limit, message: limit ? `${fmt(measurement)} within ${limit.kind} ${limit.value}` : 'no absolute limit' };
  }
  const status = rule.severity === 'warn' ? 'warn' : 'fail';
  const message = over ? `${fmt(measurement)} exceeds max ${rule.max} ${measurement.unit}` : `${fmt(measurement)} below min ${rule.min} ${measurement.unit}`;
  return { ...base, status, limit, message };
}

/** The value as measured, unrounded: words and rounding are the reports' (one formatter for every report). */
function fmt(m: Measurement): string {
  return `${m.value} ${m.unit}`;
}
