import type { Command } from 'commander';
import { REGISTRY, type Registry } from '../checks/registry.ts';
import { executeRun } from '../run/execute-run.ts';
import { planRun } from '../run/plan.ts';
import { printComparisons } from '../run/print-comparisons.ts';
import { formatVerdictTable } from '../run/print-verdicts.ts';
import { runFlags, toCommanderOption, type RunOptions } from '../run/run-options.ts';
import { listenForInterrupts } from '../run/signals.ts';

export type { RunOptions } from '../run/run-options.ts';

export function registerRun(program: Command, registry: Registry = REGISTRY): void {
  const command = program.command('run').description('run the checks against a target, judge them against the budgets and a baseline, write the reports');
  // Core flags, then each check's own, as the registry declares them.
  for (const { flag } of runFlags(registry)) command.addOption(toCommanderOption(flag));
  command
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

Exit codes: 0 pass · 1 a budget failed or a regression was found · 2 bad usage, config or input · 3 a check could not run · 130 interrupted (143 on SIGTERM)`,
    )
    .action(async (options: RunOptions) => {
      process.exitCode = await runCommand(options, registry);
    });
}

/** Flags → a validated plan → measure, judge, write → the table (or JSON) and the exit code. */
export async function runCommand(flags: RunOptions, registry: Registry = REGISTRY): Promise<number> {
  const plan = await planRun(flags, progress, registry);
  const interruption = listenForInterrupts(progress);
  try {
    const { result, dir, comparisons } = await executeRun(plan, interruption, progress, !plan.options.json && useColor() && Boolean(process.stderr.isTTY));
    if (plan.options.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    } else {
      process.stdout.write(`${formatVerdictTable(result, useColor())}\n`);
      if (comparisons.length > 0) {
        process.stdout.write(`\n${printComparisons(comparisons, `baseline ${plan.options.baseline}`, 'this run')}\n`);
        if (result.baseline?.environmentDiffers.length) process.stdout.write(`note: the baseline differs in ${result.baseline.environmentDiffers.join('; ')}\n`);
      }
      process.stdout.write(`reports: ${dir}\n`);
    }
    return result.exitCode;
  } finally {
    interruption.dispose();
  }
}

function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

function useColor(): boolean {
  return Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && !process.env.CI;
}
