import { createHash } from 'node:crypto';
import type { RunResult } from '../model/index.ts';
import { firstLine } from '../util/errors.ts';
import { noticeOf } from './alert.ts';
import { sendAlertmanager } from './alertmanager.ts';
import { sendGitHub } from './github.ts';
import type { AlertSinkConfig } from './sink-config.ts';
import { plural, type Delivery, type Told } from './sink.ts';
import { sendSlack } from './slack.ts';
import { readAlertsState, writeAlertsState, type AlertsState } from './state.ts';
import { admit, recordSent, SUPPRESSION_RULE } from './suppression.ts';
import { sendWebhook } from './webhook.ts';

export interface NotifyOptions {
  /** Where alerts-state.json is kept (the run's --out, .perfgate by default). */
  stateDir: string;
  /** The target's label ("paypass", or the URL's host), as in the pushed series. */
  target: string;
  /** The run's Markdown report, for the GitHub pull request comment. */
  markdown: string;
  log: (line: string) => void;
  /** Where GitHub workflow commands are printed. */
  annotate: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  now?: Date;
}

/**
 * Tells each configured sink of the run's failed budgets and regressions, suppression applied. A sink that fails
 * is reported in one line and the others still run: alerting never changes the verdict or the exit code. An
 * interrupted run tells nothing (its verdicts are partial).
 */
export async function notifySinks(result: RunResult, sinks: readonly AlertSinkConfig[], options: NotifyOptions): Promise<void> {
  if (sinks.length === 0 || result.outcome === 'interrupted') return;
  const now = options.now ?? new Date();
  const notice = noticeOf(result, options.target);
  const state = await readAlertsState(options.stateDir, options.log);
  for (const sink of sinks) {
    const id = sinkId(sink);
    // Suppression counts per sink and target: one .perfgate/ may serve runs against several targets.
    const scope = `${id} ${notice.target}`;
    const { allowed, suppressed } = admit(state.sent, scope, notice.alerts, now);
    try {
      const { told, said } = await deliver(sink, id, { notice, alerts: allowed, suppressed, now }, state, options);
      recordSent(state.sent, scope, told, now);
      const held = suppressed.length ? `${plural(suppressed.length, 'alert')} held back (${SUPPRESSION_RULE})` : undefined;
      const parts = [said, held].filter(Boolean);
      if (parts.length) options.log(`alerts: ${sink.kind}: ${parts.join('; ')}`);
    } catch (error) {
      // The error names the URL it failed on (redacted), which for GitHub is the API call, not the base.
      options.log(`warning: alerts: ${sink.kind} sink failed: ${firstLine(error)}`);
    }
  }
  try {
    await writeAlertsState(options.stateDir, state);
  } catch (error) {
    options.log(`warning: alerts: state not saved in ${options.stateDir}: ${firstLine(error)}`);
  }
}

async function deliver(sink: AlertSinkConfig, id: string, delivery: Delivery, state: AlertsState, options: NotifyOptions): Promise<Told> {
  switch (sink.kind) {
    case 'webhook':
      return sendWebhook(sink.url, delivery);
    case 'slack':
      return sendSlack(sink.url, delivery);
    case 'github':
      return sendGitHub(sink, delivery, { annotate: options.annotate, markdown: options.markdown, env: options.env ?? process.env });
    case 'alertmanager': {
      const { firing, ...told } = await sendAlertmanager(sink.url, delivery, state.firing[id] ?? []);
      if (firing.length) state.firing[id] = firing;
      else delete state.firing[id];
      return told;
    }
  }
}

/** `slack#3f2a9c1e`: the kind and a hash of the URL, so two sinks of one kind count apart and no secret URL is stored. */
export function sinkId(sink: AlertSinkConfig): string {
  return `${sink.kind}#${createHash('sha256').update(sinkUrl(sink)).digest('hex').slice(0, 8)}`;
}

function sinkUrl(sink: AlertSinkConfig): string {
  return sink.url ?? 'https://api.github.com';
}
