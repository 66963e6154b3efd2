import type { BudgetFile, BudgetRule, CheckRun, Measurement, Verdict } from '../model/index.ts';
import { matchesGlob } from '../util/glob.ts';

/**
 * Absolute budgets: every rule against every measurement it matches.
 * A rule whose check failed to run is `skipped` (the check's own `error` verdict explains why);
 * a rule that matched nothing in a check that ran is `skipped` too, so typos in globs stay visible.
 */
export function evaluateBudgets(budgets: BudgetFile, measurements: Measurement[], checks: CheckRun[]): Verdict[] {
  const verdicts: Verdict[] = checks
    .filter((c) => c.status === 'error')
    .map((c) => ({
      check: c.id,
      metric: 'check',
      subject: c.title,
      status: 'error' as const,
      message: `check "${c.id}" could not run: ${c.error ?? 'unknown error'}`,
    }));
  for (const rule of budgets.rules) {
    const checkRun = checks.find((c) => c.id === rule.check);
    const matching = measurements.filter(
      (m) => m.check === rule.check && matchesGlob(m.metric, rule.metric) && matchesGlob(m.subject, rule.subject),
    );
    if (matching.length === 0) {
      const why = !checkRun || checkRun.status === 'skipped'
        ? `check "${rule.check}" was not run`
        : checkRun.status !== 'ok'
          ? `check "${rule.check}" did not complete`
          : `no ${rule.metric} measurement matched subject "${rule.subject}"`;
      verdicts.push({ check: rule.check, metric: rule.metric, subject: rule.subject, status: 'skipped', message: why, rule, severity: rule.severity });
      continue;
    }
    for (const measurement of matching) verdicts.push(judgeOne(rule, measurement));
  }
  return verdicts;
}

function judgeOne(rule: BudgetRule, measurement: Measurement): Verdict {
  const base = { check: rule.check, metric: measurement.metric, subject: measurement.subject, measurement, rule, severity: rule.severity };
  const over = rule.max !== undefined && measurement.value > rule.max;
  const under = rule.min !== undefined && measurement.value < rule.min;
  const limit = over || rule.min === undefined
    ? rule.max !== undefined ? { kind: 'max' as const, value: rule.max } : undefined
    : { kind: 'min' as const, value: rule.min };
  if (!over && !under) {
    return { ...base, status: 'pass', limit, message: limit ? `${fmt(measurement)} within ${limit.kind} ${limit.value}` : 'no absolute limit' };
  }
  const status = rule.severity === 'warn' ? 'warn' : 'fail';
  const message = over
    ? `${fmt(measurement)} exceeds max ${rule.max} ${measurement.unit}`
    : `${fmt(measurement)} below min ${rule.min} ${measurement.unit}`;
  return { ...base, status, limit, message };
}

function fmt(m: Measurement): string {
  const digits = Math.abs(m.value) >= 100 ? 0 : Math.abs(m.value) >= 1 ? 1 : 3;
  return `${m.value.toFixed(digits)} ${m.unit}`;
}
