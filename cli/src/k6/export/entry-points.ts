import type { Scenario } from '../../checks/load/scenario.ts';
import { Code, literal } from './js-text.ts';
import { flowSpecs, requestSpecs } from './request-specs.ts';

/** The functions k6 runs per iteration: one per endpoint (`exec` of its windows), named for its subject. */
export function endpointsCode(scenario: Scenario, execNames: string[]): string {
  const specs = requestSpecs(scenario);
  const functions = specs.map(
    (spec, i) =>
      `/** ${execNames[i]}: one request of ${JSON.stringify(spec.subject)} per iteration. @param {Record<string, any>} data what setup() returned */\n` +
      `export function ${execNames[i]}(data) {\n  send(REQUESTS[${i}], { vars: data, seq: exec.scenario.iterationInInstance, uuid: uuid() });\n}\n`,
  );
  return [`/** The endpoints, in the order they are loaded. @type {Spec[]} */\nconst REQUESTS = ${literal(specs)};\n`, ...functions].join('\n');
}

/** The virtual users' iteration: one flow, picked by weight, step after step. */
export function usersCode(scenario: Scenario): string {
  const users = scenario.users!;
  const session = typeof users.session === 'function' ? new Code("computed('users.session')") : undefined;
  return `/** The flows a virtual user picks from, by weight. @type {{ name: string, weight: number, steps: Spec[] }[]} */
const FLOWS = ${literal(flowSpecs(scenario))};
const TOTAL_WEIGHT = FLOWS.reduce((sum, f) => sum + f.weight, 0);
/** Think time between steps: seconds, or [min, max]. @type {number | number[]} */
const THINK = ${literal(users.think)};
/** users.session: what each user's session starts with. @type {((ctx: Ctx) => any) | undefined} */
const SESSION = ${literal(session)};

/** This VU's own session, as perfgate's users keep one: started once, then filled by the steps' captures. @type {Record<string, any> | undefined} */
let session;
let sentByThisVu = 0;

/** @param {number | number[]} think */
function pause(think) {
  const seconds = typeof think === 'number' ? think : think[0] + Math.random() * (think[1] - think[0]);
  if (seconds > 0) sleep(seconds);
}

/**
 * A virtual user's iteration: one flow, picked by weight, step after step. A step whose status is not expected
 * ends the flow, as in perfgate.
 * @param {Record<string, any>} data what setup() returned
 */
export function users(data) {
  const user = exec.vu.idInInstance;
  // Sequence numbers unique within this k6 instance, whichever VU sends.
  const seq = () => sentByThisVu++ * 100000 + user;
  if (session === undefined) session = (SESSION && SESSION({ vars: data, seq: user, uuid: uuid(), user })) || {};
  let pick = Math.random() * TOTAL_WEIGHT;
  const flow = FLOWS.find((f) => (pick -= f.weight) < 0) || FLOWS[FLOWS.length - 1];
  for (const step of flow.steps) {
    const ctx = { vars: data, seq: seq(), uuid: uuid(), session, user };
    const response = send(step, ctx);
    const ok = step.expect ? step.expect.includes(response.status) : response.status >= 200 && response.status < 400;
    if (!ok) return;
    if (step.capture) step.capture({ status: response.status, text: () => String(response.body ?? ''), json: () => response.json() }, ctx);
    pause(step.think === undefined ? THINK : step.think);
  }
}
`;
}

/** The script's setup(): the target checked, and the vars perfgate's run of the scenario's setup() returned. */
export function setupCode(scenario: Scenario): string {
  const missing = scenario.setup
    ? `  if (!DATA || DATA.vars === undefined) {
    exec.test.abort('perfgate: scenario ' + SCENARIO + ' gets its vars (logins) from its setup(), a TypeScript function: run it with perfgate k6 run, or give -e PERFGATE_DATA=FILE with {"vars": …}');
  }
`
    : '';
  return `/** Once, before the load: the vars the scenario's setup() returned (its logins), as perfgate ran it. */
export function setup() {
  if (!BASE_URL) exec.test.abort('perfgate: give the target as -e BASE_URL=http://HOST:PORT');
${missing}  return (DATA && DATA.vars) || {};
}
`;
}
