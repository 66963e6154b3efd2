import type { Alert, RunNotice } from './alert.ts';
import { sendJson } from './http.ts';
import { plural, type Delivery, type Told } from './sink.ts';
import type { FiredAlert } from './state.ts';

/**
 * How long Alertmanager keeps a fired alert without hearing of it again. A batch job cannot re-send every minute as
 * Prometheus does, so each alert carries its own end, a day ahead: the next run that passes resolves it sooner, and
 * a pipeline that stopped running does not leave it firing for ever.
 */
export const FIRING_FOR_MS = 24 * 60 * 60_000;

/**
 * Alertmanager (API v2): one alert per failed budget or regression, and, for each alert it holds as firing that this
 * run no longer raises (same target, its check ran to the end), the same alert with `endsAt` now: resolved. Returns what
 * Alertmanager holds as firing afterwards.
 */
export async function sendAlertmanager(url: string, delivery: Delivery, before: readonly FiredAlert[]): Promise<Told & { firing: FiredAlert[] }> {
  const { notice, alerts, now } = delivery;
  const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
  const held = before.filter((f) => Date.parse(f.endsAt) > now.getTime());
  // Keyed by target too: one .perfgate/ may serve runs against several targets, each resolving only its own alerts.
  const keyOf = (a: Alert) => `${notice.target}|${a.key}`;
  const raised = new Set(notice.alerts.map(keyOf));
  const judgedAgain = (f: FiredAlert) => f.labels.target === notice.target && notice.completedChecks.includes(f.labels.check ?? '');
  const resolved = held.filter((f) => !raised.has(f.key) && judgedAgain(f));
  const startedAt = new Map(held.map((f) => [f.key, f.startsAt]));
  const fired: FiredAlert[] = alerts.map((a) => ({
    key: keyOf(a),
    labels: labelsOf(a, notice),
    annotations: annotationsOf(a, notice),
    startsAt: startedAt.get(keyOf(a)) ?? now.toISOString(),
    endsAt: at(FIRING_FOR_MS),
  }));
  const refired = new Set(fired.map((f) => f.key));
  const firing = [...held.filter((f) => !resolved.includes(f) && !refired.has(f.key)), ...fired];
  if (fired.length === 0 && resolved.length === 0) return { told: [], firing };

  const posted = [...fired, ...resolved.map((f) => ({ ...f, endsAt: now.toISOString() }))].map(({ key: _key, ...alert }) => alert);
  await sendJson(`${url.replace(/\/+$/, '')}/api/v2/alerts`, posted);
  const said = [fired.length ? `fired ${plural(fired.length, 'alert')}` : '', resolved.length ? `resolved ${resolved.length}` : ''].filter(Boolean).join(', ');
  return { told: alerts, said, firing };
}

/** What identifies the alert in Alertmanager: the same labels fire it, group it, silence it and resolve it. */
export function labelsOf(alert: Alert, notice: RunNotice): Record<string, string> {
  return {
    alertname: alert.reason === 'budget' ? 'PerfgateBudgetFailed' : 'PerfgateRegression',
    check: alert.check,
    metric: alert.metric,
    subject: alert.subject,
    target: notice.target,
    severity: alert.severity === 'error' ? 'critical' : 'warning',
  };
}

function annotationsOf(alert: Alert, notice: RunNotice): Record<string, string> {
  return {
    summary: alert.message,
    run_id: notice.runId,
    ...(notice.gitSha ? { git_sha: notice.gitSha } : {}),
    ...(alert.value === undefined ? {} : { value: `${alert.value}${alert.unit ? ` ${alert.unit}` : ''}` }),
  };
}
