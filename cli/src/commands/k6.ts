import type { Command } from 'commander';
import { httpUrlFlag } from '../run/run-options.ts';
import { k6Export, k6Manifest, type ExportOptions, type ManifestOptions } from './k6-export.ts';
import { k6Import, k6Run, type JudgeOptions, type K6RunOptions } from './k6-import.ts';
import { positiveInt } from './option-parsers.ts';

/** The most runners one TestRun asks for: past that, the split is the operator's problem, not a flag's typo. */
const MAX_PARALLELISM = 1000;

/** Judging flags shared by `k6 import` and `k6 run`: the same as `perfgate run`'s. */
function judged(command: Command): Command {
  return command
    .option('--budgets <file>', 'budget file (default: budgets/generic.budget.ts)')
    .option('--baseline <name>', 'compare with this stored baseline (perfgate baseline save)')
    .option('--out <dir>', 'where runs, baselines and state are written', '.perfgate')
    .option('--json', 'print the result as JSON instead of the table')
    .option('--push <url>', 'push the measurements and verdicts to this Prometheus Pushgateway', httpUrlFlag('--push'))
    .option('--config <file>', 'config file for push and alerts (default: perfgate.config.* if present)');
}

/** `perfgate k6 …`: scenarios and budgets handed to k6 and the k6-operator, and their results judged by perfgate. */
export function registerK6(program: Command): void {
  const k6 = program.command('k6').description('run scenarios on k6 or the k6-operator, and judge their results as perfgate runs');

  k6.command('export')
    .description('write one k6 script per scenario: load model, stages, flows, tags, thresholds from the budgets')
    .argument('<scenario...>', 'scenario files (.ts defineScenario, .yaml, .json)')
    .option('--budgets <file>', 'turn these budget rules into k6 thresholds')
    .option('-o, --output <dir>', 'directory for the scripts', '.')
    .option('--url <url>', "run the scenario's setup() and request functions against this target and write their values for k6 (NAME.data.json)", httpUrlFlag('--url'))
    .addHelpText('after', '\nExample:\n  $ perfgate k6 export scenarios/paypass.scenario.ts --budgets budgets/paypass.budget.ts -o k6/')
    .action((files: string[], options: ExportOptions) => k6Export(files, options));

  k6.command('manifest')
    .description('write a k6-operator TestRun (with the script in a ConfigMap) whose runners keep their raw points')
    .argument('<scenario>', 'scenario file')
    .requiredOption('--url <url>', 'the target, as the runners reach it (BASE_URL)', httpUrlFlag('--url'))
    .option('--parallelism <n>', 'runners (pods) sharing the load', positiveInt('--parallelism', MAX_PARALLELISM), 1)
    .option('--budgets <file>', 'turn these budget rules into k6 thresholds')
    .option('--name <name>', 'the TestRun name (default: from the scenario name)')
    .option('--results-claim <name>', 'an existing ReadWriteMany PersistentVolumeClaim for the points (default: the manifest claims one)')
    .option('--data <file>', 'setup() vars and function values from perfgate k6 export --url (default: evaluated against --url now)')
    .option('-o, --output <file>', 'write the YAML to a file instead of stdout')
    .addHelpText(
      'after',
      '\nExample:\n  $ perfgate k6 manifest scenarios/paypass.scenario.ts --url http://paypass:3000 --parallelism 4 -o testrun.yaml && kubectl apply -f testrun.yaml',
    )
    .action((file: string, options: ManifestOptions) => k6Manifest(file, options));

  judged(
    k6
      .command('import')
      .description('judge k6 output (--out json points, gzipped or not; --summary-export; handleSummary data) from one or many runners')
      .argument('<files...>', 'k6 output files, or directories holding them'),
  )
    .addHelpText(
      'after',
      '\nFrom raw points, percentiles are exact across runners (one merged HDR histogram); from summaries alone, what cannot be merged is said, not guessed.\n\nExample:\n  $ perfgate k6 import results/ --budgets budgets/paypass.budget.ts --baseline main',
    )
    .action(async (files: string[], options: JudgeOptions) => {
      process.exitCode = await k6Import(files, options);
    });

  judged(
    k6
      .command('run')
      .description('export a scenario, run it with the k6 on PATH, and judge its points')
      .argument('<scenario>', 'scenario file')
      .requiredOption('--url <url>', 'the target (BASE_URL)', httpUrlFlag('--url'))
      .option('--dry-run', 'print the k6 command line instead of running it'),
  )
    .addHelpText('after', '\nExit codes: 0 pass · 1 a budget failed or a regression was found · 2 bad usage or input · 3 no k6 on PATH, or k6 failed')
    .action(async (file: string, options: K6RunOptions) => {
      process.exitCode = await k6Run(file, options);
    });
}
