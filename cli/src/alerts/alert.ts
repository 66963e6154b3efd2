import { oncePerMeasurement, type RunResult, type Summary, type Unit, type Verdict } from '../model/index.ts';

/** One thing to tell: a budget a measurement failed (or warned on), or a measurement that regressed against the baseline. */
export interface Alert {
  /**
   * `budget|load|latency.p95|GET /payments`: the same from run to run while the same thing is wrong, so suppression
   * counts it and Alertmanager recognises (and later resolves) it.
   */
  key: string;
  reason: 'budget' | 'regression';
  check: string;
  metric: string;
  subject: string;
  /** `error` fails the run; `warn` only reports (a warn rule's failed budget or regression). */
  severity: 'error' | 'warn';
  /** One line for people. */
  message: string;
  value?: number;
  unit?: Unit;
  limit?: { kind: 'max' | 'min'; value: number };
  baseline?: { run: string; value: number; delta: number; ci?: [number, number]; p?: number };
}

/** What every sink hears of a run. */
export interface RunNotice {
  runId: string;
  outcome: RunResult['outcome'];
  /** "paypass", or the host of the URL tested: the `target` label of the pushed series. */
  target: string;
  targetUrl?: string;
  gitSha?: string;
  finishedAt: string;
  summary: Summary;
  alerts: Alert[];
  /** Checks that ran to the end: an alert of theirs that is missing now has passed. */
  completedChecks: string[];
}

export function noticeOf(result: RunResult, target: string): RunNotice {
  return {
    runId: result.id,
    outcome: result.outcome,
    target,
    targetUrl: result.target.url,
    gitSha: result.environment.gitSha,
    finishedAt: result.finishedAt,
    summary: result.summary,
    alerts: alertsOf(result.verdicts),
    completedChecks: result.checks.filter((c) => c.status === 'ok').map((c) => c.id),
  };
}

/** Failed and warned budgets (the error one first when two rules judge a measurement), then regressions, each once. */
export function alertsOf(verdicts: readonly Verdict[]): Alert[] {
  const budgets = verdicts.filter((v) => v.status === 'fail' || v.status === 'warn').sort((a, b) => Number(a.status === 'warn') - Number(b.status === 'warn'));
  const regressions = oncePerMeasurement(verdicts.filter((v) => v.baseline?.change === 'regressed'));
  const alerts = [...budgets.map(budgetAlert), ...regressions.map(regressionAlert)];
  const byKey = new Map<string, Alert>();
  for (const alert of alerts) if (!byKey.has(alert.key)) byKey.set(alert.key, alert);
  return [...byKey.values()];
}

function budgetAlert(v: Verdict): Alert {
  return {
    ...about(v, 'budget'),
    severity: v.status === 'fail' ? 'error' : 'warn',
    message: `${v.check} ${v.metric} ${v.subject}: ${v.message}`,
    ...(v.measurement ? { value: v.measurement.value, unit: v.measurement.unit } : {}),
    ...(v.limit ? { limit: v.limit } : {}),
  };
}

function regressionAlert(v: Verdict): Alert {
  const b = v.baseline!;
  const interval = b.ci ? ` [${percent(b.ci[0])}, ${percent(b.ci[1])}]` : '';
  const p = b.p === undefined ? '' : ` (p=${Number(b.p.toPrecision(2))})`;
  return {
    ...about(v, 'regression'),
    severity: v.severity ?? 'error',
    message: `${v.check} ${v.metric} ${v.subject}: regressed ${percent(b.delta)}${interval} against baseline run ${b.run}${p}`,
    value: b.headValue ?? v.measurement?.value,
    ...(v.unit ? { unit: v.unit } : v.measurement ? { unit: v.measurement.unit } : {}),
    baseline: { run: b.run, value: b.value, delta: b.delta, ...(b.ci ? { ci: b.ci } : {}), ...(b.p === undefined ? {} : { p: b.p }) },
  };
}

function about(v: Verdict, reason: Alert['reason']) {
  return { key: [reason, v.check, v.metric, v.subject].join('|'), reason, check: v.check, metric: v.metric, subject: v.subject };
}

/** 0.132 → `+13.2%` */
export function percent(fraction: number): string {
  return `${fraction >= 0 ? '+' : ''}${(fraction * 100).toFixed(1)}%`;
}
