import { resolve } from 'node:path';
import type { Check } from '../checks/check.ts';
import { checkSettings } from '../checks/check.ts';
import { REGISTRY, type Registry } from '../checks/registry.ts';
import { loadBudgets } from '../judge/load-budgets.ts';
import { RunStore } from '../judge/run-store.ts';
import type { BudgetFile, NoiseFloors, Requirement, RunResult } from '../model/index.ts';
import { usageError } from '../util/errors.ts';
import { postgresUrl } from '../util/flag-values.ts';
import { packagePath } from '../util/paths.ts';
import { loadPerfgateConfig } from './config-file.ts';
import { loadNoiseFloors } from './noise-floor-store.ts';
import { assertOutDir } from './out-dir.ts';
import { browserProblem, REQUIREMENT_FLAGS } from './requirements.ts';
import { runFlags, type RunOptions } from './run-options.ts';

export interface PlannedCheck {
  check: Check;
  /** Validated against the check's settings schema. */
  settings: unknown;
}

/** Everything a run needs, settled and validated before anything starts or is measured. */
export interface RunPlan {
  options: RunOptions;
  configFile?: string;
  outDir: string;
  /** PayPass is started (nothing of the user's own was named). */
  paypass: boolean;
  /** What a foreign target's flags provide. */
  foreign: { url?: string; databaseUrl?: string; buildDir?: string };
  budgets: BudgetFile;
  budgetsFile: string;
  baseline?: { name: string; result: RunResult };
  /** This machine's calibrated noise floors, when judging against a baseline. */
  floors?: NoiseFloors;
  checks: PlannedCheck[];
  /** Checks left out (by --only/--skip, or unavailable here), recorded as skipped with the reason. */
  skipped: { check: Check; reason: string }[];
  registry: Registry;
}

/**
 * From flags (and the config file, which flags override) to a plan: the target, the budgets, the baseline, which
 * checks run and each one's validated settings. Every bad input is found here, as one line naming the flag or the
 * file and field (exit 2), before minutes of measuring.
 */
export async function planRun(flags: RunOptions, progress: (line: string) => void, registry: Registry = REGISTRY): Promise<RunPlan> {
  const { config, file: configFile } = await loadPerfgateConfig(flags.config, registry);
  const options: RunOptions = { ...config, ...defined(flags) };
  const names = new Map(runFlags(registry).map(({ flag, name }) => [name, /--[a-z0-9-]+/.exec(flag.flags)![0]]));
  const where = (name: string) => (flags[name] !== undefined ? (names.get(name) ?? name) : `config file ${configFile}: ${name}`);
  const outDir = resolve(options.out ?? '.perfgate');

  // Anything of the user's own (a URL, a build directory, a check's input such as a query set) makes the target theirs:
  // PayPass is started only when nothing else was named.
  const requiredInputs = registry.checks.flatMap((c) => (c.meta.inputs ?? []).filter((i) => !i.optional));
  const paypass = options.url === undefined && options.bundleDir === undefined && requiredInputs.every((i) => options[i.option] === undefined);
  if (!paypass && requiredInputs.some((i) => options[i.option] !== undefined)) options.databaseUrl ??= process.env.DATABASE_URL || undefined;
  if (options.databaseUrl) postgresUrl(where('databaseUrl'), options.databaseUrl);
  else if (paypass && process.env.DATABASE_URL) postgresUrl('DATABASE_URL', process.env.DATABASE_URL);
  const foreign = paypass ? {} : { url: options.url, databaseUrl: options.databaseUrl, buildDir: options.bundleDir };

  const budgetsFile = options.budgets ?? packagePath(paypass ? 'budgets/paypass.budget.ts' : 'budgets/generic.budget.ts');
  const budgets = await loadBudgets(budgetsFile, registry.metricsByCheck);
  await assertOutDir(outDir, where('out'));
  const selection = selectChecks(registry, options, paypass, foreign, progress);
  // A mistyped baseline is a usage error before anything starts, not after a wasted run.
  if (options.confirm && !options.baseline) throw usageError('BAD_FLAG', `${where('confirm')} needs --baseline NAME: it measures again what a baseline comparison claimed`);
  const baseline = options.baseline ? { name: options.baseline, ...(await new RunStore(outDir).resolve(options.baseline, 'baseline')) } : undefined;
  const checks: PlannedCheck[] = [];
  for (const check of selection.run) {
    const raw = await check.settings?.({ options, paypass, baseline: Boolean(baseline), target: foreign, where, packagePath, log: progress });
    checks.push({ check, settings: checkSettings(check, raw, `${check.meta.id} settings (from ${configFile ? `flags and config file ${configFile}` : 'flags'})`) });
  }
  const floors = baseline ? await loadNoiseFloors(outDir, progress) : undefined;
  if (configFile) progress(`config: ${configFile}`);
  return {
    options,
    configFile,
    outDir,
    paypass,
    foreign,
    budgets,
    budgetsFile,
    baseline: baseline && { name: baseline.name, result: baseline.result },
    floors,
    checks,
    skipped: selection.skipped,
    registry,
  };
}

