// Synthetic stored runs for history tests: valid result.json contents, one a day, with a step in one metric.
import type { Measurement, MetricDescriptor, RunResult, Verdict } from '../src/model/index.ts';
import { mulberry32, normalDraws } from '../src/util/prng.ts';

export interface HistoryRunsOptions {
  count?: number;
  /** Index of the first run at the new level of `GET /payments` p95 (0-based). */
  stepAt?: number;
  /** Relative step, e.g. 0.2 for +20 %. */
  step?: number;
  /** Several steps instead: [first run at the new level, relative step]. */
  steps?: [number, number][];
  /** Run-to-run noise of every level (relative). */
  noise?: number;
  seed?: number;
  /** Start of the first run; one run a day after it. */
  from?: string;
}

const DESCRIPTORS: MetricDescriptor[] = [
  { name: 'latency.p95', unit: 'ms', better: 'lower', sampled: true, description: '95th percentile response time', noiseFloor: { relative: 0.05, absolute: 1 } },
  { name: 'throughput.rps', unit: 'rps', better: 'higher', sampled: true, description: 'responses per second', noiseFloor: { relative: 0.05 } },
];

/** A 40-hex-digit sha from the run's number: stable, and each run's differs in its first 7 digits. */
export function shaOf(i: number): string {
  return `${(0xa1b2c00 + i * 0x1111).toString(16)}${'0123456789abcdef'.repeat(3)}`.slice(0, 40);
}

/** `20261101-080000-000003`: as perfgate names runs, start time first. */
export function runIdOf(at: Date, i: number): string {
  return `${at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}-${i.toString(16).padStart(6, '0')}`;
}

export function historyRuns(options: HistoryRunsOptions = {}): RunResult[] {
  const { count = 25, stepAt = 14, step = 0.2, noise = 0.03, seed = 1 } = options;
  const steps = options.steps ?? [[stepAt, step]];
  const z = normalDraws(mulberry32(seed));
  const start = Date.parse(options.from ?? '2026-11-01T08:00:00.000Z');
  return Array.from({ length: count }, (_, i) => {
    const at = new Date(start + i * 86_400_000);
    // Each run's level moves with the machine (run-to-run noise); its 10 rounds scatter a little around it.
    const level = (base: number, factor = 1) => base * factor * (1 + noise * z());
    const rounds = (l: number) => Array.from({ length: 10 }, () => Math.round(l * (1 + 0.01 * z()) * 1000) / 1000);
    const sampled = (metric: string, subject: string, unit: Measurement['unit'], l: number): Measurement => {
      const samples = rounds(l);
      return { check: 'load', metric, subject, unit, value: [...samples].sort((a, b) => a - b)[5]!, samples, loadModel: 'closed' };
    };
    const measurements = [
      sampled(
        'latency.p95',
        'GET /payments',
        'ms',
        level(
          40,
          steps.reduce((f, [at, by]) => (i >= at ? f * (1 + by) : f), 1),
        ),
      ),
      sampled('latency.p95', 'GET /health', 'ms', level(4)),
      sampled('throughput.rps', 'GET /payments', 'rps', level(900)),
    ];
    const verdict = (m: Measurement, max: number): Verdict => ({
      check: m.check,
      metric: m.metric,
      subject: m.subject,
      status: m.value <= max ? 'pass' : 'fail',
      message: `${m.metric} ${m.subject} = ${m.value} ms (<= ${max})`,
      severity: 'error',
      unit: m.unit,
      measurement: m,
      rule: { check: m.check, metric: m.metric, subject: m.subject, max, severity: 'error', regression: { tolerance: 0.05, confidence: 0.95 } },
      limit: { kind: 'max', value: max },
    });
    const verdicts = [verdict(measurements[0]!, 60), verdict(measurements[1]!, 50)];
    const failed = verdicts.filter((v) => v.status === 'fail').length;
    return {
      schemaVersion: 2,
      id: runIdOf(at, i),
      startedAt: at.toISOString(),
      finishedAt: new Date(at.getTime() + 60_000).toISOString(),
      interrupted: false,
      target: { kind: 'url', url: 'http://127.0.0.1:8080' },
      environment: {
        cpu: 'AMD EPYC 7B13 64-Core Processor',
        cores: 2,
        memoryBytes: 8 * 1024 ** 3,
        node: 'v20.20.2',
        os: 'linux x64',
        hostname: 'ci-runner-7',
        gitSha: shaOf(i),
        perfgateVersion: '0.1.0',
        engines: {},
      },
      checks: [{ id: 'load', title: 'HTTP load', status: 'ok', durationMs: 60_000, metrics: DESCRIPTORS }],
      measurements,
      verdicts,
      summary: { pass: 2 - failed, fail: failed, warn: 0, error: 0, skipped: 0, regressed: 0, improved: 0, same: 0, inconclusive: 0 },
      outcome: failed ? 'fail' : 'pass',
      exitCode: failed ? 1 : 0,
    };
  });
}
