import type { Command } from 'commander';
import { resultJsonSchema } from '../../../reports/result-schema.ts';
import { budgetJsonSchema, configJsonSchema } from '../run/json-schemas.ts';
import { usageError } from '../util/errors.ts';
import { writeOutputFile } from './report.ts';

/** JSON Schemas for editors (budget files) and for consumers of result.json. */
export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('print or write the JSON Schema of budget files (or of result.json)')
    .option('--kind <kind>', 'budgets | config | result', 'budgets')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .addHelpText('after', '\nExamples:\n  $ perfgate schema -o budgets/budget.schema.json     then add "# yaml-language-server: $schema=budget.schema.json" to a YAML budget')
    .action(async (options: { kind: string; output?: string }) => {
      const text = `${JSON.stringify(schemaFor(options.kind), null, 2)}\n`;
      if (options.output) await writeOutputFile(options.output, text);
      else process.stdout.write(text);
    });
}

export function schemaFor(kind: string): unknown {
  if (kind === 'budgets') return budgetJsonSchema();
  if (kind === 'config') return configJsonSchema();
  if (kind === 'result') return resultJsonSchema();
  throw usageError('BAD_FLAG', `--kind ${kind}: expected budgets, config or result`);
}
