import { REGISTRY, type Registry } from '../checks/registry.ts';
import { attachComparisons, compareMeasurements, type MetricComparison } from '../judge/compare-runs.ts';
import { evaluateBudgets } from '../judge/evaluate.ts';
import { outcomeOf, summarize } from '../judge/summarize.ts';
import { RESULT_SCHEMA_VERSION, type BudgetFile, type CheckRun, type Measurement, type NoiseFloors, type RunResult, type Target } from '../model/index.ts';
import { describeEnvironment, environmentDifferences } from './environment.ts';
import { newRunId } from './run-id.ts';

export interface Measured {
  startedAt: Date;
  interrupted: boolean;
  /** The signal that cut the run short: the result's exit code is the process's (130 or 143). */
  interruptedBy?: 'SIGINT' | 'SIGTERM';
  /** The checks that could have run: metric descriptors for the judge, engine versions for the environment. */
  registry?: Registry;
  /** This machine's calibrated noise floors (perfgate calibrate); without them the metrics' defaults apply. */
  floors?: NoiseFloors;
  target: Target;
  checks: CheckRun[];
  measurements: Measurement[];
  budgets: BudgetFile;
  budgetsFile: string;
  baseline?: { name: string; result: RunResult };
  /**
   * Which measurements form the family compared with the baseline (and adjusted together).
   * Default: those a rule judges, since a regression needs a rule to say how much matters.
   */
  compareFamily?: (m: Measurement) => boolean;
}

/** The judge's whole pass over one run: budgets, then the baseline, then the summary and the exit code. */
export function assembleResult(run: Measured): { result: RunResult; comparisons: MetricComparison[] } {
  const { baseline, checks, measurements } = run;
  const registry = run.registry ?? REGISTRY;
  let verdicts = evaluateBudgets(run.budgets, measurements, checks, { baseline: Boolean(baseline), metrics: registry.catalog });
  let comparisons: MetricComparison[] = [];
  if (baseline) {
    const judged = new Set(verdicts.flatMap((v) => (v.measurement ? [v.measurement] : [])));
    comparisons = compareMeasurements(baseline.result, measurements, {
      budgets: run.budgets,
      only: run.compareFamily ?? ((m) => judged.has(m)),
      metrics: registry.catalog,
      floors: run.floors,
    });
    verdicts = attachComparisons(verdicts, comparisons);
  }
  const summary = summarize(verdicts);
  const { outcome, exitCode } = outcomeOf(verdicts, checks, run.interrupted ? (run.interruptedBy ?? 'SIGINT') : undefined);
  const environment = describeEnvironment(
    checks,
    registry.checks.filter((c) => checks.some((r) => r.id === c.meta.id && r.status !== 'skipped')).flatMap((c) => c.meta.engines ?? []),
  );
  const result: RunResult = {
    schemaVersion: RESULT_SCHEMA_VERSION,
    id: newRunId(run.startedAt),
    startedAt: run.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    interrupted: run.interrupted,
    target: run.target,
    environment,
    budgetsFile: run.budgetsFile,
    baseline: baseline && {
      name: baseline.name,
      runId: baseline.result.id,
      environmentDiffers: [
        ...(baseline.result.environment ? environmentDifferences(baseline.result.environment, environment) : []),
        ...(baseline.result.target ? targetDifferences(baseline.result.target, run.target) : []),
      ],
    },
    checks,
    measurements,
    verdicts,
    summary,
    outcome,
    exitCode,
  };
  return { result, comparisons };
}

export function targetDifferences(base: Target, head: Target): string[] {
  const diffs: string[] = [];
  if (base.kind !== head.kind) diffs.push(`target (${head.kind} vs ${base.kind})`);
  if (base.mode !== head.mode) diffs.push(`PayPass mode (${head.mode ?? 'n/a'} vs ${base.mode ?? 'n/a'})`);
  return diffs;
}
