import { resolve } from 'node:path';
import type { MetricComparison } from '../judge/compare-runs.ts';
import type { BudgetFile, RunResult } from '../model/index.ts';
import type { CheckContext } from '../checks/check.ts';
import { assembleResult } from './assemble-result.ts';
import { executeChecks, type PlannedCheck } from './execute-checks.ts';
import { writeRun } from './write-run.ts';

export interface RunPlan {
  target: CheckContext['target'];
  checks: PlannedCheck[];
  /** Checks left out (by --only/--skip, or unavailable here), recorded as skipped with the reason. */
  skipped: { check: PlannedCheck['check']; reason: string }[];
  budgets: BudgetFile;
  budgetsFile: string;
  baseline?: { name: string; result: RunResult };
  outDir: string;
  signal: AbortSignal;
  progress: (line: string) => void;
  /** Show a live task list (a terminal, not CI, not --json). */
  interactive?: boolean;
}

/** Measure, judge (budgets, then baseline), write every report. The caller owns the target's life. */
export async function performRun(plan: RunPlan, startedAt = new Date()): Promise<{ result: RunResult; dir: string; comparisons: MetricComparison[] }> {
  const { checks, measurements } = await executeChecks(
    plan.checks,
    { target: plan.target, signal: plan.signal },
    (check, line) => plan.progress(`[${check}] ${line}`),
    plan.interactive,
  );
  for (const { check, reason } of plan.skipped) checks.push({ id: check.id, title: check.title, status: 'skipped', durationMs: 0, error: reason });
  const { credentials: _secret, ...target } = plan.target;
  const { result, comparisons } = assembleResult({
    startedAt,
    interrupted: plan.signal.aborted,
    target,
    checks,
    measurements,
    budgets: plan.budgets,
    budgetsFile: plan.budgetsFile,
    baseline: plan.baseline,
  });
  const dir = await writeRun(result, resolve(plan.outDir));
  return { result, dir, comparisons };
}
