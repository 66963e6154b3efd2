import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startHelloServer, tempOut } from '../../../test/run-cli.ts';
import { loadScenario } from './load-scenario.ts';

async function scenarioFile(name: string, text: string): Promise<string> {
  const file = join(await tempOut(), name);
  await writeFile(file, text);
  return file;
}

describe('loadScenario', () => {
  it('names the file, the path inside it and the placeholder that is unknown', async () => {
    const file = await scenarioFile('typo.scenario.yaml', 'name: typo\nrequests:\n  - path: "/hello?x={{nope}}"\n');
    const error = await loadScenario(file).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BAD_SCENARIO', exitCode: 2 });
    expect((error as Error).message).toBe(`scenario file ${file}: requests[0].path: unknown placeholder {{nope}}; expected {{uuid}}, {{seq}}, {{vars.NAME}} or {{env.NAME}}`);
  });

  it('names an environment variable a YAML scenario needs and that is not set', async () => {
    const file = await scenarioFile('env.scenario.yaml', 'name: env\nrequests:\n  - path: /hello\n    headers: { authorization: "Bearer {{env.PERFGATE_LOAD_SCENARIO_TOKEN}}" }\n');
    await expect(loadScenario(file)).rejects.toThrow(
      `scenario file ${file}: requests[0].headers.authorization: {{env.PERFGATE_LOAD_SCENARIO_TOKEN}}: environment variable PERFGATE_LOAD_SCENARIO_TOKEN is not set (or is empty)`,
    );
    process.env.PERFGATE_LOAD_SCENARIO_TOKEN = 'abc';
    try {
      expect((await loadScenario(file)).requests[0]!.headers).toEqual({ authorization: 'Bearer {{env.PERFGATE_LOAD_SCENARIO_TOKEN}}' });
    } finally {
      delete process.env.PERFGATE_LOAD_SCENARIO_TOKEN;
    }
  });

  // No setup can provide vars in YAML or JSON: this failed only once the run had started, with exit 3.
  it('refuses {{vars.NAME}} in a scenario without setup, naming the field', async () => {
    const yaml = await scenarioFile('vars.scenario.yaml', 'name: v\nrequests:\n  - path: /a\n  - path: /b\n    headers: { authorization: "Bearer {{vars.token}}" }\n');
    const error = await loadScenario(yaml).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BAD_SCENARIO', exitCode: 2 });
    expect((error as Error).message).toBe(
      `scenario file ${yaml}: requests[1].headers.authorization: {{vars.token}}: the scenario has no setup to return "token"; expected {{uuid}}, {{seq}} or {{env.NAME}} (vars come from the setup function of a .ts scenario)`,
    );
    const json = await scenarioFile('vars.scenario.json', JSON.stringify({ name: 'v', requests: [{ method: 'POST', path: '/u/{{ vars.id }}' }] }));
    await expect(loadScenario(json)).rejects.toThrow(`scenario file ${json}: requests[0].path: {{vars.id}}: the scenario has no setup to return "id"`);
    const body = await scenarioFile('body.scenario.json', JSON.stringify({ name: 'v', requests: [{ method: 'POST', path: '/u', body: { a: [{ b: '{{vars.x.y}}' }] } }] }));
    await expect(loadScenario(body)).rejects.toThrow(`scenario file ${body}: requests[0].body.a[0].b: {{vars.x.y}}: the scenario has no setup to return "x.y"`);
  });

  it('accepts {{vars.NAME}} when the scenario has a setup', async () => {
    const file = await scenarioFile(
      'setup.scenario.ts',
      "export default { name: 's', setup: async () => ({ token: 't' }), requests: [{ path: '/a', headers: { authorization: 'Bearer {{vars.token}}' } }] };\n",
    );
    expect((await loadScenario(file)).requests[0]!.headers).toEqual({ authorization: 'Bearer {{vars.token}}' });
  });

  it('refuses a header that would inject another one on the wire', async () => {
    const file = await scenarioFile('crlf.scenario.yaml', 'name: c\nrequests:\n  - path: /a\n    headers: { "x-a": "1\\r\\nX-Injected: yes" }\n');
    const error = await loadScenario(file).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BAD_SCENARIO', exitCode: 2 });
    expect((error as Error).message).toBe(
      `scenario file ${file}: requests[0].headers.x-a: the value contains a control character ("\\r"); expected no CR, LF or other control characters`,
    );
  });

  it('names a YAML header value that is not a string', async () => {
    const file = await scenarioFile('n.scenario.yaml', 'name: n\nrequests:\n  - path: /hello\n    headers:\n      x-n: 5\n');
    await expect(loadScenario(file)).rejects.toThrow(`scenario file ${file}: requests[0].headers.x-n: expected a string, got number 5`);
  });
});

// The real CLI: exit codes, one line on stderr, and the report written when the check cannot run.
describe('perfgate run with a scenario problem', () => {
  let url: string;
  let server: Server;
  beforeAll(async () => ({ url, server } = await startHelloServer()));
  afterAll(() => server.close());

  it('exits 2 with one line when a request has an unknown placeholder', async () => {
    const file = await scenarioFile(
      'typo.scenario.yaml',
      'name: typo\nrequests:\n  - path: /hello\n  - path: /hello\n    method: POST\n    headers: { x-id: "{{vars.id}}-{{uid}}" }\n',
    );
    const r = await runCli(['run', '--url', url, '--scenario', file, '--out', await tempOut()]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `perfgate: scenario file ${file}: requests[1].headers.x-id: unknown placeholder {{uid}}; expected {{uuid}}, {{seq}}, {{vars.NAME}} or {{env.NAME}}`,
    );
  });

  // Such a setup used to let Node exit with code 13 and no message: nothing kept the process alive.
  it('exits 3, with the reason in the report, when setup never finishes', async () => {
    const file = await scenarioFile(
      'stuck.scenario.ts',
      "export default { name: 'stuck', setupTimeout: 1, duration: 0.2, rounds: 1, warmup: 0, setup: () => new Promise(() => {}), requests: [{ path: '/hello' }] };\n",
    );
    const out = await tempOut();
    const r = await runCli(['run', '--url', url, '--scenario', file, '--out', out]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('scenario setup did not finish within 1 s');
    const id = readFileSync(join(out, 'runs', 'latest'), 'utf8').trim();
    expect(existsSync(join(out, 'runs', id, 'result.json'))).toBe(true);
    const result = JSON.parse(readFileSync(join(out, 'runs', id, 'result.json'), 'utf8'));
    expect(result.checks[0]).toMatchObject({ id: 'load', status: 'error', error: 'scenario setup did not finish within 1 s; raise setupTimeout if it needs longer' });
  });
});
