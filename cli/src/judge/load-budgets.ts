import { BudgetFile, type MetricDescriptor } from '../model/index.ts';
import { usageError } from '../util/errors.ts';
import { formatZodIssue } from '../util/format-zod-error.ts';
import { loadConfigFile } from '../util/load-module.ts';
import { matchesGlob } from '../util/glob.ts';

/** The metrics each known check declares, by check id: what a budget rule may name. */
export type KnownMetrics = Readonly<Record<string, readonly Pick<MetricDescriptor, 'name'>[]>>;

/** Loads and validates a budget file (TypeScript via defineBudgets, or YAML/JSON; one zod schema). */
export async function loadBudgets(file: string, known: KnownMetrics): Promise<BudgetFile> {
  const raw = await loadConfigFile(file, 'budget');
  return parseBudgets(raw, file, known);
}

export function parseBudgets(raw: unknown, file: string, known: KnownMetrics): BudgetFile {
  const knownChecks = Object.keys(known);
  const parsed = BudgetFile.safeParse(raw);
  if (!parsed.success) throw usageError('BAD_BUDGET', `budget file ${file}: ${formatZodIssue(parsed.error)}`);
  parsed.data.rules.forEach((rule, index) => {
    if (!knownChecks.includes(rule.check)) {
      throw usageError('BAD_BUDGET', `budget file ${file}: rules[${index}].check: unknown check "${rule.check}"; expected one of ${knownChecks.join(', ')}`);
    }
    // A misspelt metric would match nothing and pass every run in silence.
    const metrics = known[rule.check]!.map((m) => m.name);
    if (!metrics.some((m) => matchesGlob(m, rule.metric))) {
      throw usageError('BAD_BUDGET', `budget file ${file}: rules[${index}].metric: the ${rule.check} check has no metric "${rule.metric}"; expected one of ${metrics.join(', ')}`);
    }
  });
  return parsed.data;
}
