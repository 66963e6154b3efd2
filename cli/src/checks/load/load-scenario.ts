import { usageError } from '../../util/errors.ts';
import { formatZodIssue } from '../../util/format-zod-error.ts';
import { loadConfigFile } from '../../util/load-module.ts';
import { Scenario } from './scenario.ts';

/** Loads a scenario file (TypeScript defineScenario, or YAML/JSON) and validates it. */
export async function loadScenario(file: string): Promise<Scenario> {
  const raw = await loadConfigFile(file, 'scenario');
  const parsed = Scenario.safeParse(raw);
  if (!parsed.success) throw usageError('BAD_SCENARIO', `scenario file ${file}: ${formatZodIssue(parsed.error)}`);
  return parsed.data;
}
