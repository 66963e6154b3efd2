import type { Registry } from '../checks/registry.ts';
import type { MetricComparison } from '../judge/compare-runs.ts';
import type { BudgetFile, CheckRun, Measurement, NoiseFloors, RunResult, Target } from '../model/index.ts';
import { announceRun, type Announce } from './announce-run.ts';
import { assembleResult } from './assemble-result.ts';
import { writeRun } from './write-run.ts';

/** Measurements another engine took (k6), with the checks as it ran them. */
export interface ImportedMeasurements {
  startedAt: Date;
  target: Target;
  checks: CheckRun[];
  measurements: Measurement[];
  registry: Registry;
}

export interface Judging {
  budgets: BudgetFile;
  budgetsFile: string;
  baseline?: { name: string; result: RunResult };
  floors?: NoiseFloors;
  announce: Announce;
}

/**
 * Judges imported measurements exactly as a run's own: budgets, then the baseline; writes every report under
 * `<out>/runs/<id>/`; then pushes and alerts. Nothing about the judging knows where the numbers came from.
 */
export async function judgeImported(
  imported: ImportedMeasurements,
  judging: Judging,
  progress: (line: string) => void,
): Promise<{ result: RunResult; dir: string; comparisons: MetricComparison[] }> {
  const { result, comparisons } = assembleResult({
    startedAt: imported.startedAt,
    interrupted: false,
    registry: imported.registry,
    floors: judging.floors,
    target: imported.target,
    checks: imported.checks,
    measurements: imported.measurements,
    budgets: judging.budgets,
    budgetsFile: judging.budgetsFile,
    baseline: judging.baseline,
  });
  const dir = await writeRun(result, judging.announce.outDir);
  await announceRun(result, judging.announce, progress);
  return { result, dir, comparisons };
}
