import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../model/index.ts';
import { startReceiver } from '../../test/local-service.ts';
import { closedPortUrl } from '../../test/run-cli.ts';
import { failingRun, passingRun } from './fixtures/runs.ts';
import { notifySinks } from './notify.ts';
import type { AlertSinkConfig } from './sink-config.ts';

async function notify(result: RunResult, sinks: AlertSinkConfig[]): Promise<string[]> {
  const lines: string[] = [];
  const stateDir = await mkdtemp(join(tmpdir(), 'perfgate-alerts-'));
  await notifySinks(result, sinks, { stateDir, target: '127.0.0.1:8080', markdown: '', log: (line) => lines.push(line), annotate: () => undefined });
  return lines;
}

// A real HTTP receiver on loopback stands in for the webhook.
describe('webhook sink', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => (receiver = await startReceiver((r) => (r.url === '/broken' ? { status: 500, body: { error: 'database down' } } : {}))));
  afterAll(() => receiver?.close());

  it('posts the run, its failing budgets and its regressions as JSON', async () => {
    const lines = await notify(failingRun(), [{ kind: 'webhook', url: `${receiver.url}/hook` }]);
    expect(lines).toEqual(['alerts: webhook: posted 3 alerts']);
    const request = receiver.requests.at(-1)!;
    expect(request).toMatchObject({ method: 'POST', url: '/hook', headers: { 'content-type': 'application/json' } });
    const payload = JSON.parse(request.body);
    expect(payload).toMatchObject({
      source: 'perfgate',
      runId: 'run-failing',
      outcome: 'fail',
      target: '127.0.0.1:8080',
      targetUrl: 'http://127.0.0.1:8080',
      gitSha: '4e1d0c2b9a7f',
      summary: { fail: 1, warn: 1, regressed: 1 },
      suppressed: 0,
    });
    expect(payload.budgetFailures).toEqual([
      {
        check: 'load',
        metric: 'latency.p95',
        subject: 'POST /payments',
        severity: 'error',
        message: 'load latency.p95 POST /payments: 234.6 ms exceeds max 200 ms',
        value: 234.6,
        unit: 'ms',
        limit: { kind: 'max', value: 200 },
      },
      expect.objectContaining({ subject: 'GET /payments/:id', severity: 'warn', value: 109.8, limit: { kind: 'max', value: 100 } }),
    ]);
    expect(payload.regressions).toEqual([
      expect.objectContaining({ subject: 'GET /payments', value: 109.1, baseline: { run: 'run-base', value: 96.4, delta: 0.132, ci: [0.098, 0.165], p: 0.001 } }),
    ]);
  });

  it('posts nothing for a passing run', async () => {
    const before = receiver.requests.length;
    expect(await notify(passingRun(), [{ kind: 'webhook', url: `${receiver.url}/hook` }])).toEqual([]);
    expect(receiver.requests).toHaveLength(before);
  });

  it('reports a sink that answers non-2xx or cannot be reached in one line each, and tells the others', async () => {
    const down = await closedPortUrl();
    const lines = await notify(failingRun(), [
      { kind: 'webhook', url: `${receiver.url}/broken` },
      { kind: 'webhook', url: `http://user:secret@${down.slice('http://'.length)}/hook` },
      { kind: 'webhook', url: `${receiver.url}/hook` },
    ]);
    expect(lines).toEqual([
      `warning: alerts: webhook sink failed: ${receiver.url}/broken answered HTTP 500: {"error":"database down"}`,
      `warning: alerts: webhook sink failed: ${down}/hook is unreachable (ECONNREFUSED)`,
      'alerts: webhook: posted 3 alerts',
    ]);
  });
});
