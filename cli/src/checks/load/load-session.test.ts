import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runError } from '../../util/errors.ts';
import { LoadSession } from './load-session.ts';
import { Scenario, type ScenarioInput, type SetupContext } from './scenario.ts';

const session = (scenario: Omit<ScenarioInput, 'name'>, baseUrl = 'http://127.0.0.1:9', signal = new AbortController().signal) =>
  new LoadSession(Scenario.parse({ name: 's', warmup: 0, ...scenario }), { baseUrl, credentials: [] }, signal);

describe('LoadSession setup', () => {
  it('fails with a RunError when setup does not finish within setupTimeout, and aborts its signal', async () => {
    let given: AbortSignal | undefined;
    const s = session({ setupTimeout: 1, setup: ({ signal }: SetupContext) => ((given = signal), new Promise(() => {})), requests: [{ path: '/' }] });
    const started = Date.now();
    const error = await s.setup().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CHECK_FAILED', exitCode: 3 });
    expect((error as Error).message).toBe('scenario setup did not finish within 1 s; raise setupTimeout if it needs longer');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(given?.aborted).toBe(true);
  });

  it('stops waiting for setup at once when the session is aborted (Ctrl-C), and runs no round', async () => {
    const controller = new AbortController();
    let given: AbortSignal | undefined;
    const s = session({ setup: ({ signal }: SetupContext) => ((given = signal), new Promise(() => {})), requests: [{ path: '/' }] }, undefined, controller.signal);
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    await s.setup();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(given?.aborted).toBe(true);
    expect(await s.round()).toBe(false);
    expect(s.roundsCompleted).toBe(0);
  });

  it('passes on what setup throws, as it is', async () => {
    const s = session({ setup: async () => Promise.reject(new Error('login service said no')), requests: [{ path: '/' }] });
    await expect(s.setup()).rejects.toThrow(/^login service said no$/);
  });

  it('rejects setup that returns something other than an object of vars', async () => {
    const s = session({ setup: async () => 'token' as unknown as Record<string, unknown>, requests: [{ path: '/' }] });
    await expect(s.setup()).rejects.toThrow(runError('scenario setup returned string; expected an object of vars (or nothing)'));
  });
});

describe('LoadSession first request', () => {
  it('refuses a header a setup var or a function would fill with CR/LF, before anything is sent', async () => {
    const fromVar = session({ setup: async () => ({ token: 'x\r\nx-injected: 1' }), requests: [{ path: '/', headers: { authorization: 'Bearer {{vars.token}}' } }] });
    await expect(fromVar.setup()).rejects.toMatchObject({
      code: 'CHECK_FAILED',
      message: expect.stringMatching(/^requests\[0\]\.headers\.authorization: filled in, the value contains a control character/),
    });
    const fromFunction = session({ requests: [{ path: '/', headers: () => ({ 'x-a': 'ok\nx-b: 2' }) }] });
    await expect(fromFunction.setup()).rejects.toThrow(/^requests\[0\]\.headers\.x-a: the value contains a control character/);
  });

  it('fails when a header names a var setup did not return, rather than send it as it is', async () => {
    const s = session({ setup: async () => ({ user: 'a' }), requests: [{ path: '/', headers: { authorization: 'Bearer {{vars.token}}' } }] });
    const error = await s.setup().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CHECK_FAILED', exitCode: 3 });
    expect((error as Error).message).toBe('requests[0].headers.authorization: {{vars.token}}: the scenario\'s setup returned no "token"');
  });

  it('says so when there is no setup at all, in path and body too', async () => {
    await expect(session({ requests: [{ path: '/' }, { path: '/users/{{vars.id}}' }] }).setup()).rejects.toThrow(
      'requests[1].path: {{vars.id}}: the scenario has no setup to return "id"',
    );
    await expect(session({ requests: [{ method: 'POST', path: '/', body: { a: ['{{vars.x.y}}'] } }] }).setup()).rejects.toThrow(
      'requests[0].body.a[0]: {{vars.x.y}}: the scenario has no setup to return "x.y"',
    );
  });

  it('checks what header and body functions return on the first request', async () => {
    const threw = session({
      requests: [
        {
          path: '/',
          headers: () => {
            throw new Error('no sessions');
          },
        },
      ],
    });
    await expect(threw.setup()).rejects.toThrow(runError('requests[0].headers: the function threw on the first request: no sessions'));
    const unknownName = session({ requests: [{ method: 'POST', path: '/', body: () => ({ id: '{{id}}' }) }] });
    await expect(unknownName.setup()).rejects.toThrow('requests[0].body.id: unknown placeholder {{id}}; expected {{uuid}}, {{seq}}, {{vars.NAME}} or {{env.NAME}}');
    const notString = session({ requests: [{ path: '/', headers: () => ({ 'x-n': 5 as unknown as string }) }] });
    await expect(notString.setup()).rejects.toThrow('requests[0].headers.x-n: expected a string, got number');
    const missing = session({ setup: async () => ({}), requests: [{ path: '/', headers: () => ({ authorization: '{{vars.token}}' }) }] });
    await expect(missing.setup()).rejects.toThrow('requests[0].headers.authorization: {{vars.token}}: the scenario\'s setup returned no "token"');
  });

  it('rejects a path that a var breaks', async () => {
    const s = session({ setup: async () => ({ id: 'a b' }), requests: [{ path: '/users/{{vars.id}}' }] });
    await expect(s.setup()).rejects.toThrow('requests[0].path: filled in, "/users/a b" contains a space; expected a URL path, with such characters percent-encoded (%20)');
  });
});

