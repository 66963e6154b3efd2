import { encodeHistogram, newLatencyHistogram, percentileMs } from '../../checks/load/hdr.ts';
import type { Measurement } from '../../model/index.ts';
import type { CheckTally, PointTally, SubjectTally, WindowTally } from './point-tally.ts';

const PERCENTILES = [
  ['latency.p50', 50],
  ['latency.p95', 95],
  ['latency.p99', 99],
  ['latency.max', 100],
] as const;

/**
 * perfgate's load measurements from every runner's points: percentiles of one histogram holding every response
 * (exact, however many runners), requests per second of the windows they were sent in, the share that failed, and
 * each k6 check's failures. Each round is one sample, as in `perfgate run`; points of a script without rounds are one,
 * and their requests per second are over the whole test, as k6 counts a rate.
 */
export function pointsMeasurements(tally: PointTally, check = 'load'): Measurement[] {
  const testSeconds = testSecondsOf(tally);
  return [...[...tally.subjects.values()].flatMap((s) => subjectMeasurements(s, check, testSeconds)), ...[...tally.checks.values()].map((c) => checkMeasurement(c, check))];
}

/** From the first request's start to the last point of any kind. */
function testSecondsOf(tally: PointTally): number {
  const starts = [...tally.subjects.values()].flatMap((s) => [...s.rounds.values()].map((r) => r.startMs));
  const first = Math.min(tally.firstMs, ...starts);
  return tally.lastMs > first ? (tally.lastMs - first) / 1000 : 0;
}

function subjectMeasurements(tally: SubjectTally, check: string, testSeconds: number): Measurement[] {
  /** A round's own window; the whole test for points without rounds (one request's span would be no window at all). */
  const windowSeconds = (round: string, window: WindowTally) => (round === '' ? testSeconds : spanSeconds(window));
  const rounds = [...tally.rounds.values()];
  const all = newLatencyHistogram();
  for (const r of rounds) all.add(r.histogram);
  const base = { check, subject: tally.subject, ...(tally.model ? { loadModel: tally.model } : {}) };
  const answered = rounds.filter((r) => r.histogram.totalCount > 0);
  const latencies: Measurement[] = all.totalCount
    ? PERCENTILES.map(([metric, p]) => ({ ...base, metric, unit: 'ms', value: percentileMs(all, p), samples: answered.map((r) => percentileMs(r.histogram, p)) }))
    : [];
  const p95 = latencies.find((m) => m.metric === 'latency.p95');
  if (p95) p95.histogram = encodeHistogram(all);
  const entries = [...tally.rounds];
  const requests = sum(rounds, (r) => r.requests);
  const seconds = sum(entries, ([round, r]) => windowSeconds(round, r));
  const failed = sum(rounds, failedOf);
  return [
    ...latencies,
    {
      ...base,
      metric: 'throughput.rps',
      unit: 'rps',
      value: seconds > 0 ? requests / seconds : 0,
      samples: entries.map(([round, r]) => (windowSeconds(round, r) > 0 ? r.requests / windowSeconds(round, r) : 0)),
    },
    {
      ...base,
      metric: 'errors.ratio',
      unit: 'ratio',
      value: requests === 0 ? 0 : failed / requests,
      samples: rounds.map((r) => (r.requests === 0 ? 0 : failedOf(r) / r.requests)),
      statusCodes: mergeCounts(rounds.map((r) => r.statusCodes)),
      failures: mergeCounts(rounds.map((r) => r.failures)),
    },
  ];
}

/** The share of a k6 check's evaluations that failed (`check:status is 200`). */
function checkMeasurement(tally: CheckTally, check: string): Measurement {
  const rounds = [...tally.rounds.values()];
  const total = sum(rounds, (r) => r.passes + r.fails);
  return {
    check,
    subject: tally.subject,
    metric: 'checks.failed',
    unit: 'ratio',
    value: total === 0 ? 0 : sum(rounds, (r) => r.fails) / total,
    samples: rounds.map((r) => (r.passes + r.fails === 0 ? 0 : r.fails / (r.passes + r.fails))),
  };
}

/** Seconds from the first request's start to the last response of the window. */
function spanSeconds(window: WindowTally): number {
  return window.endMs > window.startMs ? (window.endMs - window.startMs) / 1000 : 0;
}

/** http_req_failed where k6 wrote it (it honours the script's expected statuses); a status outside 200–399 before. */
function failedOf(window: WindowTally): number {
  return window.judged > 0 ? window.failed : window.badStatus;
}

function sum<T>(items: readonly T[], pick: (item: T) => number): number {
  return items.reduce((total, item) => total + pick(item), 0);
}

function mergeCounts(counts: Record<string, number>[]): Record<string, number> {
  const merged: Record<string, number> = {};
  for (const c of counts) for (const [k, v] of Object.entries(c)) merged[k] = (merged[k] ?? 0) + v;
  return merged;
}
