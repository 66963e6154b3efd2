import { resolve } from 'node:path';
import type { Command } from 'commander';
import { RunStore } from '../judge/run-store.ts';

interface StoreOptions {
  out: string;
}

export function registerBaseline(program: Command): void {
  const baseline = program.command('baseline').description('save, list and show named baselines that later runs are compared with');

  baseline
    .command('save')
    .description('store a run as a named baseline (default: the latest run, name "main")')
    .argument('[run]', 'run id, result.json path or "latest"', 'latest')
    .option('--name <name>', 'baseline name', 'main')
    .option('--out <dir>', 'perfgate state directory', '.perfgate')
    .addHelpText(
      'after',
      '\nExamples:\n  $ perfgate baseline save                 the latest run becomes baseline "main"\n  $ perfgate baseline save 20261125-031502-a1b2c3 --name release-1.4',
    )
    .action(async (run: string, options: StoreOptions & { name: string }) => {
      const store = new RunStore(resolve(options.out));
      const { file, result } = await store.saveBaseline(run, options.name);
      process.stdout.write(`baseline "${options.name}" ← run ${result.id} (${result.outcome}, ${result.measurements.length} measurements)\n${file}\n`);
    });

  baseline
    .command('list')
    .description('list the stored baselines')
    .option('--out <dir>', 'perfgate state directory', '.perfgate')
    .action(async (options: StoreOptions) => {
      const list = await new RunStore(resolve(options.out)).listBaselines();
      if (list.length === 0) {
        process.stdout.write('no baselines yet: run `perfgate run`, then `perfgate baseline save`\n');
        return;
      }
      for (const { name, result } of list) {
        const sha = result.environment.gitSha?.slice(0, 8) ?? 'no-git';
        const mode = result.target.mode ? ` ${result.target.mode}` : '';
        process.stdout.write(`${name.padEnd(16)} ${result.id}  ${result.startedAt}  ${sha}  ${result.target.kind}${mode}  ${result.outcome}\n`);
      }
    });

  baseline
    .command('show')
    .description("print a baseline's measurements")
    .argument('<name>', 'baseline name, run id or result.json path')
    .option('--out <dir>', 'perfgate state directory', '.perfgate')
    .action(async (name: string, options: StoreOptions) => {
      const { result, file } = await new RunStore(resolve(options.out)).resolve(name, 'baseline');
      process.stdout.write(`${file}\nrun ${result.id} · ${result.startedAt} · ${result.environment.cpu} ×${result.environment.cores} · Node ${result.environment.node}\n`);
      for (const m of result.measurements) {
        const n = m.samples ? ` (n=${m.samples.length})` : '';
        process.stdout.write(`${m.check.padEnd(8)} ${m.metric.padEnd(16)} ${m.subject.padEnd(28)} ${m.value.toPrecision(4)} ${m.unit}${n}\n`);
      }
    });
}
