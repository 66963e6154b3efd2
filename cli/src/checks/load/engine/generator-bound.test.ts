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

  // A body function keeps the requests on this thread (a scenario held in memory), where it burns the CPU.
  const spin = () => {
    const until = performance.now() + 1;
    while (performance.now() < until);
    return 'x';
  };

  it('open model: requests that cost the generator a millisecond each, due 2,000 a second, saturate it', async () => {
    const measurements = await measure({ model: 'open', rate: 2000, requests: [{ method: 'POST', path: '/', body: spin }] });
    const p95 = measurements.find((m) => m.metric === 'latency.p95')!;
    expect(p95.generatorBound).toMatch(/event loop was busy \d+ %|rate was not reached|sends left more than 10 ms after they were due/);
    expect(p95.loadModel).toBe('open');
  }, 30_000);

  it('open model: a target too slow for the rate is the target, not the generator (the wait for a connection is in the latency)', async () => {
    const slow = createServer((_req, res) => setTimeout(() => res.end('ok'), 50));
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    try {
      const target = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
      const session = new LoadSession(
        Scenario.parse({ name: 'slow', warmup: 0, rounds: 2, duration: 1, model: 'open', rate: 400, maxConnections: 5, requests: [{ path: '/' }] }),
        { baseUrl: target, credentials: [] },
        new AbortController().signal,
      );
      await session.setup();
      while (session.roundsCompleted < 2) await session.round();
      await session.close();
      const p95 = session.measurements().find((m) => m.metric === 'latency.p95')!;
      expect(p95.generatorBound).toBeUndefined();
      // 5 connections at 50 ms serve 100 a second of the 400 due: the queue, timed from when sends were due, grows.
      expect(p95.value).toBeGreaterThan(200);
    } finally {
      slow.close();
    }
  }, 30_000);

  it('closed model: a request that costs the generator a millisecond of CPU saturates its loop', async () => {
    const measurements = await measure({ connections: 20, requests: [{ method: 'POST', path: '/', body: spin }] });
    const p95 = measurements.find((m) => m.metric === 'latency.p95')!;
    expect(p95.generatorBound).toMatch(/event loop was busy \d+ %/);
  }, 30_000);
});
