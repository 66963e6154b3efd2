import type { Command } from 'commander';
import { REGISTRY, type Registry } from '../checks/registry.ts';
import { alignColumns, shortMetric } from '../../../reports/benchstat.ts';
import { calibrate } from '../run/calibrate.ts';
import { planRun } from '../run/plan.ts';
import { runFlags, toCommanderOption, type RunOptions } from '../run/run-options.ts';
import { listenForInterrupts } from '../run/signals.ts';
import { positiveInt } from '../util/flag-values.ts';

export function registerCalibrate(program: Command, registry: Registry = REGISTRY): void {
  const command = program.command('calibrate').description("measure this machine's noise floors: A/A runs of the same target, stored for run --baseline to honour");
  for (const { flag, name } of runFlags(registry)) if (!['baseline', 'budgets', 'json'].includes(name)) command.addOption(toCommanderOption(flag));
  command
    .option('--pairs <n>', 'A/A pairs (each two runs of the selected checks)', positiveInt('--pairs', 50), 3)
    .addHelpText(
      'after',
      `
Examples:
  $ perfgate calibrate                               PayPass, every check, 3 A/A pairs
  $ perfgate calibrate --url http://127.0.0.1:8080 --scenario api.scenario.yaml --pairs 5

The floors go to .perfgate/noise-floors.json (--out moves it). run --baseline then never claims a change smaller
than the floor measured for that metric here; without calibration, conservative defaults apply and reports say so.`,
    )
    .action(async (options: RunOptions & { pairs: number }) => {
      const progress = (line: string) => process.stderr.write(`${line}\n`);
      const plan = await planRun(options, progress, registry);
      const interruption = listenForInterrupts(progress);
      try {
        const { file, rows } = await calibrate(plan, options.pairs, interruption, progress);
        const pct = (x: number | undefined) => (x === undefined ? '-' : `±${(x * 100).toFixed(1)}%`);
        const table = rows.map((r) => [`${r.measurement.check} ${shortMetric(r.measurement.metric)} ${r.measurement.subject}`, pct(r.defaultFloor), pct(r.calibrated)]);
        process.stdout.write(`${alignColumns([['', 'default floor', 'calibrated'], ...table]).join('\n')}\n\nnoise floors: ${file}\n`);
        process.exitCode = interruption.exitCode ?? 0;
      } finally {
        interruption.dispose();
      }
    });
}
