// metrics.prom: a run as Prometheus series (`perfgate_*`), the text perfgate pushes to a Pushgateway and
// `perfgate report --format openmetrics` writes. The series names and labels are a contract: the Grafana dashboards
// and Prometheus rules under dashboards/ query them.
import { oncePerMeasurement, type RunResult, type Target } from '../cli/src/model/index.ts';

/** OpenMetrics ends with `# EOF`; the Prometheus text format (what a Pushgateway takes) does not. */
export type ExpositionFormat = 'openmetrics' | 'prometheus';

export interface Sample {
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  help: string;
  samples: Sample[];
}

/** `instance` of the pushed group and `target` of every series: "paypass", or the host (and port) of the URL tested. */
export function targetLabel(target: Target): string {
  if (target.kind === 'paypass') return 'paypass';
  if (!target.url) return 'url';
  try {
    return new URL(target.url).host || target.url;
  } catch {
    return target.url;
  }
}

/** The run's series, every one a gauge, each family's samples in the result's order without repeated label sets. */
export function runFamilies(result: RunResult): Family[] {
  const run = { target: targetLabel(result.target), git_sha: result.environment.gitSha ?? 'unknown' };
  const family = (name: string, help: string, samples: Sample[]): Family => ({ name, help, samples: distinct(samples) });
  return [
    family(
      'perfgate_measurement',
      'Value a check measured (unit in the unit label).',
      result.measurements.map((m) => ({ labels: { check: m.check, metric: m.metric, subject: m.subject, unit: m.unit, ...run }, value: m.value })),
    ),
    family(
      'perfgate_verdict',
      'Budget verdict of a measurement: 1 for the status it got (pass, fail, warn, error, skipped).',
      result.verdicts.map((v) => ({ labels: { check: v.check, metric: v.metric, subject: v.subject, status: v.status, ...run }, value: 1 })),
    ),
    family(
      'perfgate_regression',
      'Relative change against the baseline (0.12 = +12 %), with the judged change (regressed, improved, same, inconclusive).',
      oncePerMeasurement(result.verdicts.filter((v) => v.baseline)).map((v) => ({
        labels: { check: v.check, metric: v.metric, subject: v.subject, change: v.baseline!.change, ...run },
        value: v.baseline!.delta,
      })),
    ),
    family('perfgate_run_outcome', 'Outcome of the run: 1 for pass, fail, error or interrupted.', [{ labels: { outcome: result.outcome, ...run }, value: 1 }]),
    family('perfgate_run_timestamp_seconds', 'When the run finished, in seconds since the Unix epoch.', [{ labels: run, value: Date.parse(result.finishedAt) / 1000 }]),
    family('perfgate_budget_failures', 'Budget rules the run failed.', [{ labels: run, value: result.summary.fail }]),
    family('perfgate_regressions', 'Measurements that regressed against the baseline.', [{ labels: run, value: result.summary.regressed }]),
  ];
}

export function renderOpenMetrics(result: RunResult): string {
  return renderExposition(runFamilies(result), 'openmetrics');
}

/** The text exposition of gauge families; a family without samples is left out (its metadata alone says nothing). */
export function renderExposition(families: readonly Family[], format: ExpositionFormat): string {
  const lines: string[] = [];
  for (const { name, help, samples } of families) {
    if (samples.length === 0) continue;
    lines.push(`# HELP ${name} ${escapeHelp(help, format)}`, `# TYPE ${name} gauge`);
    for (const { labels, value } of samples) lines.push(`${name}{${labelPairs(labels)}} ${formatValue(value)}`);
  }
  if (format === 'openmetrics') lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

function labelPairs(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([name, value]) => `${name}="${escapeLabelValue(value)}"`)
    .join(',');
}

/** Both formats escape backslash, double quote and line feed in a label value. */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/** HELP escapes backslash and line feed; OpenMetrics also the double quote. */
function escapeHelp(help: string, format: ExpositionFormat): string {
  return help.replace(format === 'openmetrics' ? /[\\"\n]/g : /[\\\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  return String(value);
}

/** Two verdicts of one measurement with the same status (two rules judging it) are one series. */
function distinct(samples: Sample[]): Sample[] {
  const seen = new Set<string>();
  return samples.filter((s) => {
    const key = JSON.stringify(s.labels);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
