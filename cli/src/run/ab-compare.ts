import { resolve } from 'node:path';
import { LoadSession } from '../checks/load/load-session.ts';
import { loadScenario } from '../checks/load/load-scenario.ts';
import { Scenario } from '../checks/load/scenario.ts';
import { REGISTRY } from '../checks/registry.ts';
import { compareMeasurements, type MetricComparison } from '../judge/compare-runs.ts';
import { loadBudgets } from '../judge/load-budgets.ts';
import type { BudgetFile, CheckRun, Measurement, RunResult, Target } from '../model/index.ts';
import { checkReachable } from '../target/check-reachable.ts';
import { checkoutRef } from '../target/git-worktree.ts';
import { startPayPassProcess } from '../target/paypass-process.ts';
import { usageError } from '../util/errors.ts';
import { PACKAGE_ROOT, packagePath } from '../util/paths.ts';
import { sampleUntilResolved } from './ab-sampler.ts';
import { assembleResult } from './assemble-result.ts';
import { listenForInterrupts } from './signals.ts';
import { writeRun } from './write-run.ts';

export interface AbOptions {
  base: string;
  head?: string;
  scenario?: string;
  budgets?: string;
  minRounds: number;
  maxRounds: number;
  timeLimit: number;
  duration?: number;
  connections?: number;
  out: string;
  json?: boolean;
}

export interface Side {
  label: 'base' | 'head';
  spec: string;
  target: Target;
  session: LoadSession;
  stop(): Promise<void>;
}

// Metrics whose verdict decides when to stop sampling; max and error ratios rarely resolve and would keep it going.
const DECIDING = /^(latency\.p(50|95|99)|throughput\.rps)$/;

/**
 * A/B mode: base and head measured on this machine in interleaved rounds (ABBA order cancels drift),
 * adding rounds until every interval clears or sits inside the tolerance, or the limits are hit.
 */
export interface AbOutcome {
  baseResult: RunResult;
  headResult: RunResult;
  /** The head run's report folder. */
  dir: string;
  comparisons: MetricComparison[];
  /** Why sampling stopped. */
  reason: string;
  headLabel: string;
}

export async function runAbCompare(options: AbOptions, progress: (line: string) => void): Promise<AbOutcome> {
  if (!options.base) throw usageError('BAD_FLAG', 'compare: --head needs --base');
  for (const [flag, value] of [
    ['--min-rounds', options.minRounds],
    ['--max-rounds', options.maxRounds],
    ['--time-limit', options.timeLimit],
  ] as const) {
    if (!Number.isFinite(value) || value <= 0) throw usageError('BAD_FLAG', `${flag} expects a positive number, got "${value}"`);
  }
  const outDir = resolve(options.out);
  const headSpec = options.head ?? 'WORKTREE';
  const anyUrl = isUrl(options.base) || isUrl(headSpec);
  const budgetsFile = options.budgets ?? packagePath(anyUrl ? 'budgets/generic.budget.ts' : 'budgets/paypass.budget.ts');
  const budgets = await loadBudgets(budgetsFile, REGISTRY.metricsByCheck);
  const scenarioFile = options.scenario ?? (anyUrl ? undefined : packagePath('scenarios/paypass.scenario.ts'));
  const loaded = scenarioFile ? await loadScenario(scenarioFile) : Scenario.parse({ name: 'root', requests: [{ path: '/' }] });
  const scenario: Scenario = { ...loaded, duration: options.duration ?? loaded.duration, connections: options.connections ?? loaded.connections };

  const interruption = listenForInterrupts(progress);
  const sides: Side[] = [];
  const startedAt = new Date();
  try {
    sides.push(await prepareSide('base', options.base, scenario, outDir, interruption.signal, progress));
    sides.push(await prepareSide('head', headSpec, scenario, outDir, interruption.signal, progress));
    for (const side of sides) await side.session.setup();
    for (const side of sides) await side.session.warmup();

    const sessions = sides.map((side) => ({ label: side.label, round: () => side.session.round(), describeLastRound: () => side.session.describeLastRound() }));
    const { reason } = await sampleUntilResolved(
      [sessions[0]!, sessions[1]!],
      { minRounds: options.minRounds, maxRounds: options.maxRounds, timeLimitSec: options.timeLimit },
      () => compareSides(sides, budgets),
      (c) => DECIDING.test(c.head.metric),
      progress,
    );
    progress(`A/B: ${reason}`);
    const interrupted = interruption.by;
    const baseResult = buildResult(sides[0]!, startedAt, budgets, budgetsFile, interrupted);
    await writeRun(baseResult, outDir);
    const headResult = buildResult(sides[1]!, startedAt, budgets, budgetsFile, interrupted, { result: baseResult, spec: sides[0]!.spec });
    const dir = await writeRun(headResult, outDir);
    const comparisons = compareSides(sides, budgets);
    return { baseResult, headResult, dir, comparisons, reason, headLabel: headSpec === 'WORKTREE' ? 'working tree' : headSpec };
  } finally {
    interruption.dispose();
    // Generator threads and kept connections first, then the targets they were loading.
    for (const side of sides) await side.session.close();
    for (const side of sides) await side.stop();
  }
}