/**
 * Which checks run. Defaults: every check on PayPass; on a target of the user's, each check whose requirements the
 * flags provide and whose inputs were given. A default check that cannot run here (no Chrome) is skipped with the
 * reason; one asked for with --only runs and fails loudly instead.
 */
function selectChecks(
  registry: Registry,
  options: RunOptions,
  paypass: boolean,
  foreign: RunPlan['foreign'],
  progress: (line: string) => void,
): { run: Check[]; skipped: { check: Check; reason: string }[] } {
  const provided = (r: Requirement) =>
    paypass || r === 'browser' || (r === 'url' ? Boolean(foreign.url) : r === 'database' ? Boolean(foreign.databaseUrl) : Boolean(foreign.buildDir));
  const missingInputs = (c: Check, all: boolean) => (c.meta.inputs ?? []).filter((i) => (all || !i.optional) && options[i.option] === undefined);
  const missing = (c: Check, all: boolean) => [
    ...c.meta.requires.filter((r) => !provided(r)).map((r) => REQUIREMENT_FLAGS[r]),
    ...(paypass ? [] : missingInputs(c, all).map((i) => i.flag)),
  ];
  const defaults = paypass ? registry.ids : registry.checks.filter((c) => missing(c, true).length === 0).map((c) => c.meta.id);
  const skippedBy: Record<string, string> = {};
  for (const id of options.skip ?? []) skippedBy[id] = 'left out by --skip';
  let ids = (options.only ?? defaults).filter((id) => !skippedBy[id]);
  if (ids.length === 0) {
    throw usageError(
      'NOTHING_TO_RUN',
      `no check left to run (--only ${(options.only ?? defaults).join(',') || '(none)'}, --skip ${(options.skip ?? []).join(',') || '(none)'}); expected at least one of ${registry.ids.join(', ')}`,
    );
  }
  for (const id of ids) {
    const check = registry.byId(id)!;
    const unmet = check.meta.requires.find((r) => !provided(r));
    if (unmet) throw usageError('MISSING_INPUT', `the ${id} check needs ${REQUIREMENT_FLAGS[unmet]}`);
    const input = paypass ? undefined : missingInputs(check, false)[0];
    if (input) throw usageError('MISSING_INPUT', `the ${id} check on your target needs ${input.flag} (${input.what})`);
  }
  // A flag no selected check uses, where a check would with one more input: say which.
  if (!paypass) {
    for (const r of ['database', 'buildDir', 'url'] as const) {
      if (!provided(r) || ids.some((id) => registry.byId(id)!.meta.requires.includes(r))) continue;
      const wanting = registry.checks.find((c) => c.meta.requires.includes(r) && missingInputs(c, false).length > 0);
      const input = wanting && missingInputs(wanting, false)[0];
      if (wanting && input) throw usageError('MISSING_INPUT', `${REQUIREMENT_FLAGS[r].split(' ')[0]} is for the ${wanting.meta.id} check: give ${input.flag} (${input.what})`);
    }
  }
  if (!options.only) {
    for (const id of ids.filter((x) => registry.byId(x)!.meta.requires.includes('browser'))) {
      const problem = browserProblem();
      if (!problem) continue;
      skippedBy[id] = `${problem} (skipped; --only ${id} makes it an error)`;
      progress(`${id} skipped: ${problem}`);
    }
    ids = ids.filter((id) => !skippedBy[id]);
  }
  const run = registry.checks.filter((c) => ids.includes(c.meta.id));
  const skipped = registry.checks
    .filter((c) => !ids.includes(c.meta.id))
    .map((check) => {
      const needs = missing(check, true);
      return { check, reason: skippedBy[check.meta.id] ?? (!paypass && needs.length ? `needs ${needs.map((n) => n.split(' ')[0]).join(' and ')}` : 'not selected') };
    });
  return { run, skipped };
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
