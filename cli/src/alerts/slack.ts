import type { Alert } from './alert.ts';
import { sendJson } from './http.ts';
import { headline, plural, type Delivery, type Told } from './sink.ts';
import { SUPPRESSION_RULE } from './suppression.ts';

/** Lines listed in one message: a chat message is read at a glance, the report has the rest. */
const MAX_LINES = 10;

/** A Slack incoming webhook: `text` (notifications, and clients without blocks) plus `blocks`. */
export async function sendSlack(url: string, delivery: Delivery): Promise<Told> {
  if (delivery.alerts.length === 0) return { told: [] };
  await sendJson(url, slackPayload(delivery));
  return { told: delivery.alerts, said: `posted ${plural(delivery.alerts.length, 'alert')}` };
}

export function slackPayload({ notice, alerts, suppressed }: Delivery) {
  const text = `perfgate: ${headline(notice)}`;
  const lines = alerts.slice(0, MAX_LINES).map(line);
  if (alerts.length > MAX_LINES) lines.push(`…and ${alerts.length - MAX_LINES} more`);
  const context = [`run ${notice.runId}`, ...(suppressed.length ? [`${plural(suppressed.length, 'alert')} held back (${SUPPRESSION_RULE})`] : [])];
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${escape(text)}*` } },
      { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, 3000) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: escape(context.join(' · ')) }] },
    ],
  };
}

function line(alert: Alert): string {
  const label = alert.reason === 'regression' ? 'REGRESSED' : alert.severity === 'error' ? 'FAIL' : 'WARN';
  return `• *${label}* ${escape(alert.message)}`;
}

/** Slack's mrkdwn treats &, < and > as markup. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
