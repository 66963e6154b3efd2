import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GeneratorPool } from './engine/pool.ts';
import { runEndpoint } from './run-endpoint.ts';
import { ScenarioRequest } from './scenario.ts';

// Servers that close the connection after each response (HTTP/1.0, Connection: close) are common in the wild;
// their latency must be timed from the request that was answered, not from one lost on a closing connection.
describe('runEndpoint', () => {
  const servers: Server[] = [];
  const paths = new Set<string>();
  const start = async (closeEach: boolean): Promise<string> => {
    const server = createServer((req, res) => {
      paths.add(req.url ?? '');
      setTimeout(() => res.writeHead(200, closeEach ? { connection: 'close' } : {}).end('ok'), 5);
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  let keepAlive: string;
  let closing: string;
  let pool: GeneratorPool;
  beforeAll(async () => {
    keepAlive = await start(false);
    closing = await start(true);
    pool = await GeneratorPool.start(1);
  });
  afterAll(async () => {
    servers.forEach((s) => s.close());
    await pool.close();
  });

  const load = (baseUrl: string) =>
    runEndpoint({
      baseUrl,
      request: ScenarioRequest.parse({ path: '/' }),
      vars: {},
      model: 'closed',
      connections: 4,
      seconds: 1.5,
      timeoutSeconds: 10,
      pool,
      signal: new AbortController().signal,
    });

  it.each([
    ['keeps connections alive', () => keepAlive],
    ['closes the connection after every response', () => closing],
  ])('times a 5 ms endpoint as about 5 ms when the server %s', async (_what, url) => {
    const round = await load(url());
    const p50 = round.histogram.getValueAtPercentile(50) / 1000;
    expect(round.requests).toBeGreaterThan(100);
    expect(round.failures).toBe(0);
    // A 5 ms timer answers in 5 ms plus scheduling; lost requests left in the queue made this hundreds of ms.
    expect(p50).toBeGreaterThanOrEqual(4.5);
    expect(p50).toBeLessThan(60);
    // Little's law: 4 connections waiting ~5 ms each cannot add up to more than 4 connection-seconds per second.
    expect((round.histogram.mean * round.histogram.totalCount) / 1e6).toBeLessThan(4 * round.seconds * 1.5);
  });

  // A caller may narrow a scenario file's requests in memory; the threads, which import the file, must send the
  // request it picked, not whichever stands at the same position in the file.
  it('sends the request a caller picked from a scenario file, whatever its position there', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'perfgate-pick-'));
    try {
      const file = join(dir, 'two.scenario.ts');
      const requests = "[{ name: 'first', path: '/first?{{seq}}' }, { name: 'second', path: '/second?{{seq}}' }]";
      await writeFile(file, `export default { name: 'two', requests: ${requests} };\n`);
      paths.clear();
      const round = await runEndpoint({
        baseUrl: keepAlive,
        request: ScenarioRequest.parse({ name: 'second', path: '/second?{{seq}}' }),
        scenarioFile: file,
        vars: {},
        model: 'closed',
        connections: 2,
        seconds: 0.5,
        timeoutSeconds: 10,
        pool,
        signal: new AbortController().signal,
      });
      expect(round.requests).toBeGreaterThan(0);
      expect([...paths].every((path) => path.startsWith('/second?'))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
