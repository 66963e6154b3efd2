import { resolve } from 'node:path';
import { LoadSession } from '../checks/load/load-session.ts';
import { loadScenario } from '../checks/load/load-scenario.ts';
import { Scenario } from '../checks/load/scenario.ts';
import { CHECK_IDS, CHECKS } from '../checks/registry.ts';
import { compareMeasurements, type MetricComparison } from '../judge/compare-runs.ts';
import { loadBudgets } from '../judge/load-budgets.ts';
import type { BudgetFile, CheckRun, Measurement, RunResult, Target } from '../model/index.ts';
import { assembleResult } from '../run/assemble-result.ts';
import { formatVerdictTable } from '../run/print-verdicts.ts';
import { writeRun } from '../run/write-run.ts';
import { checkReachable } from '../target/check-reachable.ts';
import { checkoutRef } from '../target/git-worktree.ts';
import { startPayPassProcess } from '../target/paypass-process.ts';
import { usageError } from '../util/errors.ts';
import { PACKAGE_ROOT, packagePath } from '../util/paths.ts';
import { printComparisons } from './compare.ts';

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

interface Side {
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
export async function runAbCompare(options: AbOptions): Promise<number> {
  if (!options.base) throw usageError('BAD_FLAG', 'compare: --head needs --base');
  for (const [flag, value] of [['--min-rounds', options.minRounds], ['--max-rounds', options.maxRounds], ['--time-limit', options.timeLimit]] as const) {
    if (!Number.isFinite(value) || value <= 0) throw usageError('BAD_FLAG', `${flag} expects a positive number, got "${value}"`);
  }
  const outDir = resolve(options.out);
  const headSpec = options.head ?? 'WORKTREE';
  const anyUrl = isUrl(options.base) || isUrl(headSpec);
  const budgetsFile = options.budgets ?? packagePath(anyUrl ? 'budgets/generic.budget.ts' : 'budgets/paypass.budget.ts');
  const budgets = await loadBudgets(budgetsFile, CHECK_IDS);
  const scenarioFile = options.scenario ?? (anyUrl ? undefined : packagePath('scenarios/paypass.scenario.ts'));
  const loaded = scenarioFile ? await loadScenario(scenarioFile) : Scenario.parse({ name: 'root', requests: [{ path: '/' }] });
  const scenario: Scenario = { ...loaded, duration: options.duration ?? loaded.duration, connections: options.connections ?? loaded.connections };

  const controller = new AbortController();
  const onSigint = () => (controller.signal.aborted ? process.exit(130) : controller.abort());
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint); // a cancelled CI job: stop and write what ran, as on Ctrl-C
  const sides: Side[] = [];
  const startedAt = new Date();
  try {
    sides.push(await prepareSide('base', options.base, scenario, outDir, controller.signal));
    sides.push(await prepareSide('head', headSpec, scenario, outDir, controller.signal));
    for (const side of sides) await side.session.setup();
    for (const side of sides) await side.session.warmup();

    const deadline = Date.now() + options.timeLimit * 1000;
    let comparisons: MetricComparison[] = [];
    let reason = 'max rounds reached';
    for (let round = 1; round <= options.maxRounds; round++) {
      const order = round % 2 === 1 ? sides : [...sides].reverse();
      let complete = true;
      for (const side of order) complete &&= await side.session.round();
      if (!complete) {
        reason = 'interrupted';
        break;
      }
      progress(`round ${round}: base ${sides[0]!.session.describeLastRound()} | head ${sides[1]!.session.describeLastRound()}`);
      if (round < options.minRounds) continue;
      comparisons = compareSides(sides, budgets);
      const open = comparisons.filter((c) => DECIDING.test(c.head.metric) && c.result.change === 'inconclusive');
      if (open.length === 0) {
        reason = `every interval resolved after ${round} rounds`;
        break;
      }
      if (Date.now() >= deadline) {
        reason = `time limit reached with ${open.length} metric(s) still inconclusive`;
        break;
      }
    }
    progress(`A/B: ${reason}`);
    const baseResult = buildResult(sides[0]!, startedAt, budgets, budgetsFile, controller.signal.aborted);
    await writeRun(baseResult, outDir);
    const headResult = buildResult(sides[1]!, startedAt, budgets, budgetsFile, controller.signal.aborted, { result: baseResult, spec: sides[0]!.spec });
    const dir = await writeRun(headResult, outDir);
    comparisons = compareSides(sides, budgets);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(headResult, null, 2)}\n`);
    } else {
      process.stdout.write(`${printComparisons(comparisons, `base ${options.base}`, `head ${headSpec === 'WORKTREE' ? 'working tree' : headSpec}`)}\n\n${formatVerdictTable(headResult, false)}\n`);
      process.stdout.write(`A/B: ${reason} · base run ${baseResult.id} · head run ${headResult.id}\nreports: ${dir}\n`);
    }
    return controller.signal.aborted ? 130 : headResult.exitCode;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
    for (const side of sides) await side.stop();
  }
}

// One family for the stopping rule, the printed table and the head run's verdicts, so that all three
// adjust the same p-values together and can never disagree about what changed.
const inFamily = (m: Measurement) => m.metric !== 'latency.max';

function compareSides(sides: Side[], budgets: BudgetFile): MetricComparison[] {
  const base = fakeRun(sides[0]!.session.measurements());
  return compareMeasurements(base, sides[1]!.session.measurements(), budgets, inFamily);
}

/** compareMeasurements reads only `id` and `measurements` of the baseline run. */
function fakeRun(measurements: Measurement[]): RunResult {
  return { id: 'base', measurements } as RunResult;
}

function buildResult(
  side: Side,
  startedAt: Date,
  budgets: BudgetFile,
  budgetsFile: string,
  interrupted: boolean,
  baseline?: { result: RunResult; spec: string },
): RunResult {
  const checks: CheckRun[] = [
    // A/B mode measures load only; the other checks are recorded as not run, so reports title and explain them.
    ...CHECKS.filter((c) => c.id !== 'load').map((c): CheckRun => ({ id: c.id, title: c.title, status: 'skipped', durationMs: 0, error: 'A/B mode measures HTTP load only' })),
    {
      id: 'load',
      title: `HTTP load, A/B ${side.label}`,
      status: interrupted ? 'aborted' : 'ok',
      durationMs: Date.now() - startedAt.getTime(),
      settings: { scenario: side.session.scenario.name, roundsCompleted: side.session.roundsCompleted, interleaved: true, side: side.label, spec: side.spec },
    },
  ];
  return assembleResult({
    startedAt,
    interrupted,
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

async function prepareSide(label: 'base' | 'head', spec: string, scenario: Scenario, outDir: string, signal: AbortSignal): Promise<Side> {
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

function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}
