import type { Measurement } from '../../model/index.ts';
import { K6_TAGS } from '../tags.ts';
import type { RunnerSummary, SummaryMetric } from './summary-formats.ts';

/** The subject of the whole test's numbers, when a summary has no per-request submetrics to tell endpoints apart. */
export const ALL_REQUESTS = 'all requests';

export interface SummaryImport {
  measurements: Measurement[];
  /** One line per number the summaries hold but cannot give perfgate: which, for which subjects, and why. */
  notMerged: string[];
}

const PERCENTILES = [
  ['latency.p50', 'med', 'p50'],
  ['latency.p95', 'p(95)', 'p95'],
  ['latency.p99', 'p(99)', 'p99'],
] as const;

/**
 * perfgate's load measurements from runners' end-of-test summaries. Counts add up across runners (requests, failed
 * requests, checks) and so does a maximum; a percentile does not: a p95 of p95s is not a p95, so from more than one
 * runner no percentile is measured, and `notMerged` says so. Each is one sample (a summary has no rounds).
 */
export function summariesMeasurements(summaries: readonly RunnerSummary[], check = 'load'): SummaryImport {
  const notMerged = new Map<string, string[]>();
  const note = (key: string, subject: string) => notMerged.set(key, [...(notMerged.get(key) ?? []), subject]);
  const measurements: Measurement[] = [];
  const one = (subject: string, metric: string, unit: Measurement['unit'], value: number): Measurement => ({ check, subject, metric, unit, value, samples: [value] });
  for (const [subject, keys] of subjectsOf(summaries)) {
    const of = (key: string) =>
      summaries.flatMap((s) => {
        const metric = s.metrics.get(key);
        return metric ? [metric] : [];
      });
    const durations = of(keys.duration);
    if (durations.length === 1) {
      for (const [metric, stat, label] of PERCENTILES) {
        const value = durations[0]!.values[stat];
        if (value === undefined) note(`${label} not in the summary (add "${stat}" to the script's summaryTrendStats)`, subject);
        else measurements.push(one(subject, metric, 'ms', value));
      }
    } else if (durations.length > 1) {
      for (const [, , label] of PERCENTILES)
        note(`${label} of ${durations.length} runners' summaries cannot be merged (a ${label} of ${label}s is not a ${label}; import the runners' --out json points)`, subject);
    }
    const maxes = durations.map((d) => d.values.max).filter((v): v is number => v !== undefined);
    if (maxes.length) measurements.push(one(subject, 'latency.max', 'ms', Math.max(...maxes)));
    const requests = of(keys.requests);
    // Runners of one test run side by side over the same time: their rates add up. k6's rate is over the whole test.
    if (requests.length) measurements.push(one(subject, 'throughput.rps', 'rps', sumOf(requests, 'rate')));
    const failed = of(keys.failed);
    if (failed.length) {
      const total = sumOf(failed, 'passes') + sumOf(failed, 'fails');
      measurements.push(one(subject, 'errors.ratio', 'ratio', total === 0 ? 0 : sumOf(failed, 'passes') / total));
    } else if (durations.length) note('errors.ratio not in the summary (k6 before 0.31 has no http_req_failed)', subject);
  }
  measurements.push(...checkMeasurements(summaries, check));
  return { measurements, notMerged: [...notMerged].map(([why, subjects]) => `${why}: ${subjects.join(', ')}`) };
}

/**
 * Each subject and the keys of its metrics. A script perfgate exported names every request's submetrics
 * (`http_req_duration{name:GET /health}`); for any other the whole test is one subject.
 */
function subjectsOf(summaries: readonly RunnerSummary[]): Map<string, { duration: string; failed: string; requests: string }> {
  const subjects = new Map<string, { duration: string; failed: string; requests: string }>();
  for (const summary of summaries) {
    for (const key of summary.metrics.keys()) {
      const parsed = /^http_req_duration\{(.*)\}$/.exec(key);
      const tags = parsed ? tagsOf(parsed[1]!) : undefined;
      if (!tags?.name || Object.keys(tags).some((k) => k !== 'name' && k !== K6_TAGS.stage)) continue;
      const subject = tags[K6_TAGS.stage] ? `${tags.name} @ ${tags[K6_TAGS.stage]}` : tags.name;
      const suffix = parsed![1]!;
      subjects.set(subject, { duration: key, failed: `http_req_failed{${suffix}}`, requests: `http_reqs{${suffix}}` });
    }
  }
  if (subjects.size === 0) subjects.set(ALL_REQUESTS, { duration: 'http_req_duration', failed: 'http_req_failed', requests: 'http_reqs' });
  return subjects;
}

/** `name:GET /health,perfgate_stage:peak` as k6 reads a submetric's tags: split at commas, then at the first colon. */
function tagsOf(suffix: string): Record<string, string> {
  return Object.fromEntries(
    suffix.split(',').map((kv) => {
      const at = kv.indexOf(':');
      const strip = (s: string) => s.trim().replace(/^["']|["']$/g, '');
      return [strip(kv.slice(0, at)), strip(kv.slice(at + 1))];
    }),
  );
}

function checkMeasurements(summaries: readonly RunnerSummary[], check: string): Measurement[] {
  const counts = new Map<string, { passes: number; fails: number }>();
  for (const c of summaries.flatMap((s) => s.checks)) {
    // A check's path is `::group::name`; at the root, `::name`.
    const subject = `check:${c.path.replace(/^::/, '')}`;
    const sum = counts.get(subject) ?? { passes: 0, fails: 0 };
    counts.set(subject, { passes: sum.passes + c.passes, fails: sum.fails + c.fails });
  }
  return [...counts].map(([subject, c]) => {
    const value = c.passes + c.fails === 0 ? 0 : c.fails / (c.passes + c.fails);
    return { check, subject, metric: 'checks.failed', unit: 'ratio' as const, value, samples: [value] };
  });
}

function sumOf(metrics: readonly SummaryMetric[], stat: string): number {
  return metrics.reduce((total, m) => total + (m.values[stat] ?? 0), 0);
}
