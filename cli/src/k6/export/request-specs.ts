import { subjectOf, type FlowStep, type Scenario, type ScenarioRequest } from '../../checks/load/scenario.ts';
import { Code } from './js-text.ts';

/** A request or a flow step as the script's `send` takes it; a function of the scenario becomes `computed(field)`. */
export function requestSpec(request: ScenarioRequest | FlowStep, field: string): Record<string, unknown> {
  const part = (name: 'headers' | 'body' | 'capture', value: unknown) => (typeof value === 'function' ? new Code(`computed(${JSON.stringify(`${field}.${name}`)})`) : value);
  const step = request as Partial<FlowStep>;
  return {
    subject: subjectOf(request as ScenarioRequest),
    method: request.method,
    path: request.path,
    headers: part('headers', request.headers),
    body: part('body', request.body),
    // k6 counts a request as failed (http_req_failed) unless its status is expected: 200–399 by default, as perfgate.
    expected: request.expect ? new Code(`http.expectedStatuses(${request.expect.join(', ')})`) : undefined,
    expect: request.expect,
    think: step.think,
    capture: part('capture', step.capture),
  };
}

export function requestSpecs(scenario: Scenario): Record<string, unknown>[] {
  return scenario.requests.map((request, i) => requestSpec(request, `requests[${i}]`));
}

export function flowSpecs(scenario: Scenario): Record<string, unknown>[] {
  return (scenario.flows ?? []).map((flow, f) => ({
    name: flow.name,
    weight: flow.weight,
    steps: flow.steps.map((step, s) => requestSpec(step, `flows[${f}].steps[${s}]`)),
  }));
}

/** The subjects the script's requests are tagged with: every endpoint, or every step of every flow. */
export function exportedSubjects(scenario: Scenario): string[] {
  const subjects = scenario.flows ? scenario.flows.flatMap((flow) => flow.steps.map((step) => subjectOf(step))) : scenario.requests.map((r) => subjectOf(r));
  return [...new Set(subjects)];
}
