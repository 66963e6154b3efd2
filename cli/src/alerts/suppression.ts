import type { Alert } from './alert.ts';

/**
 * The standards' limit: at most 3 alerts of one kind per 5 minutes. A kind is one sink and one alert key (sink kind
 * plus a hash of its URL, and `budget|check|metric|subject` or `regression|…`): a budget that keeps failing in a
 * loop of runs is told three times in any 5 minutes per sink, while a different failure still gets through.
 */
export const SUPPRESSION = { maxPerWindow: 3, windowMs: 5 * 60_000 } as const;

/** The limit in words, for the line that says alerts were held back. */
export const SUPPRESSION_RULE = `at most ${SUPPRESSION.maxPerWindow} of a kind per ${SUPPRESSION.windowMs / 60_000} minutes`;

/** When each kind was last told (ISO times within the window), kept in .perfgate/alerts-state.json across runs. */
export type SentLog = Record<string, string[]>;

export function suppressionKey(sinkId: string, alert: Alert): string {
  return `${sinkId} ${alert.key}`;
}

/** Splits a run's alerts for one sink into those it may send now and those held back. */
export function admit(sent: SentLog, sinkId: string, alerts: readonly Alert[], now: Date): { allowed: Alert[]; suppressed: Alert[] } {
  const allowed: Alert[] = [];
  const suppressed: Alert[] = [];
  for (const alert of alerts) {
    const recent = withinWindow(sent[suppressionKey(sinkId, alert)] ?? [], now);
    (recent.length < SUPPRESSION.maxPerWindow ? allowed : suppressed).push(alert);
  }
  return { allowed, suppressed };
}

/** Notes the alerts a sink delivered; times older than the window are dropped, so the log stays small. */
export function recordSent(sent: SentLog, sinkId: string, alerts: readonly Alert[], now: Date): void {
  for (const alert of alerts) {
    const key = suppressionKey(sinkId, alert);
    sent[key] = [...withinWindow(sent[key] ?? [], now), now.toISOString()];
  }
  for (const [key, times] of Object.entries(sent)) {
    const kept = withinWindow(times, now);
    if (kept.length) sent[key] = kept;
    else delete sent[key];
  }
}

function withinWindow(times: readonly string[], now: Date): string[] {
  const since = now.getTime() - SUPPRESSION.windowMs;
  return times.filter((t) => Date.parse(t) > since);
}
