import type { Server } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, runCli, startDelayServer, tempOut } from '../../test/run-cli.ts';
import { RunResult } from '../model/index.ts';

const servers: Server[] = [];
afterAll(() => servers.forEach((s) => s.close()));

async function baselineOn(url: string, out: string): Promise<void> {
  expect((await runCli(run(url, out))).code).toBe(0);
  expect((await runCli(['baseline', 'save', '--name', 'main', '--out', out])).code).toBe(0);
}
const run = (url: string, out: string) => [
  'run',
  '--url',
  url,
  '--scenario',
  fixture('slow.scenario.yaml'),
  '--budgets',
  fixture('loose.budget.yaml'),
  '--out',
  out,
  '--rounds',
  '6',
];
const p95Of = (stdout: string) => RunResult.parse(JSON.parse(stdout)).verdicts.find((v) => v.metric === 'latency.p95')!.baseline;

describe('run --baseline --confirm', () => {
  it('measures a claimed regression again and fails when it holds', async () => {
    const server = await startDelayServer(20);
    servers.push(server.server);
    const out = await tempOut();
    await baselineOn(server.url, out);
    // 4x: a stored run is measured at another time, and other test files loading both cores drift it (3x was once
    // read as inconclusive).
    server.setDelay(80);
    const r = await runCli([...run(server.url, out), '--baseline', 'main', '--confirm', '--json']);
    expect(p95Of(r.stdout)).toMatchObject({ change: 'regressed', confirmation: { status: 'confirmed', how: 'remeasured' } });
    expect(r.code).toBe(1);
  });

  it('withdraws a claim the second measurement does not repeat, and then does not fail', async () => {
    const server = await startDelayServer(20);
    servers.push(server.server);
    const out = await tempOut();
    await baselineOn(server.url, out);
    // Slow while the run measures, back to normal once it starts confirming: a passing disturbance.
    server.setDelay(60);
    const r = await runCli([...run(server.url, out), '--baseline', 'main', '--confirm', '--json'], {}, 240_000, (text) => {
      if (text.includes('confirm: measuring')) server.setDelay(20);
    });
    const p95 = p95Of(r.stdout)!;
    expect(p95.confirmation).toMatchObject({ status: 'withdrawn', how: 'remeasured' });
    expect(p95.change).not.toBe('regressed');
    expect(r.code).toBe(0);
  });

  it('needs --baseline', async () => {
    const r = await runCli(['run', '--url', 'http://127.0.0.1:9', '--confirm', '--out', await tempOut()]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('perfgate: --confirm needs --baseline NAME: it measures again what a baseline comparison claimed');
  });
});
