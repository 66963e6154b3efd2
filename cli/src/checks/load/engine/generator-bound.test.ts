import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoadSession } from '../load-session.ts';
import { Scenario } from '../scenario.ts';

// Overloading the generator on purpose: its rounds must say "generator-bound", and the judge must not blame the target.
describe('a generator that is the bottleneck', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  const measure = async (input: Record<string, unknown>) => {
    const session = new LoadSession(
      Scenario.parse({ name: 'overload', warmup: 0, rounds: 2, duration: 1, ...input }),
      { baseUrl: url, credentials: [] },
      new AbortController().signal,
    );
    await session.setup();
    while (session.roundsCompleted < 2) await session.round();
    await session.close();
    return session.measurements();
  };

  it('open model: a rate the generator cannot reach marks the rounds generator-bound', async () => {
    const measurements = await measure({ model: 'open', rate: 400_000, maxConnections: 20, threads: 1, requests: [{ path: '/' }] });
    const p95 = measurements.find((m) => m.metric === 'latency.p95')!;
    expect(p95.generatorBound).toMatch(/rate was not reached|sends left more than 10 ms after they were due/);
    expect(p95.loadModel).toBe('open');
  }, 30_000);

  it('closed model: a request that costs the generator a millisecond of CPU saturates its loop', async () => {
    const spin = () => {
      const until = performance.now() + 1;
      while (performance.now() < until);
      return 'x';
    };
    // A body function keeps the requests on this thread (a scenario held in memory), where it burns the CPU.
    const measurements = await measure({ connections: 20, requests: [{ method: 'POST', path: '/', body: spin }] });
    const p95 = measurements.find((m) => m.metric === 'latency.p95')!;
    expect(p95.generatorBound).toMatch(/event loop was busy \d+ %/);
  }, 30_000);
});
