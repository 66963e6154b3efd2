import type { Alert } from './alert.ts';
import { sendJson } from './http.ts';
import { plural, type Delivery, type Told } from './sink.ts';

/** A generic webhook: one POST of JSON per run that has something to tell. */
export async function sendWebhook(url: string, delivery: Delivery): Promise<Told> {
  if (delivery.alerts.length === 0) return { told: [] };
  await sendJson(url, webhookPayload(delivery));
  return { told: delivery.alerts, said: `posted ${plural(delivery.alerts.length, 'alert')}` };
}

export function webhookPayload({ notice, alerts, suppressed }: Delivery) {
  return {
    source: 'perfgate',
    runId: notice.runId,
    outcome: notice.outcome,
    target: notice.target,
    ...(notice.targetUrl ? { targetUrl: notice.targetUrl } : {}),
    ...(notice.gitSha ? { gitSha: notice.gitSha } : {}),
    finishedAt: notice.finishedAt,
    summary: notice.summary,
    budgetFailures: alerts.filter((a) => a.reason === 'budget').map(withoutKey),
    regressions: alerts.filter((a) => a.reason === 'regression').map(withoutKey),
    /** Alerts of this run held back by suppression. */
    suppressed: suppressed.length,
  };
}

function withoutKey({ key: _key, reason: _reason, ...rest }: Alert) {
  return rest;
}
