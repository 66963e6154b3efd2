// Stored runs → one series per check × metric × subject: each run's value, oldest first.
import type { Better, Measurement, MetricDescriptor, RunResult, Unit } from '../../model/index.ts';
import { measurementKey } from '../../model/index.ts';
import { median } from '../../util/descriptive.ts';
import { matchesGlob } from '../../util/glob.ts';

export interface SeriesFilter {
  /** Glob on the metric name (`latency.*`). */
  metric?: string;
  /** Glob on the subject (`GET /*`). */
  subject?: string;
  /** A check id, exactly. */
  check?: string;
  /** Only these measurements (`measurementKey`): the report's budgeted ones. */
  keys?: ReadonlySet<string>;
}

export interface SeriesPoint {
  /** Index of the run in the history's run list. */
  run: number;
  value: number;
  rounds?: number;
}

export interface RawSeries {
  key: string;
  check: string;
  metric: string;
  subject: string;
  unit: Unit;
  better: Better;
  descriptor?: MetricDescriptor;
  points: SeriesPoint[];
  /** Machine and target of each point, to tell when the points come from more than one. */
  environments: string[];
}

/** What the run's value of a metric is: the median of its rounds when sampled (as the judge compares), else the value. */
export function runValue(m: Measurement, descriptor: MetricDescriptor | undefined): { value: number; rounds?: number } {
  const sampled = descriptor?.sampled ?? true;
  if (sampled && m.samples && m.samples.length > 0) return { value: median(m.samples), rounds: m.samples.length };
  return { value: m.value };
}

function environmentOf(r: RunResult): string {
  const target = r.target.kind === 'paypass' ? `PayPass${r.target.mode ? ` ${r.target.mode}` : ''}` : r.target.kind;
  return `${r.environment.cpu} ×${r.environment.cores}, ${target}`;
}

/** One series per measurement key, in the order check, metric, subject; `runs` must be oldest first. */
export function collectSeries(runs: readonly RunResult[], filter: SeriesFilter = {}): RawSeries[] {
  const byKey = new Map<string, RawSeries>();
  runs.forEach((run, index) => {
    const descriptors = new Map(run.checks.flatMap((c) => (c.metrics ?? []).map((d): [string, MetricDescriptor] => [`${c.id}\u0000${d.name}`, d])));
    for (const m of run.measurements) {
      if (filter.check !== undefined && m.check !== filter.check) continue;
      if (filter.metric !== undefined && !matchesGlob(m.metric, filter.metric)) continue;
      if (filter.subject !== undefined && !matchesGlob(m.subject, filter.subject)) continue;
      if (filter.keys !== undefined && !filter.keys.has(measurementKey(m))) continue;
      // The generator, not the target, set these numbers: reported, never judged, so no part of a trend either.
      if (m.generatorBound !== undefined) continue;
      const descriptor = descriptors.get(`${m.check}\u0000${m.metric}`);
      const { value, rounds } = runValue(m, descriptor);
      if (!Number.isFinite(value)) continue;
      const key = measurementKey(m);
      const series = byKey.get(key) ?? { key, check: m.check, metric: m.metric, subject: m.subject, unit: m.unit, better: 'lower', points: [], environments: [] };
      // The newest run's unit and descriptor win: they describe the metric as perfgate knows it now.
      series.unit = m.unit;
      if (descriptor) {
        series.descriptor = descriptor;
        series.better = descriptor.better;
      }
      if (series.points.at(-1)?.run === index) continue; // a run that measured the same key twice: the first counts
      series.points.push({ run: index, value, ...(rounds !== undefined ? { rounds } : {}) });
      series.environments.push(environmentOf(run));
      byKey.set(key, series);
    }
  });
  return [...byKey.values()].sort((a, b) => a.check.localeCompare(b.check) || a.metric.localeCompare(b.metric) || a.subject.localeCompare(b.subject));
}
