import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { PlannedCheck } from '../run/execute-checks.ts';
import { loadScenario } from '../checks/load/load-scenario.ts';
import { loadQuerySet } from '../checks/explain/query-set.ts';
import { usageError, PerfgateError } from '../util/errors.ts';
import type { BudgetFile, CheckRun, Target } from '../model/index.ts';
import { assembleResult } from '../run/assemble-result.ts';
import { writeRun } from '../run/write-run.ts';
import { LOAD_LIMITS, Scenario } from '../checks/load/scenario.ts';
import { CHECKS, CHECK_IDS } from '../checks/registry.ts';
import { loadBudgets } from '../judge/load-budgets.ts';
import { RunStore } from '../judge/run-store.ts';
import { loadPerfgateConfig, type PerfgateConfig } from '../run/config-file.ts';
import { performRun } from '../run/perform-run.ts';
import { formatVerdictTable } from '../run/print-verdicts.ts';
import { printComparisons } from './compare.ts';
import { checkReachable } from '../target/check-reachable.ts';
import { findChrome } from '../checks/lighthouse/chrome.ts';
import { ensureWebBuild } from '../target/web-build.ts';
import { startPayPassProcess, type PayPassProcess } from '../target/paypass-process.ts';
import { packagePath } from '../util/paths.ts';
import { nonNegativeNumber, positiveInt, positiveNumber, checkList, pathList, postgresUrl } from './option-parsers.ts';
import { assertOutDir } from '../run/out-dir.ts';
import { buildDirProblem } from '../checks/bundle/index.ts';

export interface RunOptions extends Omit<PerfgateConfig, 'lighthouse'> {
  config?: string;
  json?: boolean;
  pages?: string[];
  lighthouseRuns?: number;
  formFactor?: 'mobile' | 'desktop';
  lighthouse?: PerfgateConfig['lighthouse'];
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run the checks against a target, judge them against the budgets and a baseline, write the reports')
    .option('--url <url>', 'test a server perfgate did not start (default: start PayPass)')
    .option('--scenario <file>', 'load scenario (.ts defineScenario, .yaml, .json)')
    .option('--budgets <file>', 'budget file (.ts defineBudgets, .yaml, .json)')
    .option('--baseline <name>', 'compare with a stored baseline (name, run id or result.json)')
    .option('--only <checks>', `run only these checks (comma-separated: ${CHECK_IDS.join(', ')})`, checkList('--only'))
    .option('--skip <checks>', 'leave these checks out (comma-separated)', checkList('--skip'))
    .option('--database-url <url>', 'PostgreSQL URL: PayPass\'s database (services mode; default $DATABASE_URL, else embedded), or with --url the database the explain check examines')
    .option('--queries <file>', 'explain: query set (.ts defineQueries, .yaml, .json; default for PayPass: scenarios/paypass.queries.ts)')
    .option('--redis-url <url>', 'PayPass services mode: Redis URL (default: $REDIS_URL, else in-process drivers)')
    .option('--rounds <n>', 'load rounds (each round is one statistical sample; ≥ 10 for gating)', positiveInt('--rounds', LOAD_LIMITS.rounds))
    .option('--duration <seconds>', 'seconds of load per endpoint per round', positiveNumber('--duration', LOAD_LIMITS.duration))
    .option('--connections <n>', 'concurrent connections per endpoint', positiveInt('--connections', LOAD_LIMITS.connections))
    .option('--warmup <seconds>', 'unmeasured warm-up per endpoint', nonNegativeNumber('--warmup', LOAD_LIMITS.warmup))
    .option('--bundle-dir <dir>', 'build directory for the bundle check (default for PayPass: its web build)')
    .option('--pages <paths>', 'lighthouse: comma-separated page paths (default for PayPass: /login)', pathList('--pages'))
    .option('--lighthouse-runs <n>', 'lighthouse: runs per page (each run is one statistical sample; ≥ 5)', positiveInt('--lighthouse-runs', 100))
    .addOption(new Option('--form-factor <kind>', 'lighthouse: device emulation').choices(['mobile', 'desktop']))
    .option('--out <dir>', 'where runs, baselines and state are written (default .perfgate)')
    .option('--config <file>', 'config file (default: perfgate.config.{ts,yaml,yml,json} if present)')
    .option('--json', 'print the result as JSON instead of the table')
    .addHelpText(
      'after',
      `
Examples:
  $ perfgate run                                   PayPass on embedded PostgreSQL, default scenario and budgets
  $ perfgate run --only load --rounds 10           gate on load only, with enough rounds for statistics
  $ perfgate run --baseline main                   judge regressions against the baseline saved as "main"
  $ perfgate run --url http://127.0.0.1:8080 --scenario api.scenario.yaml --budgets api.budget.yaml
  $ DATABASE_URL=postgres://postgres@127.0.0.1/paypass REDIS_URL=redis://127.0.0.1 perfgate run
  $ perfgate run --url http://127.0.0.1:8080 --database-url postgres://127.0.0.1/app --queries app.queries.yaml --only explain

Exit codes: 0 pass · 1 a budget failed or a regression was found · 2 bad usage, config or input · 3 a check could not run · 130 interrupted`,
    )
    .action(async (options: RunOptions) => {
      process.exitCode = await runCommand(options);
    });
}

