import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { buildWireRequest } from '../../checks/load/engine/request-source.ts';
import { Scenario } from '../../checks/load/scenario.ts';
import { scenarioData, type ScenarioData } from '../scenario-data.ts';
import { exportScript } from './script.ts';

interface Sent {
  method: string;
  url: string;
  body: string | null;
  params: { headers: Record<string, string>; tags: Record<string, string>; responseCallback?: unknown };
}

/**
 * Runs an exported script's JavaScript in Node with k6's modules stood in for (http records what it would send):
 * the requests it builds, for a window and a sequence number.
 */
function loadScript(text: string, data: ScenarioData | undefined, window = 'round1_x') {
  const sent: Sent[] = [];
  const k6 = {
    http: {
      request: (method: string, url: string, body: string | null, params: Sent['params']) => (
        sent.push({ method, url, body, params }),
        { status: 200, body: '{}', json: () => ({}) }
      ),
      expectedStatuses: (...codes: number[]) => ({ codes }),
    },
    exec: {
      scenario: { iterationInInstance: 0, name: window, startTime: Date.now() },
      vu: { idInInstance: 1 },
      test: {
        abort: (message: string) => {
          throw new Error(message);
        },
      },
    },
    sleep: () => undefined,
    // k6 passes the system's environment on in __ENV, as perfgate reads {{env.NAME}} from its own.
    __ENV: { HOME: process.env.HOME, BASE_URL: 'http://target:8080/', ...(data ? { PERFGATE_DATA: 'data.json' } : {}) } as Record<string, string>,
    open: () => JSON.stringify(data),
  };
  const body = text.replace(/^import .*$/gm, '').replace(/^export (function|const) /gm, '$1 ');
  const exported = [...text.matchAll(/^export function (\w+)/gm)].map((m) => m[1]);
  const module = runInNewContext(`${body}\n({ options, ${exported.join(', ')} })`, k6) as Record<string, (data?: unknown) => unknown>;
  return { module, sent, exec: k6.exec };
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/g;
const normalized = (s: string | undefined | null) => s?.replace(UUID, 'UUID');

describe('k6 export: the script sends what perfgate’s generator sends', () => {
  const scenario = Scenario.parse({
    name: 'shop',
    setup: async () => ({ token: 'abc', users: ['u0', 'u1', 'u2'] }),
    requests: [
      { path: '/health' },
      {
        method: 'POST',
        path: '/orders/{{seq}}?t={{vars.token}}',
        headers: { 'idempotency-key': '{{uuid}}', 'x-home': '{{env.HOME}}' },
        body: { n: '{{seq}}', who: '{{vars.users}}' },
        expect: [201],
      },
      {
        name: 'POST /pay',
        method: 'POST',
        path: '/pay',
        headers: ({ vars, uuid }: { vars: Record<string, unknown>; uuid: string }) => ({ authorization: `Bearer ${String(vars.token)}`, 'idempotency-key': uuid }),
        body: ({ vars, seq }: { vars: { users: string[] }; seq: number }) => ({ to: vars.users[seq % 3], amount: seq }),
      },
    ],
  });

  it('for every endpoint and sequence number: method, URL, headers and body, with a fresh uuid', async () => {
    const data = await scenarioData(scenario, 'http://unused', new AbortController().signal);
    const { module, sent, exec } = loadScript(exportScript({ scenario, scenarioFile: 'shop.ts' }).text, data);
    const vars = module.setup!() as Record<string, unknown>;
    expect(vars).toEqual({ token: 'abc', users: ['u0', 'u1', 'u2'] });
    const names = ['getHealth', 'postOrdersSeq', 'postPay'];
    for (let seq = 0; seq < 5; seq++) {
      exec.scenario.iterationInInstance = seq;
      scenario.requests.forEach((request, i) => {
        module[names[i]!]!(vars);
        const k6 = sent.at(-1)!;
        const perfgate = buildWireRequest(request, '', vars, seq, { vars, seq, uuid: '00000000-0000-4000-8000-000000000000' });
        expect(k6.method).toBe(perfgate.method);
        expect(k6.url).toBe(`http://target:8080${perfgate.path}`);
        expect(normalized(JSON.stringify(k6.params.headers))).toBe(normalized(JSON.stringify(perfgate.headers)));
        expect(normalized(k6.body ?? undefined)).toBe(normalized(perfgate.body));
        expect(k6.params.tags).toEqual({ name: request.name ?? `${request.method} ${request.path.split('?')[0]}` });
      });
    }
    expect(sent[1]!.params.responseCallback).toEqual({ codes: [201] });
    // Each request has its own uuid.
    expect(sent[2]!.params.headers['idempotency-key']).not.toBe(sent[5]!.params.headers['idempotency-key']);
  });

  it('tags warm-up requests apart, and stops at once without the values of the scenario’s functions', () => {
    const { module, sent } = loadScript(exportScript({ scenario, scenarioFile: 'shop.ts' }).text, undefined, 'warmup_getHealth');
    module.getHealth!({});
    expect(sent[0]!.params.tags).toEqual({ name: 'GET /health (warm-up)' });
    expect(() => module.setup!()).toThrow(/perfgate: scenario shop gets its vars \(logins\) from its setup\(\)/);
    expect(() => module.postPay!({})).toThrow(/perfgate: requests\[2\]\.headers of scenario shop is a TypeScript function k6 cannot run/);
  });

  it('runs a virtual user through a flow, step by step, and ends the flow at a status it did not expect', () => {
    const flows = Scenario.parse({
      name: 'users',
      users: { count: 2, think: 0 },
      stages: [{ name: 'steady', duration: 5, target: 2 }],
      flows: [{ name: 'buy', steps: [{ path: '/cart' }, { method: 'POST', path: '/orders', body: { id: '{{uuid}}' }, expect: [201] }, { path: '/after' }] }],
    });
    const { module, sent } = loadScript(exportScript({ scenario: flows, scenarioFile: 'users.ts' }).text, undefined);
    module.users!({});
    // The stand-in answers 200: the second step expected 201, so the flow ends there.
    expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual(['GET http://target:8080/cart', 'POST http://target:8080/orders']);
    expect(sent[0]!.params.tags).toEqual({ name: 'GET /cart', perfgate_stage: 'steady' });
    expect(JSON.parse(sent[1]!.body!).id).toMatch(UUID);
  });
});
