import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { importK6 } from '../k6/import/import-k6.ts';
import { k6Registry } from '../k6/k6-registry.ts';
import { findK6 } from '../k6/run/find-k6.ts';
import { k6Arguments, POINTS_FILE, SUMMARY_FILE, type K6RunFiles } from '../k6/run/k6-command.ts';
import { k6Version, runK6 } from '../k6/run/run-k6.ts';
import { scenarioData } from '../k6/scenario-data.ts';
import { loadBudgets } from '../judge/load-budgets.ts';
import { RunStore } from '../judge/run-store.ts';
import { loadPerfgateConfig } from '../run/config-file.ts';
import { judgeImported } from '../run/judge-imported.ts';
import { assertOutDir } from '../run/out-dir.ts';
import { printComparisons } from '../run/print-comparisons.ts';
import { formatVerdictTable } from '../run/print-verdicts.ts';
import { newRunId } from '../run/run-id.ts';
import { runError } from '../util/errors.ts';
import { packagePath } from '../util/paths.ts';
import { exportFor } from './k6-export.ts';

export interface JudgeOptions {
  budgets?: string;
  baseline?: string;
  out: string;
  json?: boolean;
  push?: string;
  config?: string;
}

export interface K6RunOptions extends JudgeOptions {
  url: string;
  dryRun?: boolean;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/** `perfgate k6 import`: k6's output judged, compared and reported as a run of perfgate's own; returns the exit code. */
export async function k6Import(files: string[], options: JudgeOptions, k6?: { version?: string }): Promise<number> {
  const registry = k6Registry();
  const outDir = resolve(options.out);
  await assertOutDir(outDir, '--out');
  // Every input is read and checked before anything is judged or written.
  const budgetsFile = options.budgets ?? packagePath('budgets/generic.budget.ts');
  const budgets = await loadBudgets(budgetsFile, registry.metricsByCheck);
  const baseline = options.baseline ? { name: options.baseline, ...(await new RunStore(outDir).resolve(options.baseline, 'baseline')) } : undefined;
  const { config } = await loadPerfgateConfig(options.config);
  const imported = await importK6(files, { registry, ...(k6?.version ? { k6Version: k6.version } : {}) });
  for (const note of imported.notes) log(note);
  const { result, dir, comparisons } = await judgeImported(
    { ...imported, registry },
    {
      budgets,
      budgetsFile,
      ...(baseline ? { baseline: { name: baseline.name, result: baseline.result } } : {}),
      announce: { outDir, push: options.push ?? config.push, alerts: config.alerts, json: options.json },
    },
    log,
  );
  if (options.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return result.exitCode;
  }
  process.stdout.write(`${formatVerdictTable(result, false)}\n`);
  if (comparisons.length > 0) {
    process.stdout.write(`\n${printComparisons(comparisons, `baseline ${options.baseline}`, 'this run')}\n`);
    if (result.baseline?.environmentDiffers.length) process.stdout.write(`note: the baseline differs in ${result.baseline.environmentDiffers.join('; ')}\n`);
  }
  process.stdout.write(`reports: ${dir}\n`);
  return result.exitCode;
}

/**
 * `perfgate k6 run`: the scenario exported, its setup and request functions evaluated for k6, k6 run on this
 * machine, and its points imported and judged. `--dry-run` prints the k6 command line instead of running it.
 */
export async function k6Run(file: string, options: K6RunOptions): Promise<number> {
  const { scenario, script } = await exportFor(file, options.budgets);
  const unevaluable = script.functions.filter((f) => !f.evaluable).map((f) => f.field);
  if (unevaluable.length) {
    throw runError(
      `k6 run: scenario ${scenario.name} has functions that depend on the run (${unevaluable.join(', ')}), which perfgate cannot evaluate for k6 ahead of it; export the script (perfgate k6 export), port them, and run it with k6`,
    );
  }
  const binary = options.dryRun ? 'k6' : findK6();
  const outDir = resolve(options.out);
  const dir = join(outDir, 'k6', newRunId(new Date()));
  const files: K6RunFiles = { dir, script: join(dir, script.fileName), ...(script.functions.length || scenario.setup ? { data: join(dir, 'data.json') } : {}) };
  const args = k6Arguments(files, options.url);
  if (options.dryRun) {
    process.stdout.write(`${[binary, ...args].map(shellWord).join(' ')}\n`);
    return 0;
  }
  await assertOutDir(outDir, '--out');
  await mkdir(dir, { recursive: true });
  await writeFile(files.script, script.text);
  if (files.data) {
    log(`running the scenario's setup() and request functions against ${options.url} for k6`);
    await writeFile(files.data, JSON.stringify(await scenarioData(scenario, options.url, new AbortController().signal)));
  }
  const version = await k6Version(binary);
  log(`k6 ${version ?? ''} ${args.join(' ')}`.replace(/\s+/g, ' '));
  await runK6(binary, args, log);
  return k6Import([join(dir, POINTS_FILE), join(dir, SUMMARY_FILE)], options, { ...(version ? { version } : {}) });
}

/** A word as a POSIX shell reads it back: quoted unless it is plainly safe. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
