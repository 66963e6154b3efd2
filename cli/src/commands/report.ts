import { writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { REPORT_FORMATS, renderFormat, type ReportFormat } from '../../../reports/index.ts';
import { RunStore } from '../judge/run-store.ts';
import { historyForReport, runsDirOf } from '../run/report-history.ts';
import { usageError } from '../util/errors.ts';

/** Re-renders a stored run in one format (after an upgrade, or for another audience). */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description('render a stored run again: html, md, junit, json or openmetrics')
    .argument('[run]', 'run id, result.json path, baseline name or "latest"', 'latest')
    .addOption(new Option('--format <format>', 'output format').choices(REPORT_FORMATS as string[]).default('md'))
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('--out <dir>', 'perfgate state directory', '.perfgate')
    .addHelpText(
      'after',
      '\nExamples:\n  $ perfgate report --format md >> "$GITHUB_STEP_SUMMARY"\n  $ perfgate report 20261125-031502-a1b2c3 --format html -o report.html\n  $ perfgate report latest --format openmetrics -o metrics.prom',
    )
    .action(async (run: string, options: { format: ReportFormat; output?: string; out: string }) => {
      const outDir = resolve(options.out);
      const { result, file } = await new RunStore(outDir).resolve(run);
      // The HTML report charts the history of the runs stored beside this one, up to it.
      const history = options.format === 'html' ? await historyForReport(result, runsDirOf(file, result, outDir), outDir) : undefined;
      const text = renderFormat(result, options.format, history ? { history } : {});
      if (options.output) await writeOutputFile(options.output, text);
      else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    });
}

/**
 * Writes `-o FILE`. A missing directory is refused rather than created: a typo in the path
 * should not leave a stray directory tree behind.
 */
export async function writeOutputFile(file: string, text: string): Promise<void> {
  try {
    await writeFile(file, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw usageError('BAD_FLAG', `-o ${file}: directory ${dirname(file)} does not exist`);
    if (code === 'EISDIR') throw usageError('BAD_FLAG', `-o ${file}: is a directory, expected a file path`);
    if (code === 'ENOTDIR') throw usageError('BAD_FLAG', `-o ${file}: ${dirname(file)} is not a directory`);
    if (code === 'EACCES' || code === 'EPERM') throw usageError('BAD_FLAG', `-o ${file}: cannot be written (permission denied)`);
    throw error;
  }
}
