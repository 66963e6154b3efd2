import type { Scenario } from '../checks/load/scenario.ts';
import { runError } from '../util/errors.ts';
import { scenarioFunctions } from './export/scenario-functions.ts';

/**
 * How many values of each request function k6 gets: k6 takes them in turn, so they repeat every this many requests.
 * 600 has many divisors (a ring of 20 logins, 3 currencies… repeat in step) and keeps the data of a scenario with
 * several functions under the 1 MiB a Kubernetes Secret may hold.
 */
export const EVALUATED_REQUESTS = 600;

/** What a script reads from PERFGATE_DATA: setup's vars, and each evaluable function's values by field. */
export interface ScenarioData {
  vars: Record<string, unknown>;
  computed: Record<string, unknown[]>;
}

/**
 * Runs what k6 cannot: the scenario's setup() (its logins) against the target, then each request's headers and body
 * functions for the first sequence numbers, with `{{uuid}}` standing for the uuid (the script fills in a fresh one
 * per request). What a function returns must be JSON, as what crosses to k6 is a file.
 */
export async function scenarioData(scenario: Scenario, baseUrl: string, signal: AbortSignal): Promise<ScenarioData> {
  const vars = scenario.setup ? await runSetup(scenario, baseUrl, signal) : {};
  const computed: Record<string, unknown[]> = {};
  for (const { field, fn, evaluable } of scenarioFunctions(scenario)) {
    if (!evaluable) continue;
    const call = fn as (ctx: { vars: Record<string, unknown>; seq: number; uuid: string }) => unknown;
    try {
      computed[field] = Array.from({ length: EVALUATED_REQUESTS }, (_, seq) => call({ vars, seq, uuid: '{{uuid}}' }));
    } catch (error) {
      throw runError(`scenario ${scenario.name}: ${field} threw when evaluated for k6: ${(error as Error)?.message ?? String(error)}`);
    }
  }
  const data = { vars, computed };
  assertJson(data, scenario.name);
  return data;
}

/** The scenario's setup() under its setupTimeout: one waiting on a silent server would hold the run forever. */
async function runSetup(scenario: Scenario, baseUrl: string, signal: AbortSignal): Promise<Record<string, unknown>> {
  const seconds = scenario.setupTimeout;
  const controller = new AbortController();
  const stop = () => controller.abort();
  signal.addEventListener('abort', stop, { once: true });
  const timer = setTimeout(stop, seconds * 1000);
  const stopped = new Promise<never>((_, reject) =>
    controller.signal.addEventListener('abort', () => reject(new Error(signal.aborted ? 'interrupted' : `it did not finish within ${seconds} s (setupTimeout)`)), { once: true }),
  );
  try {
    const vars: unknown = await Promise.race([scenario.setup!({ baseUrl, credentials: [], signal: controller.signal }), stopped]);
    if (vars !== undefined && (typeof vars !== 'object' || vars === null || Array.isArray(vars))) {
      throw new Error(`it returned ${Array.isArray(vars) ? 'a list' : typeof vars}; expected an object of vars`);
    }
    return (vars ?? {}) as Record<string, unknown>;
  } catch (error) {
    throw runError(`scenario ${scenario.name}: setup() for k6 failed: ${(error as Error)?.message ?? String(error)}`);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', stop);
  }
}

function assertJson(data: ScenarioData, name: string): void {
  try {
    JSON.stringify(data);
  } catch (error) {
    throw runError(`scenario ${name}: what setup() or a request function returned is not JSON (${(error as Error).message}), so k6 cannot be handed it`);
  }
}