export async function runCommand(flags: RunOptions): Promise<number> {
  const { config, file: configFile } = await loadPerfgateConfig(flags.config);
  const options: RunOptions = { ...config, ...stripUndefined(flags) };
  const outDir = resolve(options.out ?? '.perfgate');
  // Anything of the user's own (a URL, a query set, a build directory) means the target is theirs: PayPass
  // is started only when nothing else was named.
  const external = options.url !== undefined || options.queries !== undefined || options.bundleDir !== undefined;
  const budgetsFile = options.budgets ?? packagePath(external ? 'budgets/generic.budget.ts' : 'budgets/paypass.budget.ts');
  const budgets = await loadBudgets(budgetsFile, CHECK_IDS);
  const scenarioFile = options.scenario ?? (external ? undefined : packagePath('scenarios/paypass.scenario.ts'));
  const loaded = scenarioFile ? await loadScenario(scenarioFile) : genericScenario();
  const scenario = applyOverrides(loaded, options);
  const queriesFile = options.queries ?? (external ? undefined : packagePath('scenarios/paypass.queries.ts'));
  const querySet = queriesFile ? await loadQuerySet(queriesFile) : undefined;
  if (external && options.queries) options.databaseUrl ??= process.env.DATABASE_URL || undefined;
  if (options.databaseUrl) postgresUrl(flags.databaseUrl ? '--database-url' : 'databaseUrl', options.databaseUrl);
  else if (!external && process.env.DATABASE_URL) postgresUrl('DATABASE_URL', process.env.DATABASE_URL);
  // Found out before minutes of measuring, not when the report is written.
  await assertOutDir(outDir, flags.out ? '--out' : 'out');
  const bundleProblem = options.bundleDir ? buildDirProblem(resolve(options.bundleDir)) : undefined;
  if (bundleProblem) throw usageError('BAD_FLAG', `${flags.bundleDir ? '--bundle-dir' : 'bundleDir'}: ${bundleProblem}`);
  if (external && options.databaseUrl && !querySet) throw usageError('MISSING_INPUT', '--database-url with --url is for the explain check: give the queries to EXPLAIN with --queries FILE');
  if (configFile) progress(`config: ${configFile}`);
  // A mistyped baseline is a usage error before anything starts, not after a wasted run.
  const baseline = options.baseline ? { name: options.baseline, ...(await new RunStore(outDir).resolve(options.baseline, 'baseline')) } : undefined;

  const selection = selectChecks(options, external);
  if (selection.run.includes('load') && scenario.rounds > loaded.rounds && options.rounds === undefined) {
    progress(`load: ${scenario.rounds} rounds, enough to claim a regression against the baseline (--rounds sets another number)`);
  }
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    progress('interrupted: stopping and writing the report of what ran (Ctrl-C again to quit at once)');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  // CI runners cancel a job with SIGTERM: stop the same way, so the report of what ran is still written.
  const onSigterm = () => {
    terminated = true;
    onSigint();
  };
  let terminated = false;
  process.on('SIGTERM', onSigterm);
  const startedAt = new Date();
  let paypass: PayPassProcess | undefined;
  try {
    // PayPass serves its front end from the build, so build it (when missing or stale) before PayPass starts.
    const webDist = !external && (selection.run.includes('bundle') || selection.run.includes('lighthouse')) ? await ensureWebBuild(progress) : undefined;
    let target;
    try {
      if (external) {
        // Only load and lighthouse talk HTTP: an explain or bundle run needs no server up.
        if (options.url && (selection.run.includes('load') || selection.run.includes('lighthouse'))) await checkReachable(options.url);
        target = { kind: 'url' as const, url: options.url };
      } else {
        const databaseUrl = options.databaseUrl ?? (process.env.DATABASE_URL || undefined);
        const redisUrl = options.redisUrl ?? process.env.REDIS_URL;
        progress(databaseUrl ? 'starting PayPass (services mode)' : 'starting PayPass on embedded PostgreSQL');
        paypass = await startPayPassProcess({ databaseUrl, redisUrl, dataDir: resolve(outDir, 'pg'), log: (line) => progress(`  paypass: ${line}`) });
        progress(`PayPass ready at ${paypass.url} (${paypass.mode} mode)`);
        target = { kind: 'paypass' as const, url: paypass.url, mode: paypass.mode, credentials: paypass.credentials };
      }
    } catch (error) {
      // CI still gets its JUnit and summary: every selected check is an error saying why.
      if (error instanceof PerfgateError && error.exitCode === 3) await writeUnreachableRun(error, { startedAt, external, url: options.url, selection, budgets, budgetsFile, outDir });
      throw error;
    }
    const bundleDir = options.bundleDir ?? webDist;
    const settings: Record<string, Record<string, unknown>> = {
      load: { scenario, scenarioFile },
      bundle: { dir: bundleDir },
      explain: { databaseUrl: external ? options.databaseUrl : paypass?.databaseUrl, querySet, querySetFile: queriesFile },
      lighthouse: {
        url: target.url,
        pages: options.pages ?? options.lighthouse?.pages ?? (external ? ['/'] : ['/login']),
        runs: options.lighthouseRuns ?? options.lighthouse?.runs ?? 5,
        formFactor: options.formFactor ?? options.lighthouse?.formFactor ?? 'mobile',
      },
    };
    if (!scenarioFile && options.url && selection.run.includes('load')) progress(`load: no --scenario, so GET ${options.url.replace(/\/+$/, '')}/ only (give --scenario FILE for your endpoints)`);
    const planned: PlannedCheck[] = CHECKS.filter((c) => selection.run.includes(c.id)).map((check) => ({ check, settings: settings[check.id] ?? {} }));
    const skipped = CHECKS.filter((c) => !selection.run.includes(c.id)).map((check) => ({ check, reason: selection.skipped[check.id] ?? 'not selected' }));
    const { result, dir, comparisons } = await performRun(
      { target, checks: planned, skipped, budgets, budgetsFile, baseline, outDir, signal: controller.signal, progress, interactive: !options.json && useColor() && Boolean(process.stderr.isTTY) },
      startedAt,
    );
    if (options.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    } else {
      process.stdout.write(`${formatVerdictTable(result, useColor())}\n`);
      if (comparisons.length > 0) {
        process.stdout.write(`\n${printComparisons(comparisons, `baseline ${options.baseline}`, 'this run')}\n`);
        if (result.baseline?.environmentDiffers.length) process.stdout.write(`note: the baseline differs in ${result.baseline.environmentDiffers.join('; ')}\n`);
      }
      process.stdout.write(`reports: ${dir}\n`);
    }
    return controller.signal.aborted ? (terminated ? 143 : 130) : result.exitCode;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
    if (paypass) {
      progress('stopping PayPass');
      await paypass.stop();
    }
  }
}

