/**
 * A perfgate run as perfgate pushes it to a Pushgateway (the series contract of reports/openmetrics.ts): a PUT of the
 * text exposition to the group job="perfgate", instance=<target>. The run has one of everything the history
 * dashboard and the perfgate rules read: passing and failing verdicts, a regression, an improvement, a change within
 * the noise, and the run's outcome, time and counts.
 */
export interface PushedRun {
  target: string;
  gitSha: string;
  /** Seconds since the epoch. */
  finishedAt: number;
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export async function pushPerfgateRun(pushgatewayUrl: string, run: PushedRun): Promise<void> {
  const response = await fetch(`${pushgatewayUrl}/metrics/job/perfgate/instance/${encodeURIComponent(run.target)}`, {
    method: 'PUT',
    headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' },
    body: exposition(runSamples(run)),
  });
  if (!response.ok) throw new Error(`push to the Pushgateway: HTTP ${response.status} ${await response.text()}`);
}

function runSamples({ target, gitSha, finishedAt }: PushedRun): Sample[] {
  const run = { target, git_sha: gitSha };
  const load = (subject: string, metric: string) => ({ check: 'load', metric, subject, ...run });
  return [
    { name: 'perfgate_measurement', labels: { ...load('GET /health', 'latency.p95'), unit: 'ms' }, value: 4.2 },
    { name: 'perfgate_measurement', labels: { ...load('GET /payments', 'latency.p95'), unit: 'ms' }, value: 231 },
    { name: 'perfgate_measurement', labels: { ...load('GET /health', 'throughput.rps'), unit: 'req/s' }, value: 1840 },
    { name: 'perfgate_verdict', labels: { ...load('GET /health', 'latency.p95'), status: 'pass' }, value: 1 },
    { name: 'perfgate_verdict', labels: { ...load('GET /payments', 'latency.p95'), status: 'fail' }, value: 1 },
    { name: 'perfgate_verdict', labels: { ...load('GET /health', 'throughput.rps'), status: 'pass' }, value: 1 },
    { name: 'perfgate_regression', labels: { ...load('GET /payments', 'latency.p95'), change: 'regressed' }, value: 0.12 },
    { name: 'perfgate_regression', labels: { ...load('GET /health', 'latency.p95'), change: 'improved' }, value: -0.08 },
    { name: 'perfgate_regression', labels: { ...load('GET /health', 'throughput.rps'), change: 'same' }, value: 0.01 },
    { name: 'perfgate_run_outcome', labels: { outcome: 'fail', ...run }, value: 1 },
    { name: 'perfgate_run_timestamp_seconds', labels: run, value: finishedAt },
    { name: 'perfgate_budget_failures', labels: run, value: 1 },
    { name: 'perfgate_regressions', labels: run, value: 1 },
  ];
}

/** Prometheus text format: one TYPE line per family (all gauges), then its samples. */
function exposition(samples: Sample[]): string {
  const lines: string[] = [];
  for (const name of new Set(samples.map((s) => s.name))) {
    lines.push(`# TYPE ${name} gauge`);
    for (const s of samples.filter((x) => x.name === name)) {
      const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
      lines.push(`${name}{${labels.join(',')}} ${s.value}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
