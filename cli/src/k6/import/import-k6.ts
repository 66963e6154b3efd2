import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Registry } from '../../checks/registry.ts';
import type { CheckRun, Measurement, Target } from '../../model/index.ts';
import { usageError } from '../../util/errors.ts';
import { linesOf } from './input-file.ts';
import { pointsMeasurements } from './points-measurements.ts';
import { PointTally } from './point-tally.ts';
import { readK6File, type K6File } from './read-k6-file.ts';
import { summariesMeasurements } from './summaries-measurements.ts';
import type { RunnerSummary } from './summary-formats.ts';

/** A k6 run read back as perfgate measures: ready for the judge, the baseline and the reports. */
export interface K6Import {
  measurements: Measurement[];
  /** The load check as k6 ran it; every other check skipped (k6 measures HTTP load only). */
  checks: CheckRun[];
  target: Target;
  startedAt: Date;
  /** Lines worth telling at once: numbers that could not be merged, k6's own threshold results, files set aside. */
  notes: string[];
}

export interface ImportOptions {
  registry: Registry;
  /** `k6 version`, when perfgate ran k6 itself. */
  k6Version?: string;
}

/**
 * Reads k6's output from one runner or many: raw points (exact: every response time goes into one histogram per
 * subject) or, without them, end-of-test summaries (whatever adds up across runners, and a list of what does not).
 */
export async function importK6(paths: readonly string[], options: ImportOptions): Promise<K6Import> {
  const files = await Promise.all((await expandDirectories(paths)).map(readK6File));
  const points = files.filter((f): f is Extract<K6File, { kind: 'points' }> => f.kind === 'points');
  const summaries = files.flatMap((f) => (f.kind === 'summary' ? [f.summary] : []));
  const notes = thresholdNotes(summaries);
  let measurements: Measurement[];
  let settings: Record<string, unknown>;
  let target: Target = { kind: 'url' };
  let startedAt = new Date();
  let durationMs: number;
  if (points.length > 0) {
    const tally = new PointTally();
    for (const { file } of points) {
      let n = 0;
      for await (const line of linesOf(file)) tally.add(line, file, ++n);
    }
    measurements = pointsMeasurements(tally);
    if (summaries.length)
      notes.push(
        `${summaries.length} summar${summaries.length === 1 ? 'y' : 'ies'} beside the points: the numbers come from the points (exact); the summaries' k6 thresholds are listed`,
      );
    const runners = tally.instances.size || points.length;
    settings = {
      engine: 'k6',
      source: `raw points of ${runners} runner${runners === 1 ? '' : 's'} (percentiles from one merged HDR histogram)`,
      files: points.map((p) => basename(p.file)).join(', '),
    };
    if (tally.origin) target = { kind: 'url', url: tally.origin };
    if (Number.isFinite(tally.firstMs)) startedAt = new Date(tally.firstMs);
    durationMs = Math.max(0, tally.lastMs - tally.firstMs);
  } else {
    const merged = summariesMeasurements(summaries);
    measurements = merged.measurements;
    notes.push(...merged.notMerged.map((line) => `not merged: ${line}`));
    settings = {
      engine: 'k6',
      source: `end-of-test summaries of ${summaries.length} runner${summaries.length === 1 ? '' : 's'} (throughput is k6's rate over the whole test)`,
      files: summaries.map((s) => basename(s.file)).join(', '),
      ...(merged.notMerged.length ? { notMerged: merged.notMerged.join('; ') } : {}),
    };
    durationMs = Math.max(0, ...summaries.map((s) => s.durationMs ?? 0));
  }
  if (measurements.length === 0) {
    throw usageError('BAD_FILE', `k6 files ${paths.join(', ')}: no HTTP requests or checks in them; expected the output of a k6 run that made requests`);
  }
  const load = options.registry.byId('load')!;
  const checks: CheckRun[] = [
    {
      id: 'load',
      title: `${load.meta.title} (k6)`,
      status: 'ok',
      durationMs,
      settings,
      metrics: [...load.meta.metrics],
      ...(options.k6Version ? { engines: { k6: options.k6Version } } : {}),
    },
    ...options.registry.checks
      .filter((c) => c.meta.id !== 'load')
      .map((c): CheckRun => ({ id: c.meta.id, title: c.meta.title, status: 'skipped', durationMs: 0, error: 'a k6 run measures HTTP load only' })),
  ];
  return { measurements, checks, target, startedAt, notes };
}

/** A directory stands for the files in it (the runners' outputs copied off their volume), in name order. */
async function expandDirectories(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info?.isDirectory()) {
      files.push(path);
      continue;
    }
    const names = (await readdir(path)).filter((name) => !name.startsWith('.')).sort();
    if (names.length === 0) throw usageError('BAD_FILE', `k6 directory ${path}: is empty; expected the k6 output files of a run in it`);
    files.push(...names.map((name) => join(path, name)));
  }
  return files;
}

/** k6's own threshold results, one line each, as it judged them (a summary export's `true` is a crossed threshold). */
function thresholdNotes(summaries: readonly RunnerSummary[]): string[] {
  return summaries.flatMap((s) =>
    [...s.metrics].flatMap(([metric, m]) =>
      m.thresholds.map((t) => `k6 threshold ${metric} '${t.expression}' ${t.passed ? 'passed' : 'crossed'}${summaries.length > 1 ? ` (${basename(s.file)})` : ''}`),
    ),
  );
}
