import type { Scenario } from '../../checks/load/scenario.ts';
import type { BudgetFile } from '../../model/index.ts';
import { comment } from './js-text.ts';
import { sourceOf, type ScenarioFunction } from './scenario-functions.ts';

/** What the header of a script says it came from. */
export interface ScriptSource {
  scenario: Scenario;
  /** As the user named it. */
  scenarioFile: string;
  budgets?: BudgetFile;
  budgetsFile?: string;
}

/**
 * The script's opening comment: where it came from, how to run it and judge it, how it loads the target, and
 * everything it leaves to perfgate or to a person (budget rules k6 cannot express, the scenario's TypeScript).
 */
export function header(input: ScriptSource, fileName: string, unexpressed: string[], functions: ScenarioFunction[], skipped: string[]): string {
  const { scenario } = input;
  const lines = [
    `k6 script of perfgate scenario "${scenario.name}" (${input.scenarioFile})${scenario.description ? `: ${scenario.description}` : ''}.`,
    `Written by perfgate k6 export${input.budgetsFile ? ` with the thresholds of ${input.budgetsFile}` : ''}: export it again after changing the scenario or the budgets, rather than editing it.`,
    '',
    'Run it and judge it as perfgate judges its own runs:',
    `  k6 run -e BASE_URL=http://HOST:PORT --out json=points.ndjson.gz ${fileName}`,
    `  perfgate k6 import points.ndjson.gz${input.budgetsFile ? ` --budgets ${input.budgetsFile}` : ''} [--baseline NAME]`,
    `(perfgate k6 run ${input.scenarioFile} --url URL does both, and evaluates the scenario's functions for k6.)`,
    '',
    scenario.flows
      ? `Virtual users (${scenario.model} model) run the flows in one window a round: ${warmup(scenario, '')}${scenario.rounds} rounds.`
      : `Each endpoint is loaded alone (${scenario.model} model unless it says otherwise), one after another: ${warmup(scenario, ' each')}${scenario.rounds} rounds.`,
    "Each round is one sample for perfgate's statistics; requests are tagged with their subject (name), round, stage and model.",
    ...(scenario.model === 'open' || scenario.requests.some((r) => r.model === 'open')
      ? ['Open model: k6 drops an iteration that falls due while every VU is busy (dropped_iterations), where perfgate sends it late.']
      : []),
  ];
  if (unexpressed.length) lines.push('', 'Budget rules k6 cannot express (perfgate k6 import judges them all):', ...unexpressed.map((u) => `  - ${u}`));
  if (functions.length) {
    lines.push('', "The scenario's TypeScript functions: k6 takes their values from perfgate (PERFGATE_DATA), or port them into this script:");
    for (const f of functions) lines.push(`  - ${f.field}${f.evaluable ? '' : ' (depends on the run: port it)'}: ${firstLine(sourceOf(f.fn))}`);
  }
  if (skipped.length) lines.push('', 'Not exported:', ...skipped.map((s) => `  - ${s}`));
  return `${comment(lines)}\n`;
}

function warmup(scenario: Scenario, each: string): string {
  return scenario.warmup > 0 ? `a warm-up of ${scenario.warmup} s${each}, then ` : '';
}

function firstLine(source: string): string {
  const line = source.split('\n')[0]!.trim();
  return line.length > 100 ? `${line.slice(0, 97)}...` : line;
}
