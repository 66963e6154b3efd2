import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateBudgets } from '../../../judge/evaluate.ts';
import { compareMeasurements } from '../../../judge/compare-runs.ts';
import type { CheckRun } from '../../../model/index.ts';
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

  it('a generator-bound measurement is reported, not judged: no budget verdict and no baseline claim against the target', async () => {
    const measurements = await measure({ model: 'open', rate: 400_000, maxConnections: 20, threads: 1, requests: [{ path: '/' }] });
    const p95 = measurements.find((m) => m.metric === 'latency.p95')!;
    const checks: CheckRun[] = [{ id: 'load', title: 'HTTP load', status: 'ok', durationMs: 1 }];
    const [verdict] = evaluateBudgets({ version: 1, rules: [{ check: 'load', metric: 'latency.p95', subject: '*', max: 0.000001, severity: 'error' }] }, [p95], checks);
    expect(verdict).toMatchObject({ status: 'skipped' });
    expect(verdict!.message).toMatch(/^generator-bound \(.+\): not judged$/);
    // Against a baseline ten times faster, still no regression is claimed.
    const base = { ...p95, generatorBound: undefined, samples: p95.samples!.map((v) => v / 10), value: p95.value / 10 };
    const [comparison] = compareMeasurements({ id: 'base', measurements: [base] }, [p95]);
    expect(comparison!.result.change).toBe('inconclusive');
    expect(comparison!.result.reason.code).toBe('generator-bound');
  }, 30_000);
});
