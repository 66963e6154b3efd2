// Stored runs → History: each metric's values per run, its change points, and any regression a baseline absorbed.
import type { AbsorbedRegression, ChangePoint, History, MetricHistory, NoiseFloors, RunResult } from '../../model/index.ts';
import { higherIsWorse } from '../../model/index.ts';
import { findAbsorbedRegression } from './absorbed.ts';
import { CHANGE_POINT_DEFAULTS, detectChangePoints, type Shift } from './change-points.ts';
import { collectSeries, type RawSeries, type SeriesFilter } from './series.ts';

const DEFAULT_TOLERANCE = 0.05;

export interface HistoryOptions {
  filter?: SeriesFilter;
  /** Noise floors calibrated on this machine (`perfgate calibrate`); otherwise each metric's declared default. */
  floors?: NoiseFloors;
  /** Named baselines, to say which of them hold an absorbed regression. */
  baselines?: readonly { name: string; runId: string }[];
  maxP?: number;
  minSegment?: number;
  window?: number;
  unreadable?: History['unreadable'];
}

/** `runs` in any order; they are put oldest first by start time. */
export function buildHistory(runs: readonly RunResult[], options: HistoryOptions = {}): History {
  const ordered = [...runs].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt) || a.id.localeCompare(b.id));
  const method = {
    name: 'e-divisive-t-test' as const,
    maxP: options.maxP ?? CHANGE_POINT_DEFAULTS.maxP,
    minSegment: options.minSegment ?? CHANGE_POINT_DEFAULTS.minSegment,
    window: options.window ?? CHANGE_POINT_DEFAULTS.window,
    confidence: CHANGE_POINT_DEFAULTS.confidence,
  };
  const newest = ordered.at(-1);
  const series = collectSeries(ordered, options.filter).map((s) => metricHistory(s, ordered, method, { ...options, tolerance: newest ? toleranceIn(newest, s) : undefined }));
  return {
    runs: ordered.map((r) => ({ id: r.id, startedAt: r.startedAt, ...(r.environment.gitSha ? { gitSha: r.environment.gitSha } : {}) })),
    method,
    series,
    ...(options.unreadable?.length ? { unreadable: options.unreadable } : {}),
  };
}

/** The tolerance the newest run judged this metric with: its budget rule's, else its baseline comparison's; none, 5 %. */
function toleranceIn(run: RunResult, s: RawSeries): number | undefined {
  const verdict = run.verdicts.find((v) => v.check === s.check && v.metric === s.metric && v.subject === s.subject && (v.rule?.regression || v.baseline));
  return verdict?.rule?.regression?.tolerance ?? verdict?.baseline?.tolerance;
}

function floorOf(s: RawSeries, floors: NoiseFloors | undefined): MetricHistory['floor'] {
  const calibrated = floors?.floors[s.key];
  if (calibrated) return { relative: calibrated.relative, source: 'calibrated' };
  const declared = s.descriptor?.noiseFloor;
  if (declared) return { relative: declared.relative ?? 0, ...(declared.absolute !== undefined ? { absolute: declared.absolute } : {}), source: 'default' };
  return { relative: 0, source: 'none' };
}

function metricHistory(s: RawSeries, runs: readonly RunResult[], method: History['method'], options: HistoryOptions & { tolerance: number | undefined }): MetricHistory {
  const values = s.points.map((p) => p.value);
  const floor = floorOf(s, options.floors);
  const shifts = detectChangePoints(values, { ...method, floor });
  const worseUp = higherIsWorse({ better: s.better });
  const runOf = (pointIndex: number) => runs[s.points[pointIndex]!.run]!;
  const changePoints = shifts.map((shift, i) => changePoint(shift, i, shifts, values.length, runOf(shift.index), worseUp));
  const tolerance = Math.max(options.tolerance ?? DEFAULT_TOLERANCE, floor.relative);
  const absorbed = absorbedRegression(s, values, shifts, { worseUp, tolerance, confidence: method.confidence, runs, baselines: options.baselines ?? [] });
  const environments = [...new Set(s.environments)];
  return {
    check: s.check,
    metric: s.metric,
    subject: s.subject,
    unit: s.unit,
    better: s.better,
    points: s.points.map((p) => ({ runId: runs[p.run]!.id, value: p.value, ...(p.rounds !== undefined ? { rounds: p.rounds } : {}) })),
    floor,
    changePoints,
    ...(absorbed ? { absorbed } : {}),
    ...(environments.length > 1 ? { environments } : {}),
  };
}

function changePoint(shift: Shift, i: number, all: readonly Shift[], length: number, run: RunResult, worseUp: boolean): ChangePoint {
  const from = i === 0 ? 0 : all[i - 1]!.index;
  const to = i + 1 < all.length ? all[i + 1]!.index : length;
  const difference = shift.after.mean - shift.before.mean;
  return {
    index: shift.index,
    runId: run.id,
    ...(run.environment.gitSha ? { gitSha: run.environment.gitSha } : {}),
    startedAt: run.startedAt,
    before: { from, to: shift.index, mean: shift.before.mean, sd: shift.before.sd },
    after: { from: shift.index, to, mean: shift.after.mean, sd: shift.after.sd },
    ...(shift.change !== undefined ? { change: shift.change } : {}),
    ...(shift.ci ? { ci: shift.ci } : {}),
    difference,
    differenceCi: shift.difference,
    p: shift.p,
    direction: difference > 0 === worseUp ? 'worse' : 'better',
  };
}

function absorbedRegression(
  s: RawSeries,
  values: readonly number[],
  shifts: readonly Shift[],
  o: { worseUp: boolean; tolerance: number; confidence: number; runs: readonly RunResult[]; baselines: readonly { name: string; runId: string }[] },
): AbsorbedRegression | undefined {
  const found = findAbsorbedRegression(values, shifts, { higherIsWorse: o.worseUp, tolerance: o.tolerance, confidence: o.confidence });
  if (!found) return undefined;
  const { reference, latest, comparison: c } = found;
  const latestRuns = new Set(s.points.slice(...latest).map((p) => o.runs[p.run]!.id));
  return {
    reference: { from: reference[0], to: reference[1], mean: c.before.mean, sd: c.before.sd },
    latest: { from: latest[0], to: latest[1], mean: c.after.mean, sd: c.after.sd },
    change: c.change,
    ci: c.ci,
    p: c.p,
    tolerance: o.tolerance,
    // Counted in runs, not points: a run that lacked the measurement still happened.
    runsAgo: s.points.at(-1)!.run - s.points[reference[1] - 1]!.run,
    shifts: found.shifts,
    baselines: o.baselines.filter((b) => latestRuns.has(b.runId)).map((b) => b.name),
  };
}
