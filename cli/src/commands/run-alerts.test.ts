import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { startReceiver } from '../../test/local-service.ts';
import { closedPortUrl, fixture, runCli, startHelloServer, tempOut } from '../../test/run-cli.ts';

// `perfgate run` end to end with a config naming a webhook sink: a failing budget is told once per run, at most 3
// times in 5 minutes across separate runs, and neither a dead sink nor a dead Pushgateway changes the exit code.
describe('perfgate run with alerts and --push', () => {
  let url: string;
  let server: Server;
  let webhook: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    ({ url, server } = await startHelloServer());
    webhook = await startReceiver();
  });
  afterAll(async () => {
    server?.close();
    await webhook?.close();
  });

  const run = (out: string, config: string, ...more: string[]) =>
    runCli([
      'run',
      '--url',
      url,
      '--scenario',
      fixture('hello.scenario.yaml'),
      '--budgets',
      fixture('impossible.budget.yaml'),
      '--rounds',
      '1',
      '--out',
      out,
      '--config',
      config,
      ...more,
    ]);

  it('delivers one alert per failing run, holds back the 4th within 5 minutes, and keeps exit code 1', async () => {
    const out = await tempOut();
    const config = join(out, 'perfgate.config.yaml');
    await writeFile(config, `alerts:\n  - kind: webhook\n    url: ${webhook.url}/perfgate\n`);
    const deadGateway = await closedPortUrl();

    const first = await run(out, config, '--push', deadGateway);
    expect(first.code, first.stderr).toBe(1);
    expect(webhook.requests).toHaveLength(1);
    const payload = JSON.parse(webhook.requests[0]!.body);
    expect(payload).toMatchObject({ source: 'perfgate', outcome: 'fail', target: url.slice('http://'.length), regressions: [], suppressed: 0 });
    expect(payload.budgetFailures).toEqual([
      expect.objectContaining({ check: 'load', metric: 'latency.p50', subject: 'GET /hello', severity: 'error', unit: 'ms', limit: { kind: 'max', value: 0.001 } }),
    ]);
    expect(first.stderr).toContain('alerts: webhook: posted 1 alert\n');
    expect(first.stderr.split('\n').filter((line) => line.includes('Pushgateway'))).toEqual([
      expect.stringMatching(/^warning: push to the Pushgateway failed: .* is unreachable \(ECONNREFUSED\)$/),
    ]);

    // Each run is its own process: what was sent is remembered in <out>/alerts-state.json.
    for (const _ of [2, 3]) expect((await run(out, config)).code).toBe(1);
    expect(webhook.requests).toHaveLength(3);
    const fourth = await run(out, config);
    expect(fourth.code).toBe(1);
    expect(webhook.requests).toHaveLength(3);
    expect(fourth.stderr).toContain('alerts: webhook: 1 alert held back (at most 3 of a kind per 5 minutes)\n');
  });

  it('reports a sink that cannot be reached in one line and keeps the exit code', async () => {
    const out = await tempOut();
    const config = join(out, 'perfgate.config.json');
    await writeFile(config, JSON.stringify({ alerts: [{ kind: 'slack', url: `${await closedPortUrl()}/services/x` }] }));
    const r = await run(out, config);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^warning: alerts: slack sink failed: http:\/\/127\.0\.0\.1:\d+\/services\/x is unreachable \(ECONNREFUSED\)$/m);
  });

  it('refuses a bad sink in the config file, or a bad --push, in one line (exit 2)', async () => {
    const out = await tempOut();
    const config = join(out, 'perfgate.config.yaml');
    await writeFile(config, 'alerts:\n  - kind: pager\n    url: http://127.0.0.1:1\n');
    const badKind = await run(out, config);
    expect(badKind.code).toBe(2);
    expect(badKind.stderr).toBe(`perfgate: config file ${config}: alerts[0].kind: Invalid discriminator value. Expected 'webhook' | 'slack' | 'github' | 'alertmanager'\n`);

    await writeFile(config, 'push: ftp://gateway\n');
    const badPush = await run(out, config);
    expect(badPush.code).toBe(2);
    expect(badPush.stderr).toBe(`perfgate: config file ${config}: push: expected an http:// or https:// URL, got "ftp://gateway"\n`);

    const badFlag = await run(out, join(out, 'none.yaml'), '--push', 'gateway:9091');
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toMatch(/--push expects an http:\/\/ or https:\/\/ URL, got "gateway:9091"/);
  });
});
