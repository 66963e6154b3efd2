import type { Alert } from './alert.ts';

/**
 * `::error title=perfgate: budget failed::load latency.p95 GET /x: …` — a workflow command GitHub Actions shows as an
 * annotation on the run and the pull request. Properties and message are escaped as the runner expects.
 */
export function annotation(alert: Alert): string {
  const level = alert.severity === 'error' ? 'error' : 'warning';
  const title = `perfgate: ${alert.reason === 'budget' ? 'budget failed' : 'regression'}`;
  return `::${level} title=${escapeProperty(title)}::${escapeData(alert.message)}`;
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
