import { resolve } from 'node:path';
import type { Command } from 'commander';
import { renderHistoryText } from '../../../reports/history.ts';
import { CHECK_IDS } from '../checks/registry.ts';
import { buildHistory, loadStoredRuns } from '../judge/history/index.ts';
import { RunStore } from '../judge/run-store.ts';
import { loadNoiseFloors } from '../run/noise-floor-store.ts';
import { usageError } from '../util/errors.ts';
import { positiveInt } from './option-parsers.ts';

interface HistoryOptions {
  subject?: string;
  check?: string;
  runs: number;
  dir?: string;
  out: string;
  json?: boolean;
}

/** Each metric's trend over the stored runs, where it shifted, and the regressions a baseline has absorbed. */
export function registerHistory(program: Command): void {
  program
    .command('history')
    .description("each metric's trend over the stored runs, the runs where it shifted (change points), and regressions a baseline absorbed")
    .argument('[metric]', 'metric name or glob, e.g. latency.p95 or "latency.*" (default: every metric)')
    .option('--subject <glob>', 'only subjects matching this glob, e.g. "GET /*"')
    .option('--check <id>', `only this check's measurements (${CHECK_IDS.join(', ')})`)
    .option('--runs <n>', 'the newest N stored runs', positiveInt('--runs', 100_000), 50)
    .option('--dir <dir>', 'perfgate state directory (the same as --out)')
    .option('--out <dir>', 'perfgate state directory', '.perfgate')
    .option('--json', 'print the history as JSON')
    .addHelpText(
      'after',
      `
Each run's value is the median of its rounds (sampled metrics) or the value itself. A change point is where a metric
shifted: E-divisive means proposes the split, a t-test of the runs on either side confirms it (p < 0.001, corrected
for the choice of split), with at least 3 runs a side and a 95 % interval wholly beyond the metric's noise floor —
the method of Hunter / Apache Otava. When the latest runs are worse than an earlier stretch by more than the budget's
tolerance, the regression is called out, with the baselines saved since (they hold it as normal).

Examples:
  $ perfgate history                                   every metric of the last 50 runs
  $ perfgate history latency.p95 --subject "GET /payments"
  $ perfgate history "latency.*" --check load --runs 100 --json`,
    )
    .action(async (metric: string | undefined, options: HistoryOptions) => {
      if (options.check !== undefined && !CHECK_IDS.includes(options.check)) {
        throw usageError('BAD_FLAG', `--check ${options.check}: unknown check; expected one of ${CHECK_IDS.join(', ')}`);
      }
      const outDir = resolve(options.dir ?? options.out);
      const store = new RunStore(outDir);
      const { runs, unreadable } = await loadStoredRuns(store.runsDir(), { last: options.runs });
      const floors = await loadNoiseFloors(outDir, (line) => process.stderr.write(`perfgate: ${line}\n`));
      const baselines = (await store.listBaselines()).map((b) => ({ name: b.name, runId: b.result.id }));
      const filter = {
        ...(metric !== undefined ? { metric } : {}),
        ...(options.subject !== undefined ? { subject: options.subject } : {}),
        ...(options.check !== undefined ? { check: options.check } : {}),
      };
      const history = buildHistory(runs, { filter, ...(floors ? { floors } : {}), baselines, unreadable });
      if (runs.length > 0 && history.series.length === 0 && Object.keys(filter).length > 0) {
        const stored = [...new Set(runs.flatMap((r) => r.measurements.map((m) => `${m.check} ${m.metric}`)))].sort();
        throw usageError('BAD_FLAG', `no stored measurement matches ${describeFilter(filter)}; the stored runs hold ${stored.join(', ') || 'no measurements'}`);
      }
      if (options.json) {
        process.stdout.write(`${JSON.stringify(history, null, 2)}\n`);
        return;
      }
      if (runs.length === 0) {
        process.stdout.write(`no stored runs under ${store.runsDir()} yet: every \`perfgate run\` stores one there\n`);
        return;
      }
      process.stdout.write(renderHistoryText(history, { source: store.runsDir() }));
    });
}

function describeFilter(filter: { metric?: string; subject?: string; check?: string }): string {
  return [
    filter.check !== undefined ? `check ${filter.check}` : '',
    filter.metric !== undefined ? `metric "${filter.metric}"` : '',
    filter.subject !== undefined ? `subject "${filter.subject}"` : '',
  ]
    .filter(Boolean)
    .join(', ');
}
