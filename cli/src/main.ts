import { Command, CommanderError } from 'commander';
import { createRequire } from 'node:module';
import { registerBaseline } from './commands/baseline.ts';
import { registerCalibrate } from './commands/calibrate.ts';
import { registerCompare } from './commands/compare.ts';
import { registerHistory } from './commands/history.ts';
import { registerK6 } from './commands/k6.ts';
import { registerReport } from './commands/report.ts';
import { registerRun } from './commands/run.ts';
import { registerSchema } from './commands/schema.ts';
import { EXIT, PerfgateError, firstLine, oneLine } from './util/errors.ts';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

export function buildProgram(): Command {
  const program = new Command('perfgate')
    .description('Performance budgets and honest regression verdicts for CI')
    .version(version)
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeErr: (text) => process.stderr.write(text),
      // Commander's errors echo the user's value (which may hold a newline) and put "(Did you mean …?)" on a
      // line of its own: each error is one line here, the suggestion after it.
      outputError: (text, write) => write(`${oneLine(text)}\n`),
    });
  registerRun(program);
  registerBaseline(program);
  registerSchema(program);
  registerCompare(program);
  registerCalibrate(program);
  registerReport(program);
  registerHistory(program);
  registerK6(program);
  const override = (command: Command): void => {
    command.exitOverride();
    command.commands.forEach(override);
  };
  program.commands.forEach(override);
  return program;
}

/** Runs the CLI and returns the exit code; every expected failure is one line on stderr, never a stack. */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.pass;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with code 0; commander already printed its message.
      return error.exitCode === 0 ? EXIT.pass : EXIT.usage;
    }
    if (error instanceof PerfgateError) {
      process.stderr.write(`perfgate: ${oneLine(error.message)}\n`);
      if (process.env.PERFGATE_DEBUG) process.stderr.write(`[${error.code}] ${error.stack}\n`);
      return error.exitCode;
    }
    process.stderr.write(`perfgate: unexpected error: ${oneLine(firstLine(error))}\n`);
    if (process.env.PERFGATE_DEBUG) process.stderr.write(`${(error as Error)?.stack}\n`);
    return EXIT.error;
  }
}