// One family for the stopping rule, the printed table and the head run's verdicts, so that all three
// adjust the same p-values together and can never disagree about what changed.
const inFamily = (m: Measurement) => m.metric !== 'latency.max';

function compareSides(sides: Side[], budgets: BudgetFile): MetricComparison[] {
  const base = fakeRun(sides[0]!.session.measurements());
  return compareMeasurements(base, sides[1]!.session.measurements(), { budgets, only: inFamily, metrics: REGISTRY.catalog });
}

function fakeRun(measurements: Measurement[]): Pick<RunResult, 'id' | 'measurements'> {
  return { id: 'base', measurements };
}

function buildResult(
  side: Side,
  startedAt: Date,
  budgets: BudgetFile,
  budgetsFile: string,
  interrupted: 'SIGINT' | 'SIGTERM' | undefined,
  baseline?: { result: RunResult; spec: string },
): RunResult {
  const checks: CheckRun[] = [
    // A/B mode measures load only; the other checks are recorded as not run, so reports title and explain them.
    ...REGISTRY.checks
      .filter((c) => c.meta.id !== 'load')
      .map((c): CheckRun => ({ id: c.meta.id, title: c.meta.title, status: 'skipped', durationMs: 0, error: 'A/B mode measures HTTP load only' })),
    {
      id: 'load',
      title: `HTTP load, A/B ${side.label}`,
      status: interrupted ? 'aborted' : 'ok',
      metrics: [...REGISTRY.byId('load')!.meta.metrics],
      durationMs: Date.now() - startedAt.getTime(),
      settings: { scenario: side.session.scenario.name, roundsCompleted: side.session.roundsCompleted, interleaved: true, side: side.label, spec: side.spec },
    },
  ];
  return assembleResult({
    startedAt,
    interrupted: Boolean(interrupted),
    interruptedBy: interrupted,
    target: side.target,
    checks,
    measurements: side.session.measurements(),
    budgets,
    budgetsFile,
    // Named by what the base was (its URL or git ref), so every report says what head was measured against.
    baseline: baseline && { name: `A/B base ${baseline.spec}`, result: baseline.result },
    compareFamily: inFamily,
  }).result;
}

/** One side of an A/B comparison: a URL, or PayPass started from a git ref (a worktree) or the working tree. */
export async function prepareSide(label: 'base' | 'head', spec: string, scenario: Scenario, outDir: string, signal: AbortSignal, progress: (line: string) => void): Promise<Side> {
  if (isUrl(spec)) {
    await checkReachable(spec);
    return { label, spec, target: { kind: 'url', url: spec }, session: new LoadSession(scenario, { baseUrl: spec, credentials: [] }, signal), stop: async () => undefined };
  }
  const root = spec === 'WORKTREE' ? PACKAGE_ROOT : (await checkoutRef(spec, outDir, progress)).dir;
  progress(`${label}: starting PayPass from ${spec === 'WORKTREE' ? 'the working tree' : spec}`);
  const paypass = await startPayPassProcess({
    root,
    databaseUrl: undefined,
    dataDir: resolve(outDir, 'ab', `pg-${label}`),
    log: (line) => progress(`  ${label}: ${line}`),
  });
  return {
    label,
    spec,
    target: { kind: 'paypass', url: paypass.url, mode: paypass.mode },
    session: new LoadSession(scenario, { baseUrl: paypass.url, credentials: paypass.credentials }, signal),
    stop: () => paypass.stop(),
  };
}

function isUrl(spec: string): boolean {
  return /^https?:\/\//.test(spec);
}
