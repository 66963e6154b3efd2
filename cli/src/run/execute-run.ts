import { resolve } from 'node:path';
import type { CheckTarget } from '../checks/check.ts';
import type { MetricComparison } from '../judge/compare-runs.ts';
import type { CheckRun, RunResult, Target } from '../model/index.ts';
import { checkReachable } from '../target/check-reachable.ts';
import { startPayPassProcess, type PayPassProcess } from '../target/paypass-process.ts';
import { ensureWebBuild } from '../target/web-build.ts';
import { PerfgateError } from '../util/errors.ts';
import { announceRun } from './announce-run.ts';
import { assembleResult } from './assemble-result.ts';
import { confirmRegressions } from './confirm.ts';
import { performRun } from './perform-run.ts';
import type { RunPlan } from './plan.ts';
import type { Interruption } from './signals.ts';
import { writeRun } from './write-run.ts';

export interface ExecutedRun {
  result: RunResult;
  dir: string;
  comparisons: MetricComparison[];
}

/** Starts the target, measures, judges and writes the reports; always stops PayPass; then pushes and alerts. */
export async function executeRun(plan: RunPlan, interruption: Interruption, progress: (line: string) => void, interactive: boolean): Promise<ExecutedRun> {
  const startedAt = new Date();
  const executed = await withTarget(plan, progress, startedAt, async (target) => {
    const run = await performRun(
      {
        target,
        checks: plan.checks,
        skipped: plan.skipped,
        budgets: plan.budgets,
        budgetsFile: plan.budgetsFile,
        baseline: plan.baseline,
        floors: plan.floors,
        outDir: plan.outDir,
        interruption,
        progress,
        interactive,
        registry: plan.registry,
      },
      startedAt,
    );
    if (!plan.options.confirm || run.result.summary.regressed === 0 || interruption.signal.aborted) return run;
    // The reports above already hold the claim; they are written again with what the second measurement found.
    const result = await confirmRegressions(plan, target, run.result, interruption, progress);
    return { ...run, result, dir: await writeRun(result, plan.outDir) };
  });
  await announceRun(executed.result, { ...plan.options, outDir: plan.outDir }, progress);
  return executed;
}

/**
 * Runs `work` against the plan's target: PayPass started (and always stopped after), or the user's server checked to
 * answer. When the target cannot be started or reached, every selected check is an error in a written report (CI
 * still gets its JUnit and summary) and the error is thrown on.
 */
export async function withTarget<T>(plan: RunPlan, progress: (line: string) => void, startedAt: Date, work: (target: CheckTarget) => Promise<T>): Promise<T> {
  const uses = (r: 'url' | 'buildDir' | 'browser') => plan.checks.some((c) => c.check.meta.requires.includes(r));
  let paypass: PayPassProcess | undefined;
  try {
    let target: CheckTarget;
    try {
      target = plan.paypass ? await startPayPass() : await foreignTarget();
    } catch (error) {
      if (error instanceof PerfgateError && error.exitCode === 3) await writeUnreachableRun(plan, error, startedAt);
      throw error;
    }
    return await work(target);
  } finally {
    if (paypass) {
      progress('stopping PayPass');
      await paypass.stop();
    }
  }

  async function startPayPass(): Promise<CheckTarget> {
    // PayPass serves its front end from the build: build it (when missing or stale) before PayPass starts.
    const buildDir = uses('buildDir') || uses('browser') ? await ensureWebBuild(progress) : undefined;
    const databaseUrl = plan.options.databaseUrl ?? (process.env.DATABASE_URL || undefined);
    const redisUrl = plan.options.redisUrl ?? process.env.REDIS_URL;
    progress(databaseUrl ? 'starting PayPass (services mode)' : 'starting PayPass on embedded PostgreSQL');
    paypass = await startPayPassProcess({ databaseUrl, redisUrl, dataDir: resolve(plan.outDir, 'pg'), log: (line) => progress(`  paypass: ${line}`) });
    progress(`PayPass ready at ${paypass.url} (${paypass.mode} mode)`);
    return { kind: 'paypass', url: paypass.url, mode: paypass.mode, credentials: paypass.credentials, databaseUrl: paypass.databaseUrl, ...(buildDir ? { buildDir } : {}) };
  }

  async function foreignTarget(): Promise<CheckTarget> {
    const { url, databaseUrl, buildDir } = plan.foreign;
    // Only checks that talk HTTP need the server up: an explain or bundle run needs none.
    if (url && uses('url')) await checkReachable(url);
    return { kind: 'url', url, ...(databaseUrl ? { databaseUrl } : {}), ...(buildDir ? { buildDir: resolve(buildDir) } : {}) };
  }
}

async function writeUnreachableRun(plan: RunPlan, error: PerfgateError, startedAt: Date): Promise<void> {
  const checks: CheckRun[] = plan.checks.map(({ check }) => ({
    id: check.meta.id,
    title: check.meta.title,
    status: 'error',
    durationMs: 0,
    error: `the target could not be started or reached: ${error.message}`,
  }));
  const target: Target = plan.paypass ? { kind: 'paypass' } : { kind: 'url', url: plan.foreign.url };
  const { result } = assembleResult({
    startedAt,
    interrupted: false,
    target,
    checks,
    measurements: [],
    budgets: plan.budgets,
    budgetsFile: plan.budgetsFile,
    registry: plan.registry,
  });
  await writeRun(result, plan.outDir);
}
