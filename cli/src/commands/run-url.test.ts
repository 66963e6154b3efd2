import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { RunResult } from '../model/index.ts';
import { fixture, runCli, startHelloServer, tempOut } from '../../test/run-cli.ts';

function readRun(out: string): RunResult {
  const id = readFileSync(join(out, 'runs', 'latest'), 'utf8').trim();
  for (const file of ['result.json', 'summary.md', 'junit.xml', 'report.html']) {
    expect(existsSync(join(out, 'runs', id, file)), file).toBe(true);
  }
  return RunResult.parse(JSON.parse(readFileSync(join(out, 'runs', id, 'result.json'), 'utf8')));
}

// `--url`: a server perfgate did not start, loaded for real over loopback.
describe('perfgate run --url', () => {
  let url: string;
  let server: Server;
  beforeAll(async () => ({ url, server } = await startHelloServer()));
  afterAll(() => server.close());

  it('passes (exit 0) and measures every endpoint of the scenario', async () => {
    const out = await tempOut();
    const r = await runCli(['run', '--url', url, '--scenario', fixture('hello.scenario.yaml'), '--budgets', fixture('loose.budget.yaml'), '--out', out]);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/perfgate: PASS/);
    const result = readRun(out);
    expect(result.outcome).toBe('pass');
    expect(result.target).toEqual({ kind: 'url', url });
    // Only the client's view: this server has no /metrics to scrape.
    const p95 = result.measurements
      .filter((m) => m.metric === 'latency.p95')
      .map((m) => m.subject)
      .sort();
    expect(p95).toEqual(['GET /hello', 'POST /echo']);
    const rps = result.measurements.find((m) => m.metric === 'throughput.rps' && m.subject === 'GET /hello')!;
    expect(rps.value).toBeGreaterThan(10);
    expect(rps.samples).toHaveLength(2);
    const errors = result.measurements.find((m) => m.metric === 'errors.ratio' && m.subject === 'POST /echo')!;
    expect(errors.value).toBe(0);
    expect(errors.statusCodes).toHaveProperty('201');
  });

  it('fails (exit 1) when a budget is exceeded', async () => {
    const out = await tempOut();
    const r = await runCli(['run', '--url', url, '--scenario', fixture('hello.scenario.yaml'), '--budgets', fixture('impossible.budget.yaml'), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL\s+load\s+latency\.p50 \(closed model\)\s+GET \/hello/m);
    const result = readRun(out);
    expect(result.outcome).toBe('fail');
    expect(result.verdicts.find((v) => v.status === 'fail')?.limit).toEqual({ kind: 'max', value: 0.001 });
  });

  it('turns a check that throws into an error verdict, still writes the report, exit 3', async () => {
    const out = await tempOut();
    const r = await runCli(['run', '--url', url, '--scenario', fixture('throwing-setup.scenario.ts'), '--budgets', fixture('loose.budget.yaml'), '--out', out]);
    expect(r.code).toBe(3);
    const result = readRun(out);
    expect(result.checks[0]).toMatchObject({ id: 'load', status: 'error', error: 'login service said no' });
    expect(result.verdicts.some((v) => v.status === 'error')).toBe(true);
  });

  it('prefixes scenario paths with the path of the base URL', async () => {
    const out = await tempOut();
    const r = await runCli(['run', '--url', `${url}/api`, '--scenario', fixture('hello.scenario.yaml'), '--budgets', fixture('loose.budget.yaml'), '--out', out, '--json']);
    expect(r.code).toBe(0);
    const errors = JSON.parse(r.stdout).measurements.filter((m: { metric: string }) => m.metric === 'errors.ratio');
    expect(errors.map((m: { value: number }) => m.value)).toEqual([0, 0]);
  });

  it('prints the result as JSON with --json', async () => {
    const out = await tempOut();
    const r = await runCli(['run', '--url', url, '--scenario', fixture('hello.scenario.yaml'), '--budgets', fixture('loose.budget.yaml'), '--out', out, '--json']);
    expect(r.code).toBe(0);
    expect(RunResult.parse(JSON.parse(r.stdout)).outcome).toBe('pass');
  });
});
