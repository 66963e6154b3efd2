import { resolve } from 'node:path';
import type { Check, CheckTarget } from '../checks/check.ts';
import { REGISTRY, type Registry } from '../checks/registry.ts';
import type { MetricComparison } from '../judge/compare-runs.ts';
import type { BudgetFile, NoiseFloors, RunResult } from '../model/index.ts';
import { assembleResult } from './assemble-result.ts';
import { executeChecks } from './execute-checks.ts';
import type { PlannedCheck } from './plan.ts';
import type { Interruption } from './signals.ts';
import { writeRun } from './write-run.ts';

export interface MeasureAndJudge {
  target: CheckTarget;
  checks: PlannedCheck[];
  /** Checks left out (by --only/--skip, or unavailable here), recorded as skipped with the reason. */
  skipped: { check: Check; reason: string }[];
  budgets: BudgetFile;
  budgetsFile: string;
  baseline?: { name: string; result: RunResult };
  outDir: string;
  interruption: Pick<Interruption, 'signal' | 'by'>;
  progress: (line: string) => void;
  /** Show a live task list (a terminal, not CI, not --json). */
  interactive?: boolean;
  registry?: Registry;
  floors?: NoiseFloors;
}

/** Measure, judge (budgets, then baseline), write every report. The caller owns the target's life. */
export async function performRun(plan: MeasureAndJudge, startedAt = new Date()): Promise<{ result: RunResult; dir: string; comparisons: MetricComparison[] }> {
  const { signal } = plan.interruption;
  const { checks, measurements, files } = await executeChecks(plan.checks, { target: plan.target, signal }, (check, line) => plan.progress(`[${check}] ${line}`), plan.interactive);
  for (const { check, reason } of plan.skipped) checks.push({ id: check.meta.id, title: check.meta.title, status: 'skipped', durationMs: 0, error: reason });
  const { credentials: _secret, databaseUrl: _database, buildDir: _build, ...target } = plan.target;
  const { result, comparisons } = assembleResult({
    startedAt,
    interrupted: signal.aborted,
    interruptedBy: plan.interruption.by,
    target,
    checks,
    measurements,
    budgets: plan.budgets,
    budgetsFile: plan.budgetsFile,
    baseline: plan.baseline,
    registry: plan.registry ?? REGISTRY,
    floors: plan.floors,
  });
  const dir = await writeRun(result, resolve(plan.outDir), files);
  return { result, dir, comparisons };
}