// For real: what the server receives once the placeholders are filled.
describe('LoadSession against a server', () => {
  let server: Server;
  let baseUrl: string;
  const seen: { url?: string; headers: IncomingHttpHeaders; body: string }[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        seen.push({ url: req.url, headers: req.headers, body });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  it('sends the vars setup returned and the environment variables', async () => {
    process.env.PERFGATE_SESSION_TEST_KEY = 'k-123';
    try {
      const s = session(
        {
          connections: 1,
          duration: 0.3,
          rounds: 1,
          setup: async ({ baseUrl: url }) => ({ token: `t-${url.length}`, user: { id: 42 } }),
          requests: [
            {
              method: 'POST',
              path: '/users/{{vars.user.id}}?n={{seq}}',
              headers: { authorization: 'Bearer {{vars.token}}', 'x-api-key': '{{env.PERFGATE_SESSION_TEST_KEY}}' },
              body: { owner: '{{vars.user.id}}' },
            },
          ],
        },
        baseUrl,
      );
      await s.setup();
      expect(await s.round()).toBe(true);
    } finally {
      delete process.env.PERFGATE_SESSION_TEST_KEY;
    }
    const posts = seen.filter((r) => r.url?.startsWith('/users/'));
    expect(posts.length).toBeGreaterThan(0);
    expect(posts[0]!.url).toMatch(/^\/users\/42\?n=\d+$/);
    expect(posts[0]!.headers.authorization).toBe(`Bearer t-${baseUrl.length}`);
    expect(posts[0]!.headers['x-api-key']).toBe('k-123');
    expect(JSON.parse(posts[0]!.body)).toEqual({ owner: '42' });
  });

  it("keeps every round as a sample but only the last round's per-second timeline (a soak would hold them all)", async () => {
    const s = session({ connections: 1, duration: 1, rounds: 3, requests: [{ method: 'GET', path: '/timeline' }] }, baseUrl);
    await s.setup();
    for (let i = 0; i < 3; i++) expect(await s.round()).toBe(true);
    const rounds = (s as unknown as { subjects: { data: { rounds: { timeline: unknown[] }[] } }[] }).subjects[0]!.data.rounds;
    expect(rounds.map((r) => r.timeline.length)).toEqual([0, 0, rounds[2]!.timeline.length]);
    expect(rounds[2]!.timeline.length).toBeGreaterThan(0);
    const [timeline] = s.timelines();
    expect(timeline!.round).toBe(3);
    expect(timeline!.points.length).toBe(rounds[2]!.timeline.length);
    expect(s.measurements().find((m) => m.metric === 'latency.p95')!.samples).toHaveLength(3);
    await s.close();
  });
});
