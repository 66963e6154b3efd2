import { resolve } from 'node:path';
import { usageError } from '../../util/errors.ts';
import { formatZodIssue } from '../../util/format-zod-error.ts';
import { loadConfigFile } from '../../util/load-module.ts';
import { Scenario } from './scenario.ts';
import { formatPath, missingVar, stringsIn } from './template.ts';

/** Loads a scenario file (TypeScript defineScenario, or YAML/JSON) and validates it. */
export async function loadScenario(file: string): Promise<Scenario> {
  const raw = await loadConfigFile(file, 'scenario');
  const parsed = Scenario.safeParse(raw);
  if (!parsed.success) throw usageError('BAD_SCENARIO', `scenario file ${file}: ${formatZodIssue(parsed.error)}`);
  const unfillable = varWithoutSetup(parsed.data);
  if (unfillable) throw usageError('BAD_SCENARIO', `scenario file ${file}: ${unfillable}`);
  // Generator threads import the scenario's functions from the file itself.
  return { ...parsed.data, sourceFile: resolve(file) };
}

/**
 * {{vars.NAME}} is filled from what setup returns; a scenario without setup (every YAML or JSON one) has no vars,
 * so such a placeholder can only fail once the run has started. Found here instead, with its place in the file.
 * Headers and bodies computed by functions are checked on the first request, as before.
 */
function varWithoutSetup(scenario: Scenario): string | undefined {
  if (scenario.setup) return undefined;
  for (const [index, request] of scenario.requests.entries()) {
    const strings: [(string | number)[], string][] = [[['path'], request.path]];
    if (request.headers && typeof request.headers === 'object') {
      for (const [name, value] of Object.entries(request.headers)) strings.push([['headers', name], value]);
    }
    if (typeof request.body !== 'function') strings.push(...stringsIn(request.body, ['body']));
    for (const [path, text] of strings) {
      const name = missingVar(text, {});
      if (name !== undefined) {
        return `${formatPath(['requests', index, ...path])}: {{vars.${name}}}: the scenario has no setup to return "${name}"; expected {{uuid}}, {{seq}} or {{env.NAME}} (vars come from the setup function of a .ts scenario)`;
      }
    }
  }
  return undefined;
}
