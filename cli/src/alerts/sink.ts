import type { Alert, RunNotice } from './alert.ts';

/** What one sink is given for one run. */
export interface Delivery {
  notice: RunNotice;
  /** The run's alerts this sink may tell now; the others were told 3 times in the last 5 minutes (suppression). */
  alerts: Alert[];
  suppressed: Alert[];
  now: Date;
}

/** What a sink did: the alerts it told (counted by suppression) and a line for the log, if it did anything. */
export interface Told {
  told: Alert[];
  said?: string;
}

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `FAIL on paypass at 4e1d0c2b: 2 budgets failed, 1 regression` — the headline of a chat message or comment. */
export function headline(notice: RunNotice): string {
  const budgets = notice.alerts.filter((a) => a.reason === 'budget').length;
  const regressions = notice.alerts.length - budgets;
  const parts = [budgets ? `${plural(budgets, 'budget')} failed` : '', regressions ? plural(regressions, 'regression') : ''].filter(Boolean);
  const at = notice.gitSha ? ` at ${notice.gitSha.slice(0, 8)}` : '';
  return `${notice.outcome.toUpperCase()} on ${notice.target}${at}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}
