import type { Scenario } from '../../checks/load/scenario.ts';

/** A part of the scenario that is a TypeScript function, by where it sits (`requests[2].headers`). */
export interface ScenarioFunction {
  field: string;
  fn: (...args: never[]) => unknown;
  /**
   * perfgate can evaluate it ahead of the run, for a run of sequence numbers, and hand k6 the values: a request's
   * headers or body depend only on setup's vars, the sequence number and a uuid. A session, a capture or a flow
   * step's values depend on what happens during the run.
   */
  evaluable: boolean;
}

type AnyFunction = (...args: never[]) => unknown;
const isFunction = (v: unknown): v is AnyFunction => typeof v === 'function';

/** Every function of the scenario that k6 needs a value from, in the order the script meets them. */
export function scenarioFunctions(scenario: Scenario): ScenarioFunction[] {
  const found: ScenarioFunction[] = [];
  const add = (field: string, value: unknown, evaluable: boolean) => {
    if (isFunction(value)) found.push({ field, fn: value, evaluable });
  };
  scenario.requests.forEach((request, i) => {
    add(`requests[${i}].headers`, request.headers, true);
    add(`requests[${i}].body`, request.body, true);
  });
  add('users.session', scenario.users?.session, false);
  scenario.flows?.forEach((flow, f) =>
    flow.steps.forEach((step, s) => {
      for (const part of ['headers', 'body', 'capture'] as const) add(`flows[${f}].steps[${s}].${part}`, step[part], false);
    }),
  );
  return found;
}

/** What the script does not do at all, one line each: k6 has its own WebSocket API, which perfgate's steps do not map to. */
export function notExported(scenario: Scenario): string[] {
  const lines: string[] = [];
  if (scenario.users?.websocket) lines.push("users.websocket: users hold no WebSocket (so 'websocket connect' and users.connected are not measured)");
  scenario.flows?.forEach((flow, f) =>
    flow.steps.forEach((step, s) => {
      if (step.await) lines.push(`flows[${f}].steps[${s}].await: "${step.await.name}" (a message awaited on the user's WebSocket) is not measured; the step's request is`);
    }),
  );
  return lines;
}

/** A function's source, as the scenario file has it (types stripped), for a person porting it. */
export function sourceOf(fn: AnyFunction): string {
  return fn.toString();
}
