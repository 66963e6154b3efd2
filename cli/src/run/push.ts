import type { RunResult } from '../model/index.ts';
import { httpRequest, redactUrl } from '../alerts/index.ts';
import { firstLine } from '../util/errors.ts';
import { renderExposition, runFamilies, targetLabel } from '../../../reports/openmetrics.ts';

/** The `job` of the pushed group; `instance` is the target's label. */
export const PUSH_JOB = 'perfgate';

/**
 * Publishes the run's `perfgate_*` series to a Prometheus Pushgateway, the conventional path for batch jobs: a PUT to
 * the group job="perfgate", instance=<target>, so the group holds the latest run of each target. A push that fails
 * is one warning line; it never changes the verdict or the exit code.
 */
export async function pushRun(result: RunResult, gateway: string, log: (line: string) => void): Promise<boolean> {
  const instance = targetLabel(result.target);
  const families = runFamilies(result);
  try {
    await httpRequest(groupUrl(gateway, instance), {
      method: 'PUT',
      headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' },
      body: renderExposition(families, 'prometheus'),
    });
  } catch (error) {
    log(`warning: push to the Pushgateway failed: ${firstLine(error)}`);
    return false;
  }
  const series = families.reduce((n, f) => n + f.samples.length, 0);
  log(`pushed ${series} series to ${redactUrl(gateway)} (job="${PUSH_JOB}", instance="${instance}")`);
  return true;
}

/** `<gateway>/metrics/job/perfgate/instance/<target>`; a value a path segment cannot hold goes base64url-encoded. */
export function groupUrl(gateway: string, instance: string): string {
  const segment = instance === '' || instance.includes('/') ? `instance@base64/${Buffer.from(instance).toString('base64url') || '='}` : `instance/${encodeURIComponent(instance)}`;
  return `${gateway.replace(/\/+$/, '')}/metrics/job/${PUSH_JOB}/${segment}`;
}
