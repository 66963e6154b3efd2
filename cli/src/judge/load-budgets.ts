import { BudgetFile } from '../model/index.ts';
import { usageError } from '../util/errors.ts';
import { formatZodIssue } from '../util/format-zod-error.ts';
import { loadConfigFile } from '../util/load-module.ts';
import { matchesGlob } from '../util/glob.ts';
import { METRICS_BY_CHECK } from '../checks/registry.ts';

/** Loads and validates a budget file (TypeScript via defineBudgets, or YAML/JSON; one zod schema). */
export async function loadBudgets(file: string, knownChecks: readonly string[]): Promise<BudgetFile> {
  const raw = await loadConfigFile(file, 'budget');
  return parseBudgets(raw, file, knownChecks);
}

export function parseBudgets(
  raw: unknown,
  file: string,
  knownChecks: readonly string[],
  knownMetrics: Readonly<Record<string, readonly string[]>> = METRICS_BY_CHECK,
): BudgetFile {
  const parsed = BudgetFile.safeParse(raw);
  if (!parsed.success) throw usageError('BAD_BUDGET', `budget file ${file}: ${formatZodIssue(parsed.error)}`);
  parsed.data.rules.forEach((rule, index) => {
    if (!knownChecks.includes(rule.check)) {
      throw usageError('BAD_BUDGET', 
        `budget file ${file}: rules[${index}].check: unknown check "${rule.check}"; expected one of ${knownChecks.join(', ')}`,
      );
    }
    // A misspelt metric would match nothing and pass every run in silence.
    const metrics = knownMetrics[rule.check];
    if (metrics && !metrics.some((m) => matchesGlob(m, rule.metric))) {
      throw usageError('BAD_BUDGET', 
        `budget file ${file}: rules[${index}].metric: the ${rule.check} check has no metric "${rule.metric}"; expected one of ${metrics.join(', ')}`,
      );
    }
  });
  return parsed.data;
}
