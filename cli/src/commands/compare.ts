import { resolve } from 'node:path';
import type { Command } from 'commander';
import { compareMeasurements, type MetricComparison } from '../judge/compare-runs.ts';
import { loadBudgets } from '../judge/load-budgets.ts';
import { RunStore } from '../judge/run-store.ts';
import { REGISTRY } from '../checks/registry.ts';
import { LOAD_LIMITS } from '../checks/load/scenario.ts';
import { runAbCompare, type AbOptions } from '../run/ab-compare.ts';
import { targetDifferences } from '../run/assemble-result.ts';
import { environmentDifferences } from '../run/environment.ts';
import { printComparisons } from '../run/print-comparisons.ts';
import { formatVerdictTable } from '../run/print-verdicts.ts';
import { pushRun } from '../run/push.ts';
import { httpUrlFlag } from '../run/run-options.ts';
import { EXIT, usageError } from '../util/errors.ts';
import { positiveInt, positiveNumber } from './option-parsers.ts';

interface CompareOptions extends Partial<AbOptions> {
  base?: string;
  head?: string;
  budgets?: string;
  out: string;
  json?: boolean;
  push?: string;
}

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('compare two stored runs, or measure two targets side by side (A/B mode)')
    .argument('[a]', 'baseline run: run id, result.json path, baseline name or "latest"')
    .argument('[b]', 'run to judge against it')
    .option('--base <ref|url>', 'A/B mode: git ref of PayPass or URL of the base target')
    .option('--head <ref|url>', 'A/B mode: git ref of PayPass or URL of the head target (default: the working tree)')
    .option('--scenario <file>', 'A/B mode: load scenario')
    .option('--budgets <file>', "take each metric's tolerance and confidence from this budget file")
    .option('--min-rounds <n>', 'A/B mode: rounds per side before the first decision', positiveInt('--min-rounds', LOAD_LIMITS.rounds), 5)
    .option('--max-rounds <n>', 'A/B mode: stop adding rounds after this many per side', positiveInt('--max-rounds', LOAD_LIMITS.rounds), 30)
    .option('--time-limit <seconds>', 'A/B mode: stop adding rounds after this long', positiveNumber('--time-limit'), 600)
    .option('--duration <seconds>', 'A/B mode: seconds per endpoint per round', positiveNumber('--duration', LOAD_LIMITS.duration))
    .option('--connections <n>', 'A/B mode: concurrent connections', positiveInt('--connections', LOAD_LIMITS.connections))
    .option('--out <dir>', 'perfgate state directory', '.perfgate')
    .option('--json', 'print the comparisons as JSON')
    .option('--push <url>', "A/B mode: push the head run's measurements and verdicts to this Prometheus Pushgateway", httpUrlFlag('--push'))
    .addHelpText(
      'after',
      `
Examples:
  $ perfgate compare main latest                      the latest run against baseline "main"
  $ perfgate compare old/result.json new/result.json
  $ perfgate compare --base origin/main --head HEAD    PayPass from two git refs, rounds interleaved on this machine
  $ perfgate compare --base http://127.0.0.1:8080 --head http://127.0.0.1:8081 --scenario api.scenario.yaml

Exit codes: 0 no regression (and, in A/B mode, the head within its budgets) · 1 a regression or, in A/B mode, a budget the head failed · 2 bad usage · 3 a target could not run`,
    )
    .action(async (a: string | undefined, b: string | undefined, options: CompareOptions, command: Command) => {
      checkModeArguments(a, options, command);
      process.exitCode = options.base || options.head ? await compareAb(options as AbOptions & { base: string }) : await compareStored(a, b, options);
    });
}

const AB_ONLY = ['scenario', 'minRounds', 'maxRounds', 'timeLimit', 'duration', 'connections', 'push'] as const;
const FLAG: Record<(typeof AB_ONLY)[number], string> = {
  scenario: '--scenario',
  minRounds: '--min-rounds',
  maxRounds: '--max-rounds',
  timeLimit: '--time-limit',
  duration: '--duration',
  connections: '--connections',
  push: '--push',
};

/** The two modes take different arguments; mixing them would silently ignore half of what was asked. */
function checkModeArguments(a: string | undefined, options: CompareOptions, command: Command): void {
  const abMode = Boolean(options.base || options.head);
  if (abMode && a !== undefined) throw usageError('BAD_FLAG', 'compare: give either two stored runs (compare BASE HEAD) or --base/--head (A/B mode), not both');
  if (!abMode) {
    const given = AB_ONLY.find((key) => command.getOptionValueSource(key) === 'cli');
    if (given) throw usageError('BAD_FLAG', `compare: ${FLAG[given]} applies to A/B mode only (--base/--head); stored runs are compared as they were measured`);
  }
  if (abMode && options.minRounds !== undefined && options.maxRounds !== undefined && options.minRounds > options.maxRounds) {
    throw usageError('BAD_FLAG', `compare: --min-rounds ${options.minRounds} is more than --max-rounds ${options.maxRounds}`);
  }
}

async function compareStored(a: string | undefined, b: string | undefined, options: CompareOptions): Promise<number> {
  if (!a || !b) throw usageError('BAD_FLAG', 'compare: expected two runs (perfgate compare BASE HEAD) or --base/--head for A/B mode');
  const store = new RunStore(resolve(options.out));
  const base = await store.resolve(a);
  const head = await store.resolve(b);
  const budgets = options.budgets ? await loadBudgets(options.budgets, REGISTRY.metricsByCheck) : undefined;
  const comparisons = compareMeasurements(base.result, head.result.measurements, { budgets, metrics: REGISTRY.catalog });
  if (comparisons.length === 0) throw usageError('NOTHING_TO_COMPARE', `compare: runs ${base.result.id} and ${head.result.id} share no measurement`);
  const differs = [...environmentDifferences(base.result.environment, head.result.environment), ...targetDifferences(base.result.target, head.result.target)];
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ base: base.result.id, head: head.result.id, environmentDiffers: differs, comparisons: comparisons.map(toJson) }, null, 2)}\n`);
  } else {
    process.stdout.write(`${printComparisons(comparisons, a, b)}\n`);
    if (differs.length) process.stdout.write(`note: the runs differ in ${differs.join('; ')} — numbers are not directly comparable\n`);
  }
  return comparisons.some((c) => c.result.change === 'regressed') ? EXIT.fail : EXIT.pass;
}

/** A/B mode: both targets measured here, rounds interleaved; the head run is judged and its reports written. */
async function compareAb(options: AbOptions & { base: string; push?: string }): Promise<number> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const ab = await runAbCompare(options, log);
  if (options.push) await pushRun(ab.headResult, options.push, log);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(ab.headResult, null, 2)}\n`);
  } else {
    process.stdout.write(`${printComparisons(ab.comparisons, `base ${options.base}`, `head ${ab.headLabel}`)}\n\n${formatVerdictTable(ab.headResult, false)}\n`);
    process.stdout.write(`A/B: ${ab.reason} · base run ${ab.baseResult.id} · head run ${ab.headResult.id}\nreports: ${ab.dir}\n`);
  }
  return ab.headResult.exitCode;
}

function toJson(c: MetricComparison) {
  return { check: c.head.check, metric: c.head.metric, subject: c.head.subject, unit: c.head.unit, base: c.base.value, head: c.head.value, ...c.result };
}