/**
 * Which checks run. Defaults: everything on PayPass; on --url, load plus the checks whose input was given
 * (--bundle-dir, --pages). A default check that cannot run here (no Chrome) is skipped with the reason;
 * one asked for with --only runs and fails loudly instead.
 */
async function writeUnreachableRun(
  error: PerfgateError,
  run: { startedAt: Date; external: boolean; url?: string; selection: { run: string[] }; budgets: BudgetFile; budgetsFile: string; outDir: string },
): Promise<void> {
  const checks: CheckRun[] = CHECKS.filter((c) => run.selection.run.includes(c.id)).map((c) => ({
    id: c.id,
    title: c.title,
    status: 'error',
    durationMs: 0,
    error: `the target could not be started or reached: ${error.message}`,
  }));
  const target: Target = run.external ? { kind: 'url', url: run.url } : { kind: 'paypass' };
  const { result } = assembleResult({ ...run, interrupted: false, target, checks, measurements: [] });
  await writeRun(result, run.outDir);
}

function selectChecks(options: RunOptions, external: boolean): { run: string[]; skipped: Record<string, string> } {
  const skipped: Record<string, string> = {};
  const defaults = external
    ? [
        ...(options.url ? ['load'] : []),
        ...(options.bundleDir ? ['bundle'] : []),
        ...(options.queries ? ['explain'] : []),
        ...(options.url && (options.pages || options.lighthouse) ? ['lighthouse'] : []),
      ]
    : [...CHECK_IDS];
  let run = options.only ?? defaults;
  for (const id of options.skip ?? []) skipped[id] = 'left out by --skip';
  run = run.filter((id) => !skipped[id]);
  if (run.length === 0) throw usageError('NOTHING_TO_RUN', `no check left to run (--only ${(options.only ?? defaults).join(',') || '(none)'}, --skip ${(options.skip ?? []).join(',') || '(none)'}); expected at least one of ${CHECK_IDS.join(', ')}`);
  if (external) {
    for (const id of ['load', 'lighthouse']) if (run.includes(id) && !options.url) throw usageError('MISSING_INPUT', `the ${id} check needs --url (the server to test)`);
    if (run.includes('explain') && !options.databaseUrl) throw usageError('MISSING_INPUT', 'the explain check needs --database-url (the database to EXPLAIN the --queries in)');
    if (run.includes('explain') && !options.queries) throw usageError('MISSING_INPUT', 'the explain check on your database needs --queries FILE (the queries to EXPLAIN)');
    if (run.includes('bundle') && !options.bundleDir) throw usageError('MISSING_INPUT', 'the bundle check on your app needs --bundle-dir DIR (its build output)');
  }
  if (!options.only && run.includes('lighthouse')) {
    try {
      findChrome();
    } catch (error) {
      skipped.lighthouse = `${(error as Error).message} (skipped; --only lighthouse makes it an error)`;
      progress(`lighthouse skipped: ${(error as Error).message}`);
      run = run.filter((id) => id !== 'lighthouse');
    }
  }
  const needs: Record<string, string> = { load: '--url', bundle: '--bundle-dir', explain: '--queries and --database-url', lighthouse: '--url and --pages' };
  for (const id of CHECK_IDS) if (!run.includes(id)) skipped[id] ??= external ? `needs ${needs[id]}` : 'not selected';
  return { run, skipped };
}

/**
 * Rounds a run judged against a baseline takes unless told otherwise. With 5 a side the smallest possible
 * Mann–Whitney p is 0.008, and adjusted across a run's ten or so metrics no single change could ever be claimed.
 */
export const BASELINE_ROUNDS = 10;

function applyOverrides(scenario: Scenario, options: RunOptions): Scenario {
  const rounds = options.rounds ?? (options.baseline && scenario.rounds < BASELINE_ROUNDS ? BASELINE_ROUNDS : scenario.rounds);
  return {
    ...scenario,
    rounds,
    duration: options.duration ?? scenario.duration,
    connections: options.connections ?? scenario.connections,
    warmup: options.warmup ?? scenario.warmup,
  };
}

/** With --url and no scenario: load the root path. */
function genericScenario(): Scenario {
  return Scenario.parse({ name: 'root', requests: [{ method: 'GET', path: '/' }] });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

function useColor(): boolean {
  return Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && !process.env.CI;
}

